package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progressEvery is how often a terminal's progress bar is redrawn, and
// plainEvery how often a plain progress line is written when not every 10%.
const (
	progressEvery = 100 * time.Millisecond
	plainEvery    = 5 * time.Second
	barWidth      = 30
)

// progress shows the advance of long command-line work (import, reindex)
// on stderr: on a terminal, a bar rewritten in place with "\r" (count,
// percent, rate, ETA); otherwise a plain line at each tenth of the way, at
// most every plainEvery in between, and at the end, so logs stay readable.
// It is not safe for concurrent use.
type progress struct {
	w     io.Writer
	tty   bool
	label string
	total int
	now   func() time.Time
	start time.Time
	// last is when the bar was last drawn or a line written; lastTenth the
	// tenth of the way last written as a plain line.
	last      time.Time
	lastTenth int
	drawn     bool
}

// newProgress starts reporting label's progress over total items on w; tty
// says whether w is a terminal (see isTerminal).
func newProgress(w io.Writer, tty bool, label string, total int, now func() time.Time) *progress {
	t := now()
	return &progress{w: w, tty: tty, label: label, total: total, now: now, start: t, lastTenth: -1}
}

// Update reports that done of the total items are finished.
func (p *progress) Update(done int) {
	t := p.now()
	if p.tty {
		if p.drawn && t.Sub(p.last) < progressEvery && done < p.total {
			return
		}
		p.last, p.drawn = t, true
		fmt.Fprint(p.w, "\r"+renderBar(p.label, done, p.total, t.Sub(p.start), barWidth))
		return
	}
	tenth := done * 10 / max(p.total, 1)
	if tenth == p.lastTenth && t.Sub(p.last) < plainEvery && done < p.total {
		return
	}
	if done == p.total && p.lastTenth == 10 {
		return
	}
	p.last, p.lastTenth = t, tenth
	fmt.Fprintln(p.w, renderLine(p.label, done, p.total, t.Sub(p.start)))
}

// Finish ends the bar's line on a terminal, so that what is written next
// starts a line of its own; a later Update draws the bar again below.
func (p *progress) Finish() {
	if p.tty && p.drawn {
		fmt.Fprintln(p.w)
		p.drawn = false
	}
}

// renderBar draws "label [=====>    ] 120/400 30% 55.0/s ETA 5s" with a bar
// of width cells.
func renderBar(label string, done, total int, elapsed time.Duration, width int) string {
	done = min(max(done, 0), max(total, 0))
	filled := width
	if total > 0 {
		filled = done * width / total
	}
	bar := strings.Repeat("=", filled)
	if filled < width {
		bar += ">" + strings.Repeat(" ", width-filled-1)
	}
	return fmt.Sprintf("%s [%s] %s", label, bar, stats(done, total, elapsed))
}

// renderLine writes the plain form: "label: 120/400 (30%) 55.0/s ETA 5s".
func renderLine(label string, done, total int, elapsed time.Duration) string {
	return fmt.Sprintf("%s: %s", label, stats(done, total, elapsed))
}

// stats is "120/400 30% 55.0/s ETA 5s"; the rate and ETA are left out
// until some time has passed.
func stats(done, total int, elapsed time.Duration) string {
	pct := 100
	if total > 0 {
		pct = done * 100 / total
	}
	s := fmt.Sprintf("%d/%d %d%%", done, total, pct)
	if elapsed <= 0 || done <= 0 {
		return s
	}
	rate := float64(done) / elapsed.Seconds()
	s += fmt.Sprintf(" %.1f/s", rate)
	if done < total {
		eta := time.Duration(float64(total-done) / rate * float64(time.Second))
		s += " ETA " + eta.Round(time.Second).String()
	}
	return s
}

// isTerminal reports whether w is a terminal (a character device), where a
// progress bar can be redrawn in place.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
