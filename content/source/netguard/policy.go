package netguard

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
)

// Policy is the operator's allowlist on top of Classify: addresses,
// address blocks (CIDR) and host names a fetch may reach although they are
// internal. The zero value, and a nil *Policy, allow nothing internal. A
// Policy is immutable and safe for concurrent use.
type Policy struct {
	prefixes []netip.Prefix
	hosts    map[string]bool
}

// NewPolicy reads an allowlist: each entry is an IP address ("10.1.2.3",
// "fd00::5"), a CIDR block ("10.1.2.0/24") or a host name
// ("portal.internal", matched without regard to case or a final dot). An
// entry that is none of those is an error naming it; the Policy returned
// then holds the valid entries.
func NewPolicy(allow []string) (Policy, error) {
	p := Policy{hosts: map[string]bool{}}
	var errs []error
	for _, raw := range allow {
		e := strings.TrimSpace(raw)
		if pfx, err := netip.ParsePrefix(e); err == nil {
			p.prefixes = append(p.prefixes, pfx.Masked())
			continue
		}
		if strings.Contains(e, "/") {
			errs = append(errs, fmt.Errorf("%q: not a valid CIDR block", raw))
			continue
		}
		if a, ok := ParseHost(e); ok {
			a = a.WithZone("").Unmap()
			p.prefixes = append(p.prefixes, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		if !validHostName(e) {
			errs = append(errs, fmt.Errorf("%q: want an IP address, a CIDR block or a host name", raw))
			continue
		}
		p.hosts[normHost(e)] = true
	}
	return p, errors.Join(errs...)
}

// AllowsAddr reports whether a connection to addr is allowed: addr is
// public (Classify), or the allowlist holds it. IPv4-mapped addresses are
// judged as the IPv4 address they map.
func (p *Policy) AllowsAddr(addr netip.Addr) bool {
	if Classify(addr) == "" {
		return true
	}
	if p == nil {
		return false
	}
	addr = addr.WithZone("").Unmap()
	for _, pfx := range p.prefixes {
		if pfx.Contains(addr) {
			return true
		}
	}
	return false
}

// AllowsHost reports whether host (a URL's host name, without port) is on
// the allowlist by name. A host allowed by name may resolve to any
// address.
func (p *Policy) AllowsHost(host string) bool {
	return p != nil && p.hosts[normHost(host)]
}

func normHost(h string) string { return strings.TrimSuffix(strings.ToLower(h), ".") }

// validHostName reports whether s is a DNS name: dot-separated labels of
// letters, digits, '-' and '_', each 1–63 bytes, 253 bytes in all.
func validHostName(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range []byte(label) {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}
