package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"newsbot/bot/telegramtest"
	"newsbot/store"
)

// commune is a commune's portal that an admin adds in the bot: an RSS feed
// the test changes at /rss, counted; a page that cannot be read at /hong;
// and, at /atom, the feed of the district portal the sources file names.
type commune struct {
	srv *httptest.Server

	mu    sync.Mutex
	feed  []byte
	fetch int // requests to /rss
	// slow holds requests to /slow until it is closed, and /hang holds
	// them until they end; slowIn and hangIn receive a value as each
	// arrives.
	slow, slowIn, hangIn chan struct{}
}

func newCommune(t *testing.T) *commune {
	t.Helper()
	c := &commune{feed: readSourceFixture(t, "rss.xml"), slow: make(chan struct{}),
		slowIn: make(chan struct{}, 10), hangIn: make(chan struct{}, 10)}
	atom := readSourceFixture(t, "atom.xml")
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/slow":
			c.slowIn <- struct{}{}
			select {
			case <-c.slow:
			case <-r.Context().Done():
				return
			}
			c.mu.Lock()
			body := c.feed
			c.mu.Unlock()
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			_, _ = w.Write(body)
		case "/rss":
			c.mu.Lock()
			c.fetch++
			body := c.feed
			c.mu.Unlock()
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			_, _ = w.Write(body)
		case "/hang":
			c.hangIn <- struct{}{}
			<-r.Context().Done()
		case "/empty":
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			_, _ = w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Xã</title></channel></rss>`))
		case "/atom":
			w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
			_, _ = w.Write(atom)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(c.srv.Close)
	return c
}

// waitIn waits until a request has arrived on in (slowIn or hangIn).
func waitIn(t *testing.T, in <-chan struct{}) {
	t.Helper()
	select {
	case <-in:
	case <-time.After(wait):
		t.Fatal("no request arrived")
	}
}

func (c *commune) setFeed(b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.feed = b
}

func (c *commune) fetches() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fetch
}

// Ensure that a source added with /sources add is polled at once by the
// running bot (its first poll stored, not pushed; a later item pushed
// once), is polled again after a restart, and stops being fetched once
// removed; an unreadable URL, a name in use and removing the file's source
// are refused and save nothing.
func TestEndToEndSourcesAddRemove(t *testing.T) {
	h := newHarness(t)
	h.createDB()
	c := newCommune(t)
	file := writeSources(t, h.dir, fmt.Sprintf(`
[[source]]
name = "portal"
url = "%s/atom"
kind = "atom"
interval = "100ms"
`, c.srv.URL))
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
	args := []string{"--sources", file, "--added-source-interval", "100ms"}
	stop := h.start(args...)
	defer func() { stop() }()
	say("/start", "Xin chào")

	say("/sources add xa-hoang-tien "+c.srv.URL+"/rss rss thong-bao", "✅ Đã thêm nguồn <b>xa-hoang-tien</b> (rss). Đọc thử thấy 3 bài")
	h.logs.waitFor(t, `msg="source polled" source=xa-hoang-tien first=true found=3 new=3 pushed=0`)
	say("/sources add xa-hong "+c.srv.URL+"/hong", "Không đọc được nguồn này nên chưa lưu: GET "+c.srv.URL+"/hong: HTTP 404")
	say("/sources add xa-trong "+c.srv.URL+"/empty", "không tìm thấy bài nào nên chưa lưu")
	say("/sources add xa-ftp ftp://xa.example.vn/rss", "Nguồn chưa hợp lệ nên chưa lưu: url &quot;ftp://xa.example.vn/rss&quot;: want an absolute http or https URL")
	say("/sources add portal "+c.srv.URL+"/rss", "Đã có nguồn tên <b>portal</b>")
	say("/sources add xa-hoang-tien "+c.srv.URL+"/rss", "Đã có nguồn tên <b>xa-hoang-tien</b>")
	say("/sources remove portal", "Nguồn <b>portal</b> được khai báo trong tệp cấu hình")

	const title = "Hội nghị giao ban xã Hoằng Tiến"
	c.setFeed(addItem(readSourceFixture(t, "rss.xml"), title, "xa-2001"))
	h.waitText(chat.ID, title, 1)
	h.logs.waitFor(t, `msg="source polled" source=xa-hoang-tien first=false found=4 new=1 pushed=1`)
	say("/sources", "<b>xa-hoang-tien</b> (rss) · 4 bài")
	stop()

	// After a restart the added source is polled again and listed.
	polled := strings.Count(h.logs.String(), `msg="source polled" source=xa-hoang-tien`)
	stop = h.start(args...)
	h.logs.waitCount(t, `msg="source polled" source=xa-hoang-tien`, polled+2)
	say("/sources", "<b>xa-hoang-tien</b> (rss) · 4 bài")

	// The 🗑 button, confirmed, removes a source added in the bot.
	say("/sources add xa-b "+c.srv.URL+"/rss", "✅ Đã thêm nguồn <b>xa-b</b> (feed)")
	say("/sources", "<b>xa-b</b> (feed)")
	msgs := h.api.Messages(chat.ID)
	list := msgs[len(msgs)-1].MessageID
	h.api.PressButton(an, chat, list, "src:d:xa-b")
	h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool {
		for _, c := range calls {
			if c.Method == "editMessageText" && strings.Contains(c.Params["text"], "Xóa nguồn <b>xa-b</b>?") {
				return true
			}
		}
		return false
	})
	h.api.PressButton(an, chat, list, "src:dy:xa-b")
	h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool {
		for _, c := range calls {
			if c.Method == "editMessageText" && strings.Contains(c.Params["text"], "<b>xa-hoang-tien</b>") &&
				!strings.Contains(c.Params["text"], "<b>xa-b</b>") {
				return true
			}
		}
		return false
	})

	say("/sources remove xa-hoang-tien", "Đã xóa nguồn xa-hoang-tien.")
	// A request under way when it was removed has arrived once the file's
	// source has polled twice more; after that, none arrives.
	portalPolls := func() int { return strings.Count(h.logs.String(), `msg="source polled" source=portal`) }
	h.logs.waitCount(t, `msg="source polled" source=portal`, portalPolls()+2)
	before := c.fetches()
	h.logs.waitCount(t, `msg="source polled" source=portal`, portalPolls()+5)
	if got := c.fetches(); got != before {
		t.Fatalf("the removed source was fetched %d more times", got-before)
	}
	stop()
	stop = func() {}

	var texts []string // the pushes: not the answer to /sources add, which shows titles
	for _, text := range textsTo(h.api.Calls(), chat.ID) {
		if !strings.Contains(text, "Đã thêm nguồn") {
			texts = append(texts, text)
		}
	}
	if n := countContaining(texts, title); n != 1 {
		t.Errorf("the new item was pushed %d times, want once", n)
	}
	if n := countContaining(texts, "Hội nghị tổng kết công tác xây dựng nông thôn mới năm 2020"); n != 0 {
		t.Errorf("an item listed at the first poll was pushed %d times", n)
	}
	db := h.openDB(store.Options{})
	ctx := context.Background()
	if added, err := db.AddedSources(ctx); err != nil || len(added) != 0 {
		t.Fatalf("added sources after the removal: %+v, %v", added, err)
	}
	if n, _ := db.CountArticles(ctx); n < 4 {
		t.Errorf("%d articles: the removed source's articles were not kept", n)
	}
	audit, err := db.Audit(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range audit {
		actions = append(actions, e.Action)
	}
	if got := strings.Join(actions, " "); got != "source.remove source.remove source.add source.add admin.add" {
		t.Errorf("audit %q, want the CLI's admin.add, two source.add and two source.remove (nothing for the refusals)", got)
	}
}

// Ensure that the test read of /sources add does not hold up the bot:
// while a portal keeps it waiting, the admin is told the source is being
// read and another person's command is answered; the result follows when
// the portal answers; and a read still under way when the bot stops is
// cut short, with the admin told that nothing was saved.
func TestEndToEndSourcesAddDoesNotBlockOthers(t *testing.T) {
	h := newHarness(t)
	h.createDB()
	c := newCommune(t)
	if code := h.cli("admin", "add", "101"); code != 0 {
		t.Fatalf("admin add: exit=%d", code)
	}
	an, binh := h.api.User(101, "vi"), h.api.User(102, "en")
	anChat, binhChat := h.api.PrivateChat(an), h.api.PrivateChat(binh)
	stop := h.start("--added-source-interval", "1h")
	defer func() { stop() }()

	h.api.SendText(an, anChat, "/sources add xa-cham "+c.srv.URL+"/slow rss")
	h.waitText(anChat.ID, "Đang đọc thử nguồn…", 1)
	waitIn(t, c.slowIn)
	h.api.SendText(binh, binhChat, "/start")
	h.waitText(binhChat.ID, "Hello", 1) // answered while the read waits
	if n := countContaining(textsTo(h.api.Calls(), anChat.ID), "Đã thêm nguồn"); n != 0 {
		t.Fatal("the source was added before the portal answered")
	}
	close(c.slow)
	h.waitText(anChat.ID, "✅ Đã thêm nguồn <b>xa-cham</b> (rss). Đọc thử thấy 3 bài", 1)

	// A read under way when the bot stops.
	h.api.SendText(an, anChat, "/sources add xa-treo "+c.srv.URL+"/hang rss")
	h.waitText(anChat.ID, "Đang đọc thử nguồn…", 2)
	waitIn(t, c.hangIn)
	stop()
	stop = func() {}
	h.waitText(anChat.ID, "Bot đang dừng nên chưa đọc xong nguồn và chưa lưu gì.", 1)

	db := h.openDB(store.Options{})
	added, err := db.AddedSources(context.Background())
	if err != nil || len(added) != 1 || added[0].Name != "xa-cham" {
		t.Fatalf("added sources %+v, %v; want xa-cham only", added, err)
	}
}

// Ensure that with as many sources added in the bot as allowed, /sources
// add is refused before any read, in the admin's language, and saves
// nothing.
func TestEndToEndSourcesAddLimit(t *testing.T) {
	h := newHarness(t)
	h.createDB()
	c := newCommune(t)
	for _, id := range []string{"101", "102"} {
		if code := h.cli("admin", "add", id); code != 0 {
			t.Fatalf("admin add: exit=%d", code)
		}
	}
	db := h.openDB(store.Options{})
	ctx := context.Background()
	for i := range store.MaxAddedSources {
		if _, err := db.AddSource(ctx, store.AddedSource{Name: fmt.Sprintf("xa-%d", i), URL: c.srv.URL + "/rss"}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	an, binh := h.api.User(101, "vi"), h.api.User(102, "en")
	stop := h.start("--added-source-interval", "1h")
	defer func() { stop() }()
	h.api.SendText(an, h.api.PrivateChat(an), "/sources add xa-moi "+c.srv.URL+"/hang")
	h.waitText(an.ID, "Đã có 30 nguồn thêm trong bot, là số tối đa, nên chưa lưu nguồn này.", 1)
	h.api.SendText(binh, h.api.PrivateChat(binh), "/sources add xa-moi "+c.srv.URL+"/hang")
	h.waitText(binh.ID, "30 sources are added in the bot already, the most allowed, so this one was not saved.", 1)
	stop()
	stop = func() {}
	if n := len(c.hangIn); n != 0 {
		t.Errorf("the source was read %d times before the refusal", n)
	}
	db = h.openDB(store.Options{})
	if list, err := db.AddedSources(ctx); err != nil || len(list) != store.MaxAddedSources {
		t.Fatalf("%d added sources, %v", len(list), err)
	}
}

// Ensure that a source added in the bot whose name the sources file now
// defines is named in a warning at start saying how to clear it, and that
// /sources remove deletes the stored copy while the file's source keeps
// being polled; once cleared, the name is the file's and is refused.
func TestEndToEndSourcesRemoveShadowedAdded(t *testing.T) {
	h := newHarness(t)
	h.createDB()
	c := newCommune(t)
	if code := h.cli("admin", "add", "101"); code != 0 {
		t.Fatalf("admin add: exit=%d", code)
	}
	db := h.openDB(store.Options{})
	ctx := context.Background()
	if _, err := db.AddSource(ctx, store.AddedSource{Name: "portal", URL: c.srv.URL + "/rss"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	file := writeSources(t, h.dir, fmt.Sprintf(`
[[source]]
name = "portal"
url = "%s/atom"
kind = "atom"
interval = "100ms"
`, c.srv.URL))
	an := h.api.User(101, "vi")
	chat := h.api.PrivateChat(an)
	stop := h.start("--sources", file)
	defer func() { stop() }()
	h.logs.waitFor(t, "to clear it, send /sources remove portal in the bot")

	h.api.SendText(an, chat, "/sources remove portal")
	h.waitText(chat.ID, "Đã xóa nguồn portal.", 1)
	polls := strings.Count(h.logs.String(), `msg="source polled" source=portal`)
	h.logs.waitCount(t, `msg="source polled" source=portal`, polls+2) // the file's source keeps running
	h.api.SendText(an, chat, "/sources remove portal")
	h.waitText(chat.ID, "Nguồn <b>portal</b> được khai báo trong tệp cấu hình", 1)
	stop()
	stop = func() {}

	db = h.openDB(store.Options{ReadOnly: true})
	if added, err := db.AddedSources(ctx); err != nil || len(added) != 0 {
		t.Fatalf("added sources %+v, %v; want none", added, err)
	}
	if st, err := db.SourceState(ctx, "portal"); err != nil || !st.FirstPollDone {
		t.Fatalf("the file's source's state: %+v, %v", st, err)
	}
}
