package telegramtest

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content/contenttest"
)

// Ensure that the global limit answers the send over it with 429 and a
// retry_after, records it, and accepts sends again once the window moved.
func TestEnforceGlobalLimit(t *testing.T) {
	srv, bot := newBot(t)
	clock := contenttest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	srv.EnforceLimits(Limits{Global: 3, GlobalWindow: 300 * time.Millisecond, Now: clock.Now})
	for i := range int64(3) {
		if _, err := bot.Send(tgbotapi.NewMessage(10+i, "x")); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
		clock.Advance(50 * time.Millisecond)
	}
	_, err := bot.Send(tgbotapi.NewMessage(20, "x"))
	if e := apiError(t, err); e.Code != http.StatusTooManyRequests || e.RetryAfter != 1 {
		t.Fatalf("4th send: %+v", e)
	}
	tm := srv.TooManyAnswers()
	if len(tm) != 1 || tm[0].ChatID != 20 || tm[0].Limit != "global" || tm[0].RetryAfter != 1 || !tm[0].At.Equal(clock.Now()) {
		t.Fatalf("TooManyAnswers = %+v", tm)
	}
	// 300ms after the first send it leaves the window: one more fits. Sends
	// refused were not counted.
	clock.Advance(149 * time.Millisecond)
	if _, err := bot.Send(tgbotapi.NewMessage(20, "x")); err == nil {
		t.Fatal("a 4th send was accepted inside the window")
	}
	clock.Advance(time.Millisecond)
	if _, err := bot.Send(tgbotapi.NewMessage(20, "x")); err != nil {
		t.Fatalf("send after the window moved: %v", err)
	}
	if n := srv.DeliveredCount(); n != 4 {
		t.Fatalf("DeliveredCount = %d, want 4", n)
	}
	if n := len(srv.TooManyAnswers()); n != 2 {
		t.Fatalf("%d 429 answers, want 2", n)
	}
}

// Ensure that one message a second per chat and n a minute per group are
// enforced separately from other chats.
func TestEnforceChatAndGroupLimits(t *testing.T) {
	srv, bot := newBot(t)
	srv.EnforceLimits(Limits{PerChat: 1, PerGroup: 2, ChatWindow: time.Hour})
	mustSend := func(chat int64) {
		t.Helper()
		if _, err := bot.Send(tgbotapi.NewMessage(chat, "x")); err != nil {
			t.Fatalf("send to %d: %v", chat, err)
		}
	}
	mustSend(1)
	_, err := bot.Send(tgbotapi.NewMessage(1, "again"))
	if e := apiError(t, err); e.Code != http.StatusTooManyRequests || e.RetryAfter < 3590 {
		t.Fatalf("second send to a chat: %+v", e)
	}
	mustSend(2)

	srv.EnforceLimits(Limits{PerGroup: 2})
	mustSend(-5)
	mustSend(-5)
	_, err = bot.Send(tgbotapi.NewMessage(-5, "third"))
	if e := apiError(t, err); e.Code != http.StatusTooManyRequests || e.RetryAfter < 59 || e.RetryAfter > 60 {
		t.Fatalf("third send to a group within a minute: %+v", e)
	}
	mustSend(-6)
	mustSend(3)
	mustSend(3) // private chats have no group limit
	var limits []string
	for _, tm := range srv.TooManyAnswers() {
		limits = append(limits, tm.Limit)
	}
	if len(limits) != 2 || limits[0] != "chat" || limits[1] != "group" {
		t.Fatalf("limits hit = %v", limits)
	}
	if srv.DeliveredTo(-5) != 2 || srv.DeliveredTo(1) != 1 {
		t.Fatalf("DeliveredTo(-5)=%d DeliveredTo(1)=%d", srv.DeliveredTo(-5), srv.DeliveredTo(1))
	}
}

// Ensure that injected faults hit the share asked for, the same sends for
// the same seed whatever else happens, and never deliver the message.
func TestInjectFaultsDeterministic(t *testing.T) {
	run := func(seed uint64, order []int64) map[[2]int64]int {
		srv, bot := newBot(t)
		srv.InjectFaults(Faults{Seed: seed, ServerErrors: 0.1, Resets: 0.05})
		fates := map[[2]int64]int{}
		tries := map[int64]int64{}
		for _, chat := range order {
			_, err := bot.Send(tgbotapi.NewMessage(chat, "x"))
			var e *tgbotapi.Error
			code := 200
			switch {
			case errors.As(err, &e):
				code = e.Code
			case err != nil:
				code = -1 // connection reset
			}
			fates[[2]int64{chat, tries[chat]}] = code
			tries[chat]++
		}
		st := srv.FaultStats()
		if got := srv.DeliveredCount(); got != len(order)-st.ServerErrors-st.Resets {
			t.Fatalf("delivered %d of %d with %+v", got, len(order), st)
		}
		for chat, n := range tries {
			ok := 0
			for i := range n {
				if fates[[2]int64{chat, i}] == 200 {
					ok++
				}
			}
			if srv.DeliveredTo(chat) != ok {
				t.Fatalf("chat %d: DeliveredTo=%d, answered ok %d times", chat, srv.DeliveredTo(chat), ok)
			}
		}
		return fates
	}
	var forward, backward []int64
	for i := range 300 {
		forward = append(forward, int64(i%100+1))
		backward = append(backward, int64(100-i%100))
	}
	a, b := run(7, forward), run(7, backward)
	bad := 0
	for k, v := range a {
		if b[k] != v {
			t.Fatalf("try %v: %d with one order, %d with the other", k, v, b[k])
		}
		if v != 200 {
			bad++
		}
	}
	if bad < 20 || bad > 70 {
		t.Fatalf("%d of 300 sends failed, want about 15%%", bad)
	}
	c := run(8, forward)
	same := 0
	for k, v := range a {
		if c[k] == v {
			same++
		}
	}
	if same == len(a) {
		t.Fatal("another seed failed the very same sends")
	}
}

// Ensure that a delayed answer the client stops waiting for delivers
// nothing, and one it waits for is handled.
func TestInjectFaultsDelay(t *testing.T) {
	srv := New(t, testToken)
	srv.InjectFaults(Faults{Delay: 300 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	impatient, err := tgbotapi.NewBotAPIWithClient(testToken, srv.URL()+"/bot%s/%s", ctxClient{ctx: context.Background()})
	if err != nil {
		t.Fatal(err)
	}
	impatient.Client = ctxClient{ctx: ctx}
	if _, err := impatient.Send(tgbotapi.NewMessage(3, "x")); err == nil {
		t.Fatal("a send that timed out succeeded")
	}
	patient, _ := tgbotapi.NewBotAPIWithClient(testToken, srv.URL()+"/bot%s/%s", http.DefaultClient)
	start := time.Now()
	if _, err := patient.Send(tgbotapi.NewMessage(3, "y")); err != nil {
		t.Fatal(err)
	}
	if time.Since(start) < 300*time.Millisecond {
		t.Fatal("the answer was not delayed")
	}
	waitCtx, cancelWait := context.WithTimeout(context.Background(), wait)
	defer cancelWait()
	if err := srv.WaitDelivered(waitCtx, 1); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(wait)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for srv.FaultStats().Abandoned != 1 {
		if time.Now().After(deadline) {
			t.Fatalf("stats %+v, want one abandoned send", srv.FaultStats())
		}
		<-tick.C
	}
	if n := srv.DeliveredTo(3); n != 1 {
		t.Fatalf("chat 3 received %d messages, want only the patient one", n)
	}
}

// Ensure that Migrate answers sends to the old group with its new ID.
func TestMigrate(t *testing.T) {
	srv, bot := newBot(t)
	srv.Migrate(-77, -1001234567890)
	_, err := bot.Send(tgbotapi.NewMessage(-77, "x"))
	if e := apiError(t, err); e.Code != http.StatusBadRequest || e.MigrateToChatID != -1001234567890 {
		t.Fatalf("error = %+v", e)
	}
	m, err := bot.Send(tgbotapi.NewMessage(-1001234567890, "x"))
	if err != nil || m.Chat.Type != "supergroup" {
		t.Fatalf("send to the supergroup: %+v %v", m.Chat, err)
	}
	d := srv.Deliveries()
	if len(d) != 1 || d[0].ChatID != -1001234567890 || d[0].Method != "sendMessage" || d[0].Silent {
		t.Fatalf("Deliveries = %+v", d)
	}
}

// Ensure that edits of a chat's messages count under the limits, as sends
// do: an edit right after a send to the same chat is answered 429.
func TestEnforceLimitsCountsEdits(t *testing.T) {
	srv, bot := newBot(t)
	clock := contenttest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	srv.EnforceLimits(Limits{PerChat: 1, Now: clock.Now})
	m, err := bot.Send(tgbotapi.NewMessage(10, "x"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = bot.Request(tgbotapi.NewEditMessageText(10, m.MessageID, "y"))
	if e := apiError(t, err); e.Code != http.StatusTooManyRequests {
		t.Fatalf("edit right after a send: %+v", e)
	}
	if tm := srv.TooManyAnswers(); len(tm) != 1 || tm[0].ChatID != 10 || tm[0].Limit != "chat" {
		t.Fatalf("TooManyAnswers = %+v", tm)
	}
	clock.Advance(time.Second)
	if _, err := bot.Request(tgbotapi.NewEditMessageText(10, m.MessageID, "y")); err != nil {
		t.Fatalf("edit a second later: %v", err)
	}
}
