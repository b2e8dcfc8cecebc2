package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/content/source"
	"newsbot/store"
)

// sourceTestdata is content/source's fixtures folder.
var sourceTestdata = filepath.Join("..", "..", "content", "source", "testdata")

// portal is a district portal on a loopback port: a feed the test changes
// while newsbot polls it, and the HTML pages of content/source's fixtures.
type portal struct {
	srv *httptest.Server

	mu   sync.Mutex
	feed []byte
	// status, when set, is answered for the feed instead.
	status int
}

func newPortal(t *testing.T) *portal {
	t.Helper()
	p := &portal{feed: readSourceFixture(t, "rss.xml")}
	pages := map[string]string{"/tin-tuc/": "listing.html", "/bai/bai-1.html": "bai-1.html", "/tin-tuc/bai/bai-2.html": "bai-2.html"}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/rss" {
			p.mu.Lock()
			body, status := p.feed, p.status
			p.mu.Unlock()
			if status != 0 {
				w.WriteHeader(status)
				return
			}
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			_, _ = w.Write(body)
			return
		}
		name, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(readSourceFixture(t, name))
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *portal) setFeed(b []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.feed = b
}

func (p *portal) setStatus(code int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.status = code
}

func readSourceFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sourceTestdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// addItem returns feed with an RSS item added before its first.
func addItem(feed []byte, title, guid string) []byte {
	item := fmt.Sprintf("<item><title>%s</title><guid>%s</guid><link>https://huyen.example.vn/%s.html</link>"+
		"<description>Tin mới của huyện.</description></item>", title, guid, guid)
	return bytes.Replace(feed, []byte("<item>"), []byte(item+"\n<item>"), 1)
}

// writeSources writes a sources file into dir and returns its path.
func writeSources(t *testing.T, dir, body string) string {
	t.Helper()
	path := filepath.Join(dir, "sources.toml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Ensure that `sources check` prints what each source would import and
// writes nothing.
func TestSourcesCheck(t *testing.T) {
	h := newHarness(t)
	p := newPortal(t)
	file := writeSources(t, h.dir, fmt.Sprintf(`
[[source]]
name = "portal"
url = "%s/rss"
kind = "rss"

[[source]]
name = "trang"
url = "%s/tin-tuc/"
kind = "html"
  [source.selectors]
  list = "ul.tin-moi li a"
  title = "h1.tieu-de"
  published = "span.ngay-dang"
  body = "div.noi-dung"
`, p.srv.URL, p.srv.URL))
	if code := h.cli("sources", "check", file); code != 0 {
		t.Fatalf("exit=%d:\n%s\n%s", code, h.out.String(), h.logs.String())
	}
	out := h.out.String()
	for _, want := range []string{
		"portal (rss) " + p.srv.URL + "/rss: 3 articles",
		"2020-12-31 14:54  hoi-nghi   Hội nghị tổng kết công tác xây dựng nông thôn mới năm 2020",
		"https://huyen.example.vn/tin-tuc/hoi-nghi-tong-ket.html",
		"chi-dao    Công văn hỏa tốc về phòng chống dịch [urgent]",
		"trang (html) " + p.srv.URL + "/tin-tuc/: 2 articles",
		"2021-03-12 08:05  chi-dao    Kế hoạch phòng chống lụt bão năm 2021",
		p.srv.URL + "/bai/bai-1.html",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(h.env["NEWSBOT_DB"]); !os.IsNotExist(err) {
		t.Fatalf("check created the database (stat err=%v)", err)
	}

	p.setStatus(500)
	if code := h.cli("sources", "check", file); code != 1 {
		t.Fatalf("exit=%d with a failing source, want 1", code)
	}
	if !strings.Contains(h.out.String(), "portal (rss) "+p.srv.URL+"/rss: FAILED: GET "+p.srv.URL+"/rss: HTTP 500") ||
		!strings.Contains(h.logs.String(), "1 of 2 sources could not be read or yielded no article") {
		t.Fatalf("output:\n%s\nlogs:\n%s", h.out.String(), h.logs.String())
	}
}

// Ensure that mistakes in calling `sources` are usage errors, and a bad
// file is refused with its name.
func TestSourcesCheckUsage(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{{"sources"}, {"sources", "list"}, {"sources", "check"}, {"sources", "check", "a", "b"}} {
		if code := h.cli(args...); code != 2 {
			t.Errorf("%q: exit=%d, want 2", args, code)
		}
	}
	bad := writeSources(t, h.dir, "[[source]]\nname = \"x\"\nurl = \"http://x.vn/\"\nkind = \"xml\"\n")
	if code := h.cli("sources", "check", bad); code != 1 || !strings.Contains(h.logs.String(), bad+`: source 1 ("x"): kind "xml"`) {
		t.Fatalf("exit=%d, logs:\n%s", code, h.logs.String())
	}
	if code := h.cli("run", "--sources", filepath.Join(h.dir, "missing.toml")); code != 1 ||
		!strings.Contains(h.logs.String(), "sources file: open") {
		t.Fatalf("run with a missing sources file: exit=%d, logs:\n%s", code, h.logs.String())
	}
}

// Ensure that, through the real store, the articles a source lists are
// stored once and only those that appear after the first poll get a push
// job, once; a changed item is updated in place without a job.
func TestSourcesStoreOncePushOnce(t *testing.T) {
	ctx := context.Background()
	p := newPortal(t)
	db, err := store.Open(filepath.Join(t.TempDir(), "newsbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Subscribe(ctx, content.Subscriber{ChatID: 42, Subscribed: true}); err != nil {
		t.Fatal(err)
	}
	cfg, err := source.ParseConfig(strings.NewReader(fmt.Sprintf("allow_private = [\"127.0.0.1\"]\n[[source]]\nname = \"portal\"\nurl = \"%s/rss\"\n", p.srv.URL)), "s.toml")
	if err != nil {
		t.Fatal(err)
	}
	woken := 0
	poller := source.New(cfg, source.Options{Sink: sourceSink{db: db, notify: func() { woken++ }},
		State: sourceStates{db: db}, Log: slog.New(slog.DiscardHandler),
		Now: func() time.Time { return time.Date(2021, 3, 15, 12, 0, 0, 0, content.VietnamZone()) }})
	poll := func() source.Result {
		t.Helper()
		res, err := poller.PollOnce(ctx, "portal")
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	poll()
	feed := addItem(readSourceFixture(t, "rss.xml"), "Hội nghị giao ban quý I", "tin-2001")
	p.setFeed(feed)
	poll()
	poll()
	p.setFeed(bytes.Replace(feed, []byte("Tin mới của huyện."), []byte("Tin mới của huyện, đã sửa."), 1))
	if res := poll(); res.Updated != 1 || res.New != 0 {
		t.Fatalf("poll after an edit: %+v", res)
	}
	n, _ := db.CountArticles(ctx)
	jobs, _ := db.RecentJobs(ctx, 10)
	if n != 4 || len(jobs) != 1 || woken != 1 {
		t.Fatalf("%d articles, jobs %+v, woken %d times; want 4, one job, once", n, jobs, woken)
	}
	a, err := db.Article(ctx, jobs[0].ArticleID)
	if err != nil || a.Title != "Hội nghị giao ban quý I" || a.Lead != "Tin mới của huyện, đã sửa." || a.Category != content.CategoryConference {
		t.Fatalf("pushed article %+v, %v", a, err)
	}
	st, err := db.SourceState(ctx, "portal")
	if err != nil || !st.FirstPollDone || st.Items != 4 || st.Pushed != 1 {
		t.Fatalf("state %+v, %v", st, err)
	}
}
