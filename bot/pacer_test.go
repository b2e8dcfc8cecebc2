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
		done, err := p.Wait(context.Background(), turn{chatID: c, group: group})
		if err != nil {
			t.Fatal(err)
		}
		done()
		out[i] = time.Since(start)
	}
	return out
}

// Ensure that the global limit spaces sends by (1s + jitter)/rate, lets a
// second send follow at once (burst 2, to make up for late ones), and never
// lets rate+1 sends start within 1s + jitter.
func TestPacerGlobalSpacing(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	p := newPacer(paceLimits{PerSecond: 10, Jitter: 50 * time.Millisecond})
	got := waitTimes(t, p, []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, false)
	const spaced = 105 * time.Millisecond // (1s + 50ms)/10
	if got[1] > 30*time.Millisecond {
		t.Errorf("second send after %v, want at once", got[1])
	}
	if got[9] < 8*spaced-time.Millisecond {
		t.Errorf("10 sends in %v, want at least %v", got[9], 8*spaced)
	}
	if got[10] < 1050*time.Millisecond {
		t.Errorf("11th send after %v: 11 within 1s + jitter", got[10])
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
			done, err := p.Wait(context.Background(), turn{chatID: int64(i + 1)})
			if err != nil {
				t.Error(err)
				return
			}
			done()
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
	if _, err := p.Wait(ctx, turn{chatID: 1, lane: replyLane}); err == nil {
		t.Fatal("Wait returned nil with its context cancelled during a pause")
	}
}

// Ensure that the sliding window refuses a send that would make one too
// many in a window: counted from when sends started (plus jitter), and
// from when they were answered (less the fastest round trip), waiting for
// an answer that has not come.
func TestSlidingWindow(t *testing.T) {
	w := newSlidingWindow(3, 50*time.Millisecond, 10*time.Second)
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	var slots []int
	for i := range 3 {
		if d := w.delay(at(100 * i)); d != 0 {
			t.Fatalf("send %d must wait %v", i, d)
		}
		slots = append(slots, w.add(at(100*i)))
	}
	// The first send is unanswered: the 4th waits for it (up to 10s).
	if d := w.delay(at(300)); d != 10*time.Second-300*time.Millisecond {
		t.Fatalf("4th send, first unanswered: wait %v", d)
	}
	w.done(slots[0], at(0), at(2))     // a 2ms round trip
	w.done(slots[1], at(100), at(400)) // answered 300ms late
	if d := w.delay(at(300)); d != 750*time.Millisecond {
		t.Fatalf("4th send waits %v, want 750ms (1s + 50ms after the first started)", d)
	}
	w.add(at(1050))
	if d := w.delay(at(1150)); d != 248*time.Millisecond {
		t.Fatalf("5th send waits %v, want 248ms (1s less 2ms after the second was answered)", d)
	}
	w.done(slots[1], at(100), at(900)) // a second answer changes nothing
	if d := w.delay(at(1150)); d != 248*time.Millisecond {
		t.Fatalf("after a stale done, wait %v", d)
	}
	if newSlidingWindow(0, 0, time.Second) != nil || newSlidingWindow(maxWindowed+1, 0, time.Second) != nil {
		t.Fatal("a window for no or too many sends")
	}
	var none *slidingWindow
	none.done(none.add(t0), t0, t0)
	if none.delay(t0) != 0 {
		t.Fatal("a nil window delays")
	}
}

// Ensure that chats whose limits have refilled are forgotten.
func TestPacerForgetsIdleChats(t *testing.T) {
	p := newPacer(paceLimits{ChatWindow: time.Millisecond})
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range int64(1000) {
		if done, _ := p.takeLocked(&turn{chatID: c}, now); done == nil {
			t.Fatalf("chat %d refused", c)
		}
	}
	p.takeLocked(&turn{chatID: 5000}, now.Add(2*time.Second)) // sweeps
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
