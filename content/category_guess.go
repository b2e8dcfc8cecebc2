package content

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"newsbot/content/vi"
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
	plain := make([]bool, len(words))
	for i, w := range words {
		plain[i] = isASCII(w) || foldDiacritics(w) == w
	}
	match := func(phrases ...string) bool { return containsPhrase(words, plain, phrases) }
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
// whole words, either exactly or, where those words have no diacritics
// (plain[i] says whether words[i] has none), as the phrase without its
// diacritics.
func containsPhrase(words []string, plain []bool, phrases []string) bool {
	for _, p := range phrases {
		pw := strings.Fields(p)
		var folded []string // pw without diacritics, made when first needed
		for i := 0; i+len(pw) <= len(words); i++ {
			win := words[i : i+len(pw)]
			if slices.Equal(win, pw) {
				return true
			}
			if slices.Contains(plain[i:i+len(pw)], false) {
				continue
			}
			if folded == nil {
				folded = make([]string, len(pw))
				for j, w := range pw {
					folded[j] = foldDiacritics(w)
				}
			}
			if slices.Equal(win, folded) {
				return true
			}
		}
	}
	return false
}

// isASCII reports whether s is ASCII only.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// categoryWords returns the words of s in NFC and lower case.
func categoryWords(s string) []string {
	s = strings.ToLower(vi.NFC(s))
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
