package bot

import (
	"testing"
	"time"
)

// Ensure that the limiter keeps at most MaxUsers people, evicting idle ones
// first and otherwise the least recently seen, and that an evicted person
// starts again with a full bucket.
func TestRateLimiterBoundedMap(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newRateLimiter(RateLimit{PerSecond: 1, Burst: 2, NoticeEvery: time.Second, MaxUsers: 3})
	for id := range int64(3) {
		if ok, _ := l.allow(id, t0.Add(time.Duration(id)*time.Millisecond)); !ok {
			t.Fatalf("person %d refused on the first update", id)
		}
	}
	// Person 0 spends the bucket and is refused, so it is not idle.
	l.allow(0, t0.Add(5*time.Millisecond))
	if ok, notice := l.allow(0, t0.Add(5*time.Millisecond)); ok || !notice {
		t.Fatalf("ok=%v notice=%v, want refused with a notice", ok, notice)
	}
	// A fourth person while all are busy evicts the least recently seen (1).
	l.allow(3, t0.Add(6*time.Millisecond))
	if got, want := l.size(), 3; got != want {
		t.Fatalf("size=%d, want %d", got, want)
	}
	if _, kept := l.people[1]; kept {
		t.Fatal("the least recently seen person was not evicted")
	}
	// Later everyone is idle: a new person sweeps them all out.
	l.allow(4, t0.Add(time.Hour))
	if got, want := l.size(), 1; got != want {
		t.Fatalf("size=%d after idle sweep, want %d", got, want)
	}
	if ok, _ := l.allow(0, t0.Add(time.Hour)); !ok {
		t.Fatal("an evicted person did not start with a full bucket")
	}
}

// BenchmarkRateLimiterAllow measures the limiter's cost per update with a
// full map of people.
func BenchmarkRateLimiterAllow(b *testing.B) {
	l := newRateLimiter(RateLimit{})
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for id := range int64(DefaultRateMaxUsers) {
		l.allow(id, t0)
	}
	i := int64(0)
	for b.Loop() {
		i++
		l.allow(i%DefaultRateMaxUsers, t0.Add(time.Duration(i)*time.Millisecond))
	}
}
