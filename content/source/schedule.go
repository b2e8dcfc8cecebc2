package source

import "time"

// jitter is the share of an interval by which each wait is varied, both
// ways, so that sources polled at the same interval drift apart.
const jitter = 0.1

// maxStartSpread bounds the random wait before a never-polled source's
// first poll, which spreads the first polls after a start.
const maxStartSpread = 5 * time.Second

// nextWait returns how long to wait before the next poll of a source polled
// every interval that has failed failures times in a row: the interval
// after a success or a single failure, then doubling with each further
// failure (2×, 4×, 8×, …) up to maxBackoff (or the interval, when longer),
// each varied by ±10% with r, a number in [0, 1).
func nextWait(interval time.Duration, failures int, maxBackoff time.Duration, r float64) time.Duration {
	limit := max(maxBackoff, interval)
	d := interval
	for i := 1; i < failures && d < limit; i++ {
		d *= 2
	}
	d = min(d, limit)
	d = time.Duration(float64(d) * (1 - jitter + 2*jitter*r))
	if failures > 1 {
		d = min(d, limit)
	}
	return max(d, time.Millisecond)
}

// firstWait returns how long to wait before the first poll after a start:
// until the stored next poll when it is still ahead (so a restart neither
// hammers a source nor forgets its backoff), else a random part of the
// interval, at most maxStartSpread.
func firstWait(now, next time.Time, interval, maxBackoff time.Duration, r float64) time.Duration {
	if d := next.Sub(now); d > 0 {
		return min(d, max(maxBackoff, interval))
	}
	return time.Duration(float64(min(interval, maxStartSpread)) * r)
}
