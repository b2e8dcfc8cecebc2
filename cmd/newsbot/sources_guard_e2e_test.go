package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"newsbot/store"
)

// The Basic auth of the intranet portal; the password must never be shown.
const (
	portalUser     = "bientap"
	portalPassword = "Mk-s3cret"
)

// intranet is a portal inside the district's network, on 127.0.0.2 (on
// the sources file's allow_private): its feed at /rss needs Basic auth,
// /go redirects to internal, /hong is not found.
type intranet struct {
	srv  *httptest.Server
	auth atomic.Int32 // requests to /rss with the right credentials
}

func newIntranet(t *testing.T, internal string) *intranet {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.2 (this system does not route all of 127.0.0.0/8 to loopback): %v", err)
	}
	feed := readSourceFixture(t, "rss.xml")
	in := &intranet{}
	in.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/rss":
			if u, p, ok := r.BasicAuth(); !ok || u != portalUser || p != portalPassword {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			in.auth.Add(1)
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			_, _ = w.Write(feed)
		case "/go":
			http.Redirect(w, r, internal, http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	in.srv.Listener.Close()
	in.srv.Listener = l
	in.srv.Start()
	t.Cleanup(in.srv.Close)
	return in
}

// withUser returns raw (http://…) with the intranet's user info.
func withUser(raw string) string {
	return strings.Replace(raw, "http://", "http://"+portalUser+":"+portalPassword+"@", 1)
}

// Ensure that, with the production default, no address of the server or
// its network can be fetched: /sources add of each way to write one is
// refused with "địa chỉ nội bộ bị chặn" before any request, a file source
// redirecting there fails with that alone in the alert and in /sources,
// while the intranet portal on allow_private is added (logging in with the
// URL's user info); and that user info appears in no message, log line,
// audit entry or command output.
func TestEndToEndSourcesDestinationPolicy(t *testing.T) {
	h := newHarness(t)
	h.allowPrivate = nil // what operators run: only the file's allow_private
	internal := newCommune(t)
	in := newIntranet(t, internal.srv.URL+"/rss")
	port := internal.srv.Listener.Addr().(*net.TCPAddr).Port
	file := writeSources(t, h.dir, fmt.Sprintf(`
allow_private = ["127.0.0.2"]
fail_threshold = 1

[[source]]
name = "chuyen"
url = "%s/go"
kind = "rss"
interval = "100ms"

[[source]]
name = "mat-khau"
url = "%s"
kind = "rss"
interval = "1h"
`, in.srv.URL, withUser(in.srv.URL+"/rss")))
	h.createDB()
	if code := h.cli("admin", "add", "101"); code != 0 {
		t.Fatalf("admin add: exit=%d", code)
	}
	an := h.api.User(101, "vi")
	chat := h.api.PrivateChat(an)
	say := func(text, want string) {
		t.Helper()
		n := countContaining(textsTo(h.api.Calls(), chat.ID), want)
		h.api.SendText(an, chat, text)
		h.waitText(chat.ID, want, n+1)
	}
	stop := h.start("--sources", file, "--added-source-interval", "1h", "--user-burst", "100")
	defer func() { stop() }()
	say("/start", "Xin chào")

	// The file's source redirected to an internal address.
	h.waitText(chat.ID, "Không lấy được tin từ nguồn <b>chuyen</b> nhiều lần liên tiếp.\nLỗi gần nhất: địa chỉ nội bộ bị chặn\n", 1)
	say("/sources", "lần liên tiếp: địa chỉ nội bộ bị chặn")

	const blocked = "Chưa lưu nguồn này: địa chỉ nội bộ bị chặn."
	for i, raw := range []string{
		internal.srv.URL + "/rss",
		"http://127.0.0.1:9120/metrics",
		"http://169.254.169.254/latest/meta-data/",
		fmt.Sprintf("http://[::1]:%d/rss", port),
		fmt.Sprintf("http://localhost:%d/rss", port),
		fmt.Sprintf("http://[::ffff:127.0.0.1]:%d/rss", port),
		fmt.Sprintf("http://2130706433:%d/rss", port),
		fmt.Sprintf("http://0x7f.1:%d/rss", port),
		fmt.Sprintf("http://0:%d/rss", port),
		"http://2130706433/", "http://0x7f.1/", "http://0/",
		"http://10.1.2.3/rss", "http://192.168.1.1/rss", "http://172.16.0.1/rss", "http://100.64.0.1/rss",
		"http://[fd00::1]/rss", "http://[fe80::1]/rss", "https://[::ffff:10.0.0.1]/rss",
		in.srv.URL + "/go",
	} {
		say(fmt.Sprintf("/sources add noi-bo-%d %s", i, raw), blocked)
	}

	// The intranet portal on allow_private, with its password.
	say("/sources add xa "+withUser(in.srv.URL+"/rss"), "✅ Đã thêm nguồn <b>xa</b> (feed). Đọc thử thấy 3 bài")
	say("/sources add hong "+withUser(in.srv.URL+"/hong"), "Không đọc được nguồn này nên chưa lưu: GET "+in.srv.URL+"/hong: HTTP 404")
	h.logs.waitFor(t, `msg="source polled" source=mat-khau`)
	say("/sources", "<b>xa</b> (feed)")
	stop()
	stop = func() {}

	if n := internal.fetches(); n != 0 {
		t.Fatalf("the internal server was fetched %d times", n)
	}
	if in.auth.Load() < 2 {
		t.Fatalf("the intranet portal was read with its credentials %d times", in.auth.Load())
	}
	db := h.openDB(store.Options{ReadOnly: true})
	ctx := context.Background()
	added, err := db.AddedSources(ctx)
	if err != nil || len(added) != 1 || added[0].Name != "xa" {
		t.Fatalf("added sources %+v, %v; want xa only", added, err)
	}
	audit, err := db.Audit(ctx, 100)
	if err != nil || len(audit) != 2 || audit[0].Detail != "xa "+in.srv.URL+"/rss (feed)" {
		t.Fatalf("audit %+v, %v; want admin.add and source.add of xa without its user info", audit, err)
	}
	db.Close()
	if code := h.cli("audit"); code != 0 {
		t.Fatalf("audit: exit=%d", code)
	}
	if code := h.cli("sources", "check", file); code != 1 {
		t.Fatalf("sources check: exit=%d, want 1 (chuyen is blocked)", code)
	}
	if out := h.out.String(); !strings.Contains(out, "mat-khau (rss) "+in.srv.URL+"/rss: 3 articles") ||
		!strings.Contains(out, "internal address blocked") {
		t.Fatalf("sources check:\n%s", out)
	}
	var sent []string
	for _, c := range h.api.Calls() {
		sent = append(sent, c.Params["text"], c.Params["caption"])
	}
	for what, text := range map[string]string{"messages": strings.Join(sent, "\n"), "logs": h.logs.String(), "output": h.out.String()} {
		for _, secret := range []string{portalPassword, portalUser + ":", portalUser + "@"} {
			if strings.Contains(text, secret) {
				t.Errorf("the %s show %q", what, secret)
			}
		}
	}
	for _, detail := range []string{"9120", "169.254", "connection refused", "is loopback"} {
		if n := countContaining(textsTo(h.api.Calls(), chat.ID), detail); n != 0 {
			t.Errorf("%d messages to the admin say %q", n, detail)
		}
	}
}
