package bot

import "time"

// maxWindowed is the highest global rate whose sends the pacer also counts
// in a sliding window; above it (tests, benchmarks) the token bucket alone
// paces.
const maxWindowed = 1000

// slidingWindow remembers when the last n sends actually started, so that no
// window of span holds more than n of them. The token bucket spaces sends
// by when their turn was due; a goroutine woken late (a busy machine) sends
// later than its turn and the next one on time, which squeezes sends
// together: counted on the times they really started, a squeeze shows and
// the next send waits. Not safe for concurrent use: the pacer locks it.
type slidingWindow struct {
	span  time.Duration
	times []time.Time // a ring of the last len(times) start times
	next  int
}

// newSlidingWindow returns a window of n sends per span, or nil when n is
// not between 1 and maxWindowed.
func newSlidingWindow(n int, span time.Duration) *slidingWindow {
	if n < 1 || n > maxWindowed {
		return nil
	}
	return &slidingWindow{span: span, times: make([]time.Time, n)}
}

// delay returns how long until a send may start at now.
func (w *slidingWindow) delay(now time.Time) time.Duration {
	if w == nil {
		return 0
	}
	oldest := w.times[w.next]
	if oldest.IsZero() {
		return 0
	}
	return max(oldest.Add(w.span).Sub(now), 0)
}

// add records a send started at now.
func (w *slidingWindow) add(now time.Time) {
	if w == nil {
		return
	}
	w.times[w.next] = now
	w.next = (w.next + 1) % len(w.times)
}
