package netguard

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/net/dns/dnsmessage"
)

// Ensure that the allowlist reads addresses, blocks and names, and names
// each entry it cannot read.
func TestNewPolicy(t *testing.T) {
	p, err := NewPolicy([]string{"10.1.2.3", " portal.internal ", "192.168.5.0/24", "fd00::5", "Intranet.Huyen.VN.", "::ffff:172.16.0.9"})
	if err != nil {
		t.Fatal(err)
	}
	for addr, want := range map[string]bool{
		"10.1.2.3": true, "::ffff:10.1.2.3": true, "10.1.2.4": false, "192.168.5.77": true, "192.168.6.1": false,
		"fd00::5": true, "fd00::6": false, "172.16.0.9": true, "127.0.0.1": false, "8.8.8.8": true,
	} {
		if got := p.AllowsAddr(netip.MustParseAddr(addr)); got != want {
			t.Errorf("AllowsAddr(%s) = %v, want %v", addr, got, want)
		}
	}
	for host, want := range map[string]bool{"portal.internal": true, "PORTAL.internal.": true, "intranet.huyen.vn": true,
		"other.internal": false, "10.1.2.3": false} {
		if got := p.AllowsHost(host); got != want {
			t.Errorf("AllowsHost(%s) = %v, want %v", host, got, want)
		}
	}
	_, err = NewPolicy([]string{"10.0.0.0/33", "http://x/", "a b", "ok.internal", "-bad.example"})
	for _, want := range []string{`"10.0.0.0/33"`, `"http://x/"`, `"a b"`, `"-bad.example"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not name %s", err, want)
		}
	}
	if err != nil && strings.Contains(err.Error(), "ok.internal") {
		t.Errorf("a valid entry was refused: %v", err)
	}
	var none *Policy
	if none.AllowsAddr(netip.MustParseAddr("10.1.2.3")) || none.AllowsHost("x") {
		t.Error("a nil policy allows something")
	}
}

// listener counts the connections made to a loopback server.
type listener struct {
	srv      *httptest.Server
	accepted atomic.Int32
}

func newServer(t *testing.T) *listener {
	l := &listener{}
	l.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "internal page")
	}))
	l.srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			l.accepted.Add(1)
		}
	}
	l.srv.Start()
	t.Cleanup(l.srv.Close)
	return l
}

func get(t *testing.T, g *Guard, raw string) (string, error) {
	t.Helper()
	tr := g.Transport()
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	resp, err := c.Get(raw)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

// Ensure that, with no allowlist, every way of writing a loopback
// destination is refused with ErrBlocked before any connection is made,
// and that allowing the address or the name lets it through.
func TestGuardRefusesLoopbackForms(t *testing.T) {
	l := newServer(t)
	port := l.srv.Listener.Addr().(*net.TCPAddr).Port
	strict := NewGuard(Policy{}, nil)
	for _, host := range []string{"127.0.0.1", "localhost", "LOCALHOST.", "portal.localhost", "[::1]", "[::ffff:127.0.0.1]",
		"2130706433", "0x7f.1", "0177.0.0.1", "127.1", "0", "[::]", "[::127.0.0.1]", "[64:ff9b::7f00:1]"} {
		raw := "http://" + net.JoinHostPort(strings.Trim(host, "[]"), itoa(port)) + "/metrics"
		if _, err := get(t, strict, raw); !errors.Is(err, ErrBlocked) {
			t.Errorf("%s: err = %v, want ErrBlocked", raw, err)
		}
	}
	if n := l.accepted.Load(); n != 0 {
		t.Fatalf("%d connections reached the server", n)
	}
	byAddr, err := NewPolicy([]string{"127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range []string{l.srv.URL, "http://2130706433:" + itoa(port) + "/"} {
		if body, err := get(t, NewGuard(byAddr, nil), raw); err != nil || body != "internal page" {
			t.Errorf("allowed by address, %s: %q, %v", raw, body, err)
		}
	}
	if _, err := get(t, NewGuard(byAddr, nil), "http://localhost:"+itoa(port)+"/"); !errors.Is(err, ErrBlocked) {
		t.Errorf("localhost is allowed with only 127.0.0.1 on the list: %v", err)
	}
	byName, _ := NewPolicy([]string{"localhost"})
	if body, err := get(t, NewGuard(byName, nil), "http://localhost:"+itoa(port)+"/"); err != nil || body != "internal page" {
		t.Errorf("allowed by name: %q, %v", body, err)
	}
}

// Ensure that a name resolving to an internal address is refused at the
// connection, whatever the URL said, so a DNS answer cannot smuggle one in.
func TestGuardChecksResolvedAddresses(t *testing.T) {
	l := newServer(t)
	port := l.srv.Listener.Addr().(*net.TCPAddr).Port
	// A resolver whose DNS server answers every name with 127.0.0.1.
	d := &net.Dialer{Resolver: &net.Resolver{PreferGo: true, Dial: fakeDNS(t, netip.MustParseAddr("127.0.0.1"))}}
	g := NewGuard(Policy{}, d)
	if _, err := get(t, g, "http://portal.example.vn:"+itoa(port)+"/"); !errors.Is(err, ErrBlocked) {
		t.Fatalf("err = %v, want ErrBlocked", err)
	}
	if err := g.checkHost(context.Background(), "portal.example.vn"); !errors.Is(err, ErrBlocked) {
		t.Fatalf("checkHost: %v, want ErrBlocked", err)
	}
	if n := l.accepted.Load(); n != 0 {
		t.Fatalf("%d connections reached the server", n)
	}
}

// Ensure that through a proxy the target is checked before the request is
// handed over, and the proxy itself, on an internal address, is used.
func TestGuardThroughProxy(t *testing.T) {
	var proxied atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proxied.Add(1)
		_, _ = io.WriteString(w, "via proxy: "+r.URL.String())
	}))
	defer proxy.Close()
	pu, _ := url.Parse(proxy.URL)
	g := NewGuard(Policy{}, nil)
	tr := &http.Transport{DialContext: g.DialContext, Proxy: g.Proxy(http.ProxyURL(pu))}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	if _, err := c.Get("http://169.254.169.254/latest/meta-data/"); !errors.Is(err, ErrBlocked) {
		t.Fatalf("an internal target through the proxy: %v, want ErrBlocked", err)
	}
	if proxied.Load() != 0 {
		t.Fatal("the internal target was handed to the proxy")
	}
	resp, err := c.Get("http://203.113.131.1/rss")
	if err != nil {
		t.Fatalf("a public target through the proxy on loopback: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "via proxy: http://203.113.131.1/rss" {
		t.Fatalf("body %q", b)
	}
}

// Ensure that a request sent direct to the proxy's own address (as
// http.ProxyFromEnvironment sends loopback URLs) is refused: the unchecked
// dial to the proxy serves proxied requests only.
func TestGuardRefusesTheProxyItself(t *testing.T) {
	var reached atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		_, _ = io.WriteString(w, "via proxy: "+r.URL.String())
	}))
	defer proxy.Close()
	pu, _ := url.Parse(proxy.URL)
	g := NewGuard(Policy{}, nil)
	next := func(r *http.Request) (*url.URL, error) {
		if r.URL.Hostname() == "127.0.0.1" {
			return nil, nil // loopback goes direct
		}
		return pu, nil
	}
	tr := &http.Transport{DialContext: g.DialContext, Proxy: g.Proxy(next)}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	resp, err := c.Get("http://203.113.131.1/rss")
	if err != nil {
		t.Fatalf("a public target through the proxy: %v", err)
	}
	resp.Body.Close()
	if _, err := c.Get(proxy.URL + "/squid-internal-mgr/info"); !errors.Is(err, ErrBlocked) {
		t.Fatalf("the proxy's own address, direct: %v, want ErrBlocked", err)
	}
	if got := reached.Load(); got != 1 {
		t.Fatalf("the proxy was reached %d times, want once (the proxied request)", got)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// fakeDNS is a resolver's Dial that reaches a DNS server (over a stream,
// in memory) answering every A question with addr and every other one
// with no record.
func fakeDNS(t *testing.T, addr netip.Addr) func(context.Context, string, string) (net.Conn, error) {
	return func(context.Context, string, string) (net.Conn, error) {
		client, server := net.Pipe()
		go func() {
			defer server.Close()
			for {
				var n [2]byte
				if _, err := io.ReadFull(server, n[:]); err != nil {
					return
				}
				q := make([]byte, int(n[0])<<8|int(n[1]))
				if _, err := io.ReadFull(server, q); err != nil {
					return
				}
				var m dnsmessage.Message
				if err := m.Unpack(q); err != nil || len(m.Questions) != 1 {
					t.Errorf("DNS query: %v", err)
					return
				}
				m.Header.Response, m.Header.Authoritative = true, true
				if qq := m.Questions[0]; qq.Type == dnsmessage.TypeA {
					m.Answers = []dnsmessage.Resource{{
						Header: dnsmessage.ResourceHeader{Name: qq.Name, Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET, TTL: 60},
						Body:   &dnsmessage.AResource{A: addr.As4()},
					}}
				}
				out, err := m.Pack()
				if err != nil {
					t.Errorf("DNS answer: %v", err)
					return
				}
				if _, err := server.Write(append([]byte{byte(len(out) >> 8), byte(len(out))}, out...)); err != nil {
					return
				}
			}
		}()
		return client, nil
	}
}
