package vi

// Tone is the tone of a Vietnamese vowel.
type Tone int

// The six tones.
const (
	ToneNone  Tone = toneNone  // ngang: a
	ToneGrave Tone = toneGrave // huyền: à
	ToneAcute Tone = toneAcute // sắc: á
	ToneHook  Tone = toneHook  // hỏi: ả
	ToneTilde Tone = toneTilde // ngã: ã
	ToneDot   Tone = toneDot   // nặng: ạ
)

// VowelTone splits the lower-case Vietnamese vowel r into its letter
// without tone mark (one of a ă â e ê i o ô ơ u ư y) and its tone; ok is
// false, and vowel r, when r is no such vowel.
func VowelTone(r rune) (vowel rune, t Tone, ok bool) {
	v := vowelCode(r)
	if v == 0 {
		return r, ToneNone, false
	}
	return withTone(v, toneNone), Tone(v.tone()), true
}

// WithTone returns the lower-case Vietnamese vowel r with tone t instead of
// its own, or r when it is no such vowel or t is not one of the six tones.
func WithTone(r rune, t Tone) rune {
	v := vowelCode(r)
	if v == 0 || t < ToneNone || t > ToneDot {
		return r
	}
	return withTone(v, int(t))
}

// SyllableVowels returns the bounds [ini, end) of the vowels of the
// lower-case NFC syllable rs, after its initial consonant ("qu" and "gi"
// before another vowel are initials), and false when rs does not start
// like a Vietnamese syllable, has no vowel after its initial or is longer
// than a syllable can be.
func SyllableVowels(rs []rune) (ini, end int, ok bool) {
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
	if end == ini {
		return 0, 0, false
	}
	return ini, end, true
}

// IsToneStyleRhyme reports whether the toneless vowels a, b are oa, oe or
// uy: the rhymes whose tone, in an open syllable, the old style puts on a
// (hòa, khỏe, thủy) and the new style on b (hoà, khoẻ, thuỷ).
func IsToneStyleRhyme(a, b rune) bool {
	va, vb := vowelCode(a), vowelCode(b)
	return va != 0 && vb != 0 && va.tone() == toneNone && vb.tone() == toneNone && isNewStylePair(va.vowel(), vb.vowel())
}
