package netguard

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/net/http/httpproxy"
)

// Guard enforces a Policy on the connections an http.Transport makes: use
// DialContext as its DialContext and Proxy to wrap its Proxy. Every
// connection is checked at the moment it is made, after the name is
// resolved (net.Dialer.Control), so redirects, links and DNS answers that
// change between polls are all judged by the address actually reached. A
// refused destination is an error wrapping ErrBlocked, returned before any
// packet is sent to it. A Guard is safe for concurrent use.
type Guard struct {
	policy Policy
	// strict dials with every address checked; open dials hosts allowed by
	// name, and proxies.
	strict, open *net.Dialer
	resolver     *net.Resolver

	mu sync.Mutex
	// proxies are the addresses ("host:port") of the proxies Proxy
	// returned: the operator's, dialled without a check.
	proxies map[string]bool
}

// NewGuard returns a Guard of p dialling with d (nil: a dialer like
// http.DefaultTransport's, 30 s to connect); d's own Control, if any, is
// replaced.
func NewGuard(p Policy, d *net.Dialer) *Guard {
	if d == nil {
		d = &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	}
	g := &Guard{policy: p, proxies: map[string]bool{}, resolver: d.Resolver}
	if g.resolver == nil {
		g.resolver = net.DefaultResolver
	}
	open, strict := *d, *d
	open.Control, open.ControlContext = nil, nil
	strict.Control, strict.ControlContext = nil, g.control
	g.open, g.strict = &open, &strict
	return g
}

// DialContext connects to address ("host:port") when the policy allows
// it: a host allowed by name is dialled as it is; any other is resolved
// and each address tried is checked. "localhost" and names under
// ".localhost" are refused without resolving them, and a host written as
// a number ("2130706433", "0x7f.1") is taken as the IPv4 address it
// denotes (ParseHost), whatever the resolver would make of it.
func (g *Guard) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: err}
	}
	if g.isProxy(address) || g.policy.AllowsHost(host) {
		return g.open.DialContext(ctx, network, address)
	}
	if err := g.checkName(host); err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: err}
	}
	if a, ok := ParseHost(host); ok {
		address = net.JoinHostPort(a.String(), port)
	}
	return g.strict.DialContext(ctx, network, address)
}

// control is the strict dialer's ControlContext: it refuses an address
// the policy does not allow, before the connection is attempted.
func (g *Guard) control(_ context.Context, _, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot read the address %q", ErrBlocked, address)
	}
	return g.checkAddr(ap.Addr())
}

// checkName refuses, without resolving it, a host that is a localhost name
// or a numeric address the policy does not allow.
func (g *Guard) checkName(host string) error {
	if g.policy.AllowsHost(host) {
		return nil
	}
	if a, ok := ParseHost(host); ok {
		return g.checkAddr(a)
	}
	if h := normHost(host); h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return fmt.Errorf("%w: %s is a loopback name", ErrBlocked, host)
	}
	return nil
}

func (g *Guard) checkAddr(a netip.Addr) error {
	if g.policy.AllowsAddr(a) {
		return nil
	}
	return fmt.Errorf("%w: %s is %s", ErrBlocked, a, Classify(a))
}

// checkHost judges host (a URL's host, without port) without connecting:
// allowed by name, or every address it resolves to allowed. It is for
// connections the Guard does not make itself (through a proxy); a host
// that cannot be resolved is the resolver's error.
func (g *Guard) checkHost(ctx context.Context, host string) error {
	if g.policy.AllowsHost(host) {
		return nil
	}
	if err := g.checkName(host); err != nil {
		return err
	}
	if _, ok := ParseHost(host); ok {
		return nil
	}
	addrs, err := g.resolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return err
	}
	for _, a := range addrs {
		if err := g.checkAddr(a); err != nil {
			return err
		}
	}
	return nil
}

// Proxy wraps a transport's Proxy function (such as
// http.ProxyFromEnvironment): a request that goes through a proxy has its
// host checked first (resolved by the Guard's resolver), since the proxy, not the Guard, will
// connect to it; the proxy itself, chosen by the operator, is dialled
// without a check. A request that goes direct to a proxy's own address (a
// proxy on loopback is never used for loopback URLs) is refused, so that
// the unchecked dial to a proxy serves only proxied requests.
func (g *Guard) Proxy(next func(*http.Request) (*url.URL, error)) func(*http.Request) (*url.URL, error) {
	return func(req *http.Request) (*url.URL, error) {
		u, err := next(req)
		if err != nil {
			return u, err
		}
		if u == nil {
			if g.isProxy(hostPort(req.URL)) {
				return nil, fmt.Errorf("%w: %s is the proxy's own address", ErrBlocked, req.URL.Host)
			}
			return nil, nil
		}
		if err := g.checkHost(req.Context(), req.URL.Hostname()); err != nil {
			return nil, err
		}
		g.addProxy(u)
		return u, nil
	}
}

// addProxy records proxy u's address as the operator's.
func (g *Guard) addProxy(u *url.URL) {
	g.mu.Lock()
	g.proxies[hostPort(u)] = true
	g.mu.Unlock()
}

// hostPort is u's "host:port", the scheme's default port when u has none.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443", "socks5": "1080", "socks5h": "1080"}[u.Scheme]
	}
	return net.JoinHostPort(u.Hostname(), port)
}

func (g *Guard) isProxy(address string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.proxies[address]
}

// Transport returns a clone of http.DefaultTransport whose connections g
// guards: DialContext is g's, and proxies from the environment
// (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) are used through Proxy.
func (g *Guard) Transport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = g.DialContext
	t.DialTLSContext = nil
	t.Proxy = g.Proxy(http.ProxyFromEnvironment)
	env := httpproxy.FromEnvironment() // the proxies' addresses, before the first proxied request
	for _, raw := range []string{env.HTTPProxy, env.HTTPSProxy} {
		if raw != "" && !strings.Contains(raw, "://") {
			raw = "http://" + raw // as net/http reads a proxy without a scheme
		}
		if u, err := url.Parse(raw); raw != "" && err == nil && u.Host != "" {
			g.addProxy(u)
		}
	}
	return t
}
