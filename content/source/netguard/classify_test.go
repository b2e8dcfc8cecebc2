package netguard

import (
	"net/netip"
	"strings"
	"testing"
)

// Ensure that every internal form of address is classified as such, in
// each notation, and public addresses are not.
func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		addr, want string
	}{
		{"127.0.0.1", "loopback"},
		{"127.255.255.254", "loopback"},
		{"::1", "loopback"},
		{"10.1.2.3", "private"},
		{"172.16.0.1", "private"},
		{"172.31.255.255", "private"},
		{"192.168.1.1", "private"},
		{"fc00::1", "unique local (private)"},
		{"fd12:3456::1", "unique local (private)"},
		{"169.254.169.254", "link-local"},
		{"fe80::1", "link-local"},
		{"fe80::1%eth0", "link-local"},
		{"100.64.0.1", "carrier-grade NAT"},
		{"100.127.255.255", "carrier-grade NAT"},
		{"224.0.0.1", "multicast"},
		{"239.255.255.250", "multicast"},
		{"ff02::1", "multicast"},
		{"0.0.0.0", "this network"},
		{"0.1.2.3", "this network"},
		{"::", "unspecified"},
		{"255.255.255.255", "broadcast"},
		{"240.0.0.1", "reserved"},
		{"192.0.2.7", "documentation"},
		{"2001:db8::1", "documentation"},
		{"198.18.0.1", "benchmarking"},
		{"fec0::1", "site-local"},
		{"::ffff:127.0.0.1", "IPv4-mapped loopback"},
		{"::ffff:10.0.0.1", "IPv4-mapped private"},
		{"::ffff:169.254.169.254", "IPv4-mapped link-local"},
		{"::127.0.0.1", "IPv4-compatible loopback"},
		{"::8.8.8.8", "IPv4-compatible"},
		{"64:ff9b::10.0.0.1", "NAT64 private"},
		{"64:ff9b::127.0.0.1", "NAT64 loopback"},
		{"64:ff9b:1::1", "local-use NAT64"},
		{"2002:c0a8:0101::1", "6to4 private"},
		{"2002:7f00:0001::1", "6to4 loopback"},
		// Public.
		{"8.8.8.8", ""},
		{"1.1.1.1", ""},
		{"100.63.255.255", ""},
		{"100.128.0.0", ""},
		{"172.15.255.255", ""},
		{"172.32.0.0", ""},
		{"169.255.0.1", ""},
		{"203.113.131.1", ""},
		{"::ffff:8.8.8.8", ""},
		{"64:ff9b::8.8.8.8", ""},
		{"2002:0808:0808::1", ""},
		{"2404:6800:4005:80a::200e", ""},
		{"2001:4860:4860::8888", ""},
	} {
		t.Run(tc.addr, func(t *testing.T) {
			a := netip.MustParseAddr(tc.addr)
			if got := Classify(a); got != tc.want {
				t.Fatalf("Classify(%s) = %q, want %q", tc.addr, got, tc.want)
			}
		})
	}
	if got := Classify(netip.Addr{}); got != "invalid" {
		t.Errorf("the zero Addr: %q", got)
	}
}

// Ensure that hosts written the ways resolvers accept are read as the
// address they denote, and host names are not addresses.
func TestParseHost(t *testing.T) {
	for host, want := range map[string]string{
		"127.0.0.1":          "127.0.0.1",
		"[::1]":              "::1",
		"::ffff:127.0.0.1":   "::ffff:127.0.0.1",
		"[::ffff:127.0.0.1]": "::ffff:127.0.0.1",
		"2130706433":         "127.0.0.1",
		"0x7f000001":         "127.0.0.1",
		"0x7f.1":             "127.0.0.1",
		"0x7F.0.0.1":         "127.0.0.1",
		"127.1":              "127.0.0.1",
		"127.0.1":            "127.0.0.1",
		"0177.0.0.1":         "127.0.0.1",
		"017700000001":       "127.0.0.1",
		"0":                  "0.0.0.0",
		"0x":                 "0.0.0.0",
		"10.0.0.1.":          "10.0.0.1",
		"3232235777":         "192.168.1.1",
		"169.254.43518":      "169.254.169.254",
		"0xa9fea9fe":         "169.254.169.254",
		"4294967295":         "255.255.255.255",
	} {
		a, ok := ParseHost(host)
		if !ok || a.String() != want {
			t.Errorf("ParseHost(%q) = %v, %v; want %s", host, a, ok, want)
		}
	}
	for _, host := range []string{"", "portal.internal", "localhost", "4294967296", "1.2.3.4.5", "256.1", "1.16777216",
		"1.2.65536", "1.2.3.256", "08", "0x1g", "1..2", ".1", "-1", "+1", "1e3", "huyen.example.vn", "0x7f.1.example"} {
		if a, ok := ParseHost(host); ok {
			t.Errorf("ParseHost(%q) = %v, want a host name", host, a)
		}
	}
}

// Ensure that the classifier agrees with itself across notations and with
// the standard library's predicates, for any 16 bytes, and that ParseHost
// reads back every address's own form.
func FuzzClassify(f *testing.F) {
	for _, s := range []string{"127.0.0.1", "::1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:a00:1::", "fe80::1", "8.8.8.8", "2001:4860::1"} {
		b := netip.MustParseAddr(s).As16()
		f.Add(b[:])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) < 16 {
			b = append(b, make([]byte, 16-len(b))...)
		}
		a := netip.AddrFrom16([16]byte(b[:16]))
		what := Classify(a)
		if a.Is4In6() {
			v4 := Classify(a.Unmap())
			if (what == "") != (v4 == "") {
				t.Fatalf("%s is %q but %s is %q", a, what, a.Unmap(), v4)
			}
			a = a.Unmap()
			what = v4
		}
		if a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsMulticast() || a.IsUnspecified() ||
			a.IsLinkLocalMulticast() || a.IsInterfaceLocalMulticast() {
			if what == "" {
				t.Fatalf("%s is internal by the standard library, public by Classify", a)
			}
		}
		if what != "" && (&Policy{}).AllowsAddr(a) {
			t.Fatalf("the empty policy allows internal %s", a)
		}
		if back, ok := ParseHost(a.String()); !ok || back != a {
			t.Fatalf("ParseHost(%q) = %v, %v", a.String(), back, ok)
		}
		if a.Is4() {
			p := NewGuard(Policy{}, nil).checkName(a.String())
			if (p != nil) != (what != "") {
				t.Fatalf("checkName(%s) = %v, class %q", a, p, what)
			}
		}
	})
}

// Ensure that no host, however odd, panics ParseHost, and what it reads
// as an IPv4 address in four decimal parts is what netip reads.
func FuzzParseHost(f *testing.F) {
	for _, s := range []string{"2130706433", "0x7f.1", "0177.0.0.1", "1.2.3.4", "[::1]", "a.b", "0x", "00000000000000000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, ok := ParseHost(s)
		if !ok {
			return
		}
		if !a.IsValid() {
			t.Fatalf("ParseHost(%q) is ok with an invalid address", s)
		}
		if want, err := netip.ParseAddr(s); err == nil && want != a {
			t.Fatalf("ParseHost(%q) = %s, netip reads %s", s, a, want)
		}
		if strings.Count(s, ".") > 4 {
			t.Fatalf("ParseHost(%q) read %s from more than four parts", s, a)
		}
	})
}
