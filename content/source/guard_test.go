package source

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"newsbot/content/source/netguard"
)

// Ensure that by default (no allow_private) a fetch refuses every way of
// naming an internal address, before any connection, and that a refused
// address gives the same error text whether something listens there or
// not.
func TestFetchRefusesInternalAddressesByDefault(t *testing.T) {
	s := newSite(t)
	s.set("/metrics", page{body: []byte("newsbot_up 1")})
	port := s.srv.Listener.Addr().(*net.TCPAddr).Port
	f := NewFetcher(FetchOptions{})
	ctx := context.Background()
	for _, raw := range []string{
		s.url("/metrics"),
		fmt.Sprintf("http://localhost:%d/metrics", port),
		fmt.Sprintf("http://[::1]:%d/metrics", port),
		fmt.Sprintf("http://[::ffff:127.0.0.1]:%d/metrics", port),
		fmt.Sprintf("http://2130706433:%d/metrics", port),
		fmt.Sprintf("http://0x7f.1:%d/metrics", port),
		fmt.Sprintf("http://0:%d/metrics", port),
		"http://169.254.169.254/latest/meta-data/",
		"http://10.0.0.1/", "http://192.168.1.1/", "http://172.16.0.1/", "http://100.64.0.1/",
		"http://[fd00::1]/", "http://[fe80::1]/",
	} {
		if _, err := f.Fetch(ctx, Request{URL: raw}); !errors.Is(err, netguard.ErrBlocked) {
			t.Errorf("%s: err = %v, want netguard.ErrBlocked", raw, err)
		}
	}
	if n := s.count(); n != 0 {
		t.Fatalf("%d requests reached the internal server", n)
	}
	_, open := f.Fetch(ctx, Request{URL: s.url("/metrics")})
	_, closed := f.Fetch(ctx, Request{URL: "http://127.0.0.1:1/metrics"})
	if a, b := strings.ReplaceAll(fmt.Sprint(open), fmt.Sprintf(":%d/", port), ":P/"), strings.ReplaceAll(fmt.Sprint(closed), ":1/", ":P/"); a != b {
		t.Errorf("an open and a closed port read differently:\n%s\n%s", open, closed)
	}
}

// Ensure that a redirect from an allowed portal to an internal address is
// refused at the connection, and the internal server never hears of it.
func TestFetchRedirectToInternalRefused(t *testing.T) {
	internal := newSite(t)
	internal.set("/metrics", page{body: []byte("newsbot_up 1")})
	portal := newSiteOn(t, "127.0.0.2")
	port := internal.srv.Listener.Addr().(*net.TCPAddr).Port
	portal.set("/go", page{status: 302, location: internal.url("/metrics")})
	portal.set("/go-num", page{status: 301, location: fmt.Sprintf("http://2130706433:%d/metrics", port)})
	portal.set("/go-local", page{status: 307, location: fmt.Sprintf("http://localhost:%d/metrics", port)})
	allow, err := netguard.NewPolicy([]string{"127.0.0.2"})
	if err != nil {
		t.Fatal(err)
	}
	f := NewFetcher(FetchOptions{Allow: allow})
	for _, path := range []string{"/go", "/go-num", "/go-local"} {
		if _, err := f.Fetch(context.Background(), Request{URL: portal.url(path)}); !errors.Is(err, netguard.ErrBlocked) {
			t.Errorf("%s: err = %v, want netguard.ErrBlocked", path, err)
		}
	}
	if n := internal.count(); n != 0 {
		t.Fatalf("%d requests reached the internal server", n)
	}
	if n := len(portal.requests("/go")); n != 1 {
		t.Fatalf("the allowed portal was asked %d times", n)
	}
}

const listingWithBase = `<html><head><base href="%s/"></head><body><main>
<a href="secret">Trang nội bộ có tiêu đề đủ dài để là bài</a>
<a href="%s/bai/1.html">Kế hoạch phòng chống lụt bão năm 2021</a>
</main></body></html>`

// Ensure that a listing's <base href> pointing at another server cannot
// make the poller fetch from it: links are kept only on the page's own
// host, even when that other server is allowed; and with a selector, whose
// links are taken wherever they point, the policy refuses the internal one.
func TestListingBaseHrefCannotReachInternal(t *testing.T) {
	internal := newSite(t)
	internal.set("/secret", page{body: []byte("<html><head><title>SECRET metrics</title></head><body><h1>SECRET metrics</h1></body></html>"),
		contentType: "text/html"})
	portal := newSiteOn(t, "127.0.0.2")
	portal.set("/tin-tuc/", page{body: fmt.Appendf(nil, listingWithBase, internal.url(""), portal.url("")), contentType: "text/html"})
	portal.set("/bai/1.html", page{body: fixture(t, "bai-1.html"), contentType: "text/html; charset=utf-8"})

	// Both servers allowed: the listing rule alone keeps the poller on the
	// portal.
	r := newRig(t, Config{AllowPrivate: []string{"127.0.0.1", "127.0.0.2"},
		Sources: []Source{{Name: "portal", URL: portal.url("/tin-tuc/"), Kind: KindHTML}}})
	if res := r.poll(t, "portal"); res.New != 1 || res.Failed != 0 {
		t.Fatalf("poll: %+v", res)
	}
	// Only the portal allowed, and a selector taking every link.
	r = newRig(t, Config{AllowPrivate: []string{"127.0.0.2"},
		Sources: []Source{{Name: "portal", URL: portal.url("/tin-tuc/"), Kind: KindHTML, Selectors: Selectors{List: "main a"}}}})
	res, _ := r.p.PollOnce(context.Background(), "portal")
	if res.New != 1 || res.Failed != 1 {
		t.Fatalf("poll with a selector: %+v", res)
	}
	if !strings.Contains(r.logs.String(), "internal address blocked") {
		t.Errorf("the refused link is not logged as blocked:\n%s", r.logs.String())
	}
	if n := internal.count(); n != 0 {
		t.Fatalf("%d requests reached the internal server", n)
	}
	if _, ok := r.sink.byTitle("SECRET metrics"); ok {
		t.Fatal("the internal page was published")
	}
}

// Ensure that a source URL's user info is used to log in (Basic auth) but
// appears in no error, log line or stored error: not when it moves, not
// when it fails.
func TestUserInfoNeverShown(t *testing.T) {
	s := newSite(t)
	s.set("/rss", page{body: fixture(t, "rss.xml"), contentType: rssType})
	s.set("/old", page{status: 301, location: "/rss"})
	withUser := strings.Replace(s.url("/old"), "http://", "http://bientap:Mk-s3cret@", 1)
	r := newRig(t, Config{Sources: []Source{feedSource("portal", withUser, KindRSS)}})
	if res := r.poll(t, "portal"); res.New != 3 || res.Moved == "" {
		t.Fatalf("poll: %+v", res)
	}
	if user, pw, ok := s.requests("/rss")[0].BasicAuth(); !ok || user != "bientap" || pw != "Mk-s3cret" {
		t.Fatalf("Basic auth %q %q %v", user, pw, ok)
	}
	s.set("/rss", page{status: 503})
	_, err := r.p.PollOnce(context.Background(), "portal")
	st := r.state.get("portal")
	strict := NewFetcher(FetchOptions{})
	_, blocked := strict.Fetch(context.Background(), Request{URL: withUser})
	_, refused := NewFetcher(FetchOptions{Allow: loopback(t)}).Fetch(context.Background(),
		Request{URL: "http://bientap:Mk-s3cret@127.0.0.1:1/rss"})
	for what, text := range map[string]string{"poll error": fmt.Sprint(err), "stored error": st.LastError,
		"blocked error": fmt.Sprint(blocked), "connection error": fmt.Sprint(refused), "logs": r.logs.String()} {
		if strings.Contains(text, "s3cret") || strings.Contains(text, "bientap") {
			t.Errorf("the %s shows the user info:\n%s", what, text)
		}
	}
	if err == nil || blocked == nil || refused == nil || !strings.Contains(r.logs.String(), "source moved permanently") {
		t.Fatalf("errors %v, %v, %v; logs:\n%s", err, blocked, refused, r.logs.String())
	}
}

// Ensure that the sources file's allow_private is read and checked.
func TestConfigAllowPrivate(t *testing.T) {
	c, err := ParseConfig(strings.NewReader(`allow_private = ["10.1.2.3", "portal.internal", "192.168.5.0/24"]
[[source]]
name = "intranet"
url = "http://portal.internal/rss"
`), "sources.toml")
	if err != nil || strings.Join(c.AllowPrivate, " ") != "10.1.2.3 portal.internal 192.168.5.0/24" {
		t.Fatalf("%+v, %v", c.AllowPrivate, err)
	}
	_, err = ParseConfig(strings.NewReader(`allow_private = ["10.0.0.0/40", "http://x/"]
[[source]]
name = "x"
url = "https://user:pw@huyen.example.vn:bad/rss"
`), "sources.toml")
	if err == nil || !strings.Contains(err.Error(), `allow_private: "10.0.0.0/40"`) || !strings.Contains(err.Error(), `"http://x/"`) {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "pw@") {
		t.Fatalf("the error shows the URL's user info: %v", err)
	}
}
