package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/prometheus/client_golang/prometheus"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/content/contenttest"
)

const tooFastVI = "Bạn thao tác nhanh quá"

// textUpdate is a message update: from sends text in their private chat.
func textUpdate(id int, from tgbotapi.User, text string) tgbotapi.Update {
	f := from
	return tgbotapi.Update{UpdateID: id, Message: &tgbotapi.Message{MessageID: id, From: &f, Text: text,
		Chat: &tgbotapi.Chat{ID: from.ID, Type: "private"}, Date: int(middayVN.Unix())}}
}

// countTexts counts the successful sends to chat containing sub.
func countTexts(api *telegramtest.Server, chat int64, sub string) int {
	n := 0
	for _, c := range api.Sent(chat) {
		if c.Status == 200 && strings.Contains(c.Params["text"], sub) {
			n++
		}
	}
	return n
}

// Ensure that a flood from one person is cut to the burst plus one "too
// fast" reply per window, and costs another person nothing.
func TestRateLimitFloodDoesNotSlowOthers(t *testing.T) {
	clock := contenttest.NewClock(middayVN)
	reg := prometheus.NewRegistry()
	e := newPushEnv(t, bot.Config{Now: clock.Now, Metrics: bot.NewMetrics(reg),
		RateLimit: bot.RateLimit{PerSecond: 1, Burst: 10, NoticeEvery: time.Minute}})
	flooder, other := e.api.User(501, "vi"), e.api.User(502, "vi")
	e.api.PrivateChat(flooder)
	e.api.PrivateChat(other)
	ctx := context.Background()

	// One batch, as from getUpdates: 200 /help from the flooder with the
	// other person's /help in the middle, all at the same instant.
	var ups []tgbotapi.Update
	for i := range 200 {
		ups = append(ups, textUpdate(i+1, flooder, "/help"))
		if i == 100 {
			ups = append(ups, textUpdate(1000, other, "/help"))
		}
	}
	e.bot.HandleBatch(ctx, ups)
	if got, want := countTexts(e.api, other.ID, "Hướng dẫn"), 1; got != want {
		t.Fatalf("the other person got %d help replies, want %d", got, want)
	}
	if got, want := countTexts(e.api, flooder.ID, "Hướng dẫn"), 10; got != want {
		t.Fatalf("the flooder got %d help replies, want the burst %d", got, want)
	}
	if got, want := countTexts(e.api, flooder.ID, tooFastVI), 1; got != want {
		t.Fatalf("the flooder got %d too-fast replies, want %d", got, want)
	}
	// Dropped updates are not visits: the burst and the other person's.
	if err := e.bot.CommitForTest(ctx, 1001); err != nil {
		t.Fatal(err)
	}
	vs, err := e.db.VisitStats(ctx, content.PeriodsOf(clock.Now(), content.VietnamZone()))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := vs.Counter.Today, int64(11); got != want {
		t.Fatalf("%d visits counted today, want %d", got, want)
	}
	if got, want := counterValue(t, reg, "newsbot_updates_dropped_total"), 190.0; got != want {
		t.Fatalf("newsbot_updates_dropped_total=%v, want %v", got, want)
	}

	// Within the window: one more update a second is served, the rest are
	// dropped, and no second notice comes.
	clock.Advance(30 * time.Second) // 30 tokens, capped at the burst of 10
	for i := range 50 {
		e.bot.HandleUpdate(ctx, textUpdate(2000+i, flooder, "/help"))
	}
	if got, want := countTexts(e.api, flooder.ID, "Hướng dẫn"), 20; got != want {
		t.Fatalf("after 30s the flooder got %d help replies, want %d", got, want)
	}
	if got, want := countTexts(e.api, flooder.ID, tooFastVI), 1; got != want {
		t.Fatalf("within the window the flooder got %d too-fast replies, want %d", got, want)
	}

	// The next window brings one more notice, and a button press over the
	// limit gets it as a notice on the button.
	clock.Advance(31 * time.Second)
	for i := range 10 {
		e.bot.HandleUpdate(ctx, textUpdate(3000+i, flooder, "/help"))
	}
	q := tgbotapi.CallbackQuery{ID: "q1", From: &flooder, Data: "s:1",
		Message: &tgbotapi.Message{MessageID: 1, Chat: &tgbotapi.Chat{ID: flooder.ID, Type: "private"}}}
	e.bot.HandleUpdate(ctx, tgbotapi.Update{UpdateID: 4000, CallbackQuery: &q})
	e.bot.HandleUpdate(ctx, textUpdate(4001, flooder, "/help"))
	answers := 0
	for _, c := range e.api.Calls() {
		if c.Method == "answerCallbackQuery" && strings.Contains(c.Params["text"], tooFastVI) {
			answers++
		}
	}
	if answers != 1 {
		t.Fatalf("%d too-fast notices on the button, want 1", answers)
	}
	if got, want := countTexts(e.api, flooder.ID, tooFastVI), 1; got != want {
		t.Fatalf("the flooder got %d too-fast chat replies, want %d (the second window's notice went to the button)", got, want)
	}
	if got, want := countTexts(e.api, other.ID, tooFastVI), 0; got != want {
		t.Fatalf("the other person was told off %d times", got)
	}
}

// Ensure that inline queries count against the limit and are dropped
// silently beyond it.
func TestRateLimitInlineQueries(t *testing.T) {
	clock := contenttest.NewClock(middayVN)
	e := newPushEnv(t, bot.Config{Now: clock.Now, RateLimit: bot.RateLimit{PerSecond: 1, Burst: 3}})
	u := e.api.User(601, "en")
	for i := range 10 {
		iq := tgbotapi.InlineQuery{ID: "iq" + string(rune('a'+i)), From: &u, Query: ""}
		e.bot.HandleUpdate(context.Background(), tgbotapi.Update{UpdateID: i + 1, InlineQuery: &iq})
	}
	n := 0
	for _, c := range e.api.Calls() {
		if c.Method == "answerInlineQuery" {
			n++
		}
	}
	if got, want := n, 3; got != want {
		t.Fatalf("%d inline queries answered, want the burst %d", got, want)
	}
}

// counterValue returns the value of the counter name in reg.
func counterValue(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name && len(mf.GetMetric()) == 1 {
			return mf.GetMetric()[0].GetCounter().GetValue()
		}
	}
	t.Fatalf("no counter %s", name)
	return 0
}
