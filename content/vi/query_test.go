package vi

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// queryString renders q's terms as term@pos with "*" for Accented and "…"
// for Prefix, then its phrases in brackets.
func queryString(q Query) string {
	var parts []string
	for _, t := range q.Terms {
		s := fmt.Sprintf("%s@%d", t.Token.Term, t.Token.Pos)
		if t.Accented {
			s += "*"
		}
		if t.Prefix {
			s += "…"
		}
		parts = append(parts, s)
	}
	for _, p := range q.Phrases {
		var words []string
		for _, t := range p {
			words = append(words, t.Term)
		}
		parts = append(parts, "["+strings.Join(words, " ")+"]")
	}
	return strings.Join(parts, " ")
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name, in string
		maxLen   int
		want     string
	}{
		{"the last word is a prefix while the user types", "dân vận", 0, "dân@0* vận@1*…"},
		{"a trailing space ends the last word", "dân vận ", 0, "dân@0* vận@1*"},
		{"a trailing non-breaking space ends the last word", "dân vận\u00a0", 0, "dân@0* vận@1*"},
		{"words typed without accents are not accented", "dan van khéo", 0, "dan@0 van@1 khéo@2*…"},
		{"đ counts as an accent", "đi", 0, "đi@0*…"},
		{"the old tone style is canonical too", "Hòa giải ", 0, "hoà@0* giải@1*"},
		{"i and y are canonical too", "Kỳ họp quí ", 0, "kì@0* họp@1* quý@2*"},
		{"straight quotes make a phrase", `"dân vận" khéo `, 0, "dân@0* vận@1* khéo@2* [dân vận]"},
		{"curly quotes make a phrase", "xã “Hoằng Tiến” ", 0, "xã@0* hoằng@1* tiến@2* [hoằng tiến]"},
		{"a closing quote ends the last word", "“dân vận”", 0, "dân@0* vận@1* [dân vận]"},
		{"an unbalanced quote makes the rest a phrase", `khéo "dân vận`, 0, "khéo@0* dân@1* vận@2*… [dân vận]"},
		{"a quoted single word is a term, not a phrase", `"Đảng" bộ `, 0, "đảng@0* bộ@1*"},
		{"two phrases", `"nông thôn" và "đô thị" `, 0, "nông@0* thôn@1* và@2* đô@3* thị@4* [nông thôn] [đô thị]"},
		{"empty quotes are ignored", `"" dân `, 0, "dân@0*"},
		{"a document number being typed is a prefix", "Nghị quyết 57-NQ/T", 0,
			"nghị@0* quyết@1* 57-nq/t@2… 57@2 nq@3 t@4…"},
		{"a finished document number is not", "57-NQ/TW ", 0, "57-nq/tw@0 57@0 nq@1 tw@2"},
		{"only the compound that ends the query is a prefix", "57-NQ/TW hội", 0,
			"57-nq/tw@0 57@0 nq@1 tw@2 hội@3*…"},
		{"the query is cut to maxLen runes", "Đảng bộ huyện", 7, "đảng@0* bộ@1*…"},
		{"the default limit applies when maxLen is not positive", strings.Repeat("a ", 300), -1,
			strings.TrimSpace(strings.Repeat("a@N ", DefaultMaxQueryLen/2))},
		{"symbols alone give an empty query", "!!! 😀", 0, ""},
		{"invalid UTF-8 is harmless", "d\xffân", 0, "d@0 ân@1*…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := queryString(ParseQuery(tt.in, tt.maxLen))
			if strings.Contains(tt.want, "@N") {
				got = positionsHidden(got)
			}
			if got != tt.want {
				t.Errorf("ParseQuery(%q, %d) = %s\nwant %s", tt.in, tt.maxLen, got, tt.want)
			}
		})
	}
}

// positionsHidden replaces the positions in a queryString by N.
func positionsHidden(s string) string {
	fields := strings.Fields(s)
	for i, f := range fields {
		if at := strings.LastIndexByte(f, '@'); at >= 0 {
			fields[i] = f[:at] + "@N"
		}
	}
	return strings.Join(fields, " ")
}

func TestQueryTokensGivePairs(t *testing.T) {
	q := ParseQuery(`dân "vận động" quần chúng`, 0)
	want := []string{"dân vận", "vận động", "động quần", "quần chúng"}
	if got := Pairs(q.Tokens()); !slices.Equal(got, want) {
		t.Errorf("Pairs(q.Tokens()) = %q, want %q", got, want)
	}
	if q.Empty() {
		t.Error("q.Empty() = true")
	}
	if !ParseQuery(" … ", 0).Empty() {
		t.Error("a query without words is not Empty")
	}
}

// checkQuery reports violations of ParseQuery's contract for input s.
func checkQuery(t *testing.T, s string, q Query) {
	t.Helper()
	prefixes := 0
	for i, term := range q.Terms {
		tk := term.Token
		if tk.Term == "" || !utf8.ValidString(tk.Term) || strings.ContainsRune(tk.Term, ' ') {
			t.Fatalf("ParseQuery(%q): bad term %d: %+v", s, i, term)
		}
		if term.Accented != (tk.Term != tk.Folded) {
			t.Fatalf("ParseQuery(%q): term %d Accented=%v for %+v", s, i, term.Accented, tk)
		}
		if term.Prefix && !tk.IsCompound() {
			prefixes++
		}
		if i > 0 && tk.Pos < q.Terms[i-1].Token.Pos {
			t.Fatalf("ParseQuery(%q): positions decrease: %s", s, queryString(q))
		}
	}
	if prefixes > 1 {
		t.Fatalf("ParseQuery(%q): %d prefix syllables: %s", s, prefixes, queryString(q))
	}
	for _, p := range q.Phrases {
		if len(p) < 2 {
			t.Fatalf("ParseQuery(%q): phrase of %d words", s, len(p))
		}
		for i := 1; i < len(p); i++ {
			if p[i].Pos != p[i-1].Pos+1 || p[i].IsCompound() {
				t.Fatalf("ParseQuery(%q): phrase positions are not consecutive: %s", s, queryString(q))
			}
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"", "dân vận", `"dân vận" khéo `, "“Hoằng Tiến”", `"unbalanced`, "57-NQ/T", "\xff\"\xfe",
		"““””", `" "`, "kì họp thứ 9", "Hòa giải\u00a0",
	} {
		f.Add(s, 20)
	}
	f.Fuzz(func(t *testing.T, s string, maxLen int) {
		q := ParseQuery(s, maxLen)
		checkQuery(t, s, q)
		if maxLen > 0 && len(q.Terms) > 2*maxLen {
			t.Fatalf("ParseQuery(%q, %d) has %d terms", s, maxLen, len(q.Terms))
		}
		if utf8.ValidString(s) {
			// Decomposition lengthens the text, so compare without a cap.
			nfc, nfd := ParseQuery(norm.NFC.String(s), 1<<20), ParseQuery(norm.NFD.String(s), 1<<20)
			if queryString(nfc) != queryString(nfd) {
				t.Fatalf("%q: NFC query %s, NFD query %s", s, queryString(nfc), queryString(nfd))
			}
		}
	})
}
