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

// Ensure that a chat's digest lists what arrived within the run while its
// digest was on, across turning it off and on again, and nothing for chats
// that never chose it or receive nothing.
func TestInDigest(t *testing.T) {
	h := func(n int) time.Time {
		return time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Hour)
	}
	run := DigestRun{From: h(0), Until: h(24)}
	on := Subscriber{Subscribed: true}
	on.SetDigest(true, h(5))
	toggled := on
	toggled.SetDigest(false, h(9))
	toggled.SetDigest(true, h(12))
	offBefore := Subscriber{Subscribed: true}
	offBefore.SetDigest(true, h(-30))
	offBefore.SetDigest(false, h(-2))
	blocked := on
	blocked.Blocked = true
	tests := []struct {
		name string
		s    Subscriber
		// want says which arrival hours are listed; from is DigestFrom.
		want func(hr int) bool
		from int
	}{
		{"a reader since 05:00 gets 05:00 to the run", on, func(hr int) bool { return hr >= 5 && hr < 24 }, 5},
		{"a reader off from 09:00 to 12:00 gets the rest", toggled,
			func(hr int) bool { return hr >= 5 && hr < 9 || hr >= 12 && hr < 24 }, 5},
		{"a reader who stopped before the run gets nothing", offBefore, func(int) bool { return false }, 0},
		{"a chat that never chose the digest gets nothing", Subscriber{Subscribed: true}, func(int) bool { return false }, 0},
		{"a blocked chat gets nothing", blocked, func(int) bool { return false }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			some := false
			for hr := -3; hr <= 26; hr++ {
				if got, want := tt.s.InDigest(run, CategoryNews, h(hr)), tt.want(hr); got != want {
					t.Fatalf("arrival at %d h listed=%v, want %v", hr, got, want)
				}
				some = some || tt.want(hr)
			}
			from, ok := tt.s.DigestFrom(run)
			if ok != some || (ok && !from.Equal(h(tt.from))) {
				t.Fatalf("DigestFrom=%v %v, want %v %v", from, ok, h(tt.from), some)
			}
		})
	}
	if toggled.InDigest(run, CategoryNews, h(10)) {
		t.Fatal("an article pushed while the digest was off is listed again")
	}
	if !on.WantsPush(CategoryNews, true) || on.WantsPush(CategoryNews, false) || !offBefore.WantsPush(CategoryNews, false) {
		t.Fatal("WantsPush: a reader must get urgent articles only, a former reader every one")
	}
}

// Ensure that a keyword alert is pushed at once unless the article waits in
// the chat's digest: a digest reader who wants its category gets it there,
// any other reader, and every article that is not queued, come at once.
func TestWantsAlertPush(t *testing.T) {
	h := func(n int) time.Time {
		return time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Hour)
	}
	reader := Subscriber{Subscribed: true}
	reader.SetDigest(true, h(5))
	readerOther := reader
	readerOther.Categories = []Category{CategoryConference}
	formerReader := reader
	formerReader.SetDigest(false, h(9))
	plain := Subscriber{Subscribed: true}
	gone := reader
	gone.Subscribed = false
	tests := []struct {
		name     string
		s        Subscriber
		queuedAt time.Time
		want     bool
	}{
		{"a digest reader who wants the category gets it in the digest", reader, h(6), false},
		{"a digest reader is alerted to what is not queued (urgent, units)", reader, time.Time{}, true},
		{"a digest reader who does not want the category is alerted", readerOther, h(6), true},
		{"a reader who turned the digest off is alerted", formerReader, h(10), true},
		{"a chat without digest is alerted", plain, h(6), true},
		{"an unsubscribed chat is not alerted", gone, time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.WantsAlertPush(CategoryNews, tt.queuedAt); got != tt.want {
				t.Fatalf("WantsAlertPush=%v, want %v", got, tt.want)
			}
			// The alert and the digest never both bring the article, and
			// one of them does for an active chat.
			if !tt.queuedAt.IsZero() && tt.s.Active() {
				run := DigestRun{From: h(0), Until: h(24)}
				if in := tt.s.InDigest(run, CategoryNews, tt.queuedAt); in == tt.want {
					t.Fatalf("in digest=%v and alert push=%v", in, tt.want)
				}
			}
		})
	}
}
