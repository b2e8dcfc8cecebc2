package main

import (
	"context"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/store"
)

// hookProc is a `newsbot run` in webhook mode and what Telegram would post
// to it with.
type hookProc struct {
	*proc
	addr   net.Addr
	secret string
}

var listenLog = regexp.MustCompile(`webhook set; receiving updates.* listen=(\S+)`)

// startHookProc runs the binary in webhook mode on a free port and waits
// until it has registered the webhook.
func startHookProc(t *testing.T, bin string, api *telegramtest.Server, dbPath string) hookProc {
	t.Helper()
	p := startProc(t, bin, api, "--db", dbPath, "--webhook-url", "https://bot.example.vn/tg/hook",
		"--listen", "127.0.0.1:0", "--poll-timeout", "1s")
	p.logs.waitFor(t, "webhook set; receiving updates")
	m := listenLog.FindStringSubmatch(p.logs.String())
	if m == nil {
		t.Fatalf("no listen address in:\n%s", p.logs.String())
	}
	addr, err := net.ResolveTCPAddr("tcp", m[1])
	if err != nil {
		t.Fatal(err)
	}
	hook, ok := api.Webhook()
	if !ok {
		t.Fatal("the webhook is not set")
	}
	return hookProc{proc: p, addr: addr, secret: hook.SecretToken}
}

// post delivers updates as Telegram does, up to 8 at once (newsbot's
// max_connections), and fails unless each is answered 200.
func (h hookProc) post(t *testing.T, ups []tgbotapi.Update) {
	t.Helper()
	next := make(chan tgbotapi.Update)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for u := range next {
				if got := postHook(t, h.addr, "/tg/hook", h.secret, u); got != http.StatusOK {
					t.Errorf("update %d: status %d, want 200", u.UpdateID, got)
				}
			}
		})
	}
	for _, u := range ups {
		next <- u
	}
	close(next)
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
}

// Ensure that an update the webhook answered 200 survives a SIGKILL right
// after that answer: the binary is killed after the 200 of each of four
// updates, then after the last 200 of 36 posted 8 at a time; the next
// start handles what was stored, Telegram's redelivery of all 40 is
// answered 200 and handled no more, and each update is handled exactly
// once by what the database records (its visit, the person subscribed, the
// offset past it, nothing left stored) and answered at least once.
func TestCrashAfterWebhookAcceptLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the newsbot binary")
	}
	bin := buildNewsbot(t)
	api := telegramtest.New(t, canaryToken)
	dbPath := filepath.Join(t.TempDir(), "newsbot.db")
	const n = 40
	ups := make([]tgbotapi.Update, n)
	users := make([]tgbotapi.User, n)
	for i := range ups {
		users[i] = api.User(int64(5001+i), "vi")
		chat := api.PrivateChat(users[i])
		id := api.SendText(users[i], chat, "/start")
		msgs := api.Messages(chat.ID)
		ups[i] = tgbotapi.Update{UpdateID: id, Message: &msgs[len(msgs)-1]}
	}

	// Each start first finishes what the one before stored: an update in
	// hand at two deaths in a row is what the poison quarantine skips.
	kills := 0
	for i, u := range ups[:4] {
		h := startHookProc(t, bin, api, dbPath)
		if i > 0 {
			api.WaitCalls(t, crashWait, func(calls []telegramtest.Call) bool { return len(textsTo(calls, users[i-1].ID)) > 0 })
		}
		h.post(t, []tgbotapi.Update{u})
		h.kill()
		kills++
	}
	h := startHookProc(t, bin, api, dbPath)
	api.WaitCalls(t, crashWait, func(calls []telegramtest.Call) bool { return len(textsTo(calls, users[3].ID)) > 0 })
	h.post(t, ups[4:])
	h.kill()
	kills++

	h = startHookProc(t, bin, api, dbPath)
	h.post(t, ups) // Telegram delivers them all again
	h.stop(crashWait)

	db, err := store.Open(dbPath, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if left, err := db.AcceptedCount(ctx); err != nil || left != 0 {
		t.Fatalf("%d accepted updates left unhandled (%v), want none", left, err)
	}
	if off, err := db.UpdateOffset(ctx); err != nil || off != 0 {
		t.Fatalf("polling offset %d (%v), want 0: the webhook does not move it", off, err)
	}
	vn := content.VietnamZone()
	stats, err := db.VisitStats(ctx, content.PeriodsOf(time.Now(), vn))
	if err != nil {
		t.Fatal(err)
	}
	if stats.Counter.Total != n {
		t.Errorf("%d visits recorded, want %d: one for each update, handled once", stats.Counter.Total, n)
	}
	repeats, calls := 0, api.Calls()
	for _, u := range users {
		if _, err := db.Subscriber(ctx, u.ID); err != nil {
			t.Errorf("user %d is not subscribed: %v", u.ID, err)
		}
		// The welcome, or "welcome back" when the update is handled again
		// after a kill that came after its subscription was stored.
		answers := len(textsTo(calls, u.ID))
		if answers == 0 {
			t.Errorf("user %d was never answered", u.ID)
		}
		repeats += max(0, answers-1)
	}
	// A kill while a batch is handled (before its commit) repeats that
	// batch's replies at the next start, as in polling mode; what the
	// database records is never repeated.
	t.Logf("%d updates, %d kills: %d replies repeated", n, kills, repeats)
}
