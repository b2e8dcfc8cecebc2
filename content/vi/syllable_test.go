package vi

import "testing"

// Ensure that the syllable helpers split and recompose vowels, find a
// syllable's vowels and know the rhymes whose tone style differs.
func TestSyllableHelpers(t *testing.T) {
	if v, tone, ok := VowelTone('ỗ'); v != 'ô' || tone != ToneTilde || !ok {
		t.Errorf("VowelTone('ỗ') = %q, %d, %v", v, tone, ok)
	}
	if _, _, ok := VowelTone('đ'); ok {
		t.Error("VowelTone('đ') is a vowel")
	}
	if got := WithTone('ơ', ToneDot); got != 'ợ' {
		t.Errorf("WithTone('ơ', ToneDot) = %q", got)
	}
	if got := WithTone('á', ToneNone); got != 'a' {
		t.Errorf("WithTone('á', ToneNone) = %q", got)
	}
	if got := WithTone('x', ToneAcute); got != 'x' {
		t.Errorf("WithTone('x', ToneAcute) = %q", got)
	}
	for _, tc := range []struct {
		syl      string
		ini, end int
		ok       bool
	}{
		{"nghiêng", 3, 5, true},
		{"quý", 2, 3, true},
		{"giá", 2, 3, true},
		{"hoà", 1, 3, true},
		{"anh", 0, 1, true},
		{"brr", 0, 0, false},
		{"fa", 0, 0, false},
		{"", 0, 0, false},
		{"nghiêngg", 0, 0, false},
	} {
		ini, end, ok := SyllableVowels([]rune(tc.syl))
		if ini != tc.ini || end != tc.end || ok != tc.ok {
			t.Errorf("SyllableVowels(%q) = %d, %d, %v; want %d, %d, %v", tc.syl, ini, end, ok, tc.ini, tc.end, tc.ok)
		}
	}
	for pair, want := range map[[2]rune]bool{{'o', 'a'}: true, {'o', 'e'}: true, {'u', 'y'}: true, {'o', 'ă'}: false, {'u', 'a'}: false, {'ó', 'a'}: false} {
		if got := IsToneStyleRhyme(pair[0], pair[1]); got != want {
			t.Errorf("IsToneStyleRhyme(%q, %q) = %v", pair[0], pair[1], got)
		}
	}
}
