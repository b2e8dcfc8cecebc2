package content

import "time"

// Day is a calendar day in Vietnam time, written "2006-01-02". Its string
// order is its time order.
type Day string

// DayLayout is the layout of a Day.
const DayLayout = "2006-01-02"

// DayOf returns the Vietnam-time day that t falls on.
func DayOf(t time.Time, zone *time.Location) Day {
	return Day(t.In(zone).Format(DayLayout))
}

// Time returns the start of d (midnight) in zone; ok is false for a
// malformed day.
func (d Day) Time(zone *time.Location) (time.Time, bool) {
	t, err := time.ParseInLocation(DayLayout, string(d), zone)
	return t, err == nil
}

// AddDays returns the day n days after d (before, for negative n).
func (d Day) AddDays(n int, zone *time.Location) Day {
	t, ok := d.Time(zone)
	if !ok {
		return d
	}
	return DayOf(t.AddDate(0, 0, n), zone)
}

// Periods are the first days of the periods the portal's visit counter shows,
// for the day today: yesterday, the week (starting on Monday) and the month.
type Periods struct {
	Today, Yesterday, WeekStart, MonthStart Day
}

// PeriodsOf returns the periods around now in zone.
func PeriodsOf(now time.Time, zone *time.Location) Periods {
	t := now.In(zone)
	today := DayOf(t, zone)
	sinceMonday := (int(t.Weekday()) + 6) % 7
	return Periods{
		Today:      today,
		Yesterday:  today.AddDays(-1, zone),
		WeekStart:  today.AddDays(-sinceMonday, zone),
		MonthStart: Day(t.Format("2006-01") + "-01"),
	}
}

// DayCount is the activity of one day.
type DayCount struct {
	Day    Day   `json:"date"`
	Visits int64 `json:"visits"`
	// People is how many distinct people came that day.
	People int64 `json:"people"`
}

// VisitCounter holds the portal's five figures ("Truy cập").
type VisitCounter struct {
	Today     int64 `json:"today"`
	Yesterday int64 `json:"yesterday"`
	Week      int64 `json:"this_week"`
	Month     int64 `json:"this_month"`
	Total     int64 `json:"total"`
}

// Count adds up days (in any order) into the counter for periods p; total is
// the all-time figure, kept separately.
func Count(days []DayCount, p Periods, total int64) VisitCounter {
	c := VisitCounter{Total: total}
	for _, d := range days {
		if d.Day == p.Today {
			c.Today += d.Visits
		}
		if d.Day == p.Yesterday {
			c.Yesterday += d.Visits
		}
		if d.Day >= p.WeekStart && d.Day <= p.Today {
			c.Week += d.Visits
		}
		if d.Day >= p.MonthStart && d.Day <= p.Today {
			c.Month += d.Visits
		}
	}
	return c
}

// Visits is a batch of counted interactions not yet stored: visits and
// distinct people per day, and views per article.
type Visits struct {
	Days map[Day]*DayVisits
	// Views counts article detail openings by article ID, per day's month.
	Views map[Day]map[string]int64
}

// DayVisits is one day's part of a batch.
type DayVisits struct {
	Visits int64
	People map[int64]struct{}
}

// Add counts one interaction by person (0 when unknown) on day.
func (v *Visits) Add(day Day, person int64) {
	if v.Days == nil {
		v.Days = map[Day]*DayVisits{}
	}
	d := v.Days[day]
	if d == nil {
		d = &DayVisits{People: map[int64]struct{}{}}
		v.Days[day] = d
	}
	d.Visits++
	if person != 0 {
		d.People[person] = struct{}{}
	}
}

// View counts one opening of article id on day.
func (v *Visits) View(day Day, id string) {
	if v.Views == nil {
		v.Views = map[Day]map[string]int64{}
	}
	if v.Views[day] == nil {
		v.Views[day] = map[string]int64{}
	}
	v.Views[day][id]++
}

// Empty reports whether the batch counts nothing.
func (v *Visits) Empty() bool { return len(v.Days) == 0 && len(v.Views) == 0 }

// VisitStats are the visit figures at one moment.
type VisitStats struct {
	Counter VisitCounter `json:"counter"`
	// PeopleToday and PeopleMonth count distinct people.
	PeopleToday int64 `json:"people_today"`
	PeopleMonth int64 `json:"people_month"`
}

// ArticleViews is how often one article was opened in a month.
type ArticleViews struct {
	ArticleID string `json:"article_id"`
	Title     string `json:"title"`
	Views     int64  `json:"views"`
}

// AdminStats are the figures admins see besides the visit counter.
type AdminStats struct {
	// Active chats receive pushes; Blocked ones cannot be reached (they
	// blocked the bot); Stopped ones sent /unsubscribe.
	Active   int `json:"active"`
	Blocked  int `json:"blocked"`
	Stopped  int `json:"stopped"`
	Articles int `json:"articles"`
	// PushesSent counts notices delivered since the time asked for.
	PushesSent int            `json:"pushes_sent"`
	MostViewed []ArticleViews `json:"most_viewed"`
}
