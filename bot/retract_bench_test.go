package bot_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
)

// BenchmarkRetractPaced measures a retraction of a push delivered to 2 000
// chats (one in ten past Telegram's 48 hours, so deleted one by one and
// replaced by the notice; one in three a notice of three messages) against
// the fake enforcing Telegram's limits on sends, edits and deletions alike
// (30 a second, one a second per chat); "old=none" has every chat's
// messages within the 48 hours, so one request a chat. It reports the requests made per
// second over the whole job (ops/s) and in its slowest 10-second stretch
// before the last (slowest10s-ops/s: the sustained rate, without the tail
// where the last chats' requests, a second apart, wait for each other),
// the chats finished per second, and the 429 answers, which must be none. One iteration takes over a minute: run it with
// go test ./bot -run '^$' -bench RetractPaced -benchtime 1x.
func BenchmarkRetractPaced(b *testing.B) {
	for _, c := range []struct {
		every   int64
		workers int
	}{{10, 0}, {0, 0}} {
		name := "old=none"
		if c.every > 0 {
			name = "old=1in" + strconv.FormatInt(c.every, 10)
		}
		if c.workers > 0 {
			name += "/workers=" + strconv.Itoa(c.workers)
		}
		b.Run(name, func(b *testing.B) {
			for range b.N {
				benchmarkRetractPaced(b, c.every, c.workers)
			}
		})
	}
}

// benchmarkRetractPaced runs one retraction of 2 000 chats, of which one
// in every (0: none) is past the 48 hours, with workers delivery workers
// (0: the default).
func benchmarkRetractPaced(b *testing.B, every int64, workers int) {
	b.StopTimer()
	const n = 2000
	subs := people(1, n, "vi")
	old := map[int64]bool{}
	for id := int64(1); every > 0 && id <= n; id += every {
		old[id] = true
	}
	photo := int64(0)
	if every > 0 {
		photo = 1 + every
	}
	// The bot paces as `newsbot run` does: 30 a second, one a second per chat.
	f := newRetractFixture(b, bot.Config{SendRate: bot.DefaultSendRate, Delivery: bot.DeliveryOptions{Workers: workers}}, subs, old, photo, nil)
	e := f.e
	ctx := context.Background()
	_, rj, err := e.db.RetractArticle(ctx, f.job.ArticleID, 0)
	if err != nil {
		b.Fatal(err)
	}
	lim := telegramtest.TelegramLimits()
	lim.Changes = true
	e.api.EnforceLimits(lim)
	before := len(e.api.Calls())
	b.StartTimer()
	stop := e.run()
	e.bot.Notify()
	j := e.waitJobFor(rj.ID, 10*time.Minute)
	b.StopTimer()
	stop()
	if j.Deleted+j.Replaced != n || j.Replaced != len(old) {
		b.Fatalf("deleted %d replaced %d blocked %d failed %d of %d", j.Deleted, j.Replaced, j.Blocked, j.Failed, n)
	}
	var at []time.Time
	for _, c := range e.api.Calls()[before:] {
		switch c.Method {
		case "deleteMessages", "deleteMessage", "editMessageText", "editMessageCaption":
			at = append(at, c.At)
		}
	}
	ops, first, last := len(at), at[0], at[len(at)-1]
	secs := last.Sub(first).Seconds()
	slowest := float64(ops)
	for i, j := 0, 0; i < len(at); i++ {
		for j < len(at) && at[j].Sub(at[i]) < 10*time.Second {
			j++
		}
		if j == len(at) {
			break
		}
		slowest = min(slowest, float64(j-i)/10)
	}
	b.ReportMetric(slowest, "slowest10s-ops/s")
	tooMany := len(e.api.TooManyAnswers())
	b.ReportMetric(float64(ops-1)/secs, "ops/s")
	b.ReportMetric(float64(n)/secs, "chats/s")
	b.ReportMetric(float64(tooMany), "429s")
	b.ReportMetric(float64(j.Replaced), "replaced")
	for _, tm := range e.api.TooManyAnswers() {
		b.Logf("429 at +%v for chat %d (%s limit)", tm.At.Sub(first).Round(time.Millisecond), tm.ChatID, tm.Limit)
	}
}

// waitJobFor waits up to d until job id is done (polling the store).
func (e *pushEnv) waitJobFor(id uint64, d time.Duration) content.Job {
	e.t.Helper()
	deadline := time.Now().Add(d)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		j, err := e.db.Job(context.Background(), id)
		if err != nil {
			e.t.Fatal(err)
		}
		if j.Done || time.Now().After(deadline) {
			return j
		}
		<-tick.C
	}
}
