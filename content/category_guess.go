package content

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// GuessCategory guesses an article's category from its title. The title is
// compared in NFC and lower case, whole words only:
//
//   - "hội nghị" gives CategoryConference;
//   - "chỉ thị", "nghị quyết", "công văn", "kế hoạch", "quyết định" or
//     "hướng dẫn" gives CategoryDirective;
//   - "thông báo" gives CategoryAnnouncement;
//   - anything else gives CategoryNews.
//
// The first rule that matches wins, so "Hội nghị triển khai nghị quyết" is a
// conference. Words typed without diacritics ("Hoi nghi tong ket") match the
// phrase stripped of its own; words that carry diacritics must carry the
// right ones, so "Chi thị trường" holds no "chỉ thị".
func GuessCategory(title string) Category {
	words := categoryWords(title)
	match := func(phrases ...string) bool { return containsPhrase(words, phrases) }
	switch {
	case match("hội nghị"):
		return CategoryConference
	case match("chỉ thị", "nghị quyết", "công văn", "kế hoạch", "quyết định", "hướng dẫn"):
		return CategoryDirective
	case match("thông báo"):
		return CategoryAnnouncement
	}
	return CategoryNews
}

// containsPhrase reports whether words holds one of phrases as consecutive
// whole words, either exactly or, where those words have no diacritics, as
// the phrase without its diacritics.
func containsPhrase(words []string, phrases []string) bool {
	for _, p := range phrases {
		n := len(strings.Fields(p))
		for i := 0; i+n <= len(words); i++ {
			w := strings.Join(words[i:i+n], " ")
			if w == p || (w == foldDiacritics(w) && w == foldDiacritics(p)) {
				return true
			}
		}
	}
	return false
}

// categoryWords returns the words of s in NFC and lower case.
func categoryWords(s string) []string {
	s = strings.ToLower(norm.NFC.String(s))
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	})
}

// foldDiacritics returns lower-case s without its Vietnamese diacritics:
// tone marks, circumflexes, breves and horns are dropped and "đ" becomes "d".
func foldDiacritics(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteRune('d')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
