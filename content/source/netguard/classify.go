// Package netguard decides which network addresses newsbot's outgoing
// fetches may reach, so that a URL given by an admin, a portal page or a
// redirect cannot make the bot fetch from the server it runs on or the
// network around it.
//
// Classify says whether an address is internal: loopback, private (RFC
// 1918, RFC 4193), link-local, carrier-grade NAT, multicast, unspecified,
// broadcast, reserved or documentation ranges, and IPv6 forms that embed
// one of those IPv4 addresses (IPv4-mapped, IPv4-compatible, NAT64, 6to4).
// A Policy adds the operator's allowlist; a Guard enforces it when a
// connection is made (net.Dialer.Control), so every redirect and every DNS
// answer is checked, not just the URL first given.
//
// The package imports the standard library and golang.org/x/net only; it
// must not import any of newsbot's packages.
package netguard

import (
	"errors"
	"net/netip"
	"strconv"
	"strings"
)

// ErrBlocked is wrapped by every error a Guard returns for a destination
// the policy refuses. Its text, and the text of errors wrapping it, never
// depends on whether anything listens at the refused address: no connection
// is attempted.
var ErrBlocked = errors.New("internal address blocked")

// rangeOf is a block of internal addresses and what it is.
type rangeOf struct {
	prefix netip.Prefix
	what   string
}

// internal4 are the IPv4 blocks no fetch may reach (IANA special-purpose
// registry, RFC 6890, minus the globally reachable ones).
var internal4 = ranges(
	"0.0.0.0/8", "this network",
	"10.0.0.0/8", "private",
	"100.64.0.0/10", "carrier-grade NAT",
	"127.0.0.0/8", "loopback",
	"169.254.0.0/16", "link-local",
	"172.16.0.0/12", "private",
	"192.0.0.0/24", "IETF protocol assignments",
	"192.0.2.0/24", "documentation",
	"192.88.99.0/24", "6to4 relay anycast",
	"192.168.0.0/16", "private",
	"198.18.0.0/15", "benchmarking",
	"198.51.100.0/24", "documentation",
	"203.0.113.0/24", "documentation",
	"224.0.0.0/4", "multicast",
	"255.255.255.255/32", "broadcast", // before the block holding it
	"240.0.0.0/4", "reserved",
)

// internal6 are the IPv6 blocks no fetch may reach, besides those embedding
// an IPv4 address (see embedded).
var internal6 = ranges(
	"::/128", "unspecified",
	"::1/128", "loopback",
	"64:ff9b:1::/48", "local-use NAT64",
	"100::/64", "discard",
	"2001::/23", "IETF protocol assignments",
	"2001:db8::/32", "documentation",
	"fc00::/7", "unique local (private)",
	"fe80::/10", "link-local",
	"fec0::/10", "site-local",
	"ff00::/8", "multicast",
)

// The IPv6 blocks that embed an IPv4 address, judged by that address.
var (
	compat4 = netip.MustParsePrefix("::/96")        // IPv4-compatible (deprecated)
	nat64   = netip.MustParsePrefix("64:ff9b::/96") // RFC 6052 well-known NAT64 prefix
	sixTo4  = netip.MustParsePrefix("2002::/16")    // RFC 3056 6to4, the v4 in bits 16–47
)

func ranges(pairs ...string) []rangeOf {
	out := make([]rangeOf, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, rangeOf{netip.MustParsePrefix(pairs[i]), pairs[i+1]})
	}
	return out
}

// Classify returns what addr is when it is internal ("loopback",
// "private", "IPv4-mapped loopback", …), or "" when it is a public address
// a fetch may reach. An invalid addr is "invalid". IPv6 zones are ignored.
func Classify(addr netip.Addr) string {
	if !addr.IsValid() {
		return "invalid"
	}
	addr = addr.WithZone("")
	if addr.Is4In6() {
		if what := classify4(addr.Unmap()); what != "" {
			return "IPv4-mapped " + what
		}
		return ""
	}
	if addr.Is4() {
		return classify4(addr)
	}
	for _, r := range internal6 {
		if r.prefix.Contains(addr) {
			return r.what
		}
	}
	b := addr.As16()
	switch {
	case compat4.Contains(addr):
		// Every ::a.b.c.d is deprecated; judge it as what it would reach.
		if what := classify4(netip.AddrFrom4([4]byte(b[12:]))); what != "" {
			return "IPv4-compatible " + what
		}
		return "IPv4-compatible"
	case nat64.Contains(addr):
		if what := classify4(netip.AddrFrom4([4]byte(b[12:]))); what != "" {
			return "NAT64 " + what
		}
	case sixTo4.Contains(addr):
		if what := classify4(netip.AddrFrom4([4]byte(b[2:6]))); what != "" {
			return "6to4 " + what
		}
	}
	return ""
}

func classify4(addr netip.Addr) string {
	for _, r := range internal4 {
		if r.prefix.Contains(addr) {
			return r.what
		}
	}
	return ""
}

// ParseHost returns the address a URL host names, accepting, besides the
// forms netip.ParseAddr reads, the legacy IPv4 forms inet_aton(3) (and so
// some resolvers) accept: one to four parts, each decimal, octal (leading
// 0) or hexadecimal (leading 0x), the last filling the remaining bytes —
// "2130706433", "0x7f.1", "0177.0.0.1" and "0" are all IPv4 addresses. The
// host may be in brackets and may end with a dot. It reports false for a
// host name.
func ParseHost(host string) (netip.Addr, bool) {
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if a, err := netip.ParseAddr(host); err == nil {
		return a, true
	}
	return parseLegacy4(strings.TrimSuffix(host, "."))
}

// parseLegacy4 reads inet_aton's IPv4 forms.
func parseLegacy4(s string) (netip.Addr, bool) {
	parts := strings.Split(s, ".")
	if s == "" || len(parts) > 4 {
		return netip.Addr{}, false
	}
	var vals []uint64
	for _, p := range parts {
		base, digits := 10, p
		switch {
		case len(p) > 1 && (p[:2] == "0x" || p[:2] == "0X"):
			base, digits = 16, p[2:]
			if digits == "" {
				digits = "0" // inet_aton takes a bare "0x" as 0
			}
		case len(p) > 1 && p[0] == '0':
			base, digits = 8, p[1:]
		}
		if digits == "" {
			return netip.Addr{}, false
		}
		v, err := strconv.ParseUint(digits, base, 32)
		if err != nil {
			return netip.Addr{}, false
		}
		vals = append(vals, v)
	}
	last := vals[len(vals)-1]
	var n uint64
	for i, v := range vals[:len(vals)-1] {
		if v > 0xff {
			return netip.Addr{}, false
		}
		n |= v << (24 - 8*i)
	}
	if len(vals) > 1 && last >= 1<<(8*(5-len(vals))) {
		return netip.Addr{}, false
	}
	n |= last
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}), true
}
