package content

import (
	"testing"
	"time"
)

// Ensure that days, weeks and months turn over at Vietnam midnight, weeks
// on Monday, across month and year ends.
func TestPeriodsOf(t *testing.T) {
	vn := VietnamZone()
	tests := []struct {
		name string
		now  time.Time
		want Periods
	}{
		{"23:59 Vietnam time is still the same day", time.Date(2026, 3, 11, 23, 59, 59, 0, vn),
			Periods{"2026-03-11", "2026-03-10", "2026-03-09", "2026-03-01"}},
		{"00:00 Vietnam time is the next day", time.Date(2026, 3, 12, 0, 0, 0, 0, vn),
			Periods{"2026-03-12", "2026-03-11", "2026-03-09", "2026-03-01"}},
		{"16:59 UTC is 23:59 in Vietnam", time.Date(2026, 3, 11, 16, 59, 0, 0, time.UTC),
			Periods{"2026-03-11", "2026-03-10", "2026-03-09", "2026-03-01"}},
		{"17:00 UTC is already tomorrow in Vietnam", time.Date(2026, 3, 11, 17, 0, 0, 0, time.UTC),
			Periods{"2026-03-12", "2026-03-11", "2026-03-09", "2026-03-01"}},
		{"a Monday starts its own week", time.Date(2026, 3, 9, 0, 0, 0, 0, vn),
			Periods{"2026-03-09", "2026-03-08", "2026-03-09", "2026-03-01"}},
		{"a Sunday belongs to the week that began on Monday", time.Date(2026, 3, 8, 12, 0, 0, 0, vn),
			Periods{"2026-03-08", "2026-03-07", "2026-03-02", "2026-03-01"}},
		{"the first of a month has yesterday in the last month", time.Date(2026, 3, 1, 8, 0, 0, 0, vn),
			Periods{"2026-03-01", "2026-02-28", "2026-02-23", "2026-03-01"}},
		{"1 January has yesterday on 31 December", time.Date(2027, 1, 1, 0, 0, 0, 0, vn),
			Periods{"2027-01-01", "2026-12-31", "2026-12-28", "2027-01-01"}},
		{"31 December is in December", time.Date(2026, 12, 31, 23, 59, 0, 0, vn),
			Periods{"2026-12-31", "2026-12-30", "2026-12-28", "2026-12-01"}},
		{"29 February of a leap year", time.Date(2028, 2, 29, 10, 0, 0, 0, vn),
			Periods{"2028-02-29", "2028-02-28", "2028-02-28", "2028-02-01"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := PeriodsOf(tc.now, vn); got != tc.want {
				t.Fatalf("PeriodsOf(%v)=%+v, want %+v", tc.now, got, tc.want)
			}
		})
	}
}

// Ensure that the five figures add up days into the right periods.
func TestCount(t *testing.T) {
	p := PeriodsOf(time.Date(2026, 3, 2, 9, 0, 0, 0, VietnamZone()), VietnamZone()) // a Monday
	days := []DayCount{
		{Day: "2026-02-27", Visits: 5}, {Day: "2026-03-01", Visits: 7}, {Day: "2026-03-02", Visits: 11},
	}
	got := Count(days, p, 1000)
	want := VisitCounter{Today: 11, Yesterday: 7, Week: 11, Month: 18, Total: 1000}
	if got != want {
		t.Fatalf("Count=%+v, want %+v", got, want)
	}
}

// Ensure that a batch counts visits and distinct people.
func TestVisitsAdd(t *testing.T) {
	var v Visits
	if !v.Empty() {
		t.Fatal("new batch not empty")
	}
	v.Add("2026-03-02", 1)
	v.Add("2026-03-02", 1)
	v.Add("2026-03-02", 2)
	v.Add("2026-03-02", 0)
	d := v.Days["2026-03-02"]
	if d.Visits != 4 || len(d.People) != 2 {
		t.Fatalf("visits=%d people=%d, want 4 and 2", d.Visits, len(d.People))
	}
}

// Ensure that quiet hours wrap past midnight in Vietnam time.
func TestQuietHoursContains(t *testing.T) {
	vn := VietnamZone()
	q := DefaultQuietHours()
	for _, tc := range []struct {
		h, m int
		want bool
	}{{21, 59, false}, {22, 0, true}, {23, 59, true}, {0, 0, true}, {5, 59, true}, {6, 0, false}, {12, 0, false}} {
		if got := q.Contains(time.Date(2026, 3, 12, tc.h, tc.m, 0, 0, vn), vn); got != tc.want {
			t.Errorf("%02d:%02d quiet=%v, want %v", tc.h, tc.m, got, tc.want)
		}
	}
	if (QuietHours{From: 600, To: 600}).Contains(time.Now(), vn) {
		t.Error("empty quiet hours contain a time")
	}
}
