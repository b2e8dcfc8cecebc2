package bot

import (
	"regexp"
	"strings"
	"testing"
)

// pluralAfterOne finds an English plural counted as one: "1 articles". Nouns
// that only follow limits ("at most %d characters", "%d alerts, the most
// allowed") are left out: their numbers are never 1.
var pluralAfterOne = regexp.MustCompile(`\b1 (<b>)?(new |more |newest )?(articles|people|results|uses|entries|requests|times|chats|members|messages|notices|views)\b`)

// argsOfOne returns arguments for the verbs of format, every count 1: %d
// takes 1, %s takes "1" (counts shown formatted).
func argsOfOne(format string) []any {
	var args []any
	for i := 0; i+1 < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		switch format[i+1] {
		case 'd':
			args = append(args, 1)
		case 's':
			args = append(args, "1")
		}
		i++
	}
	return args
}

// Ensure that every singular form belongs to a catalogue text with the same
// verbs, and that with every count at 1 the singular reads "1 article"
// where the catalogue's text would read "1 articles".
func TestSingularForms(t *testing.T) {
	for l, forms := range singular {
		for key, one := range forms {
			many, ok := catalogue[l][key]
			if !ok {
				t.Errorf("%s/%s: singular of no catalogue text", l, key)
				continue
			}
			if strings.Count(one, "%") != strings.Count(many, "%") {
				t.Errorf("%s/%s: the singular's verbs differ from the text's", l, key)
			}
			args := argsOfOne(many)
			if got := l.N(key, 1, args...); pluralAfterOne.MatchString(got) || strings.Contains(got, "%!") {
				t.Errorf("%s/%s for one: %q", l, key, got)
			}
			if got := l.T(key, args...); !pluralAfterOne.MatchString(got) {
				t.Errorf("%s/%s: the check finds no plural in %q, so it cannot fail", l, key, got)
			}
		}
	}
	for key, many := range catalogue[English] {
		if _, ok := singular[English][key]; ok {
			continue
		}
		if got := English.T(key, argsOfOne(many)...); pluralAfterOne.MatchString(got) {
			t.Errorf("en/%s counts one as many and has no singular form: %q", key, got)
		}
	}
}

// Ensure that the search results' heading counts naturally in both
// languages: all results on one page, a page of several, a last page of one.
func TestSearchCount(t *testing.T) {
	for _, tc := range []struct {
		l                  Lang
		first, last, total int
		want               string
	}{
		{Vietnamese, 1, 1, 1, "1 kết quả"},
		{English, 1, 1, 1, "1 result"},
		{English, 1, 3, 3, "3 results"},
		{Vietnamese, 1, 5, 12, "Kết quả 1–5 trong 12 bài"},
		{English, 6, 10, 12, "Results 6–10 of 12"},
		{Vietnamese, 11, 11, 11, "Kết quả thứ 11 trong 11 bài"},
		{English, 11, 11, 11, "Result 11 of 11"},
	} {
		if got := searchCount(tc.l, tc.first, tc.last, tc.total); got != tc.want {
			t.Errorf("searchCount(%s, %d, %d, %d) = %q, want %q", tc.l, tc.first, tc.last, tc.total, got, tc.want)
		}
	}
}
