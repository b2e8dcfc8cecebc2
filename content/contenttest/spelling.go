package contenttest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"newsbot/content/vi"
)

// The respellings of the synthetic corpus (altSpelling) and of QueryVariants
// (toggleToneStyle, swapIY) work on Vietnamese syllables: an initial
// consonant, then vowels, each one of the twelve vowel letters with one of
// six tones. content analyses syllables the same way for search; these are
// the few rules the respellings need, kept here so that content exports
// nothing for tests.

// The tones, in the order of vowelTable.compose.
const (
	toneNone  = iota
	toneGrave // huyền
	toneAcute // sắc
	toneHook  // hỏi
	toneTilde // ngã
	toneDot   // nặng
	numTones
)

// vowelLetters lists the twelve Vietnamese vowel letters; a vowel's index in
// it is its vowel number.
const vowelLetters = "aăâeêioôơuưy"

// Vowel numbers used by the syllable rules.
const (
	vowelA = iota
	vowelAw
	vowelAa
	vowelE
	vowelEe
	vowelI
	vowelO
	vowelOo
	vowelOw
	vowelU
	vowelUw
	vowelY
	numVowels
)

// vowelInfo describes a lower-case Vietnamese vowel: 0 for any other rune,
// otherwise 1 + vowel number × numTones + tone.
type vowelInfo uint8

func (v vowelInfo) vowel() int { return (int(v) - 1) / numTones }
func (v vowelInfo) tone() int  { return (int(v) - 1) % numTones }

// hasQuality reports whether the vowel carries a breve, circumflex or horn
// (ă â ê ô ơ ư).
func (v vowelInfo) hasQuality() bool {
	switch v.vowel() {
	case vowelAw, vowelAa, vowelEe, vowelOo, vowelOw, vowelUw:
		return true
	}
	return false
}

// vowelTables maps the precomposed lower-case vowels to their vowelInfo
// (code) and back (compose[vowel][tone]).
type vowelTables struct {
	code    map[rune]vowelInfo
	compose [numVowels][numTones]rune
}

// vowelTable is built once at start-up and never written afterwards.
var vowelTable = buildVowelTable()

// buildVowelTable composes every vowel letter with every tone mark.
func buildVowelTable() *vowelTables {
	t := &vowelTables{code: make(map[rune]vowelInfo, numVowels*numTones)}
	marks := [numTones]string{"", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
	for v, base := range []rune(vowelLetters) {
		for tone, mark := range marks {
			c, _ := utf8.DecodeRuneInString(norm.NFC.String(string(base) + mark))
			t.compose[v][tone] = c
			t.code[c] = vowelInfo(1 + v*numTones + tone)
		}
	}
	return t
}

// vowelCode returns r's vowelInfo; r must be lower case.
func vowelCode(r rune) vowelInfo { return vowelTable.code[r] }

// withTone returns vowel v with tone t.
func withTone(v vowelInfo, t int) rune { return vowelTable.compose[v.vowel()][t] }

// isNewStylePair reports whether vowels a, b are oa, oe or uy: the open
// rhymes whose tone placement differs between the old and the new style.
func isNewStylePair(a, b int) bool {
	return (a == vowelO && (b == vowelA || b == vowelE)) || (a == vowelU && b == vowelY)
}

// maxSyllableRunes is the length of the longest Vietnamese syllable
// ("nghiêng"); longer words are not Vietnamese and are left alone.
const maxSyllableRunes = 7

// initialLen returns the length in runes of the syllable's initial
// consonant (0 when it starts with a vowel), and false when rs does not
// start like a Vietnamese syllable. "qu" and "gi" followed by another vowel
// are initials.
func initialLen(rs []rune) (int, bool) {
	n := len(rs)
	c0 := rs[0]
	if vowelCode(c0) != 0 {
		return 0, true
	}
	switch {
	case c0 == 'q':
		if n >= 3 && vowelCode(rs[1]) != 0 && vowelCode(rs[1]).vowel() == vowelU && vowelCode(rs[2]) != 0 {
			return 2, true
		}
		return 0, false
	case c0 == 'g' && n >= 3 && vowelCode(rs[1]) != 0 && vowelCode(rs[1]).vowel() == vowelI && vowelCode(rs[2]) != 0:
		return 2, true
	case n >= 3 && c0 == 'n' && rs[1] == 'g' && rs[2] == 'h':
		return 3, true
	case n >= 2 && isDigraph(c0, rs[1]):
		return 2, true
	case strings.ContainsRune("bcdđghklmnpqrstvx", c0):
		return 1, true
	}
	return 0, false
}

// isDigraph reports whether a and b form one of the two-letter initials
// ch, gh, kh, ng, nh, ph, th, tr.
func isDigraph(a, b rune) bool {
	switch a {
	case 'c', 'g', 'k', 'n', 'p', 't':
		return b == 'h' || (a == 'n' && b == 'g') || (a == 't' && b == 'r')
	}
	return false
}

// respellSyllables returns q in lower case, NFC, with respell (when not nil)
// applied to each syllable: each run of letters, digits and combining marks.
func respellSyllables(q string, respell func([]rune)) string {
	rs := []rune(strings.ToLower(norm.NFC.String(q)))
	if respell != nil {
		inSyllable := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) }
		for i := 0; i < len(rs); {
			j := i
			for j < len(rs) && inSyllable(rs[j]) {
				j++
			}
			if j > i {
				respell(rs[i:j])
				i = j
			} else {
				i++
			}
		}
	}
	return norm.NFC.String(string(rs))
}

// CountSyllables counts the syllables of s as vi.Tokenize cuts them,
// document numbers' compound tokens aside.
func CountSyllables(s string) int {
	n := 0
	for _, t := range vi.Tokenize(s) {
		if !t.IsCompound() {
			n++
		}
	}
	return n
}

// respellWords applies respell to each lower-cased space-separated word of
// s, keeping a capital first letter.
func respellWords(s string, respell func([]rune)) string {
	words := strings.Split(s, " ")
	for i, w := range words {
		lower := strings.ToLower(w)
		rs := []rune(lower)
		respell(rs)
		if string(rs) == lower {
			continue
		}
		if first, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(first) {
			rs[0] = unicode.ToUpper(rs[0])
		}
		words[i] = string(rs)
	}
	return strings.Join(words, " ")
}

// altSpelling respells a syllable in the alternative style: old tone
// placement (hoà → hòa) and i for a lone y after a consonant other than qu
// (kỳ → kì).
func altSpelling(rs []rune) {
	ini, end, ok := syllableVowels(rs)
	if !ok || end != len(rs) {
		return
	}
	switch end - ini {
	case 2:
		a, b := vowelCode(rs[ini]), vowelCode(rs[ini+1])
		if !a.hasQuality() && !b.hasQuality() && isNewStylePair(a.vowel(), b.vowel()) && b.tone() != toneNone {
			rs[ini], rs[ini+1] = withTone(a, b.tone()), withTone(b, toneNone)
		}
	case 1:
		if ini > 0 && rs[0] != 'q' && vowelCode(rs[ini]).vowel() == vowelY {
			swapIY(rs)
		}
	}
}

// toggleToneStyle moves the tone of an open oa, oe or uy syllable to the
// other vowel of the pair: hoà ↔ hòa, khoẻ ↔ khỏe, thuỷ ↔ thủy.
func toggleToneStyle(rs []rune) {
	ini, end, ok := syllableVowels(rs)
	if !ok || end != len(rs) || end-ini != 2 {
		return
	}
	a, b := vowelCode(rs[ini]), vowelCode(rs[ini+1])
	if a.hasQuality() || b.hasQuality() || !isNewStylePair(a.vowel(), b.vowel()) {
		return
	}
	if a.tone() != toneNone && b.tone() == toneNone {
		rs[ini], rs[ini+1] = withTone(a, toneNone), withTone(b, a.tone())
	} else if b.tone() != toneNone && a.tone() == toneNone {
		rs[ini], rs[ini+1] = withTone(a, b.tone()), withTone(b, toneNone)
	}
}

// swapIY swaps i and y in a syllable made of an initial consonant and a lone
// i or y, keeping the tone: kỳ ↔ kì, quý ↔ quí. Only initials after which
// writers really alternate are concerned (d đ h k l m n r s t v x qu), so
// that "nghị" or "chi" do not become the non-words "nghỵ" or "chy".
func swapIY(rs []rune) {
	ini, end, ok := syllableVowels(rs)
	if !ok || ini == 0 || end != len(rs) || end-ini != 1 {
		return
	}
	if ini == 1 && !strings.ContainsRune("dđhklmnrstvx", rs[0]) || ini == 2 && rs[0] != 'q' || ini > 2 {
		return
	}
	v := vowelCode(rs[ini])
	switch v.vowel() {
	case vowelI:
		rs[ini] = vowelTable.compose[vowelY][v.tone()]
	case vowelY:
		rs[ini] = vowelTable.compose[vowelI][v.tone()]
	}
}

// syllableVowels returns the bounds [ini, end) of the vowels of the
// Vietnamese syllable rs (after its initial consonant), and false when rs
// does not start like one.
func syllableVowels(rs []rune) (ini, end int, ok bool) {
	if len(rs) == 0 || len(rs) > maxSyllableRunes {
		return 0, 0, false
	}
	ini, ok = initialLen(rs)
	if !ok {
		return 0, 0, false
	}
	end = ini
	for end < len(rs) && vowelCode(rs[end]) != 0 {
		end++
	}
	return ini, end, end > ini
}
