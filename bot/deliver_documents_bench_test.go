package bot_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
)

// BenchmarkPushDocuments measures pushes of a directive with one document
// (a card and a document per chat) through the real path to the fake Bot
// API: "unpaced" to 2 000 chats with every limit off (the worker's own
// ceiling), "telegram-limits" to 300 chats with the pacer at Telegram's
// limits (30 messages a second, one a second per chat) and the fake
// enforcing them. Each reports
// uploads/push (the document must go up once, then by file_id), msgs/s
// (cards and documents accepted per second) and 429s (flood control
// answers, which must be 0).
func BenchmarkPushDocuments(b *testing.B) {
	b.Run("unpaced-2000", func(b *testing.B) {
		benchmarkPushDocuments(b, 2000, bot.Config{Delivery: bot.DeliveryOptions{Unpaced: true}}, telegramtest.Limits{})
	})
	b.Run("telegram-limits-300", func(b *testing.B) {
		benchmarkPushDocuments(b, 300, bot.Config{SendRate: bot.DefaultSendRate}, telegramtest.TelegramLimits())
	})
}

func benchmarkPushDocuments(b *testing.B, n int, cfg bot.Config, limits telegramtest.Limits) {
	docs := &docFiles{}
	cfg.Documents = docs
	e := newPushEnv(b, cfg)
	e.subscribe(people(1, n, "vi")...)
	e.api.SetLean(true)
	e.api.EnforceLimits(limits)
	e.run()
	runtime.GC()
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		a := directiveWith(docs, fmt.Sprintf("cong-van-%d.pdf", i))
		a.Title += fmt.Sprintf(" (%d)", i)
		a.SourceURL += fmt.Sprintf("-%d", i)
		if job := e.waitJob(e.publish(a).ID); job.Sent != n {
			b.Fatalf("%s", describeJob(job))
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	counts := e.api.DocumentCounts()
	b.ReportMetric(float64(counts.Uploads)/float64(b.N), "uploads/push")
	b.ReportMetric(float64(e.api.DeliveredCount())/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(float64(len(e.api.TooManyAnswers())), "429s")
	if got, want := e.api.DeliveredCount(), 2*n*b.N; got != want {
		b.Fatalf("%d accepted, want %d (a card and a document each)", got, want)
	}
	if counts.Uploads != b.N || counts.ByFileID != (n-1)*b.N {
		b.Fatalf("documents %+v over %d pushes to %d chats", counts, b.N, n)
	}
}
