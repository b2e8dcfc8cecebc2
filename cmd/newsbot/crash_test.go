package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/store"
)

// crashWait bounds each wait on the newsbot process.
const crashWait = 60 * time.Second

// Ensure that a push survives the process being killed (SIGKILL) three
// times at random points: after restarts every subscriber has the notice,
// and the notices sent twice are at most the bound the delivery worker
// states (DeliveryOptions.RepeatBound) per crash. It builds and runs the
// real binary.
func TestCrashMidPushLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the newsbot binary")
	}
	bin := buildNewsbot(t)
	api := telegramtest.New(t, canaryToken)
	dir := t.TempDir()
	dbPath, inbox := filepath.Join(dir, "newsbot.db"), filepath.Join(dir, "inbox")
	const n = 300
	chats := seedSubscribers(t, dbPath, 1001, n)
	if err := os.MkdirAll(inbox, 0o700); err != nil {
		t.Fatal(err)
	}
	fixture := freshExport(t, "typical-one-image.txt", time.Now())
	if err := os.WriteFile(filepath.Join(inbox, "tin.txt"), fixture, 0o600); err != nil {
		t.Fatal(err)
	}
	args := crashRunArgs(dbPath, "--inbox", inbox, "--inbox-interval", "50ms")
	kills := killPoints(t, "accepted messages", 20, 60, 100, 60, 180, 70)
	for i, at := range kills {
		p := startProc(t, bin, api, args...)
		p.waitDelivered(api, at, crashWait)
		p.kill()
		if got := api.DeliveredCount(); got >= n {
			t.Fatalf("crash %d came after the push ended (%d accepted)", i+1, got)
		}
	}
	p := startProc(t, bin, api, args...)
	for !covered(api, chats) {
		p.waitDelivered(api, api.DeliveredCount()+1, crashWait)
	}
	p.stop(crashWait)

	bound := bot.DeliveryOptions{}.RepeatBound()
	repeats := 0
	for _, c := range chats {
		repeats += api.DeliveredTo(c) - 1
	}
	t.Logf("%d messages for %d chats: %d repeated over %d crashes (bound %d a crash)",
		api.DeliveredCount(), n, repeats, len(kills), bound)
	if repeats > len(kills)*bound {
		t.Errorf("%d notices repeated, more than %d crashes × %d", repeats, len(kills), bound)
	}
	db, err := store.Open(dbPath, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	jobs, err := db.RecentJobs(context.Background(), 10)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("jobs %+v, %v: want the article's push alone", jobs, err)
	}
	if j := jobs[0]; !j.Done || j.Sent != n || j.Pending() != 0 {
		t.Fatalf("job %+v, want done with %d sent", j, n)
	}
}

// covered reports whether every chat has received a message.
func covered(api *telegramtest.Server, chats []int64) bool {
	for _, c := range chats {
		if api.DeliveredTo(c) == 0 {
			return false
		}
	}
	return true
}
