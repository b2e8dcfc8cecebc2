package bot_test

import (
	"runtime"
	"testing"
	"time"

	"newsbot/bot"
)

// BenchmarkPushUnpaced measures the delivery worker's own ceiling: pacing
// off, a broadcast to 10 000 subscribers per iteration through the real path
// (store paging, 8 workers, HTTP to the fake Bot API on loopback, commits
// of 50 outcomes with a disk sync each). It reports sends/s. With the fake
// lean (SetLean) it only counts what it accepts, so that its own
// bookkeeping (a JSON round trip of every message under one lock) does not
// take the CPU the worker is measured on; "full" keeps that bookkeeping.
func BenchmarkPushUnpaced(b *testing.B) {
	for _, lean := range []bool{true, false} {
		name := "full-fake"
		if lean {
			name = "lean-fake"
		}
		b.Run(name, func(b *testing.B) { benchmarkPushUnpaced(b, lean) })
	}
}

func benchmarkPushUnpaced(b *testing.B, lean bool) {
	const n = 10_000
	e := newPushEnv(b, bot.Config{Delivery: bot.DeliveryOptions{Unpaced: true}})
	subs := people(1, n, "vi")
	e.subscribe(subs...)
	e.api.SetLean(lean)
	e.run()
	ids := chatIDs(subs)
	runtime.GC()
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		e.waitJob(e.broadcast("Thông báo: họp chi bộ lúc 14:00 chiều nay.", ids).ID)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "sends/s")
	if got := e.api.DeliveredCount(); got != n*b.N {
		b.Fatalf("%d accepted, want %d", got, n*b.N)
	}
}
