package content

import (
	"testing"
	"time"
)

// Ensure that the digest due at a time is the last 07:00 Vietnam time at
// or before it, and the next one the day after.
func TestDigestDue(t *testing.T) {
	vn := VietnamZone()
	tests := []struct {
		name     string
		at, want time.Time
	}{
		{"just before 07:00 the due run is yesterday's", time.Date(2026, 3, 12, 6, 59, 59, 0, vn), time.Date(2026, 3, 11, 7, 0, 0, 0, vn)},
		{"at 07:00 today's run is due", time.Date(2026, 3, 12, 7, 0, 0, 0, vn), time.Date(2026, 3, 12, 7, 0, 0, 0, vn)},
		{"a UTC time is read in Vietnam time", time.Date(2026, 3, 12, 0, 30, 0, 0, time.UTC), time.Date(2026, 3, 12, 7, 0, 0, 0, vn)},
		{"late evening still counts this morning's run", time.Date(2026, 3, 12, 23, 0, 0, 0, vn), time.Date(2026, 3, 12, 7, 0, 0, 0, vn)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DigestDue(tt.at, vn); !got.Equal(tt.want) {
				t.Fatalf("DigestDue(%v)=%v, want %v", tt.at, got, tt.want)
			}
			if got, want := NextDigest(tt.at, vn), tt.want.AddDate(0, 0, 1); !got.Equal(want) {
				t.Fatalf("NextDigest(%v)=%v, want %v", tt.at, got, want)
			}
		})
	}
}

// Ensure that a chat's digest window starts when it turned the digest on,
// ends when it turned it off, and is empty for chats that never chose it
// or receive nothing.
func TestDigestWindow(t *testing.T) {
	h := func(n int) time.Time {
		return time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Hour)
	}
	run := DigestRun{From: h(0), Until: h(24)}
	on := Subscriber{Subscribed: true}
	on.SetDigest(true, h(5))
	offLater := on
	offLater.SetDigest(false, h(9))
	offBefore := Subscriber{Subscribed: true}
	offBefore.SetDigest(true, h(-30))
	offBefore.SetDigest(false, h(-2))
	blocked := on
	blocked.Blocked = true
	tests := []struct {
		name     string
		s        Subscriber
		from, to time.Time
		ok       bool
	}{
		{"a reader since 05:00 gets 05:00 to the run", on, h(5), h(24), true},
		{"a reader who stopped at 09:00 gets 05:00 to 09:00", offLater, h(5), h(9), true},
		{"a reader who stopped before the run gets nothing", offBefore, time.Time{}, time.Time{}, false},
		{"a chat that never chose the digest gets nothing", Subscriber{Subscribed: true}, time.Time{}, time.Time{}, false},
		{"a blocked chat gets nothing", blocked, time.Time{}, time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to, ok := tt.s.DigestWindow(run)
			if ok != tt.ok || (ok && (!from.Equal(tt.from) || !to.Equal(tt.to))) {
				t.Fatalf("window=%v..%v %v, want %v..%v %v", from, to, ok, tt.from, tt.to, tt.ok)
			}
		})
	}
	if !on.WantsPush(CategoryNews, true) || on.WantsPush(CategoryNews, false) || !offLater.WantsPush(CategoryNews, false) {
		t.Fatal("WantsPush: a reader must get urgent articles only, a former reader every one")
	}
}
