package bot

import "time"

// maxWindowed is the highest global rate whose sends the pacer also counts
// in a sliding window; above it (tests, benchmarks) the token bucket alone
// paces.
const maxWindowed = 1000

// slidingWindow remembers the last n sends: when each started and when its
// answer came. A new send may start only when the send n back started span
// (1s plus jitter) ago and was answered a second ago, less the fastest round
// trip seen.
//
// The token bucket spaces sends by when their turn was due. A goroutine
// woken late (a busy machine) sends later than its turn and the next one
// on time, which squeezes sends together; counted on the times they really
// started, a squeeze shows and the next send waits. Telegram counts a send
// when it arrives, which is after it started and before its answer came:
// a send n back that arrived late (network or scheduling jitter beyond the
// margin) was also answered late, and the next send waits for that. The
// fastest round trip seen is taken off because most of it is the way there
// and back, not waiting at Telegram; without that, a far server (a round
// trip of 200ms) would cut the rate by a fifth.
//
// Not safe for concurrent use: the pacer locks it.
type slidingWindow struct {
	span, window time.Duration
	// maxFlight is how long an unanswered send is waited for; after that
	// it counts as answered then.
	maxFlight time.Duration
	minRTT    time.Duration // 0 until a send is answered
	sends     []windowSend  // a ring of the last len(sends) sends
	next      int
}

// windowSend is one send of a sliding window.
type windowSend struct {
	start, end time.Time // end is zero while the send is in flight
}

// newSlidingWindow returns a window of n sends per second (plus jitter), or
// nil when n is not between 1 and maxWindowed.
func newSlidingWindow(n int, jitter, maxFlight time.Duration) *slidingWindow {
	if n < 1 || n > maxWindowed {
		return nil
	}
	return &slidingWindow{span: time.Second + jitter, window: time.Second, maxFlight: maxFlight, sends: make([]windowSend, n)}
}

// delay returns how long until a send may start at now. While the send n
// back is unanswered it returns the time until it is given up on: the
// caller should wait that long or until an answer comes.
func (w *slidingWindow) delay(now time.Time) time.Duration {
	if w == nil {
		return 0
	}
	s := w.sends[w.next]
	if s.start.IsZero() {
		return 0
	}
	end := s.end
	if end.IsZero() {
		end = s.start.Add(w.maxFlight)
		if now.Before(end) {
			return end.Sub(now)
		}
	}
	d := max(s.start.Add(w.span).Sub(now), end.Add(w.window-w.minRTT).Sub(now))
	return max(d, 0)
}

// add records a send started at now and returns its slot for done.
func (w *slidingWindow) add(now time.Time) int {
	if w == nil {
		return -1
	}
	i := w.next
	w.sends[i] = windowSend{start: now}
	w.next = (w.next + 1) % len(w.sends)
	return i
}

// done records that the send in slot i, started at start, was answered (or
// given up on) at now.
func (w *slidingWindow) done(i int, start, now time.Time) {
	if w == nil || i < 0 || !w.sends[i].start.Equal(start) || !w.sends[i].end.IsZero() {
		return
	}
	w.sends[i].end = now
	if rtt := now.Sub(start); w.minRTT == 0 || rtt < w.minRTT {
		w.minRTT = max(rtt, 1)
	}
}
