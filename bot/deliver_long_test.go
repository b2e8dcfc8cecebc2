package bot_test

import (
	"os"
	"testing"
	"time"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
)

// Ensure that, against a server enforcing Telegram's limits (30 a second,
// one a second per chat, 20 a minute per group), a push to 3 000 chats is
// sustained at 29 messages a second or more and trips no flood control
// after its first second. It takes about 100 seconds: run it with
// NEWSBOT_LONG=1 go test ./bot -run LongPaced -v.
func TestLongPacedPushSustainsTelegramRate(t *testing.T) {
	if os.Getenv("NEWSBOT_LONG") == "" {
		t.Skip("takes ~100s; set NEWSBOT_LONG=1 to run")
	}
	const n = 3000
	e := newPushEnv(t, bot.Config{SendRate: bot.DefaultSendRate}) // the defaults: 30/s, 1/s per chat, 20/min per group
	subs := people(1, n-150, "vi")
	for i := range 150 {
		subs = append(subs, content.Subscriber{ChatID: -int64(1000 + i), Group: true, Lang: "vi"})
	}
	e.subscribe(subs...)
	e.api.EnforceLimits(telegramtest.TelegramLimits())
	e.run()
	start := time.Now()
	job := e.broadcast("Thông báo: họp chi bộ lúc 14:00 chiều nay tại hội trường.", chatIDs(subs))
	deadline := time.Now().Add(200 * time.Second)
	for e.api.DeliveredCount() < n && time.Now().Before(deadline) {
		e.waitDeliveredFor(n, deadline)
	}
	j := e.waitJob(job.ID)
	if j.Sent != n {
		t.Fatalf("%s", describeJob(j))
	}
	ds := e.api.Deliveries()
	first, last := ds[0].At, ds[len(ds)-1].At
	rate := float64(len(ds)-1) / last.Sub(first).Seconds()
	late := 0
	for _, tm := range e.api.TooManyAnswers() {
		if tm.At.Sub(first) > time.Second {
			late++
			t.Logf("429 at +%v for chat %d (%s limit)", tm.At.Sub(first).Round(time.Millisecond), tm.ChatID, tm.Limit)
		}
	}
	// The slowest 10-second stretch.
	minWindow := float64(n)
	for i, j := 0, 0; i < len(ds); i++ {
		for j < len(ds) && ds[j].At.Sub(ds[i].At) < 10*time.Second {
			j++
		}
		if j == len(ds) {
			break
		}
		minWindow = min(minWindow, float64(j-i)/10)
	}
	t.Logf("%d messages in %v (job %v): %.2f msg/s sustained, slowest 10s: %.1f msg/s; 429s: %d in all, %d after the first second",
		len(ds), last.Sub(first).Round(time.Millisecond), time.Since(start).Round(time.Millisecond), rate, minWindow,
		len(e.api.TooManyAnswers()), late)
	if rate < 29 {
		t.Errorf("sustained %.2f messages a second, want at least 29", rate)
	}
	if late > 0 {
		t.Errorf("%d 429 answers after the first second, want none", late)
	}
}

// waitDeliveredFor waits for n accepted messages until deadline.
func (e *pushEnv) waitDeliveredFor(n int, deadline time.Time) {
	e.t.Helper()
	if time.Now().After(deadline) {
		return
	}
	e.waitDelivered(min(n, e.api.DeliveredCount()+500))
}
