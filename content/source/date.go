package source

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"newsbot/content/vi"
)

// Date patterns, matched against vi.Fold of the text (lower case, no
// diacritics, so "Thứ Năm", "Đăng lúc" and "tháng" need no variants).
var (
	isoDate   = regexp.MustCompile(`\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(z|[+-]\d{2}:?\d{2})?)?\b`)
	dmyDate   = regexp.MustCompile(`\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b`)
	wordDate  = regexp.MustCompile(`\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})\b`)
	clockTime = regexp.MustCompile(`\b(\d{1,2})\s*(?::|h|gio)\s*(\d{2})(?:\s*(?::|phut)\s*(\d{2}))?(?:\s*(sa|ch|am|pm)\b)?`)
	gmtZone   = regexp.MustCompile(`\b(?:gmt|utc)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?`)
	// datedLine finds the portal's "Đăng lúc: 08:05:09 12/03/2021" in a page.
	datedLine = regexp.MustCompile(`(?:dang luc|ngay dang|cap nhat luc|cap nhat)\s*:?\s*([0-9][0-9:/. -]{8,30}(?:\s*\((?:gmt|utc)\s*[+-]\s*\d{1,2}(?::?\d{2})?\))?)`)
)

// rfcLayouts are the English forms feeds and meta tags use.
var rfcLayouts = []string{time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822, time.RFC850,
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", "2 Jan 2006 15:04:05 -0700"}

// ParseDate reads a publication time as Vietnamese portals print it:
//
//	Thứ năm, 31/12/2020 14:54
//	31/12/2020 - 14:54
//	14:54 31/12/2020 (GMT+7)
//	Đăng lúc: 08:05:09 12/03/2021
//	ngày 31 tháng 12 năm 2020, 14h54
//	2:54 CH 31-12-2020 (SA/CH: sáng/chiều)
//
// and the machine forms: ISO 8601 / RFC 3339 ("2020-12-31T14:54:00+07:00",
// or without a zone) and RFC 1123/822 as feeds use. Day comes before month.
// A time without a zone, or with "(GMT+7)", is Vietnam time
// (content.VietnamZone()); another "GMT±h" offset or an ISO/RFC zone is
// honoured. A date without a time of day is midnight. It reports false when
// s holds no date it can read, or an impossible one (31/02, 25:00).
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 200 {
		return time.Time{}, false
	}
	for _, layout := range rfcLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.In(vnZone()), true
		}
	}
	f := vi.Fold(s)
	if m := isoDate.FindStringSubmatch(f); m != nil {
		return isoTime(m)
	}
	var y, mo, d int
	rest := f
	if m := dmyDate.FindStringSubmatchIndex(f); m != nil {
		d, mo, y = atoi(f[m[2]:m[3]]), atoi(f[m[4]:m[5]]), atoi(f[m[6]:m[7]])
		rest = f[:m[0]] + " " + f[m[1]:]
	} else if m := wordDate.FindStringSubmatchIndex(f); m != nil {
		d, mo, y = atoi(f[m[2]:m[3]]), atoi(f[m[4]:m[5]]), atoi(f[m[6]:m[7]])
		rest = f[:m[0]] + " " + f[m[1]:]
	} else {
		return time.Time{}, false
	}
	loc := zoneIn(rest)
	h, mi, sec := 0, 0, 0
	if m := clockTime.FindStringSubmatch(rest); m != nil {
		h, mi = atoi(m[1]), atoi(m[2])
		if m[3] != "" {
			sec = atoi(m[3])
		}
		switch m[4] {
		case "ch", "pm":
			if h >= 1 && h < 12 {
				h += 12
			}
		case "sa", "am":
			if h == 12 {
				h = 0
			}
		}
	}
	return makeTime(y, mo, d, h, mi, sec, loc)
}

// isoTime builds the time of an isoDate match.
func isoTime(m []string) (time.Time, bool) {
	y, mo, d := atoi(m[1]), atoi(m[2]), atoi(m[3])
	h, mi, sec := 0, 0, 0
	if m[4] != "" {
		h, mi = atoi(m[4]), atoi(m[5])
		if m[6] != "" {
			sec = atoi(m[6])
		}
	}
	loc := vnZone()
	if z := m[7]; z == "z" {
		loc = time.UTC
	} else if z != "" {
		z = strings.ReplaceAll(z, ":", "")
		off := (atoi(z[1:3])*60 + atoi(z[3:5])) * 60
		if z[0] == '-' {
			off = -off
		}
		loc = time.FixedZone("", off)
	}
	t, ok := makeTime(y, mo, d, h, mi, sec, loc)
	if !ok {
		return t, false
	}
	return t.In(vnZone()), true
}

// zoneIn returns the zone a "GMT+7"-like mention in s names; Vietnam's
// when there is none, or it is +7.
func zoneIn(s string) *time.Location {
	m := gmtZone.FindStringSubmatch(s)
	if m == nil {
		return vnZone()
	}
	off := atoi(m[2]) * 3600
	if m[3] != "" {
		off += atoi(m[3]) * 60
	}
	if m[1] == "-" {
		off = -off
	}
	if off == 7*3600 || off > 14*3600 || off < -12*3600 {
		return vnZone()
	}
	return time.FixedZone("", off)
}

// makeTime builds the time, reporting false when a field is out of range
// (time.Date would normalise 31/02 into March).
func makeTime(y, mo, d, h, mi, sec int, loc *time.Location) (time.Time, bool) {
	if y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t.In(vnZone()), true
}

// atoi parses the digits the patterns matched (never more than 4).
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// findDatedLine returns the publication time that a "Đăng lúc: …" (or
// "Ngày đăng: …", "Cập nhật: …") mention in text gives.
func findDatedLine(text string) (time.Time, bool) {
	f := vi.Fold(text)
	for _, m := range datedLine.FindAllStringSubmatch(f, 5) {
		if t, ok := ParseDate(m[1]); ok {
			return t, true
		}
	}
	return time.Time{}, false
}
