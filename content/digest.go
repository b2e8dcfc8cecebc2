package content

import "time"

// DigestHour is the hour, Vietnam time, at which the daily digest goes out.
const DigestHour = 7

// DigestRun is the span of article arrivals one digest run covers: from
// From (inclusive; zero for the first run ever) to Until (exclusive).
type DigestRun struct {
	From  time.Time `json:"from"`
	Until time.Time `json:"until"`
}

// DigestDue returns the latest digest time (DigestHour:00 in zone) at or
// before t: the run that should have happened by t.
func DigestDue(t time.Time, zone *time.Location) time.Time {
	lt := t.In(zone)
	due := time.Date(lt.Year(), lt.Month(), lt.Day(), DigestHour, 0, 0, 0, zone)
	if due.After(lt) {
		due = due.AddDate(0, 0, -1)
	}
	return due
}

// NextDigest returns the first digest time strictly after t.
func NextDigest(t time.Time, zone *time.Location) time.Time {
	return DigestDue(t, zone).AddDate(0, 0, 1)
}

// SetDigest turns the daily digest on or off at now, remembering when, so
// that the next digest run still covers the articles that arrived while it
// was on (see DigestWindow). Setting the current state changes nothing.
func (s *Subscriber) SetDigest(on bool, now time.Time) {
	if s.Digest == on {
		return
	}
	s.Digest = on
	if on {
		s.DigestOn = now
	} else {
		s.DigestOff = now
	}
}

// DigestWindow returns the arrivals of run the chat's digest lists: those
// from the later of run.From and when the chat turned the digest on, to
// run.Until, or to when it turned the digest off if it did. It reports
// false when the window is empty or the chat receives nothing.
//
// The windows of successive runs never overlap and, while the digest is on,
// leave no gap: an article held back from a digest reader's pushes arrives
// in exactly one digest.
func (s Subscriber) DigestWindow(run DigestRun) (from, until time.Time, ok bool) {
	if !s.Active() || s.DigestOn.IsZero() {
		return time.Time{}, time.Time{}, false
	}
	from, until = run.From, run.Until
	if s.DigestOn.After(from) {
		from = s.DigestOn
	}
	if !s.Digest && s.DigestOff.Before(until) {
		until = s.DigestOff
	}
	return from, until, from.Before(until)
}

// WantsPush reports whether the chat gets an article of category c as a
// message of its own now: it wants the category and does not read a digest,
// or the article is urgent (urgent articles reach digest readers at once).
func (s Subscriber) WantsPush(c Category, urgent bool) bool {
	return s.Wants(c) && (urgent || !s.Digest)
}
