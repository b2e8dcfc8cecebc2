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

// DigestSpan is a span of time from From (inclusive) to Until (exclusive); a
// zero Until means it is still open.
type DigestSpan struct {
	From  time.Time `json:"from"`
	Until time.Time `json:"until,omitzero"`
}

// Contains reports whether t falls in the span.
func (p DigestSpan) Contains(t time.Time) bool {
	return !t.Before(p.From) && (p.Until.IsZero() || t.Before(p.Until))
}

// digestSpansKept is how long a closed digest span is remembered: longer
// than any digest run can wait.
const digestSpansKept = 8 * 24 * time.Hour

// SetDigest turns the daily digest on or off at now. It remembers the span
// during which the digest was on, so that the next run still lists the
// articles held back then, even when the digest was turned off since (see
// InDigest); spans closed long ago are forgotten. Setting the current state
// changes nothing.
func (s *Subscriber) SetDigest(on bool, now time.Time) {
	if s.Digest == on {
		return
	}
	s.Digest = on
	kept := s.DigestSpans[:0:0]
	for _, p := range s.DigestSpans {
		if p.Until.IsZero() && !on {
			p.Until = now
		}
		if p.Until.IsZero() || now.Sub(p.Until) < digestSpansKept {
			kept = append(kept, p)
		}
	}
	if on {
		kept = append(kept, DigestSpan{From: now})
	}
	s.DigestSpans = kept
}

// InDigest reports whether an article of category c that arrived at t is
// in the chat's digest of run: it arrived within the run's span, while the
// chat's digest was on, and the chat receives the category.
func (s Subscriber) InDigest(run DigestRun, c Category, t time.Time) bool {
	if t.Before(run.From) || !t.Before(run.Until) {
		return false
	}
	return s.Wants(c) && s.digestOnAt(t)
}

// digestOnAt reports whether one of the chat's digest spans contains t.
func (s Subscriber) digestOnAt(t time.Time) bool {
	for _, p := range s.DigestSpans {
		if p.Contains(t) {
			return true
		}
	}
	return false
}

// DigestFrom returns the earliest arrival the chat's digest of run may
// list, and false when it can list none.
func (s Subscriber) DigestFrom(run DigestRun) (time.Time, bool) {
	if !s.Active() {
		return time.Time{}, false
	}
	var from time.Time
	ok := false
	for _, p := range s.DigestSpans {
		if !p.Until.IsZero() && !p.Until.After(run.From) || !p.From.Before(run.Until) {
			continue // the span ends before the run's span, or starts after it
		}
		f := p.From
		if f.Before(run.From) {
			f = run.From
		}
		if !ok || f.Before(from) {
			from, ok = f, true
		}
	}
	return from, ok
}

// WantsPush reports whether the chat gets an article of category c as a
// message of its own now: it wants the category and does not read a digest,
// or the article is urgent (urgent articles reach digest readers at once).
func (s Subscriber) WantsPush(c Category, urgent bool) bool {
	return s.Wants(c) && (urgent || !s.Digest)
}

// HeldForDigest reports whether an article of category c that was queued
// for the digest at t reaches the chat in its digest: the chat reads the
// digest, wants c, and its digest is on at t (the test InDigest makes of the
// run covering t). Only articles pushed to everyone that are not urgent are
// queued; urgent ones, and those addressed to units, are never in a digest.
func (s Subscriber) HeldForDigest(c Category, t time.Time) bool {
	return s.Digest && s.Wants(c) && s.digestOnAt(t)
}

// WantsAlertPush reports whether the chat gets at once, as a message of its
// own, an article of category c that one of its keyword alerts matches.
// queuedAt is when the article was queued for the digest, zero when it was
// not (it is urgent, or addressed to units). An active chat gets it unless
// the article reaches it in its digest anyway (HeldForDigest): a digest
// reader who wants c finds it there and is not sent it twice, while one who
// does not want c, or who is alerted to an article that is not queued, is
// sent it at once. An inactive chat gets no alerts.
func (s Subscriber) WantsAlertPush(c Category, queuedAt time.Time) bool {
	if !s.Active() {
		return false
	}
	return queuedAt.IsZero() || !s.HeldForDigest(c, queuedAt)
}
