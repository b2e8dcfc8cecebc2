package bot_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/store"
)

const hookURL = "https://bot.example.vn:8443/tg/hook"

// postUpdate POSTs u as JSON to target with secret in the header (none when
// empty) and returns the status.
func postUpdate(t testing.TB, target, secret string, u tgbotapi.Update) int {
	t.Helper()
	body, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	return postRaw(t, target, secret, string(body))
}

func postRaw(t testing.TB, target, secret, body string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// hookEnv serves a WebhookServer over httptest and runs its batches; Run
// must end without error when the test ends.
func hookEnv(t testing.TB, e *pushEnv, secret string) (target string) {
	t.Helper()
	target, ran, stop := serveWebhook(t, e, secret)
	t.Cleanup(func() {
		stop()
		if err := <-ran; err != nil {
			t.Error(err)
		}
	})
	return target
}

// serveWebhook serves a WebhookServer over httptest and runs it until stop
// (or the end of the test); ran receives what Run returns.
func serveWebhook(t testing.TB, e *pushEnv, secret string) (target string, ran <-chan error, stop func()) {
	t.Helper()
	w, err := e.bot.NewWebhookServer(context.Background(), hookURL, secret)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	stop = func() {
		srv.Close()
		cancel()
	}
	t.Cleanup(stop)
	return srv.URL + "/tg/hook", done, stop
}

// waitCommitted waits until every update the webhook accepted is handled
// and committed (deleted from the accepted updates in the transaction that
// records its effects).
func waitCommitted(t *testing.T, e *pushEnv) {
	t.Helper()
	deadline := time.Now().Add(pushWait)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		n, err := e.db.AcceptedCount(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d accepted updates not committed", n)
		}
		<-tick.C
	}
}

// Ensure that only requests with the right secret are handled: none and a
// wrong one get 401 and have no effect; the right one gets 200 and a reply.
func TestWebhookSecret(t *testing.T) {
	e := newPushEnv(t, bot.Config{})
	secret, err := bot.NewWebhookSecret()
	if err != nil {
		t.Fatal(err)
	}
	if len(secret) < 43 || strings.ContainsAny(secret, "+/=") {
		t.Fatalf("secret %q is not 32+ bytes of URL-safe base64", secret)
	}
	target := hookEnv(t, e, secret)
	nobody, forger, friend := e.api.User(701, "en"), e.api.User(702, "en"), e.api.User(703, "en")
	tests := []struct {
		name   string
		user   tgbotapi.User
		secret string
		want   int
	}{
		{"a request without the secret is refused", nobody, "", http.StatusUnauthorized},
		{"a request with a wrong secret is refused", forger, secret[:len(secret)-1] + "x", http.StatusUnauthorized},
		{"a request with the secret is accepted", friend, secret, http.StatusOK},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := postUpdate(t, target, tc.secret, textUpdate(10+i, tc.user, "/help")); got != tc.want {
				t.Fatalf("status %d, want %d", got, tc.want)
			}
		})
	}
	e.api.WaitCalls(t, pushWait, func(calls []telegramtest.Call) bool {
		return len(telegramtest.SentTo(calls, friend.ID)) == 1
	})
	waitCommitted(t, e)
	for _, u := range []tgbotapi.User{nobody, forger} {
		if n := len(e.api.Sent(u.ID)); n != 0 {
			t.Errorf("user %d was answered %d times through a refused request", u.ID, n)
		}
	}
	if got := postUpdate(t, strings.Replace(target, "/tg/hook", "/other", 1), secret, textUpdate(20, friend, "/help")); got != http.StatusNotFound {
		t.Errorf("another path: status %d, want 404", got)
	}
	if got := postRaw(t, target, secret, `{"update_id":21,"message":{"text":"`+strings.Repeat("x", 2<<20)+`"}}`); got != http.StatusRequestEntityTooLarge {
		t.Errorf("a 2 MiB body: status %d, want 413", got)
	}
	if got := postRaw(t, target, secret, `{"update_id":`); got != http.StatusBadRequest {
		t.Errorf("broken JSON: status %d, want 400", got)
	}
}

// Ensure that an update Telegram delivers again, now or after a restart,
// is handled once.
func TestWebhookRedeliveryHandledOnce(t *testing.T) {
	e := newPushEnv(t, bot.Config{})
	const secret = "test-secret-test-secret-test-secret-0123456"
	u := e.api.User(801, "vi")
	target := hookEnv(t, e, secret)
	for range 3 {
		if got := postUpdate(t, target, secret, textUpdate(50, u, "/help")); got != http.StatusOK {
			t.Fatalf("status %d", got)
		}
	}
	waitCommitted(t, e)
	// A second server, as after a restart, reads the committed offset.
	target2 := hookEnv(t, e, secret)
	if got := postUpdate(t, target2, secret, textUpdate(50, u, "/help")); got != http.StatusOK {
		t.Fatalf("status %d", got)
	}
	if got := postUpdate(t, target2, secret, textUpdate(51, u, "/latest")); got != http.StatusOK {
		t.Fatalf("status %d", got)
	}
	waitCommitted(t, e)
	if got, want := countTexts(e.api, u.ID, "Hướng dẫn"), 1; got != want {
		t.Fatalf("the redelivered /help was answered %d times, want %d", got, want)
	}
}

// Ensure that the updates a killed run accepted (answered 200, stored, not
// handled) are handled by the next start, lowest update ID first whatever
// order they arrived in, before the update that arrives after the restart,
// and that Telegram's redelivery of one of them is not handled twice.
func TestWebhookRestartDrainsAcceptedInOrder(t *testing.T) {
	e := newPushEnv(t, bot.Config{})
	const secret = "test-secret-test-secret-test-secret-0123456"
	u := e.api.User(841, "vi")
	// A run that stores what it accepts and is killed before handling it:
	// its Run never starts.
	killed, err := e.bot.NewWebhookServer(context.Background(), hookURL, secret)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(killed)
	for _, up := range []tgbotapi.Update{textUpdate(92, u, "/latest"), textUpdate(90, u, "/start"), textUpdate(91, u, "/help")} {
		if got := postUpdate(t, srv.URL+"/tg/hook", secret, up); got != http.StatusOK {
			t.Fatalf("update %d: status %d", up.UpdateID, got)
		}
	}
	srv.Close()
	if n, err := e.db.AcceptedCount(context.Background()); err != nil || n != 3 {
		t.Fatalf("%d updates stored (%v), want 3", n, err)
	}
	if calls := e.api.Sent(u.ID); len(calls) != 0 {
		t.Fatalf("%d replies before the restart, want none", len(calls))
	}

	target := hookEnv(t, e, secret) // the restart
	if got := postUpdate(t, target, secret, textUpdate(90, u, "/start")); got != http.StatusOK {
		t.Fatalf("redelivery: status %d", got)
	}
	if got := postUpdate(t, target, secret, textUpdate(93, u, "/help")); got != http.StatusOK {
		t.Fatalf("update 93: status %d", got)
	}
	waitCommitted(t, e)
	var got []string
	for _, c := range e.api.Sent(u.ID) {
		for _, want := range []string{"Xin chào", "Hướng dẫn", "Chưa có bài viết"} {
			if strings.Contains(c.Params["text"], want) {
				got = append(got, want)
			}
		}
	}
	want := []string{"Xin chào", "Hướng dẫn", "Chưa có bài viết", "Hướng dẫn"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("replies %q, want %q", got, want)
	}
	if n, err := e.db.AcceptedCount(context.Background()); err != nil || n != 0 {
		t.Fatalf("%d updates still stored (%v), want none", n, err)
	}
}

// failingCommits is a store whose handled updates cannot be committed.
type failingCommits struct{ *store.DB }

func (failingCommits) CommitAccepted(context.Context, []int, int, content.Visits) error {
	return errDisk
}

// Ensure that once the webhook's Run has failed (a commit failed), updates
// are refused with 503, so that Telegram delivers them again later,
// instead of being accepted and never handled.
func TestWebhookRefusesUpdatesAfterRunFailed(t *testing.T) {
	e := newPushEnvWrapped(t, bot.Config{}, func(db *store.DB) bot.Store { return failingCommits{db} })
	const secret = "test-secret-test-secret-test-secret-0123456"
	target, ran, _ := serveWebhook(t, e, secret)
	u := e.api.User(801, "vi")
	if got := postUpdate(t, target, secret, textUpdate(60, u, "/help")); got != http.StatusOK {
		t.Fatalf("status %d before Run failed, want 200", got)
	}
	select {
	case err := <-ran:
		if !errors.Is(err, errDisk) {
			t.Fatalf("Run returned %v, want the commit's failure", err)
		}
	case <-time.After(pushWait):
		t.Fatal("Run did not stop when its commit failed")
	}
	if got := postUpdate(t, target, secret, textUpdate(61, u, "/latest")); got != http.StatusServiceUnavailable {
		t.Fatalf("status %d after Run failed, want 503", got)
	}
}

// commitFailsOnce is a store whose first commit of handled updates waits
// until release is closed, then fails; later commits succeed.
type commitFailsOnce struct {
	*store.DB
	entered, release chan struct{}
	once             sync.Once
}

func (s *commitFailsOnce) CommitAccepted(ctx context.Context, ids []int, offset int, v content.Visits) error {
	failed := false
	s.once.Do(func() {
		close(s.entered)
		<-s.release
		failed = true
	})
	if failed {
		return errDisk
	}
	return s.DB.CommitAccepted(ctx, ids, offset, v)
}

// Ensure that when a batch fails (its commit), Run returns the failure,
// new updates are refused with 503, and the updates accepted (answered
// 200) stay stored: the next start handles each of them once, the failed
// batch's again (its commit, visits included, never happened).
func TestWebhookKeepsAcceptedUpdatesAfterFailure(t *testing.T) {
	st := &commitFailsOnce{entered: make(chan struct{}), release: make(chan struct{})}
	e := newPushEnvWrapped(t, bot.Config{}, func(db *store.DB) bot.Store { st.DB = db; return st })
	const secret = "test-secret-test-secret-test-secret-0123456"
	target, ran, _ := serveWebhook(t, e, secret)
	first, second, third := e.api.User(821, "vi"), e.api.User(822, "vi"), e.api.User(823, "vi")
	if got := postUpdate(t, target, secret, textUpdate(70, first, "/help")); got != http.StatusOK {
		t.Fatalf("status %d, want 200", got)
	}
	select {
	case <-st.entered: // the first batch is committing
	case <-time.After(pushWait):
		t.Fatal("the first batch was not committed")
	}
	for i, u := range []tgbotapi.User{second, third} {
		if got := postUpdate(t, target, secret, textUpdate(71+i, u, "/help")); got != http.StatusOK {
			t.Fatalf("update %d: status %d, want 200", 71+i, got)
		}
	}
	close(st.release)
	select {
	case err := <-ran:
		if !errors.Is(err, errDisk) {
			t.Fatalf("Run returned %v, want the commit's failure", err)
		}
	case <-time.After(pushWait):
		t.Fatal("Run did not return")
	}
	if got := postUpdate(t, target, secret, textUpdate(73, first, "/latest")); got != http.StatusServiceUnavailable {
		t.Fatalf("status %d after Run failed, want 503", got)
	}
	if n, err := e.db.AcceptedCount(context.Background()); err != nil || n != 3 {
		t.Fatalf("%d accepted updates stored (%v), want 3", n, err)
	}
	if got := countTexts(e.api, second.ID, "Hướng dẫn"); got != 0 {
		t.Fatalf("update 71 was answered %d times before the restart, want 0", got)
	}

	// The next start handles them; update 70, handled before the failed
	// commit (its in-flight record says so), is confirmed, not answered again.
	if err := e.bot.HandleAccepted(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, u := range []tgbotapi.User{first, second, third} {
		if got := countTexts(e.api, u.ID, "Hướng dẫn"); got != 1 {
			t.Errorf("user %d was answered %d times, want 1", u.ID, got)
		}
	}
	if got, err := e.db.UpdateOffset(context.Background()); err != nil || got != 0 {
		t.Errorf("polling offset %d (%v), want 0: the webhook does not move it", got, err)
	}
	if n, err := e.db.AcceptedCount(context.Background()); err != nil || n != 0 {
		t.Errorf("%d accepted updates stored (%v), want none", n, err)
	}
}

// Ensure that an update Telegram retries out of order, after a later one
// was handled and committed, is still handled (once), and that the
// polling offset stays where polling left it.
func TestWebhookOutOfOrderRetryHandled(t *testing.T) {
	e := newPushEnv(t, bot.Config{})
	const secret = "test-secret-test-secret-test-secret-0123456"
	early, late, last := e.api.User(811, "vi"), e.api.User(812, "vi"), e.api.User(813, "vi")
	target := hookEnv(t, e, secret)
	post := func(u tgbotapi.Update) {
		t.Helper()
		if got := postUpdate(t, target, secret, u); got != http.StatusOK {
			t.Fatalf("update %d: status %d", u.UpdateID, got)
		}
	}
	post(textUpdate(11, late, "/help"))
	waitCommitted(t, e)
	// Telegram's first delivery of 10 failed; it retries it now.
	post(textUpdate(10, early, "/help"))
	e.api.WaitCalls(t, pushWait, func([]telegramtest.Call) bool {
		return countTexts(e.api, early.ID, "Hướng dẫn") == 1
	})
	// A second delivery of 10 is a duplicate; 12, posted after it in the
	// same chat order, shows when it would have been handled.
	post(textUpdate(10, early, "/help"))
	post(textUpdate(12, last, "/help"))
	waitCommitted(t, e)
	if got := countTexts(e.api, early.ID, "Hướng dẫn"); got != 1 {
		t.Errorf("update 10 was answered %d times, want 1", got)
	}
	if got := countTexts(e.api, late.ID, "Hướng dẫn"); got != 1 {
		t.Errorf("update 11 was answered %d times, want 1", got)
	}
	if got, err := e.db.UpdateOffset(context.Background()); err != nil || got != 0 {
		t.Errorf("polling offset %d (%v), want 0: the webhook does not move it", got, err)
	}
}

// Ensure that polling after the webhook gets the update whose webhook
// delivery failed although later ones were handled, and handles it once;
// an update the webhook handled but Telegram hands over again (it never
// got the webhook's answer) is only confirmed.
func TestPollingAfterWebhookGetsWhatItMissed(t *testing.T) {
	e := newPushEnv(t, bot.Config{PollTimeout: time.Second})
	const secret = "test-secret-test-secret-test-secret-0123456"
	missed, unanswered, delivered := e.api.User(831, "vi"), e.api.User(832, "vi"), e.api.User(833, "vi")
	// Telegram's queue while the webhook ran: the first delivery of the
	// first update failed; the webhook handled the second, but its answer
	// was lost; the third was delivered.
	e.api.AddUpdate(textUpdate(0, missed, "/help"))
	second := e.api.AddUpdate(textUpdate(0, unanswered, "/help"))
	third := e.api.AddUpdate(textUpdate(0, delivered, "/help"))
	target, ran, stop := serveWebhook(t, e, secret)
	for _, u := range []tgbotapi.Update{textUpdate(second, unanswered, "/help"), textUpdate(third, delivered, "/help")} {
		if got := postUpdate(t, target, secret, u); got != http.StatusOK {
			t.Fatalf("update %d: status %d", u.UpdateID, got)
		}
	}
	waitCommitted(t, e)
	stop()
	if err := <-ran; err != nil {
		t.Fatal(err)
	}

	// Back to polling, as newsbot run does without --webhook-url.
	if err := e.bot.DeleteWebhook(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	polled := make(chan error, 1)
	go func() {
		err := e.bot.HandleAccepted(ctx)
		if err == nil {
			err = e.bot.Poll(ctx)
		}
		polled <- err
	}()
	wctx, wcancel := context.WithTimeout(ctx, pushWait)
	defer wcancel()
	if err := e.api.WaitOffset(wctx, third+1); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-polled; err != nil {
		t.Fatal(err)
	}
	for _, u := range []tgbotapi.User{missed, unanswered, delivered} {
		if got := countTexts(e.api, u.ID, "Hướng dẫn"); got != 1 {
			t.Errorf("user %d was answered %d times, want 1", u.ID, got)
		}
	}
	if got, err := e.db.UpdateOffset(context.Background()); err != nil || got != third+1 {
		t.Errorf("polling offset %d (%v), want %d", got, err, third+1)
	}
}

// Ensure that ServeWebhook registers the webhook with a fresh secret,
// handles what arrives, stops cleanly, and that deleting the webhook lets
// polling work again.
func TestServeWebhookThenBackToPolling(t *testing.T) {
	e := newPushEnv(t, bot.Config{PollTimeout: time.Second})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.bot.ServeWebhook(ctx, ln, hookURL) }()
	var hook telegramtest.Webhook
	e.api.WaitCalls(t, pushWait, func([]telegramtest.Call) bool {
		var ok bool
		hook, ok = e.api.Webhook()
		return ok
	})
	if hook.URL != hookURL || len(hook.SecretToken) < 43 || hook.MaxConnections < 1 {
		t.Fatalf("webhook %+v", hook)
	}
	u := e.api.User(901, "en")
	target := "http://" + ln.Addr().String() + "/tg/hook"
	if got := postUpdate(t, target, hook.SecretToken, textUpdate(7, u, "/help")); got != http.StatusOK {
		t.Fatalf("status %d", got)
	}
	e.api.WaitCalls(t, pushWait, func(calls []telegramtest.Call) bool {
		return countTexts(e.api, u.ID, "How to use") == 1
	})
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("ServeWebhook: %v", err)
		}
	case <-time.After(pushWait):
		t.Fatal("ServeWebhook did not stop")
	}
	if _, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		t.Error("the listener still accepts connections after shutdown")
	}

	// Polling while the webhook is set fails, as on Telegram; after
	// DeleteWebhook it works.
	client, err := bot.NewClient(context.Background(), e.api.URL(), pushToken, http.DefaultClient)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.GetUpdates(context.Background(), 0, 0); err == nil || !strings.Contains(err.Error(), "409") {
		t.Fatalf("getUpdates with a webhook set: %v, want 409 Conflict", err)
	}
	if err := e.bot.DeleteWebhook(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, ok := e.api.Webhook(); ok {
		t.Fatal("the webhook is still set")
	}
	if _, err := client.GetUpdates(context.Background(), 0, 0); err != nil {
		t.Fatalf("getUpdates after deleteWebhook: %v", err)
	}
}

// BenchmarkWebhookUpdates measures updates a second through the webhook,
// from the POST to the reply accepted by the fake Bot API, 500 people
// sending /help over one keep-alive connection.
func BenchmarkWebhookUpdates(b *testing.B) {
	e := newPushEnv(b, bot.Config{})
	const secret = "bench-secret-bench-secret-bench-secret-0123"
	target := hookEnv(b, e, secret)
	users := make([]tgbotapi.User, 500)
	for i := range users {
		users[i] = e.api.User(int64(10_000+i), "vi")
	}
	start := time.Now()
	n := 0
	for b.Loop() {
		n++
		if got := postUpdate(b, target, secret, textUpdate(n, users[n%len(users)], "/help")); got != http.StatusOK {
			b.Fatalf("status %d", got)
		}
	}
	e.waitDelivered(n)
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "updates/s")
}

// BenchmarkWebhookAccept measures durable accepts a second: POSTs answered
// 200, each once its update is on disk, from 8 connections at once
// (newsbot's max_connections, so Telegram's most), while Run drains them.
// The updates carry nothing the bot handles, so the figure is the accept
// path's and its commits'.
func BenchmarkWebhookAccept(b *testing.B) {
	e := newPushEnv(b, bot.Config{})
	const secret = "bench-secret-bench-secret-bench-secret-0123"
	target := hookEnv(b, e, secret)
	tr := &http.Transport{MaxIdleConnsPerHost: 8}
	b.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr}
	var next atomic.Int64
	b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0))) // 8 goroutines on 2 cores
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			body := fmt.Sprintf(`{"update_id":%d}`, next.Add(1))
			req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "accepts/s")
}
