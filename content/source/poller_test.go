package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"newsbot/content"
)

const rssType = "application/rss+xml; charset=utf-8"

// withItem returns an RSS feed with item added before its first item.
func withItem(feed []byte, item string) []byte {
	return bytes.Replace(feed, []byte("<item>"), []byte(item+"\n<item>"), 1)
}

const newRSSItem = `<item>
  <title>Hội nghị sơ kết 6 tháng đầu năm 2021</title>
  <link>https://huyen.example.vn/tin-tuc/so-ket-6-thang.html?utm_source=rss</link>
  <guid isPermaLink="false">tin-1004</guid>
  <pubDate>Thứ hai, 15/03/2021 08:00</pubDate>
  <description>Huyện ủy tổ chức hội nghị sơ kết.</description>
</item>`

func feedSource(name, url string, kind Kind) Source {
	return Source{Name: name, URL: url, Kind: kind, Interval: time.Minute, MaxItems: DefaultMaxItems}
}

// Ensure that a source's first poll stores what it lists without pushing,
// an unchanged feed is a 304, a new item is pushed once, and polling again
// stores and pushes nothing twice.
func TestPollFirstQuietThenNewPushedOnce(t *testing.T) {
	s := newSite(t)
	feed := fixture(t, "rss.xml")
	s.set("/rss", page{body: feed, contentType: rssType, etag: `"1"`})
	r := newRig(t, Config{Sources: []Source{feedSource("portal", s.url("/rss"), KindRSS)}})

	res := r.poll(t, "portal")
	if !res.First || res.New != 3 || res.Pushed != 0 || r.sink.count() != 3 {
		t.Fatalf("first poll: %+v, %d stored", res, r.sink.count())
	}
	if res = r.poll(t, "portal"); !res.NotModified || res.New != 0 {
		t.Fatalf("unchanged feed: %+v", res)
	}
	if got := s.requests("/rss")[1].Header.Get("If-None-Match"); got != `"1"` {
		t.Fatalf("If-None-Match %q", got)
	}

	s.set("/rss", page{body: withItem(feed, newRSSItem), contentType: rssType, etag: `"2"`})
	res = r.poll(t, "portal")
	if res.First || res.New != 1 || res.Pushed != 1 || res.Updated != 0 {
		t.Fatalf("poll with a new item: %+v", res)
	}
	s.set("/rss", page{body: withItem(feed, newRSSItem), contentType: rssType}) // no validators: read in full
	for range 2 {
		if res = r.poll(t, "portal"); res.New != 0 || res.Pushed != 0 || res.Found != 4 {
			t.Fatalf("polling again: %+v", res)
		}
	}
	if got := r.sink.pushedTitles(); !reflect.DeepEqual(got, []string{"Hội nghị sơ kết 6 tháng đầu năm 2021"}) {
		t.Fatalf("pushed %q", got)
	}
	a, _ := r.sink.byTitle("Hội nghị sơ kết 6 tháng đầu năm 2021")
	if a.SourceURL != "https://huyen.example.vn/tin-tuc/so-ket-6-thang.html" || a.Category != content.CategoryConference ||
		!a.Published.Equal(time.Date(2021, 3, 15, 8, 0, 0, 0, content.VietnamZone())) {
		t.Fatalf("stored %+v", a)
	}
	st := r.state.get("portal")
	if !st.FirstPollDone || st.Items != 4 || st.Pushed != 1 || st.ETag != "" || st.Failures != 0 || st.LastPoll.IsZero() {
		t.Fatalf("state %+v", st)
	}
}

// Ensure that an item whose text changes is updated in place, not pushed
// and not stored twice.
func TestPollChangedItemUpdatedNotPushed(t *testing.T) {
	s := newSite(t)
	s.set("/rss", page{body: fixture(t, "rss.xml"), contentType: rssType})
	r := newRig(t, Config{Sources: []Source{feedSource("portal", s.url("/rss"), KindRSS)}})
	r.poll(t, "portal")
	s.set("/rss", page{body: fixture(t, "changed.rss"), contentType: rssType})
	res := r.poll(t, "portal")
	if res.New != 0 || res.Pushed != 0 || res.Updated != 1 || r.sink.count() != 3 {
		t.Fatalf("changed feed: %+v, %d stored", res, r.sink.count())
	}
	a, _ := r.sink.byTitle("Hội nghị tổng kết công tác xây dựng nông thôn mới năm 2020")
	if len(a.Body) == 0 || a.Body[0] != "Đến dự có lãnh đạo các xã, thị trấn và đại biểu tỉnh." {
		t.Fatalf("body not updated: %q", a.Body)
	}
	if res = r.poll(t, "portal"); res.Updated != 0 {
		t.Fatalf("an unchanged item was updated again: %+v", res)
	}
}

// Ensure that items without GUIDs are told apart by canonical URL, else by
// the hash of title and date, and stored once.
func TestPollFeedWithoutGUIDs(t *testing.T) {
	s := newSite(t)
	feed := fixture(t, "noguid.rss")
	s.set("/rss", page{body: feed, contentType: rssType})
	r := newRig(t, Config{Sources: []Source{feedSource("xa", s.url("/rss"), KindFeed)}})
	if res := r.poll(t, "xa"); res.New != 2 {
		t.Fatalf("first poll %+v", res)
	}
	a, ok := r.sink.byTitle("Xã tổ chức tiêm chủng mở rộng")
	want := content.Article{SourceURL: "https://xa.example.vn/tin/tiem-chung.html"}
	if !ok || a.SourceURL != want.SourceURL || a.ID != want.DeriveID() {
		t.Fatalf("linked item stored as %+v", a)
	}
	b, _ := r.sink.byTitle("Thông báo mất điện ngày 15/3")
	if b.SourceURL != "" || b.Category != content.CategoryAnnouncement ||
		!b.Published.Equal(time.Date(2021, 3, 12, 8, 5, 9, 0, content.VietnamZone())) {
		t.Fatalf("unlinked item stored as %+v", b)
	}
	s.set("/rss", page{body: withItem(feed, `<item><title>Lịch cắt nước</title><description>Cắt nước thứ bảy.</description></item>`), contentType: rssType})
	for range 2 {
		r.poll(t, "xa")
	}
	if got := r.sink.pushedTitles(); !reflect.DeepEqual(got, []string{"Lịch cắt nước"}) {
		t.Fatalf("pushed %q", got)
	}
	if r.sink.count() != 3 {
		t.Fatalf("%d stored, want 3", r.sink.count())
	}
}

// Ensure that Atom and JSON Feed sources are read and categorised.
func TestPollAtomAndJSONFeed(t *testing.T) {
	s := newSite(t)
	s.set("/atom", page{body: fixture(t, "atom.xml"), contentType: "application/atom+xml"})
	s.set("/json", page{body: fixture(t, "feed.json"), contentType: "application/feed+json"})
	r := newRig(t, Config{Sources: []Source{feedSource("atom", s.url("/atom"), KindAtom), feedSource("json", s.url("/json"), KindJSONFeed)}})
	r.poll(t, "atom")
	r.poll(t, "json")
	for title, cat := range map[string]content.Category{
		"Kế hoạch triển khai Nghị quyết Đại hội Đảng bộ huyện": content.CategoryDirective,
		"Ra quân dọn vệ sinh môi trường":                       content.CategoryNews,
		"Chỉ thị về tăng cường công tác dân vận":               content.CategoryDirective,
		"Giải bóng đá thanh niên":                              content.CategoryNews,
	} {
		a, ok := r.sink.byTitle(title)
		if !ok || a.Category != cat {
			t.Errorf("%q: stored %v as %q, want %q", title, ok, a.Category, cat)
		}
	}
	if a, _ := r.sink.byTitle("Chỉ thị về tăng cường công tác dân vận"); a.Author != "Ban Dân vận" || len(a.Images) != 1 ||
		a.Images[0].Name != "dan-van.jpg" || a.Lead != "Ban Thường vụ Huyện ủy ban hành chỉ thị." {
		t.Errorf("JSON item stored as %+v", a)
	}
}

func htmlSite(t *testing.T) *site {
	s := newSite(t)
	s.set("/tin-tuc/", page{body: fixture(t, "listing.html"), contentType: "text/html; charset=utf-8", etag: `"l1"`})
	s.set("/bai/bai-1.html", page{body: fixture(t, "bai-1.html"), contentType: "text/html"})
	s.set("/tin-tuc/bai/bai-2.html", page{body: fixture(t, "bai-2.html"), contentType: "text/html"})
	s.set("/tin-tuc/bai/bai-3.html", page{body: fixture(t, "cp1258.html"), contentType: "text/html"})
	return s
}

func htmlSource(url string) Source {
	return Source{Name: "trang", URL: url, Kind: KindHTML, Interval: time.Minute, MaxItems: 10,
		Selectors: Selectors{List: "ul.tin-moi li a", Title: "h1.tieu-de", Published: "span.ngay-dang",
			Body: "div.noi-dung", Author: "p.tac-gia", Image: "div.noi-dung img", Section: "div.chuyen-muc"}}
}

// Ensure that a portal without a feed is read from its listing and article
// pages: each page fetched once, the first poll quiet, a new link pushed,
// a Windows-1258 page read right.
func TestPollHTMLSource(t *testing.T) {
	s := htmlSite(t)
	r := newRig(t, Config{Sources: []Source{htmlSource(s.url("/tin-tuc/"))}})
	if res := r.poll(t, "trang"); res.New != 2 || res.Pushed != 0 || res.Found != 2 {
		t.Fatalf("first poll %+v", res)
	}
	a, _ := r.sink.byTitle("Hội nghị chuyển đổi số huyện năm 2021")
	if a.Author != "Minh Anh" || a.Category != content.CategoryConference || a.Lead == "" || len(a.Images) != 1 {
		t.Fatalf("page with selectors stored as %+v", a)
	}
	if b, ok := r.sink.byTitle("Kế hoạch phòng chống lụt bão năm 2021"); !ok || b.Category != content.CategoryDirective || len(b.Body) != 2 {
		t.Fatalf("page by fallbacks stored as %+v", b)
	}
	if res := r.poll(t, "trang"); !res.NotModified {
		t.Fatalf("unchanged listing: %+v", res)
	}
	listing := bytes.Replace(fixture(t, "listing.html"), []byte(`<ul class="tin-moi">`),
		[]byte(`<ul class="tin-moi"><li><a href="bai/bai-3.html">Thông báo tuyển dụng viên chức năm 2021</a></li>`), 1)
	s.set("/tin-tuc/", page{body: listing, contentType: "text/html", etag: `"l2"`})
	res := r.poll(t, "trang")
	if res.New != 1 || res.Pushed != 1 {
		t.Fatalf("poll with a new link: %+v", res)
	}
	if got := r.sink.pushedTitles(); !reflect.DeepEqual(got, []string{"Thông báo tuyển dụng viên chức năm 2021"}) {
		t.Fatalf("pushed %q", got)
	}
	for _, p := range []string{"/bai/bai-1.html", "/tin-tuc/bai/bai-2.html", "/tin-tuc/bai/bai-3.html"} {
		if n := len(s.requests(p)); n != 1 {
			t.Errorf("%s fetched %d times, want once", p, n)
		}
	}
	c, _ := r.sink.byTitle("Thông báo tuyển dụng viên chức năm 2021")
	if c.Category != content.CategoryAnnouncement || !strings.Contains(c.Lead+strings.Join(c.Body, " "), "sự nghiệp giáo dục") {
		t.Fatalf("Windows-1258 page stored as %+v", c)
	}
}

// Ensure that an article page that fails at the first poll is retried, and
// when stored later is not pushed: it was listed before newsbot looked.
func TestPollFirstPollBacklog(t *testing.T) {
	s := htmlSite(t)
	s.set("/tin-tuc/bai/bai-2.html", page{status: 500})
	r := newRig(t, Config{Sources: []Source{htmlSource(s.url("/tin-tuc/"))}})
	res := r.poll(t, "trang")
	if res.New != 1 || res.Failed != 1 {
		t.Fatalf("first poll %+v", res)
	}
	st := r.state.get("trang")
	if !st.FirstPollDone || st.ETag != "" || !reflect.DeepEqual(st.Backlog, []string{s.url("/tin-tuc/bai/bai-2.html")}) {
		t.Fatalf("state after a partial first poll: %+v", st)
	}
	s.set("/tin-tuc/bai/bai-2.html", page{body: fixture(t, "bai-2.html"), contentType: "text/html"})
	if res := r.poll(t, "trang"); res.New != 1 || res.Pushed != 0 || res.NotModified {
		t.Fatalf("second poll %+v", res)
	}
	if st := r.state.get("trang"); len(st.Backlog) != 0 || st.ETag != `"l1"` {
		t.Fatalf("state %+v", st)
	}
}

// Ensure that failures back off exponentially up to the limit, the admins
// are told once, and told again when the source recovers.
func TestPollFailureStreak(t *testing.T) {
	s := newSite(t)
	s.set("/rss", page{status: 500})
	r := newRig(t, Config{Sources: []Source{feedSource("portal", s.url("/rss"), KindRSS)}, MaxBackoff: 10 * time.Minute, FailThreshold: 3})
	var waits []time.Duration
	for i := range 7 {
		_, err := r.p.PollOnce(context.Background(), "portal")
		var se *StatusError
		if !errors.As(err, &se) || se.Code != 500 {
			t.Fatalf("poll %d: err = %v", i+1, err)
		}
		st := r.state.get("portal")
		waits = append(waits, st.NextPoll.Sub(r.clock.Now()))
		if st.Failures != i+1 || !strings.Contains(st.LastError, "500") {
			t.Fatalf("poll %d: state %+v", i+1, st)
		}
		r.clock.Advance(time.Hour)
	}
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 10 * time.Minute, 10 * time.Minute, 10 * time.Minute}
	if !reflect.DeepEqual(waits, want) {
		t.Fatalf("waits %v, want %v", waits, want)
	}
	failing, recovered := r.hooks()
	if len(failing) != 1 || !strings.HasPrefix(failing[0], "portal: ") || !strings.Contains(failing[0], "500") || len(recovered) != 0 {
		t.Fatalf("hooks: failing %q, recovered %q", failing, recovered)
	}
	s.set("/rss", page{body: fixture(t, "rss.xml"), contentType: rssType})
	r.poll(t, "portal")
	r.poll(t, "portal")
	failing, recovered = r.hooks()
	if len(failing) != 1 || !reflect.DeepEqual(recovered, []string{"portal"}) {
		t.Fatalf("after recovery: failing %q, recovered %q", failing, recovered)
	}
	if st := r.state.get("portal"); st.Failures != 0 || st.LastError != "" || st.FailingNotified || st.NextPoll.Sub(r.clock.Now()) != time.Minute {
		t.Fatalf("state after recovery %+v", st)
	}
}

// Ensure that a 20 MiB answer is refused with a clear log line and counts
// as a failure.
func TestPollRefusesHugeBody(t *testing.T) {
	s := newSite(t)
	s.set("/rss", page{body: bytes.Repeat([]byte("<!-- padding -->"), 20<<20/16), contentType: rssType})
	r := newRig(t, Config{Sources: []Source{feedSource("portal", s.url("/rss"), KindRSS)}})
	if _, err := r.p.PollOnce(context.Background(), "portal"); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v", err)
	}
	if logs := r.logs.String(); !strings.Contains(logs, "larger than the limit") || !strings.Contains(logs, "limit_bytes=5242880") {
		t.Fatalf("logs:\n%s", logs)
	}
	if st := r.state.get("portal"); st.Failures != 1 || r.sink.count() != 0 {
		t.Fatalf("state %+v", st)
	}
}

// Ensure that a permanent redirect moves the source for good, and a
// temporary one does not.
func TestPollPermanentRedirect(t *testing.T) {
	s := newSite(t)
	s.set("/old", page{status: 301, location: "/new"})
	s.set("/tmp", page{status: 302, location: "/new"})
	s.set("/new", page{body: fixture(t, "rss.xml"), contentType: rssType})
	r := newRig(t, Config{Sources: []Source{feedSource("moved", s.url("/old"), KindRSS), feedSource("temp", s.url("/tmp"), KindRSS)}})
	if res := r.poll(t, "moved"); res.Moved != s.url("/new") {
		t.Fatalf("result %+v", res)
	}
	r.poll(t, "moved")
	if n := len(s.requests("/old")); n != 1 {
		t.Fatalf("the old URL was asked %d times, want once", n)
	}
	if st := r.state.get("moved"); st.URL != s.url("/new") || st.ConfiguredURL != s.url("/old") {
		t.Fatalf("state %+v", st)
	}
	r.poll(t, "temp")
	r.poll(t, "temp")
	if n := len(s.requests("/tmp")); n != 2 || r.state.get("temp").URL != s.url("/tmp") {
		t.Fatalf("a temporary redirect moved the source (%d requests)", n)
	}
	// The file changes the URL: the stored one is forgotten.
	r.p.cfg.Sources[0].URL = s.url("/tmp")
	r.poll(t, "moved")
	if st := r.state.get("moved"); st.URL != s.url("/tmp") {
		t.Fatalf("state after the file changed: %+v", st)
	}
}

// Ensure that a paused source is not fetched.
func TestPollPaused(t *testing.T) {
	s := newSite(t)
	s.set("/rss", page{body: fixture(t, "rss.xml"), contentType: rssType})
	r := newRig(t, Config{Sources: []Source{feedSource("portal", s.url("/rss"), KindRSS)}})
	r.state.pause("portal", true)
	if _, err := r.p.PollOnce(context.Background(), "portal"); !errors.Is(err, ErrPaused) {
		t.Fatalf("err = %v", err)
	}
	if n := len(s.requests("/rss")); n != 0 {
		t.Fatalf("%d requests to a paused source", n)
	}
	r.state.pause("portal", false)
	r.poll(t, "portal")
	if !r.state.get("portal").FirstPollDone {
		t.Fatal("the resumed source was not polled")
	}
}

// Ensure that a new but old item is stored without a push, and an urgent
// one is pushed as urgent.
func TestPollAgeAndUrgency(t *testing.T) {
	s := newSite(t)
	feed := fixture(t, "rss.xml")
	s.set("/rss", page{body: feed, contentType: rssType})
	cfg := Config{Sources: []Source{feedSource("portal", s.url("/rss"), KindRSS)}, PushMaxAge: 48 * time.Hour}
	r := newRig(t, cfg)
	r.poll(t, "portal")
	old := `<item><title>Tin cũ đăng lại</title><guid>cu-1</guid><pubDate>01/03/2021 08:00</pubDate></item>`
	urgent := `<item><title>Công văn khẩn về phòng chống cháy rừng</title><guid>khan-1</guid><pubDate>15/03/2021 09:00</pubDate></item>`
	s.set("/rss", page{body: withItem(withItem(feed, old), urgent), contentType: rssType})
	if res := r.poll(t, "portal"); res.New != 2 || res.Pushed != 1 {
		t.Fatalf("poll %+v", res)
	}
	if got := r.sink.pushedTitles(); !reflect.DeepEqual(got, []string{"Công văn khẩn về phòng chống cháy rừng"}) {
		t.Fatalf("pushed %q", got)
	}
	a, _ := r.sink.byTitle("Công văn khẩn về phòng chống cháy rừng")
	if !r.sink.urgent[a.ID] || a.Category != content.CategoryDirective {
		t.Fatalf("urgent item pushed as %+v, urgent=%v", a, r.sink.urgent[a.ID])
	}
}

// Ensure that a store that fails leaves items to the next poll, which
// pushes them once.
func TestPollSinkFailure(t *testing.T) {
	s := newSite(t)
	feed := fixture(t, "rss.xml")
	s.set("/rss", page{body: feed, contentType: rssType, etag: `"1"`})
	r := newRig(t, Config{Sources: []Source{feedSource("portal", s.url("/rss"), KindRSS)}})
	r.poll(t, "portal")
	s.set("/rss", page{body: withItem(feed, newRSSItem), contentType: rssType, etag: `"2"`})
	r.sink.mu.Lock()
	r.sink.fail = errors.New("disk full")
	r.sink.mu.Unlock()
	if res, err := r.p.PollOnce(context.Background(), "portal"); err == nil || res.Failed != 4 {
		t.Fatalf("poll with a failing store: %+v, %v", res, err)
	}
	r.sink.mu.Lock()
	r.sink.fail = nil
	r.sink.mu.Unlock()
	if res := r.poll(t, "portal"); res.NotModified || res.Pushed != 1 {
		t.Fatalf("poll after the store recovered: %+v", res)
	}
	if r.state.get("portal").ETag != `"2"` {
		t.Fatal("validators not stored after a complete poll")
	}
}

// Ensure that Check reads a source without storing or remembering
// anything, and says what it would import.
func TestCheck(t *testing.T) {
	s := htmlSite(t)
	r := newRig(t, Config{Sources: []Source{htmlSource(s.url("/tin-tuc/"))}})
	ch := r.p.Check(context.Background(), r.p.Config().Sources[0])
	if ch.Err != nil || len(ch.Articles) != 2 || len(ch.Urgent) != 2 || ch.URL != s.url("/tin-tuc/") {
		t.Fatalf("check: %+v", ch)
	}
	if ch.Articles[0].Category != content.CategoryConference || ch.Articles[1].Category != content.CategoryDirective {
		t.Fatalf("categories: %q, %q", ch.Articles[0].Category, ch.Articles[1].Category)
	}
	if r.sink.count() != 0 || r.state.get("trang").Name != "" {
		t.Fatal("check wrote something")
	}
	s.set("/tin-tuc/", page{status: 404})
	if ch := r.p.Check(context.Background(), r.p.Config().Sources[0]); ch.Err == nil {
		t.Fatal("a missing listing checked fine")
	}
}

// Ensure that Run polls each source when its wait is over, waits the
// interval after, and returns when its context is done.
func TestRunSchedulesPolls(t *testing.T) {
	s := newSite(t)
	s.set("/rss", page{body: fixture(t, "rss.xml"), contentType: rssType})
	r := newRig(t, Config{Sources: []Source{feedSource("portal", s.url("/rss"), KindRSS)}})
	waits := make(chan time.Duration)
	fire := make(chan time.Time)
	r.p.opts.After = func(d time.Duration) <-chan time.Time {
		waits <- d
		return fire
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.p.Run(ctx) }()
	if d := <-waits; d != 2500*time.Millisecond {
		t.Fatalf("first wait %v, want half of the 5 s start spread", d)
	}
	fire <- time.Time{}
	if d := <-waits; d != time.Minute {
		t.Fatalf("wait after a poll %v, want the interval", d)
	}
	if r.sink.count() != 3 {
		t.Fatalf("%d stored after the first poll", r.sink.count())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// After a restart the stored next poll is kept.
	r.clock.Advance(20 * time.Second)
	ctx, cancel = context.WithCancel(context.Background())
	go func() { done <- r.p.Run(ctx) }()
	if d := <-waits; d != 40*time.Second {
		t.Fatalf("first wait after a restart %v, want the rest of the interval", d)
	}
	cancel()
	<-done
}

// Ensure that OnPolled is told each poll that reached the source, with its
// error, and not a paused source's.
func TestPollTellsOnPolled(t *testing.T) {
	s := newSite(t)
	s.set("/rss", page{body: fixture(t, "rss.xml"), contentType: rssType})
	r := newRig(t, Config{Sources: []Source{feedSource("portal", s.url("/rss"), KindRSS)}})
	var told []string
	r.p.opts.OnPolled = func(name string, res Result, err error) {
		told = append(told, fmt.Sprintf("%s found=%d err=%v", name, res.Found, err))
	}
	r.state.pause("portal", true)
	if _, err := r.p.PollOnce(context.Background(), "portal"); !errors.Is(err, ErrPaused) {
		t.Fatalf("err = %v", err)
	}
	r.state.pause("portal", false)
	r.poll(t, "portal")
	s.set("/rss", page{status: 500})
	if _, err := r.p.PollOnce(context.Background(), "portal"); err == nil {
		t.Fatal("a 500 answer did not fail the poll")
	}
	if len(told) != 2 || told[0] != "portal found=3 err=<nil>" || !strings.HasPrefix(told[1], "portal found=0 err=") || !strings.Contains(told[1], "500") {
		t.Fatalf("OnPolled was told %q, want one success then one failure", told)
	}
}
