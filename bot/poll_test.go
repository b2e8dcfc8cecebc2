package bot_test

import (
	"context"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/prometheus/client_golang/prometheus"

	"newsbot/bot"
	"newsbot/content"
)

// Ensure that a button pressed on a message sent in inline mode (a callback
// query with inline_message_id and no message) is answered and confirmed by
// the poll loop, and the updates after it are handled.
func TestPollAnswersInlineMessageCallback(t *testing.T) {
	e := newPushEnv(t, bot.Config{RateLimit: bot.RateLimit{Off: true}})
	from := e.api.User(501, "vi")
	chat := e.api.PrivateChat(from)
	q := e.api.CallbackQuery(from, chat, 1, "s:1")
	q.Message, q.InlineMessageID = nil, "AgAAAN8AAAB"
	e.api.AddUpdate(tgbotapi.Update{CallbackQuery: &q})
	after := e.api.SendText(from, chat, "/help")
	startPolling(t, e.bot)
	ctx, cancel := context.WithTimeout(context.Background(), pushWait)
	defer cancel()
	if err := e.api.WaitOffset(ctx, after+1); err != nil {
		t.Fatal(err)
	}
	answered := 0
	for _, c := range e.api.Calls() {
		if c.Method == "answerCallbackQuery" && c.Params["callback_query_id"] == q.ID && c.Status == 200 {
			answered++
		}
	}
	if answered != 1 {
		t.Fatalf("the inline-message callback was answered %d times, want 1", answered)
	}
	if got := countTexts(e.api, chat.ID, "Hướng dẫn"); got != 1 {
		t.Fatalf("/help after it answered %d times, want 1", got)
	}
}

// Ensure that an update in hand at two deaths of the process is skipped,
// confirmed and reported to the admins once, while the rest of its batch is
// handled, and that updates handled before the deaths are not handled again.
func TestHandleBatchQuarantinesUpdateInHandAtTwoDeaths(t *testing.T) {
	e := newPushEnv(t, bot.Config{RateLimit: bot.RateLimit{Off: true}})
	ctx := context.Background()
	admin, from := e.api.User(100, "vi"), e.api.User(501, "vi")
	e.api.PrivateChat(admin)
	chat := e.api.PrivateChat(from)
	if _, err := e.db.AddAdmin(ctx, admin.ID, 0); err != nil {
		t.Fatal(err)
	}
	ups := []tgbotapi.Update{textUpdate(11, from, "/help"), textUpdate(12, from, "/help"), textUpdate(13, from, "/help")}
	// Two runs handled 11, then died with 12 in hand.
	for range content.PoisonDeaths {
		if _, err := e.db.BeginUpdates(ctx, []int{11, 12, 13}); err != nil {
			t.Fatal(err)
		}
		if err := e.db.AdvanceUpdates(ctx, -1, 11); err != nil {
			t.Fatal(err)
		}
		if err := e.db.AdvanceUpdates(ctx, 11, 12); err != nil {
			t.Fatal(err)
		}
	}
	if next := e.bot.HandleBatch(ctx, ups); next != 14 {
		t.Fatalf("offset %d, want 14", next)
	}
	if got := countTexts(e.api, chat.ID, "Hướng dẫn"); got != 1 {
		t.Fatalf("%d replies to the batch, want 1 (13's)", got)
	}
	if got := countTexts(e.api, admin.ID, "mã 12, loại message"); got != 1 {
		t.Fatalf("the admin was told %d times of update 12, want once: %v", got, e.api.Sent(admin.ID))
	}
	// A death before the commit: nothing is handled or reported again.
	e.bot.HandleBatch(ctx, ups)
	if got := countTexts(e.api, chat.ID, "Hướng dẫn") + countTexts(e.api, admin.ID, "mã 12"); got != 2 {
		t.Fatalf("%d messages after the batch came again, want the 2 of before", got)
	}
	if err := e.bot.CommitForTest(ctx, 14); err != nil {
		t.Fatal(err)
	}
	if left, err := e.db.UpdatesInFlight(ctx); err != nil || len(left) != 0 {
		t.Fatalf("in flight after the commit: %v, %v; want none", left, err)
	}
}

// Ensure that updates of shapes the bot does not handle (a type tgbotapi
// does not know, such as a reaction, and a message without a chat) are
// confirmed and counted as skipped, and the one after them handled.
func TestHandleBatchCountsUnhandledShapesAsSkipped(t *testing.T) {
	reg := prometheus.NewRegistry()
	e := newPushEnv(t, bot.Config{RateLimit: bot.RateLimit{Off: true}, Metrics: bot.NewMetrics(reg)})
	from := e.api.User(501, "vi")
	chat := e.api.PrivateChat(from)
	ups := []tgbotapi.Update{
		{UpdateID: 21},
		{UpdateID: 22, Message: &tgbotapi.Message{MessageID: 1, Text: "/help", From: &from}},
		textUpdate(23, from, "/help"),
	}
	if next := e.bot.HandleBatch(context.Background(), ups); next != 24 {
		t.Fatalf("offset %d, want 24", next)
	}
	if got := counterValue(t, reg, "newsbot_updates_skipped_total"); got != 2 {
		t.Fatalf("%v updates counted as skipped, want 2", got)
	}
	if got := countTexts(e.api, chat.ID, "Hướng dẫn"); got != 1 {
		t.Fatalf("%d replies, want 1 (the update after the skipped ones)", got)
	}
}
