package bot_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/store"
)

const pushToken = "123456:AApushPUSHpushPUSHpushPUSH_x-1"

// pushWait bounds every wait in the delivery tests.
const pushWait = 30 * time.Second

// middayVN is a time outside everyone's default quiet hours.
var middayVN = time.Date(2026, 3, 2, 12, 0, 0, 0, content.VietnamZone())

// pushEnv is a bot with a real store and the fake Bot API, the delivery
// worker's whole path.
type pushEnv struct {
	t   testing.TB
	api *telegramtest.Server
	db  *store.DB
	bot *bot.Bot
}

// fastDelivery returns options that keep tests fast: no pacing, short
// retries and commits.
func fastDelivery() bot.DeliveryOptions {
	return bot.DeliveryOptions{Unpaced: true, RetryBase: time.Millisecond, RetryMax: 5 * time.Millisecond,
		CommitEvery: 20 * time.Millisecond, SendTimeout: 2 * time.Second}
}

// checkLeaks fails t if goroutines it started are still running when it
// ends (after every other cleanup, which is why it must be called first).
func checkLeaks(t testing.TB) {
	opt := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, opt) })
}

// newPushEnv wires a bot as `newsbot run` does; cfg's Client and Store are
// filled in, and its clock defaults to midday in Vietnam. Sends are not
// paced unless cfg sets SendRate or Delivery: the tests of commands make
// many replies to one chat, which the pacer would space a second apart.
func newPushEnv(t testing.TB, cfg bot.Config) *pushEnv {
	t.Helper()
	return newPushEnvWrapped(t, cfg, nil)
}

// newPushEnvWrapped is newPushEnv whose bot sees the store through wrap
// (when not nil), for tests of a store that fails.
func newPushEnvWrapped(t testing.TB, cfg bot.Config, wrap func(*store.DB) bot.Store) *pushEnv {
	t.Helper()
	checkLeaks(t)
	api := telegramtest.New(t, pushToken)
	db, err := store.Open(filepath.Join(t.TempDir(), "push.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	hc := bot.NewHTTPClient()
	t.Cleanup(hc.CloseIdleConnections)
	client, err := bot.NewClient(context.Background(), api.URL(), pushToken, hc)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Client, cfg.Store = client, db
	if wrap != nil {
		cfg.Store = wrap(db)
	}
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return middayVN }
	}
	if cfg.SendRate == 0 && cfg.Delivery == (bot.DeliveryOptions{}) {
		cfg.Delivery.Unpaced = true
	}
	return &pushEnv{t: t, api: api, db: db, bot: bot.New(cfg)}
}

// startPolling runs b's poll loop until the test ends, and fails the test
// if the loop ends with an error.
func startPolling(t testing.TB, b *bot.Bot) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Poll(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
}

// run starts the delivery worker; stop ends it and waits for it.
func (e *pushEnv) run() (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.bot.Deliver(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					e.t.Errorf("Deliver: %v", err)
				}
			case <-time.After(pushWait):
				e.t.Errorf("Deliver did not stop")
			}
		})
	}
	e.t.Cleanup(stop)
	return stop
}

// subscribe records subscribers in one transaction.
func (e *pushEnv) subscribe(subs ...content.Subscriber) {
	e.t.Helper()
	if _, err := e.db.SubscribeMany(context.Background(), subs); err != nil {
		e.t.Fatal(err)
	}
}

// people returns n private chats from first on, reading lang.
func people(first int64, n int, lang string) []content.Subscriber {
	out := make([]content.Subscriber, n)
	for i := range out {
		out[i] = content.Subscriber{ChatID: first + int64(i), Lang: lang}
	}
	return out
}

// publish stores an article with its push job and wakes the worker.
func (e *pushEnv) publish(a content.Article) content.Job {
	e.t.Helper()
	res, err := e.db.PublishArticle(context.Background(), a)
	if err != nil {
		e.t.Fatal(err)
	}
	if res.Job.ID == 0 {
		e.t.Fatal("no push job was created")
	}
	e.bot.Notify()
	return res.Job
}

// broadcast creates a broadcast of text to chats and wakes the worker.
func (e *pushEnv) broadcast(text string, chats []int64) content.Job {
	e.t.Helper()
	job, err := e.db.CreateBroadcast(context.Background(), content.Job{Text: text, Urgent: content.IsUrgent(text)}, chats)
	if err != nil {
		e.t.Fatal(err)
	}
	e.bot.Notify()
	return job
}

// waitJob waits until job id is done (polling the store) and returns it.
func (e *pushEnv) waitJob(id uint64) content.Job {
	e.t.Helper()
	deadline := time.Now().Add(pushWait)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		j, err := e.db.Job(context.Background(), id)
		if err != nil {
			e.t.Fatal(err)
		}
		if j.Done {
			return j
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("job %d not done within %v: %+v", id, pushWait, j)
		}
		<-tick.C
	}
}

// waitIdle waits until the worker no longer reports job id as running.
func (e *pushEnv) waitIdle(id uint64) {
	e.t.Helper()
	deadline := time.Now().Add(pushWait)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		if _, running := e.bot.JobProgress(id); !running {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("job %d still reported running", id)
		}
		<-tick.C
	}
}

// waitDelivered waits until the fake accepted n messages.
func (e *pushEnv) waitDelivered(n int) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), pushWait)
	defer cancel()
	if err := e.api.WaitDelivered(ctx, n); err != nil {
		e.t.Fatalf("%d messages accepted, want %d: %v", e.api.DeliveredCount(), n, err)
	}
}

// news returns an article to push, with a picture when imageURL is set.
func news(title, imageURL string) content.Article {
	a := content.Article{Title: title, Lead: "Sáng nay, Huyện uỷ tổ chức hội nghị.", Category: content.CategoryNews,
		Published: middayVN.Add(-time.Hour), Body: []string{"Nội dung."}, SourceURL: "https://example.vn/" + strconv.Itoa(len(title))}
	if imageURL != "" {
		a.Images = []content.Image{{Name: "anh.jpg", URL: imageURL, Caption: "Quang cảnh"}}
	}
	return a
}

// chatIDs returns the IDs of subs.
func chatIDs(subs []content.Subscriber) []int64 {
	ids := make([]int64, len(subs))
	for i, s := range subs {
		ids[i] = s.ChatID
	}
	return ids
}

func describeJob(j content.Job) string {
	return fmt.Sprintf("job %d: total %d sent %d blocked %d failed %d done %v cancelled %v",
		j.ID, j.Total, j.Sent, j.Blocked, j.Failed, j.Done, j.Cancelled)
}
