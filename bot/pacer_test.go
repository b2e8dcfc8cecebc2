package bot

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// waitTimes calls p.Wait for each chat in turn and returns when each
// returned, relative to the start.
func waitTimes(t *testing.T, p *pacer, chats []int64, group bool) []time.Duration {
	t.Helper()
	start := time.Now()
	out := make([]time.Duration, len(chats))
	for i, c := range chats {
		if err := p.Wait(context.Background(), c, group); err != nil {
			t.Fatal(err)
		}
		out[i] = time.Since(start)
	}
	return out
}

// Ensure that the global limit spaces sends by (1s + jitter)/rate.
func TestPacerGlobalSpacing(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	p := newPacer(paceLimits{PerSecond: 50, Jitter: 50 * time.Millisecond})
	got := waitTimes(t, p, []int64{1, 2, 3, 4, 5, 6}, false)
	want := 5 * 21 * time.Millisecond // (1s + 50ms)/50
	if got[5] < want-time.Millisecond {
		t.Fatalf("6 sends in %v, want at least %v", got[5], want)
	}
}

// Ensure that one chat waits its window between sends while others do not,
// and that a group also keeps to its count per window.
func TestPacerPerChatAndGroup(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	p := newPacer(paceLimits{PerSecond: 1000, ChatWindow: 60 * time.Millisecond, GroupCount: 2, GroupWindow: 300 * time.Millisecond})
	got := waitTimes(t, p, []int64{1, 2, 3, 1, 1}, false)
	if got[2] > 30*time.Millisecond {
		t.Fatalf("three different chats took %v", got[2])
	}
	if got[3] < 60*time.Millisecond || got[4] < 120*time.Millisecond {
		t.Fatalf("sends to one chat at %v and %v, want 60ms apart", got[3], got[4])
	}
	g := waitTimes(t, p, []int64{-5, -5, -5}, true)
	if g[1] < 150*time.Millisecond || g[2] < 300*time.Millisecond {
		t.Fatalf("sends to a group at %v, want 150ms apart (2 per 300ms)", g)
	}
}

// Ensure that a pause holds every sender until it ends, and that a shorter
// pause does not cut a longer one.
func TestPacerPauseStopsEveryone(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	p := newPacer(paceLimits{})
	start := time.Now()
	p.Pause(200 * time.Millisecond)
	p.Pause(10 * time.Millisecond)
	var wg sync.WaitGroup
	times := make([]time.Duration, 4)
	for i := range times {
		wg.Go(func() {
			if err := p.Wait(context.Background(), int64(i+1), false); err != nil {
				t.Error(err)
			}
			times[i] = time.Since(start)
		})
	}
	wg.Wait()
	for i, d := range times {
		if d < 200*time.Millisecond {
			t.Errorf("sender %d went after %v, during the pause", i, d)
		}
	}
	if p.Pauses() != 1 {
		t.Fatalf("Pauses() = %d, want 1", p.Pauses())
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.Pause(time.Hour)
	cancel()
	if err := p.Wait(ctx, 1, false); err == nil {
		t.Fatal("Wait returned nil with its context cancelled during a pause")
	}
}

// Ensure that the sliding window refuses a send that would make one too
// many in a window, counted on the times sends started.
func TestSlidingWindow(t *testing.T) {
	w := newSlidingWindow(3, time.Second)
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := range 3 {
		if d := w.delay(t0); d != 0 {
			t.Fatalf("send %d must wait %v", i, d)
		}
		w.add(t0.Add(time.Duration(i) * 100 * time.Millisecond))
	}
	if d := w.delay(t0.Add(300 * time.Millisecond)); d != 700*time.Millisecond {
		t.Fatalf("4th send waits %v, want 700ms", d)
	}
	if d := w.delay(t0.Add(time.Second)); d != 0 {
		t.Fatalf("after the window, wait %v", d)
	}
	if newSlidingWindow(0, time.Second) != nil || newSlidingWindow(maxWindowed+1, time.Second) != nil {
		t.Fatal("a window for no or too many sends")
	}
	var none *slidingWindow
	none.add(t0)
	if none.delay(t0) != 0 {
		t.Fatal("a nil window delays")
	}
}

// Ensure that chats whose limits have refilled are forgotten.
func TestPacerForgetsIdleChats(t *testing.T) {
	p := newPacer(paceLimits{ChatWindow: time.Millisecond})
	now := time.Now()
	for c := range int64(1000) {
		if !p.take(c, false, now) {
			t.Fatalf("chat %d refused", c)
		}
	}
	p.take(5000, false, now.Add(2*time.Second)) // sweeps
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.chats) != 1 {
		t.Fatalf("%d chats remembered, want 1", len(p.chats))
	}
}

// Ensure that the backoff grows, stays within its limit, and varies.
func TestBackoff(t *testing.T) {
	seen := map[time.Duration]bool{}
	for n := 1; n <= 10; n++ {
		d := backoff(n, 100*time.Millisecond, time.Second)
		full := min(100*time.Millisecond<<(n-1), time.Second)
		if d < full/2 || d > full {
			t.Fatalf("backoff(%d) = %v, want within [%v, %v]", n, d, full/2, full)
		}
		seen[d] = true
	}
	if len(seen) < 5 {
		t.Fatalf("backoffs %v: no jitter", seen)
	}
}
