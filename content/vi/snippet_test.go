package vi

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Ensure that the snippet shows the matching words, marked, accents ignored.
func TestSnippet(t *testing.T) {
	text := strings.Repeat("Lời mở đầu dài dòng. ", 30) +
		"Huyện ủy tổ chức hội nghị triển khai Nghị quyết về công tác dân vận. " +
		strings.Repeat("Phần kết. ", 30)
	tests := []struct {
		name  string
		query string
		want  []string
	}{
		{"accented words are marked", "dân vận", []string{"dân", "vận."}},
		{"unaccented words are marked too", "dan van", []string{"dân", "vận."}},
		{"the last word matches as a prefix", "hội nghị triển kh", []string{"hội", "nghị", "triển", "khai", "Nghị"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, spans := Snippet(text, ParseQuery(tc.query, 0), 160)
			if n := utf8.RuneCountInString(s); n > 160+4 {
				t.Fatalf("snippet has %d runes", n)
			}
			var got []string
			for _, sp := range spans {
				got = append(got, s[sp.Start:sp.End])
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("marked %q, want %q in %q", got, tc.want, s)
			}
		})
	}
}

// Ensure that a text without a match gives its beginning, and odd input is safe.
func TestSnippetNoMatch(t *testing.T) {
	s, spans := Snippet("Một hai ba bốn năm", ParseQuery("xyz", 0), 8)
	if len(spans) != 0 || !strings.HasPrefix(s, "Một hai") {
		t.Fatalf("snippet=%q spans=%v", s, spans)
	}
	if s, spans := Snippet("", ParseQuery("a", 0), 10); s != "" || spans != nil {
		t.Fatalf("empty text: %q %v", s, spans)
	}
	Snippet("\xff\xfe 🎉 漢字", ParseQuery("漢字", 0), 3)
}
