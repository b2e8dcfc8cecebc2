package contenttest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"newsbot/content/vi"
)

// The respellings of the synthetic corpus (altSpelling) and of QueryVariants
// (toggleToneStyle, swapIY) work on Vietnamese syllables with vi's syllable
// helpers (vi.SyllableVowels, vi.VowelTone, vi.WithTone,
// vi.IsToneStyleRhyme), the rules search analyses them with.

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
	ini, end, ok := vi.SyllableVowels(rs)
	if !ok || end != len(rs) {
		return
	}
	switch end - ini {
	case 2:
		a, _, _ := vi.VowelTone(rs[ini])
		b, tb, _ := vi.VowelTone(rs[ini+1])
		if vi.IsToneStyleRhyme(a, b) && tb != vi.ToneNone {
			rs[ini], rs[ini+1] = vi.WithTone(a, tb), b
		}
	case 1:
		if v, _, _ := vi.VowelTone(rs[ini]); ini > 0 && rs[0] != 'q' && v == 'y' {
			swapIY(rs)
		}
	}
}

// toggleToneStyle moves the tone of an open oa, oe or uy syllable to the
// other vowel of the pair: hoà ↔ hòa, khoẻ ↔ khỏe, thuỷ ↔ thủy.
func toggleToneStyle(rs []rune) {
	ini, end, ok := vi.SyllableVowels(rs)
	if !ok || end != len(rs) || end-ini != 2 {
		return
	}
	a, ta, _ := vi.VowelTone(rs[ini])
	b, tb, _ := vi.VowelTone(rs[ini+1])
	if !vi.IsToneStyleRhyme(a, b) {
		return
	}
	if ta != vi.ToneNone && tb == vi.ToneNone {
		rs[ini], rs[ini+1] = a, vi.WithTone(b, ta)
	} else if tb != vi.ToneNone && ta == vi.ToneNone {
		rs[ini], rs[ini+1] = vi.WithTone(a, tb), b
	}
}

// swapIY swaps i and y in a syllable made of an initial consonant and a lone
// i or y, keeping the tone: kỳ ↔ kì, quý ↔ quí. Only initials after which
// writers really alternate are concerned (d đ h k l m n r s t v x qu), so
// that "nghị" or "chi" do not become the non-words "nghỵ" or "chy".
func swapIY(rs []rune) {
	ini, end, ok := vi.SyllableVowels(rs)
	if !ok || ini == 0 || end != len(rs) || end-ini != 1 {
		return
	}
	if ini == 1 && !strings.ContainsRune("dđhklmnrstvx", rs[0]) || ini == 2 && rs[0] != 'q' || ini > 2 {
		return
	}
	switch v, t, _ := vi.VowelTone(rs[ini]); v {
	case 'i':
		rs[ini] = vi.WithTone('y', t)
	case 'y':
		rs[ini] = vi.WithTone('i', t)
	}
}
