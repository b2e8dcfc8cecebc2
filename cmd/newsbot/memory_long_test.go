package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"newsbot/bot/telegramtest"
)

// memoryLimit is the most resident memory newsbot may use for a push to
// 100 000 chats.
const memoryLimit = 64 << 20

// Ensure that the real binary pushes an article to 100 000 subscribers with
// a peak resident set under 64 MiB: the kernel's high-water mark (VmHWM) of
// the process, which counts its Go heap, stacks and runtime, its executable
// and the database pages mapped in. The process imports the article from the inbox, which
// creates the job for all 100 000 in one transaction, then delivers it. The
// fake Bot API runs lean so the test process stays small. It takes about 30
// seconds: run it with NEWSBOT_LONG=1 go test ./cmd/newsbot -run LongMemory -v.
func TestLongMemoryPush100k(t *testing.T) {
	if os.Getenv("NEWSBOT_LONG") == "" {
		t.Skip("takes ~30s; set NEWSBOT_LONG=1 to run")
	}
	const n = 100_000
	bin := buildNewsbot(t)
	api := telegramtest.New(t, canaryToken)
	api.SetLean(true)
	dir := t.TempDir()
	dbPath, inbox := filepath.Join(dir, "newsbot.db"), filepath.Join(dir, "inbox")
	seedSubscribers(t, dbPath, 1, n)
	if err := os.MkdirAll(inbox, 0o700); err != nil {
		t.Fatal(err)
	}
	fixture := freshExport(t, "typical-one-image.txt", time.Now())
	if err := os.WriteFile(filepath.Join(inbox, "tin.txt"), fixture, 0o600); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	p := startProc(t, bin, api, "--db", dbPath, "--inbox", inbox, "--inbox-interval", "50ms",
		"--poll-timeout", "1s", "--send-rate", "100000")
	mem := sampleMemory(p.cmd.Process.Pid)
	p.waitDelivered(api, n, 5*time.Minute)
	elapsed := time.Since(start)
	rss, anon, file := mem.stop()
	p.stop(time.Minute)
	st, _ := os.Stat(dbPath)
	t.Logf("%d notices in %v (%.0f/s); peak RSS %.1f MiB (sampled peaks: anonymous %.1f MiB, file-backed %.1f MiB); database file %.1f MiB",
		n, elapsed.Round(time.Millisecond), n/elapsed.Seconds(), mib(rss), mib(anon), mib(file), mib(st.Size()))
	if rss == 0 || rss > memoryLimit {
		t.Fatalf("peak RSS %d bytes, want under %d", rss, memoryLimit)
	}
	for _, c := range []int64{1, n / 2, n} {
		if got := api.DeliveredTo(c); got != 1 {
			t.Errorf("chat %d received %d notices", c, got)
		}
	}
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }
