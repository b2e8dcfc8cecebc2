package vi

import (
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// nfcStableLimit bounds the runes that nfcStable knows: Latin with
// Vietnamese's letters (Latin Extended Additional), Greek and Cyrillic, and
// general punctuation.
const nfcStableLimit = 0x2100

// nfcStable[r/64] has bit r%64 set when rune r stays as it is in any NFC
// string: a starter (canonical combining class 0) that composes with no
// rune before it, and is NFC by itself. A string of such runes only is in
// NFC, so NFC need not ask the normaliser about it. It is built on first
// use.
var nfcStable = sync.OnceValue(buildNFCStable)

func buildNFCStable() *[nfcStableLimit / 64]uint64 {
	var t [nfcStableLimit / 64]uint64
	for r := rune(0); r < nfcStableLimit; r++ {
		s := string(r)
		if utf8.ValidRune(r) && norm.NFC.PropertiesString(s).BoundaryBefore() && norm.NFC.IsNormalString(s) {
			t[r/64] |= 1 << (r % 64)
		}
	}
	return &t
}

// isStableNFC reports whether s holds only runes of nfcStable, and so is
// in NFC. It is much quicker than norm.NFC.IsNormalString for the text of
// Vietnamese articles, and says false (ask the normaliser) for other text.
func isStableNFC(s string) bool {
	var stable *[nfcStableLimit / 64]uint64
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			i++
			continue
		}
		if stable == nil {
			stable = nfcStable()
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r >= nfcStableLimit || stable[r/64]&(1<<(r%64)) == 0 {
			return false
		}
		i += n
	}
	return true
}

// NFC returns s in Unicode NFC: s itself when it already is, which it finds
// out quickly for Vietnamese text. It is safe for concurrent use.
func NFC(s string) string {
	if isStableNFC(s) {
		return s
	}
	return norm.NFC.String(s)
}
