package bot_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/content/contenttest"
	"newsbot/store"
)

// digestEnv is a bot and its store sharing a fake clock, which a test can
// restart on the same database file.
type digestEnv struct {
	t     *testing.T
	api   *telegramtest.Server
	clock *contenttest.Clock
	path  string
	db    *store.DB
	bot   *bot.Bot
	stop  func()
}

func newDigestEnv(t *testing.T, start time.Time) *digestEnv {
	checkLeaks(t)
	e := &digestEnv{t: t, api: telegramtest.New(t, pushToken), clock: contenttest.NewClock(start),
		path: filepath.Join(t.TempDir(), "digest.db")}
	t.Cleanup(e.close)
	e.open()
	return e
}

// open opens the store and starts a bot with its delivery worker.
func (e *digestEnv) open() {
	e.t.Helper()
	db, err := store.Open(e.path, store.Options{Now: e.clock.Now})
	if err != nil {
		e.t.Fatal(err)
	}
	hc := bot.NewHTTPClient()
	client, err := bot.NewClient(context.Background(), e.api.URL(), pushToken, hc)
	if err != nil {
		e.t.Fatal(err)
	}
	e.db = db
	e.bot = bot.New(bot.Config{Client: client, Store: db, Now: e.clock.Now, Delivery: fastDelivery()})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.bot.Deliver(ctx) }()
	e.stop = func() {
		cancel()
		if err := <-done; err != nil {
			e.t.Errorf("Deliver: %v", err)
		}
		hc.CloseIdleConnections()
		if err := db.Close(); err != nil {
			e.t.Error(err)
		}
	}
}

func (e *digestEnv) close() {
	if e.stop != nil {
		e.stop()
		e.stop = nil
	}
}

// restart stops the bot and starts a new one on the same file.
func (e *digestEnv) restart() {
	e.close()
	e.open()
}

func (e *digestEnv) check() bool {
	e.t.Helper()
	started, err := e.bot.CheckDigest(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return started
}

// Ensure that a digest reader gets no message per article, only urgent
// ones, and at 07:00 one digest listing its articles, linked, with buttons;
// that a restart at 07:00 sends no second digest; and that a day with
// nothing to read sends nothing.
func TestDigestThroughTelegram(t *testing.T) {
	ctx := context.Background()
	zone := content.VietnamZone()
	e := newDigestEnv(t, time.Date(2026, 3, 11, 15, 0, 0, 0, zone))
	if _, err := e.db.SubscribeMany(ctx, []content.Subscriber{{ChatID: 1, Lang: "vi"}, {ChatID: 2, Lang: "en"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.SetPreferences(ctx, 2, func(s *content.Subscriber) { s.SetDigest(true, e.clock.Now()) }); err != nil {
		t.Fatal(err)
	}
	if !e.check() { // the first run ever records its time
		t.Fatal("no first digest run")
	}

	var want []string
	for i, title := range []string{"Tin thứ nhất", "Hoả tốc: họp khẩn", "Tin thứ ba <b>"} {
		e.clock.Set(e.clock.Now().Add(time.Hour))
		a := news(title, "")
		a.SourceURL = "https://example.vn/tin-" + string(rune('a'+i))
		res, err := e.db.PublishArticle(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		e.bot.Notify()
		if res.Job.ID != 0 {
			waitDone(t, e.db, res.Job.ID)
		}
		if !content.IsUrgent(title) {
			want = append(want, title)
		}
	}
	if got := len(telegramtest.SentTo(e.api.Calls(), 2)); got != 1 {
		t.Fatalf("the digest reader got %d messages before 07:00, want only the urgent one", got)
	}
	if got := len(telegramtest.SentTo(e.api.Calls(), 1)); got != 3 {
		t.Fatalf("the other reader got %d messages, want 3", got)
	}

	e.clock.Set(time.Date(2026, 3, 12, 6, 59, 59, 0, zone))
	if e.check() {
		t.Fatal("a digest started before 07:00")
	}
	e.restart()
	e.clock.Set(time.Date(2026, 3, 12, 7, 0, 1, 0, zone))
	if !e.check() {
		t.Fatal("no digest at 07:00")
	}
	calls := e.api.WaitCalls(t, pushWait, func(calls []telegramtest.Call) bool {
		return len(telegramtest.SentTo(calls, 2)) == 2
	})
	digest := telegramtest.SentTo(calls, 2)[1]
	text := digest.Params["text"]
	if !strings.Contains(text, "Daily digest") || !strings.Contains(text, "2 new articles") {
		t.Fatalf("digest text (English reader):\n%s", text)
	}
	for _, title := range want {
		if !strings.Contains(text, strings.ReplaceAll(strings.ReplaceAll(title, "<", "&lt;"), ">", "&gt;")) {
			t.Fatalf("digest lacks %q:\n%s", title, text)
		}
	}
	if strings.Contains(text, "Hoả tốc") || strings.Contains(text, "<b>\n") || !strings.Contains(text, "Tin thứ ba &lt;b&gt;") {
		t.Fatalf("digest lists the urgent article or does not escape titles:\n%s", text)
	}
	if !strings.Contains(text, `<a href="https://example.vn/tin-a">`) {
		t.Fatalf("digest titles are not linked:\n%s", text)
	}
	if !strings.Contains(digest.Params["reply_markup"], `"callback_data":"a:`) {
		t.Fatalf("digest has no read buttons: %s", digest.Params["reply_markup"])
	}
	if got := len(telegramtest.SentTo(calls, 1)); got != 3 {
		t.Fatalf("a reader without digest got %d messages, want 3 (no digest)", got)
	}

	// A restart at 07:01 starts nothing and sends nothing more.
	e.restart()
	e.clock.Set(time.Date(2026, 3, 12, 7, 1, 0, 0, zone))
	if e.check() {
		t.Fatal("a second digest started after a restart")
	}
	// The next day nothing arrived: no run sends anything.
	e.clock.Set(time.Date(2026, 3, 13, 7, 0, 0, 0, zone))
	if !e.check() {
		t.Fatal("no run the next day")
	}
	if open, err := e.db.OpenJobs(ctx); err != nil || len(open) != 0 {
		t.Fatalf("an empty digest run left jobs to send: %v %v", open, err)
	}
	if got := len(telegramtest.SentTo(e.api.Calls(), 2)); got != 2 {
		t.Fatalf("the digest reader got %d messages, want 2 (no empty digest)", got)
	}
}

// waitDone waits until job id is done.
func waitDone(t *testing.T, db *store.DB, id uint64) {
	t.Helper()
	deadline := time.Now().Add(pushWait)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		j, err := db.Job(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if j.Done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d not done", id)
		}
		<-tick.C
	}
}
