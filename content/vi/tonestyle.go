package vi

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NewStyleTones returns the words of s, as written, that place their tone
// mark in the new style (hoá, khoẻ, thuỷ, uỷ, Huỷ) where the old style — the
// one district portals write — puts it on the first vowel (hóa, khỏe, thủy,
// ủy, Hủy). Only open syllables whose vowels are oa, oe or uy differ between
// the styles; closed ones (hoàng, toán, huỳnh) and those after qu (quý, quà)
// are the same in both and never reported. It returns nil when s is
// entirely in the old style. Search and alerts treat both styles as the
// same word (see Normalize); this is for checking texts the bot writes. It
// is pure and safe for concurrent use.
func NewStyleTones(s string) []string {
	var found []string
	for _, w := range strings.FieldsFunc(norm.NFC.String(s), notWordRune) {
		if isNewStyleTone(w) {
			found = append(found, w)
		}
	}
	return found
}

// notWordRune reports whether r separates words for NewStyleTones.
func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) }

// isNewStyleTone reports whether the NFC word w is a well-formed open
// syllable on oa, oe or uy with its tone mark on the second vowel.
func isNewStyleTone(w string) bool {
	rs := []rune(strings.ToLower(w))
	n := len(rs)
	if n < 2 || n > maxSyllableRunes {
		return false
	}
	ini, ok := initialLen(rs)
	if !ok || n-ini != 2 {
		return false
	}
	a, b := vowelCode(rs[ini]), vowelCode(rs[ini+1])
	if a == 0 || b == 0 || a.tone() != toneNone || b.tone() == toneNone {
		return false
	}
	return isNewStylePair(a.vowel(), b.vowel())
}
