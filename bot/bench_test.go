package bot_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/store"
)

const benchToken = "123456:AAbenchBENCHbenchBENCHbenchBENCH_x-1"

// newBenchBot wires a real store and the fake Bot API, as `newsbot run` does.
func newBenchBot(b *testing.B) (*bot.Bot, *store.DB, *telegramtest.Server) {
	b.Helper()
	api := telegramtest.New(b, benchToken)
	db, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	client, err := bot.NewClient(context.Background(), api.URL(), benchToken, nil)
	if err != nil {
		b.Fatal(err)
	}
	// The per-person limit stays on, with room for the benchmark's senders,
	// so that its cost is measured but no update is dropped.
	limit := bot.RateLimit{PerSecond: 1e6, Burst: 1e6}
	return bot.New(bot.Config{Client: client, Store: db, RateLimit: limit}), db, api
}

func groupMessage(id int, user int64, text string) tgbotapi.Update {
	return tgbotapi.Update{UpdateID: id, Message: &tgbotapi.Message{
		MessageID: id, Text: text, Date: int(time.Now().Unix()),
		Chat: &tgbotapi.Chat{ID: -1000 - user%50, Type: "supergroup"},
		From: &tgbotapi.User{ID: user, FirstName: "Cán bộ", LanguageCode: "vi"},
	}}
}

// BenchmarkCountedInteractions measures updates handled and counted per
// second through the real path: router, middleware, visit counting, and
// the commit of offset and visits after each batch of 100 updates. The
// messages are group chatter the bot does not answer, so Telegram round
// trips do not hide the cost of counting.
func BenchmarkCountedInteractions(b *testing.B) {
	bt, db, _ := newBenchBot(b)
	ctx := context.Background()
	const batch = 100
	ups := make([]tgbotapi.Update, batch)
	b.ResetTimer()
	id := 1
	for n := 0; n < b.N; n += batch {
		for i := range ups {
			ups[i] = groupMessage(id, int64(id%5000+1), "xin chào mọi người")
			id++
		}
		next := bt.HandleBatch(ctx, ups)
		if err := bt.CommitForTest(ctx, next); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(id-1)/b.Elapsed().Seconds(), "interactions/s")
	s, err := db.VisitStats(ctx, content.PeriodsOf(time.Now(), content.VietnamZone()))
	if err != nil || s.Counter.Total != int64(id-1) {
		b.Fatalf("counted %d of %d (err %v)", s.Counter.Total, id-1, err)
	}
}

// BenchmarkStats measures /stats for a member, end to end through the
// fake Bot API on loopback, with three years of daily history stored.
func BenchmarkStats(b *testing.B) {
	bt, db, api := newBenchBot(b)
	ctx := context.Background()
	var v content.Visits
	zone := content.VietnamZone()
	today := content.DayOf(time.Now(), zone)
	for d := 0; d < 3*365; d++ {
		day := today.AddDays(-d, zone)
		for p := int64(1); p <= 20; p++ {
			v.Add(day, p)
		}
	}
	if err := db.CommitUpdates(ctx, 1, v); err != nil {
		b.Fatal(err)
	}
	u := api.User(7, "vi")
	up := tgbotapi.Update{UpdateID: 1, Message: &tgbotapi.Message{MessageID: 1, Text: "/stats",
		Chat: &tgbotapi.Chat{ID: 7, Type: "private"}, From: &u,
		Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Offset: 0, Length: 6}}}}
	b.ResetTimer()
	for b.Loop() {
		bt.HandleUpdate(ctx, up)
	}
	b.StopTimer()
	sent := api.Sent(7)
	if len(sent) == 0 || sent[len(sent)-1].Status != 200 {
		b.Fatalf("no /stats reply: %v", sent)
	}
	if !strings.Contains(sent[len(sent)-1].Params["text"], "Tất cả: ") {
		b.Fatalf("reply: %q", sent[len(sent)-1].Params["text"])
	}
}
