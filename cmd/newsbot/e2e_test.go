package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/store"
)

// canaryToken is a well-formed token that must never appear in any output.
const canaryToken = "987654321:AAcanaryCANARYcanaryCANARYcanary_x-1"

// wait bounds every wait for the bot in these tests.
const wait = 15 * time.Second

// syncBuffer is a bytes.Buffer safe for the bot's goroutines to log into.
// Each write signals wrote, so a test can wait for a line without sleeping.
type syncBuffer struct {
	mu    sync.Mutex
	b     bytes.Buffer
	wrote chan struct{}
}

func newSyncBuffer() *syncBuffer { return &syncBuffer{wrote: make(chan struct{}, 1)} }

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case s.wrote <- struct{}{}:
	default:
	}
	return s.b.Write(p)
}

// waitFor waits until the buffer contains sub, failing t after wait.
func (s *syncBuffer) waitFor(t *testing.T, sub string) {
	t.Helper()
	deadline := time.After(wait)
	for !strings.Contains(s.String(), sub) {
		select {
		case <-s.wrote:
		case <-deadline:
			t.Fatalf("no %q in:\n%s", sub, s.String())
		}
	}
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// fakeKeyring is an OS keyring in memory; with broken set, every call fails.
type fakeKeyring struct {
	mu      sync.Mutex
	secrets map[string]string
	broken  error
}

func (k *fakeKeyring) Get(service, user string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.broken != nil {
		return "", k.broken
	}
	s, ok := k.secrets[service+"/"+user]
	if !ok {
		return "", errNoKeyringEntry
	}
	return s, nil
}

func (k *fakeKeyring) Set(service, user, secret string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.broken != nil {
		return k.broken
	}
	if k.secrets == nil {
		k.secrets = map[string]string{}
	}
	k.secrets[service+"/"+user] = secret
	return nil
}

func (k *fakeKeyring) Delete(service, user string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, ok := k.secrets[service+"/"+user]; !ok {
		return errNoKeyringEntry
	}
	delete(k.secrets, service+"/"+user)
	return nil
}

// harness runs the real newsbot command line against a fake Bot API.
type harness struct {
	t       *testing.T
	api     *telegramtest.Server
	dir     string
	env     map[string]string
	out     *syncBuffer
	logs    *syncBuffer
	keyring *fakeKeyring
	// now, when set, is the clock of every command run.
	now time.Time
	// dropNow is the clock dropArticle dates fixtures by, read once, so
	// that the same fixture dropped twice is the same article.
	dropNow time.Time
	// httpAddr receives the address --http listens on.
	httpAddr chan net.Addr
	// webhookAddr receives the address --listen listens on.
	webhookAddr chan net.Addr
	// allowPrivate is App.AllowPrivate: 127.0.0.1 unless a test clears it.
	allowPrivate []string
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, api: telegramtest.New(t, canaryToken), dir: t.TempDir(),
		out: newSyncBuffer(), logs: newSyncBuffer(), keyring: &fakeKeyring{}}
	h.env = map[string]string{"TELEGRAM_BOT_TOKEN": canaryToken, "NEWSBOT_DB": filepath.Join(h.dir, "newsbot.db")}
	h.allowPrivate = []string{"127.0.0.1"} // the test portals; the production default allows none
	t.Cleanup(func() {
		for name, s := range map[string]string{"stdout": h.out.String(), "logs": h.logs.String()} {
			if strings.Contains(s, canaryToken) || strings.Contains(s, strings.SplitN(canaryToken, ":", 2)[1]) {
				t.Errorf("the bot token appeared in %s", name)
			}
		}
	})
	return h
}

func (h *harness) app() *App {
	// The tests make many replies to one chat in a row, which Telegram's
	// per-chat limits would space a second apart (three seconds in a
	// group); the global rate stays Telegram's.
	app := &App{Env: func(k string) string { return h.env[k] }, Stdin: strings.NewReader(""),
		Stdout: h.out, Stderr: h.logs, Keyring: h.keyring, AllowPrivate: h.allowPrivate,
		Delivery: bot.DeliveryOptions{ChatWindow: time.Millisecond, GroupWindow: 20 * time.Millisecond}}
	if h.httpAddr != nil {
		app.HTTPReady = func(a net.Addr) { h.httpAddr <- a }
	}
	if h.webhookAddr != nil {
		app.WebhookReady = func(a net.Addr) { h.webhookAddr <- a }
	}
	if !h.now.IsZero() {
		app.Now = func() time.Time { return h.now }
	}
	return app
}

// openDB opens the harness's database (the bot must be stopped) and closes
// it when the test ends, if the test has not closed it before.
func (h *harness) openDB(opts store.Options) *store.DB {
	h.t.Helper()
	db, err := store.Open(h.env["NEWSBOT_DB"], opts)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { db.Close() })
	return db
}

// createDB creates the harness's empty database, as the first `newsbot
// run` does, for the tests whose first command needs one (every command but
// run and import refuses a missing database).
func (h *harness) createDB() {
	h.t.Helper()
	db, err := store.Open(h.env["NEWSBOT_DB"], store.Options{})
	if err != nil {
		h.t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		h.t.Fatal(err)
	}
}

// cli runs one newsbot command to completion and returns its exit status.
func (h *harness) cli(args ...string) int {
	return h.app().Main(context.Background(), args)
}

// start runs `newsbot run` until the returned stop function is called; stop
// waits for a clean exit and fails the test otherwise.
func (h *harness) start(args ...string) (stop func()) {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	done := make(chan int, 1)
	app := h.app()
	app.Ready = func() { close(ready) }
	inbox := filepath.Join(h.dir, "inbox")
	all := append([]string{"run", "--api-url", h.api.URL(), "--inbox", inbox,
		"--inbox-interval", "50ms", "--poll-timeout", "1s", "--log-level", "debug"}, args...)
	go func() { done <- app.Main(ctx, all) }()
	select {
	case <-ready:
	case code := <-done:
		cancel()
		h.t.Fatalf("newsbot run exited with %d before it was ready:\n%s", code, h.logs.String())
	case <-time.After(wait):
		cancel()
		h.t.Fatal("newsbot run did not get ready")
	}
	return func() {
		h.t.Helper()
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				h.t.Fatalf("newsbot run exited with %d:\n%s", code, h.logs.String())
			}
		case <-time.After(wait):
			h.t.Fatal("newsbot run did not stop")
		}
	}
}

// dropArticle puts a fixture into the inbox the way an operator should:
// written under a temporary name, then renamed. The fixture is dated an
// hour before the harness's clock (read at the first drop), so that it is
// news and gets pushed.
func (h *harness) dropArticle(fixture string) {
	h.t.Helper()
	if h.dropNow.IsZero() {
		h.dropNow = h.now
		if h.dropNow.IsZero() {
			h.dropNow = time.Now()
		}
	}
	h.dropFile(fixture, freshExport(h.t, fixture, h.dropNow))
}

// dropFile puts data into the inbox as name, written under a temporary
// name, then renamed.
func (h *harness) dropFile(name string, data []byte) {
	h.t.Helper()
	inbox := filepath.Join(h.dir, "inbox")
	tmp := filepath.Join(inbox, name+".part")
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		h.t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(inbox, name)); err != nil {
		h.t.Fatal(err)
	}
}

// textsTo returns the texts of successful sends to chat among calls.
func textsTo(calls []telegramtest.Call, chat int64) []string {
	var out []string
	for _, c := range telegramtest.SentTo(calls, chat) {
		if c.Status == 200 {
			out = append(out, c.Params["text"]+c.Params["caption"])
		}
	}
	return out
}

func countContaining(texts []string, sub string) int {
	n := 0
	for _, s := range texts {
		if strings.Contains(s, sub) {
			n++
		}
	}
	return n
}

// waitText waits until chat has received n messages containing sub.
func (h *harness) waitText(chat int64, sub string, n int) {
	h.t.Helper()
	h.api.WaitCalls(h.t, wait, func(calls []telegramtest.Call) bool {
		return countContaining(textsTo(calls, chat), sub) >= n
	})
}

const articleTitle = "Hội nghị tổng kết công tác xây dựng nông thôn mới năm 2020"

// Ensure that the whole path works: two people /start, an article dropped
// into the inbox reaches both exactly once, /latest lists it, and after a
// restart nothing is sent or handled again.
func TestEndToEndSubscribeImportPushLatestRestart(t *testing.T) {
	h := newHarness(t)
	an, binh := h.api.User(101, "vi"), h.api.User(102, "en")
	anChat, binhChat := h.api.PrivateChat(an), h.api.PrivateChat(binh)

	stop := h.start()
	h.api.SendText(an, anChat, "/start")
	h.api.SendText(binh, binhChat, "/start")
	h.waitText(anChat.ID, "Xin chào", 1)
	h.waitText(binhChat.ID, "Hello", 1)

	h.dropArticle("typical-one-image.txt")
	h.waitText(anChat.ID, articleTitle, 1)
	h.waitText(binhChat.ID, articleTitle, 1)
	h.waitLogCount("inbox file imported", 1) // logged once the file is moved
	if _, err := os.Stat(filepath.Join(h.dir, "inbox", "done", "typical-one-image.txt")); err != nil {
		t.Fatalf("the imported file was not moved to done/: %v", err)
	}

	last := h.api.SendText(an, anChat, "/latest@"+h.api.Bot().UserName)
	h.waitText(anChat.ID, "tin mới nhất", 1)
	if err := h.api.WaitOffset(t.Context(), last+1); err != nil {
		t.Fatal(err)
	}
	stop()

	// The same file dropped again is recognised and not pushed twice.
	stop = h.start()
	h.dropArticle("typical-one-image.txt")
	marker := h.api.SendText(binh, binhChat, "/latest 1")
	h.waitText(binhChat.ID, "newest articles", 1)
	if err := h.api.WaitOffset(t.Context(), marker+1); err != nil {
		t.Fatal(err)
	}
	h.api.WaitCalls(t, wait, func([]telegramtest.Call) bool {
		_, err := os.Stat(filepath.Join(h.dir, "inbox", "typical-one-image.txt"))
		return os.IsNotExist(err)
	})
	stop()

	calls := h.api.Calls()
	for _, chat := range []tgbotapi.Chat{anChat, binhChat} {
		texts := textsTo(calls, chat.ID)
		// The push, plus /latest's list: the title twice, no more.
		if got, want := countContaining(texts, articleTitle), 2; got != want {
			t.Errorf("chat %d saw the title %d times, want %d:\n%s", chat.ID, got, want, strings.Join(texts, "\n---\n"))
		}
		if got := countContaining(texts, "Xin chào") + countContaining(texts, "Hello"); got != 1 {
			t.Errorf("chat %d was greeted %d times, want once (an update was handled twice)", chat.ID, got)
		}
	}
}

// Ensure that bad commands get a clear reply and do not stop the bot.
func TestEndToEndBadCommands(t *testing.T) {
	h := newHarness(t)
	u := h.api.User(201, "vi")
	chat := h.api.PrivateChat(u)
	stop := h.start()
	defer stop()
	h.api.SendText(u, chat, "/khongco")
	h.waitText(chat.ID, "Không có lệnh /khongco", 1)
	h.api.SendText(u, chat, "/latest "+strings.Repeat("9", 10000))
	h.waitText(chat.ID, "Số bài phải là một số từ 1 đến 20", 1)
	h.api.SendText(u, chat, "/"+strings.Repeat("x", 10000))
	h.waitText(chat.ID, "Không có lệnh", 2)
	h.api.SendText(u, chat, "/latest")
	h.waitText(chat.ID, "Chưa có bài viết nào", 1)
}

// Ensure that the token is absent from everything logged while the Bot API
// cannot be reached, both at start and after the bot is running.
func TestTokenNeverLoggedWhenAPIUnreachable(t *testing.T) {
	h := newHarness(t)
	code := h.app().Main(context.Background(), []string{"run", "--api-url", "http://127.0.0.1:1"})
	if code != 1 || !strings.Contains(h.logs.String(), "cannot reach the Bot API") {
		t.Fatalf("exit=%d, logs:\n%s", code, h.logs.String())
	}

	stop := h.start()
	h.api.Close() // the API goes away under the running bot
	h.logs.waitFor(t, "poll failed")
	stop()
	if !strings.Contains(h.logs.String(), "127.0.0.1") {
		t.Fatalf("the logs do not show the failure at all:\n%s", h.logs.String())
	}
}

// Ensure that run fails fast, naming the ways to configure a token, when
// there is none.
func TestRunWithoutTokenFailsFast(t *testing.T) {
	h := newHarness(t)
	delete(h.env, "TELEGRAM_BOT_TOKEN")
	h.keyring.broken = fmt.Errorf("dbus: no session bus")
	if code := h.cli("run"); code != 1 {
		t.Fatalf("exit=%d, want 1", code)
	}
	for _, want := range []string{"TELEGRAM_BOT_TOKEN", "--token-file", "newsbot token set", "no session bus"} {
		if !strings.Contains(h.logs.String(), want) {
			t.Errorf("the error does not mention %q:\n%s", want, h.logs.String())
		}
	}
}

// Ensure that a chat that blocked the bot does not stop the push to the
// others, and is unsubscribed; a 429 is waited out, not dropped.
func TestEndToEndPushSurvivesBlockedChatAnd429(t *testing.T) {
	h := newHarness(t)
	users := []tgbotapi.User{h.api.User(401, "vi"), h.api.User(402, "vi"), h.api.User(403, "vi")}
	stop := h.start()
	for _, u := range users {
		h.api.SendText(u, h.api.PrivateChat(u), "/start")
		h.waitText(u.ID, "Xin chào", 1)
	}
	unblock := h.api.Blocked(users[0].ID)
	throttled := false
	var mu sync.Mutex
	h.api.Intercept(func(method string, p map[string]string) *telegramtest.Reply {
		mu.Lock()
		defer mu.Unlock()
		if method == "sendMessage" && p["chat_id"] == "402" && !throttled {
			throttled = true
			return telegramtest.RetryAfterReply(1)
		}
		return nil
	})
	h.dropArticle("no-image.txt")
	for _, u := range users[1:] {
		h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool {
			return len(textsTo(calls, u.ID)) >= 2
		})
	}
	// The push also tried the blocked person (a clean stop then records it).
	h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool {
		for _, c := range telegramtest.SentTo(calls, users[0].ID) {
			if c.Status == 403 {
				return true
			}
		}
		return false
	})
	stop()
	if !throttled {
		t.Fatal("the 429 was never served")
	}
	// The blocked person is unsubscribed: /start greets them as new again.
	unblock()
	stop = h.start()
	defer stop()
	h.api.SendText(users[0], h.api.PrivateChat(users[0]), "/start")
	h.waitText(users[0].ID, "Xin chào", 2)
}
