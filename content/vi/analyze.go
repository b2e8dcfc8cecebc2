package vi

// Vietnamese text analysis for search and keyword alerts.
//
// The pipeline is the same for articles and queries:
//
//   - Normalize: valid UTF-8, Unicode NFC, lower case, invisible characters
//     dropped, space and dash variants unified, and tone marks placed
//     canonically (the "new style": hoá, khoẻ, thuỷ, uỷ).
//   - Tokenize: the normalised text cut into syllables, each also spelt
//     canonically for i/y (kì/kỳ → kì, quí/quý → quý) and folded to plain
//     ASCII letters (Fold), plus one compound token per document number
//     such as "12-nq/tu".
//
// Canonical forms, in detail:
//
//   - Tone placement. Both styles agree except in open syllables (no final
//     consonant) whose vowels are oa, oe or uy: the old style writes hòa,
//     khỏe, thủy, the new style hoà, khoẻ, thuỷ. The canonical form is the
//     new style. The placement is computed from the syllable's structure
//     (initial, vowels, final), so typos such as "qúa" or "gìa" are also
//     repaired to "quá", "già". "qu" and "gi" before another vowel are
//     consonants: quý, quá, giá, già keep the tone on the following vowel.
//     Syllables that are not well-formed Vietnamese are left alone.
//   - i/y. A syllable made of an initial consonant and a lone i or y (any
//     tone) is spelt with i (kì, lí, mĩ, kĩ, hi sinh), except after qu, where
//     it is spelt with y (quy, quý), the spelling of the current standard.
//     "y" alone (y tế, ý kiến) and every other rhyme (ai, tay, uy, yên, yêu,
//     iêu) are untouched. This applies to tokens only, never to Normalize's
//     display text.
//   - Folding removes every diacritic: tone and vowel marks (â ă ê ô ơ ư),
//     the stroke of đ (đ → d, which NFD does not decompose), and the Latin
//     combining marks of other languages (é → e).
//
// The functions are pure and safe for concurrent use.

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Token is one searchable unit of a text.
type Token struct {
	// Term is the canonical spelling: lower case, NFC, canonical tone
	// placement and canonical i/y. It never contains spaces.
	Term string
	// Folded is Fold(Term): Term without any diacritic, e.g. "dang" for "đảng".
	Folded string
	// Pos is the syllable's 0-based position in the text. A compound token
	// (see IsCompound) has the position of its first part.
	Pos int
}

// IsCompound reports whether t is the joined form of a document number such
// as "12-nq/tu", rather than a single syllable. Only compounds contain '-' or
// '/'.
func (t Token) IsCompound() bool {
	return strings.IndexByte(t.Term, '-') >= 0 || strings.IndexByte(t.Term, '/') >= 0
}

// maxCompoundParts bounds the parts of a compound token; longer chains of
// connected syllables (lists, long URLs) yield their syllables only.
const maxCompoundParts = 8

// Normalize returns s in the canonical form that search compares: invalid
// UTF-8 bytes replaced by U+FFFD, Unicode NFC, lower case, invisible
// (default-ignorable) characters such as the soft hyphen, zero-width spaces
// and joiners and the BOM removed, every space separator (NBSP, narrow NBSP,
// U+2000–U+200A, ideographic space) turned into ' ', line and paragraph
// separators into '\n', every dash (U+2010–U+2015, U+2212, small and
// full-width hyphen-minus) into '-', and tone marks placed canonically (see
// the package notes). NFC and NFD inputs give the same result, and
// Normalize(Normalize(s)) == Normalize(s). The i/y spelling is left as
// written; Tokenize canonicalises it.
func Normalize(s string) string {
	return normalize(s, false, nil)
}

// normalize implements Normalize. With keepTones, tone marks stay where s
// put them. respell, when not nil, may change each syllable in place.
func normalize(s string, keepTones bool, respell func(rs []rune)) string {
	s = norm.NFC.String(s)
	out := make([]byte, 0, len(s))
	g := segmenter{s: s, keepTones: keepTones}
	for {
		switch g.next() {
		case segEnd:
			return norm.NFC.String(string(out))
		case segSyllable:
			if respell != nil {
				respell(g.syl.rs)
			}
			out = appendRunes(out, g.syl.rs)
		case segSeparator:
			out = utf8.AppendRune(out, g.sep)
		}
	}
}

// Fold returns Normalize(s) with every diacritic removed: "Đảng bộ Hoằng
// Hoá" becomes "dang bo hoang hoa". Only letters change; the result is
// otherwise laid out like Normalize's.
func Fold(s string) string {
	n := Normalize(s)
	out := make([]byte, 0, len(n))
	for _, r := range n {
		out = appendFoldedRune(out, r)
	}
	return string(out)
}

// Tokenize cuts s into tokens, in text order. Syllables are runs of letters,
// digits and combining marks of any script; every other character (spaces,
// punctuation, symbols, emoji) separates them, except invisible characters,
// which are ignored. Han, Hiragana and Katakana characters are one syllable
// each. Syllables get consecutive positions from 0.
//
// Syllables joined by single '-' or '/' characters, at least one of them
// holding a digit, form a document number ("12-NQ/TU", "05/CT-UBND",
// "100/2019/NĐ-CP"). Besides its syllables, a document number of at most 8
// parts yields one compound token, placed right before its first syllable
// and sharing its position: "số 12-NQ/TU" gives số@0, 12-nq/tu@1, 12@1,
// nq@2, tu@3. Positions never decrease along the result.
//
// Tokenize(s) equals Tokenize(Normalize(s)); NFC and NFD inputs give the
// same tokens; the tone and vowel marks of decomposed Vietnamese are composed
// whatever their order. Every Term and Folded is valid UTF-8, non-empty and
// free of spaces. The result is nil when s has no syllable.
func Tokenize(s string) []Token {
	if len(s) > maxTokenizeChunk {
		return tokenizeChunked(s, maxTokenizeChunk)
	}
	return tokenizeChunk(s)
}

// maxTokenizeChunk is the longest text Tokenize handles in one piece, so that
// arena offsets fit in 32 bits; longer texts are cut at white space.
const maxTokenizeChunk = 1 << 28

// tokenizeChunked tokenizes s in pieces of at most chunk bytes, cut after
// ASCII white space, which no syllable or document number spans; a piece
// without any is cut between two characters. Positions run on across pieces.
func tokenizeChunked(s string, chunk int) []Token {
	var out []Token
	pos := 0
	for len(s) > 0 {
		cut := len(s)
		if cut > chunk {
			cut = chunkEnd(s, chunk)
		}
		toks := tokenizeChunk(s[:cut])
		for _, t := range toks {
			t.Pos += pos
			out = append(out, t)
		}
		if n := len(toks); n > 0 {
			pos = toks[n-1].Pos + 1 + pos
		}
		s = s[cut:]
	}
	return out
}

// chunkEnd returns where to cut the first chunk bytes of s: after the last
// ASCII white space in its second half, or else at the last character
// boundary.
func chunkEnd(s string, chunk int) int {
	if i := strings.LastIndexAny(s[chunk/2:chunk], " \t\n\r"); i >= 0 {
		return chunk/2 + i + 1
	}
	cut := chunk
	for cut > 1 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return cut
}

// tokenizeChunk implements Tokenize for texts of at most maxTokenizeChunk
// bytes.
func tokenizeChunk(s string) []Token {
	est := strings.Count(s, " ")
	est += est/8 + 8
	t := tokenizer{
		spans: make([]tokenSpan, 0, est),
		arena: make([]byte, 0, len(s)+len(s)/2+16),
	}
	g := segmenter{s: s, syl: sylBuf{rs: make([]rune, 0, 16)}}
	for {
		switch g.next() {
		case segEnd:
			return t.finish()
		case segSyllable:
			t.syllable(&g.syl)
		case segSeparator:
			t.separator(g.sep)
		}
	}
}

// Pairs returns, for each two adjacent syllables of tokens (positions p and
// p+1), the term "a b" made of their Terms, in text order. Compound tokens
// are skipped. An index stores these so that "dân vận" ranks above a text
// where "dân" and "vận" are apart.
func Pairs(tokens []Token) []string {
	return pairs(tokens, false)
}

// FoldedPairs is Pairs over the Folded forms: "dan van" for "dân vận".
func FoldedPairs(tokens []Token) []string {
	return pairs(tokens, true)
}

// pairs implements Pairs and FoldedPairs. The pairs share one backing string.
func pairs(tokens []Token, folded bool) []string {
	text := func(t Token) string {
		if folded {
			return t.Folded
		}
		return t.Term
	}
	type pairSpan struct{ from, to int }
	var buf []byte
	var spans []pairSpan
	prev := -1
	for i, t := range tokens {
		if t.IsCompound() {
			continue
		}
		if prev >= 0 && tokens[prev].Pos+1 == t.Pos {
			if buf == nil {
				buf = make([]byte, 0, 2*len(tokens)*8)
				spans = make([]pairSpan, 0, len(tokens))
			}
			from := len(buf)
			buf = append(buf, text(tokens[prev])...)
			buf = append(buf, ' ')
			buf = append(buf, text(t)...)
			spans = append(spans, pairSpan{from, len(buf)})
		}
		prev = i
	}
	if len(spans) == 0 {
		return nil
	}
	all := string(buf)
	out := make([]string, len(spans))
	for i, sp := range spans {
		out[i] = all[sp.from:sp.to]
	}
	return out
}

// tokenSpan is a token under construction: its position and where its Term
// and Folded are in the tokenizer's arena. Spans hold no pointers, so growing
// and shifting them is cheap; the Tokens are made once, at the end.
type tokenSpan struct {
	term0, term1, fold0, fold1 int32
	pos                        int32
}

// tokenizer accumulates tokens. All Terms and Folded forms are written to one
// arena that becomes a single string at the end, so a text costs a handful of
// allocations however many tokens it has.
type tokenizer struct {
	spans []tokenSpan
	arena []byte
	pos   int

	// The chain of syllables joined by connectors that may form a document
	// number: its first token's index, its length, the connectors between
	// its parts and whether any part holds a digit.
	chainFirst int
	chainLen   int
	chainSeps  []byte
	chainDigit bool
	// pending is the connector that directly followed the last syllable, 0
	// if none; afterSyllable reports that the last segment was a syllable.
	pending       byte
	afterSyllable bool
}

// syllable appends the syllable in b as a token and extends or restarts the
// current chain.
func (t *tokenizer) syllable(b *sylBuf) {
	canonicalIY(b.rs)
	var sp tokenSpan
	t.arena, sp = appendTerm(t.arena, b.rs, b.ascii)
	sp.pos = int32(t.pos)
	if t.pending != 0 && t.chainLen > 0 {
		t.chainSeps = append(t.chainSeps, t.pending)
		t.chainLen++
	} else {
		t.endChain()
		t.chainFirst = len(t.spans)
		t.chainLen = 1
		if len(t.chainSeps) > 0 {
			t.chainSeps = t.chainSeps[:0]
		}
		t.chainDigit = false
	}
	t.chainDigit = t.chainDigit || b.digit
	t.pending = 0
	t.afterSyllable = true
	t.spans = append(t.spans, sp)
	t.pos++
}

// appendTerm appends the syllable rs and its folded form to arena and
// returns their span (position unset). The folded form shares the term's
// bytes when they are equal, as they are for ASCII syllables.
func appendTerm(arena []byte, rs []rune, ascii bool) ([]byte, tokenSpan) {
	t0 := len(arena)
	arena = appendRunes(arena, rs)
	t1 := len(arena)
	if ascii {
		return arena, newSpan(t0, t1, t0, t1)
	}
	for _, r := range rs {
		arena = appendFoldedRune(arena, r)
	}
	arena, f0, f1 := shareEqual(arena, t0, t1, t1, len(arena))
	return arena, newSpan(t0, t1, f0, f1)
}

// newSpan returns the span of a term at [t0, t1) and its folded form at
// [f0, f1) in the arena. Tokenize keeps arenas under 2 GiB (see
// maxTokenizeChunk), so the offsets fit.
func newSpan(t0, t1, f0, f1 int) tokenSpan {
	return tokenSpan{term0: int32(t0), term1: int32(t1), fold0: int32(f0), fold1: int32(f1)}
}

// shareEqual drops the folded copy [f0, f1) at the arena's end when it equals
// the term [t0, t1), and returns the arena and the folded form's span.
func shareEqual(arena []byte, t0, t1, f0, f1 int) ([]byte, int, int) {
	if string(arena[t0:t1]) == string(arena[f0:f1]) {
		return arena[:f0], t0, t1
	}
	return arena, f0, f1
}

// separator records a non-syllable character: a connector right after a
// syllable may continue a document number; anything else ends it.
func (t *tokenizer) separator(r rune) {
	if t.afterSyllable && (r == '-' || r == '/') {
		t.pending = byte(r)
		t.afterSyllable = false
		return
	}
	t.endChain()
	t.pending = 0
	t.afterSyllable = false
}

// endChain emits the compound token of the current chain when it is a
// document number, and clears the chain.
func (t *tokenizer) endChain() {
	n := t.chainLen
	t.chainLen = 0
	if n < 2 || n > maxCompoundParts || !t.chainDigit {
		return
	}
	first := t.chainFirst
	parts := t.spans[first : first+n]
	arena := t.arena
	t0 := len(arena)
	for i, sp := range parts {
		if i > 0 {
			arena = append(arena, t.chainSeps[i-1])
		}
		arena = append(arena, arena[sp.term0:sp.term1]...)
	}
	t1 := len(arena)
	for i, sp := range parts {
		if i > 0 {
			arena = append(arena, t.chainSeps[i-1])
		}
		arena = append(arena, arena[sp.fold0:sp.fold1]...)
	}
	arena, f0, f1 := shareEqual(arena, t0, t1, t1, len(arena))
	t.arena = arena

	t.spans = append(t.spans, tokenSpan{})
	copy(t.spans[first+1:], t.spans[first:])
	t.spans[first] = newSpan(t0, t1, f0, f1)
	t.spans[first].pos = t.spans[first+1].pos
}

// finish ends the last chain and resolves every span into the final arena
// string.
func (t *tokenizer) finish() []Token {
	t.endChain()
	if len(t.spans) == 0 {
		return nil
	}
	all := string(t.arena)
	toks := make([]Token, len(t.spans))
	for i, sp := range t.spans {
		toks[i] = Token{Term: all[sp.term0:sp.term1], Folded: all[sp.fold0:sp.fold1], Pos: int(sp.pos)}
	}
	return toks
}

// segKind is what segmenter.next found.
type segKind uint8

const (
	segEnd segKind = iota
	segSyllable
	segSeparator
)

// sylBuf holds one syllable, lower-cased, NFC and with canonical tone
// placement, and facts about it.
type sylBuf struct {
	rs []rune
	// ascii: every rune is ASCII; digit: some rune is a number; toned: some
	// vowel carries a tone mark; exotic: some rune is neither ASCII nor a
	// Vietnamese letter, so NFC and generic folding must be checked.
	ascii, digit, toned, exotic bool
	// single: the syllable is a Han/kana character, which stands alone.
	single bool
}

// segmenter walks a string and yields its syllables and separators, skipping
// invisible characters.
type segmenter struct {
	s   string
	i   int
	syl sylBuf
	// sep is the separator just found, mapped: ' ' for space variants, '\n'
	// for line separators, '-' for dashes, U+FFFD for invalid bytes,
	// otherwise the character in lower case.
	sep rune
	// keepTones leaves tone marks where the text put them.
	keepTones bool
}

// next advances to the next syllable or separator.
func (g *segmenter) next() segKind {
	for g.i < len(g.s) {
		c := g.s[g.i]
		if c < utf8.RuneSelf {
			cls := asciiClass(c)
			if cls == classLetter || cls == classNumber {
				g.readSyllable()
				return segSyllable
			}
			g.i++
			g.sep = rune(c)
			return segSeparator
		}
		r, size := utf8.DecodeRuneInString(g.s[g.i:])
		if r == utf8.RuneError && size == 1 {
			g.i++
			g.sep = utf8.RuneError
			return segSeparator
		}
		lr := lowerRune(r)
		switch cls := classify(lr); cls {
		case classInvisible:
			g.i += size
			continue
		case classLetter, classNumber, classHan:
			g.readSyllable()
			return segSyllable
		case classSpace:
			g.sep = ' '
		case classLineSep:
			g.sep = '\n'
		case classDash:
			g.sep = '-'
		default:
			g.sep = lr
		}
		g.i += size
		return segSeparator
	}
	return segEnd
}

// readSyllable reads the syllable starting at g.i into g.syl and finishes it:
// NFC where needed and canonical tone placement.
func (g *segmenter) readSyllable() {
	b := &g.syl
	b.rs = b.rs[:0]
	b.ascii, b.digit, b.toned, b.exotic, b.single = true, false, false, false, false
	start := g.i
	for g.i < len(g.s) {
		c := g.s[g.i]
		if c < utf8.RuneSelf {
			if b.single {
				break
			}
			cls := asciiClass(c)
			if cls == classLetter {
				b.rs = append(b.rs, rune(c|0x20))
			} else if cls == classNumber {
				b.rs = append(b.rs, rune(c))
				b.digit = true
			} else {
				break
			}
			g.i++
			continue
		}
		r, size := utf8.DecodeRuneInString(g.s[g.i:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		lr := lowerRune(r)
		if !b.addRune(lr) {
			break
		}
		g.i += size
	}
	if b.exotic {
		b.recompose(g.s[start:g.i])
	}
	if b.toned && !g.keepTones {
		canonicalTone(b.rs)
	}
}

// addRune appends the lower-case rune r to the syllable if r continues it,
// and reports whether it did. Invisible characters are consumed without
// being appended.
func (b *sylBuf) addRune(r rune) bool {
	if n := len(b.rs); n > 0 && isVietMark(r) {
		if c, ok := composeVietMark(b.rs[n-1], r); ok {
			b.rs[n-1] = c
			b.ascii = false
			b.toned = b.toned || vowelCode(c).tone() != toneNone
			return true
		}
	}
	if v := vowelCode(r); v != 0 {
		if b.single {
			return false
		}
		b.rs = append(b.rs, r)
		b.ascii = false
		b.toned = b.toned || v.tone() != toneNone
		return true
	}
	if r == 'đ' {
		if b.single {
			return false
		}
		b.rs = append(b.rs, r)
		b.ascii = false
		return true
	}
	switch classify(r) {
	case classInvisible:
		return true
	case classMark:
		// Marks extend whatever precedes them, a Han character included.
	case classHan:
		if len(b.rs) > 0 {
			return false
		}
		b.single = true
	case classLetter:
		if b.single {
			return false
		}
	case classNumber:
		if b.single {
			return false
		}
		b.digit = true
	default:
		return false
	}
	b.rs = append(b.rs, r)
	b.ascii = false
	b.exotic = true
	return true
}

// recompose redoes an exotic syllable from its text raw as Unicode
// prescribes, composing before lower-casing (İ is I + dot above, and lower
// cases to i), and recomputes the tone fact.
func (b *sylBuf) recompose(raw string) {
	var sc [64]byte
	enc := sc[:0]
	for _, r := range raw {
		if !isInvisible(r) {
			enc = utf8.AppendRune(enc, r)
		}
	}
	enc = norm.NFC.Bytes(enc)
	b.rs = b.rs[:0]
	for _, r := range string(enc) {
		b.rs = append(b.rs, lowerRune(r))
	}
	if enc = appendRunes(enc[:0], b.rs); !norm.NFC.IsNormal(enc) {
		enc = norm.NFC.Bytes(enc)
		b.rs = b.rs[:0]
		for _, r := range string(enc) {
			b.rs = append(b.rs, r)
		}
	}
	b.toned = false
	for _, r := range b.rs {
		if v := vowelCode(r); v != 0 && v.tone() != toneNone {
			b.toned = true
		}
	}
}

// isVietMark reports whether r is one of the combining marks of decomposed
// Vietnamese: the five tones, circumflex, breve and horn.
func isVietMark(r rune) bool {
	switch r {
	case 0x0300, 0x0301, 0x0303, 0x0309, 0x0323, 0x0302, 0x0306, 0x031B:
		return true
	}
	return false
}

// composeVietMark returns the Vietnamese vowel prev with the combining mark
// added, and false when they do not combine (prev is not a vowel, already
// has a tone, or does not take that vowel mark). Marks combine in any order,
// so decomposed Vietnamese is composed without the cost of full NFC.
func composeVietMark(prev, mark rune) (rune, bool) {
	v := vowelCode(prev)
	if v == 0 {
		return 0, false
	}
	tone := toneNone
	switch mark {
	case 0x0300:
		tone = toneGrave
	case 0x0301:
		tone = toneAcute
	case 0x0309:
		tone = toneHook
	case 0x0303:
		tone = toneTilde
	case 0x0323:
		tone = toneDot
	}
	if tone != toneNone {
		if v.tone() != toneNone {
			return 0, false
		}
		return withTone(v, tone), true
	}
	vowel := -1
	switch {
	case mark == 0x0302 && v.vowel() == vowelA:
		vowel = vowelAa
	case mark == 0x0302 && v.vowel() == vowelE:
		vowel = vowelEe
	case mark == 0x0302 && v.vowel() == vowelO:
		vowel = vowelOo
	case mark == 0x0306 && v.vowel() == vowelA:
		vowel = vowelAw
	case mark == 0x031B && v.vowel() == vowelO:
		vowel = vowelOw
	case mark == 0x031B && v.vowel() == vowelU:
		vowel = vowelUw
	}
	if vowel < 0 {
		return 0, false
	}
	return vietTables.compose[vowel][v.tone()], true
}

// appendRunes appends the UTF-8 encoding of rs to dst.
func appendRunes(dst []byte, rs []rune) []byte {
	for _, r := range rs {
		if r < utf8.RuneSelf {
			dst = append(dst, byte(r))
		} else {
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}

// charClass is the role of a character in segmentation.
type charClass uint8

const (
	classOther charClass = iota
	classLetter
	classNumber
	classMark
	classHan
	classInvisible
	classSpace
	classLineSep
	classDash
)

// asciiClass classifies an ASCII byte.
func asciiClass(c byte) charClass {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		return classLetter
	case '0' <= c && c <= '9':
		return classNumber
	}
	return classOther
}

// classify classifies a lower-case rune.
func classify(r rune) charClass {
	if r < utf8.RuneSelf {
		return asciiClass(byte(r))
	}
	if vowelCode(r) != 0 || r == 'đ' {
		return classLetter
	}
	switch {
	case isInvisible(r):
		return classInvisible
	case r == 0x85 || r == 0x2028 || r == 0x2029:
		return classLineSep
	case isDash(r):
		return classDash
	case unicode.Is(unicode.Zs, r):
		return classSpace
	case unicode.IsLetter(r):
		if r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)) {
			return classHan
		}
		return classLetter
	case unicode.IsNumber(r):
		return classNumber
	case unicode.IsMark(r):
		return classMark
	}
	return classOther
}

// isInvisible reports whether r is a default-ignorable character that
// Normalize drops: soft hyphen, combining grapheme joiner, Arabic letter mark,
// Mongolian free variation selectors and vowel separator, zero-width space,
// (non-)joiner, direction marks and embeddings, word joiner and invisible
// operators, variation selectors, BOM and tags.
func isInvisible(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x034F, r == 0x061C, r == 0xFEFF:
		return true
	case 0x180B <= r && r <= 0x180F,
		0x200B <= r && r <= 0x200F,
		0x202A <= r && r <= 0x202E,
		0x2060 <= r && r <= 0x206F,
		0xFE00 <= r && r <= 0xFE0F,
		0xE0000 <= r && r <= 0xE0FFF:
		return true
	}
	return false
}

// isDash reports whether r is a dash that Normalize turns into '-'.
func isDash(r rune) bool {
	switch {
	case 0x2010 <= r && r <= 0x2015,
		r == 0x2212, r == 0x2E3A, r == 0x2E3B,
		r == 0xFE58, r == 0xFE63, r == 0xFF0D:
		return true
	}
	return false
}

// lowerRune returns the lower case of r, with table lookups for the Latin
// ranges Vietnamese uses.
func lowerRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	case r < latinTableEnd:
		return vietTables.lower[r]
	case extTableStart <= r && r < extTableEnd:
		return vietTables.lowerExt[r-extTableStart]
	}
	return unicode.ToLower(r)
}

// appendFoldedRune appends r without diacritics to dst. r is lower case.
func appendFoldedRune(dst []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		return append(dst, byte(r))
	}
	if v := vowelCode(r); v != 0 {
		return append(dst, v.base())
	}
	switch r {
	case 'đ', 'Đ':
		return append(dst, 'd')
	case 'ø', 'Ø':
		return append(dst, 'o')
	case 'ł', 'Ł':
		return append(dst, 'l')
	}
	if isDiacritic(r) {
		return dst
	}
	var enc [utf8.UTFMax]byte
	n := utf8.EncodeRune(enc[:], r)
	d := norm.NFD.Properties(enc[:n]).Decomposition()
	if d == nil {
		return utf8.AppendRune(dst, r)
	}
	for len(d) > 0 {
		dr, size := utf8.DecodeRune(d)
		d = d[size:]
		if !isDiacritic(dr) && dr != r {
			dst = appendFoldedRune(dst, dr) // ǿ is ø + acute, and ø folds too
		}
	}
	return dst
}

// isDiacritic reports whether r is a combining mark of the blocks that hold
// Latin, Greek and Cyrillic diacritics; Fold removes them. Marks of other
// scripts (Arabic vowel signs, Indic matras) are letters' parts and stay.
func isDiacritic(r rune) bool {
	switch {
	case 0x0300 <= r && r <= 0x036F,
		0x1AB0 <= r && r <= 0x1AFF,
		0x1DC0 <= r && r <= 0x1DFF,
		0x20D0 <= r && r <= 0x20FF,
		0xFE20 <= r && r <= 0xFE2F:
		return true
	}
	return false
}

// Vietnamese syllables.

// The tones, in the order of vietTables.compose.
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

// Table bounds: vietTables covers U+0000–U+01FF and U+1EA0–U+1EFF, where all
// Vietnamese letters are.
const (
	latinTableEnd = 0x200
	extTableStart = 0x1EA0
	extTableEnd   = 0x1F00
)

// vowelInfo describes a lower-case Vietnamese vowel: 0 for any other rune,
// otherwise 1 + vowel number × numTones + tone.
type vowelInfo uint8

func (v vowelInfo) vowel() int { return (int(v) - 1) / numTones }
func (v vowelInfo) tone() int  { return (int(v) - 1) % numTones }

// base returns the vowel's ASCII letter without any diacritic.
func (v vowelInfo) base() byte { return "aaaeeiooouuy"[v.vowel()] }

// hasQuality reports whether the vowel carries a breve, circumflex or horn
// (ă â ê ô ơ ư); the tone goes on such a vowel.
func (v vowelInfo) hasQuality() bool {
	switch v.vowel() {
	case vowelAw, vowelAa, vowelEe, vowelOo, vowelOw, vowelUw:
		return true
	}
	return false
}

// vietTables is the immutable set of lookup tables for Vietnamese letters;
// it is built once at start-up and never written afterwards.
var vietTables = buildVietTables()

// vietTablesT holds lower-casing and vowel tables for the Latin ranges.
type vietTablesT struct {
	lower    [latinTableEnd]rune
	lowerExt [extTableEnd - extTableStart]rune
	vowel    [latinTableEnd]vowelInfo
	vowelExt [extTableEnd - extTableStart]vowelInfo
	// compose[v][t] is vowel v with tone t, precomposed.
	compose [numVowels][numTones]rune
}

// buildVietTables computes vietTables from the Unicode tables.
func buildVietTables() *vietTablesT {
	t := new(vietTablesT)
	for r := rune(0); r < latinTableEnd; r++ {
		t.lower[r] = unicode.ToLower(r)
	}
	for r := rune(extTableStart); r < extTableEnd; r++ {
		t.lowerExt[r-extTableStart] = unicode.ToLower(r)
	}
	marks := [numTones]string{"", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
	for v, base := range []rune(vowelLetters) {
		for tone, mark := range marks {
			c, _ := utf8.DecodeRuneInString(norm.NFC.String(string(base) + mark))
			t.compose[v][tone] = c
			info := vowelInfo(1 + v*numTones + tone)
			switch {
			case c < latinTableEnd:
				t.vowel[c] = info
			case extTableStart <= c && c < extTableEnd:
				t.vowelExt[c-extTableStart] = info
			default:
				panic("vi: Vietnamese vowel outside the tables: " + string(c))
			}
		}
	}
	return t
}

// vowelCode returns r's vowelInfo; r must be lower case.
func vowelCode(r rune) vowelInfo {
	switch {
	case r < latinTableEnd:
		return vietTables.vowel[r]
	case extTableStart <= r && r < extTableEnd:
		return vietTables.vowelExt[r-extTableStart]
	}
	return 0
}

// withTone returns vowel v with tone t.
func withTone(v vowelInfo, t int) rune {
	return vietTables.compose[v.vowel()][t]
}

// maxSyllableRunes is the length of the longest Vietnamese syllable
// ("nghiêng"); longer words are not Vietnamese and are left alone.
const maxSyllableRunes = 7

// isConsonant reports whether r may begin a Vietnamese initial consonant.
func isConsonant(r rune) bool {
	switch r {
	case 'b', 'c', 'd', 'đ', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'q', 'r', 's', 't', 'v', 'x':
		return true
	}
	return false
}

// initialLen returns the length in runes of the syllable's initial
// consonant (0 when it starts with a vowel), and false when rs does not
// start like a Vietnamese syllable. "qu" and "gi" followed by another vowel
// are initials, whatever tone a typo put on their u or i.
func initialLen(rs []rune) (int, bool) {
	n := len(rs)
	c0 := rs[0]
	if vowelCode(c0) != 0 {
		return 0, true
	}
	switch {
	case c0 == 'q':
		if n >= 3 && vowelCode(rs[1]).vowel() == vowelU && vowelCode(rs[1]) != 0 && vowelCode(rs[2]) != 0 {
			return 2, true
		}
		return 0, false
	case c0 == 'g' && n >= 3 && vowelCode(rs[1]) != 0 && vowelCode(rs[1]).vowel() == vowelI && vowelCode(rs[2]) != 0:
		return 2, true
	case n >= 3 && c0 == 'n' && rs[1] == 'g' && rs[2] == 'h':
		return 3, true
	case n >= 2 && isDigraph(c0, rs[1]):
		return 2, true
	case isConsonant(c0):
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

// isFinal reports whether rs is a final consonant (or none): c, ch, m, n,
// ng, nh, p, t.
func isFinal(rs []rune) bool {
	switch len(rs) {
	case 0:
		return true
	case 1:
		switch rs[0] {
		case 'c', 'm', 'n', 'p', 't':
			return true
		}
	case 2:
		return (rs[0] == 'c' && rs[1] == 'h') || (rs[0] == 'n' && (rs[1] == 'g' || rs[1] == 'h'))
	}
	return false
}

// canonicalTone moves the tone mark of a well-formed Vietnamese syllable to
// its canonical vowel (see tonePosition). rs is lower case and NFC; it is
// left alone unless it parses as initial + 1–3 vowels + final with exactly
// one tone mark.
func canonicalTone(rs []rune) {
	n := len(rs)
	if n == 0 || n > maxSyllableRunes {
		return
	}
	ini, ok := initialLen(rs)
	if !ok {
		return
	}
	end := ini
	for end < n && vowelCode(rs[end]) != 0 {
		end++
	}
	if end == ini || end-ini > 3 || !isFinal(rs[end:]) {
		return
	}
	at, tone := -1, toneNone
	for k := 0; k < end; k++ {
		if v := vowelCode(rs[k]); v != 0 && v.tone() != toneNone {
			if at >= 0 {
				return
			}
			at, tone = k, v.tone()
		}
	}
	if at < 0 {
		return
	}
	target := ini + tonePosition(rs[ini:end], end < n)
	if target == at {
		return
	}
	rs[at] = withTone(vowelCode(rs[at]), toneNone)
	rs[target] = withTone(vowelCode(rs[target]), tone)
}

// tonePosition returns the index in the vowel group nuc of the vowel that
// carries the tone, in the new style: the last vowel with a breve,
// circumflex or horn if any (tiếng, người, khuấy); otherwise the last vowel
// when a final consonant follows (hoàng, huỳnh); otherwise the middle of
// three (khoái, ngoẹo), the second of oa, oe, uy (hoá, khoẻ, thuỷ), and the
// first of other pairs (mái, mùa, kìa).
func tonePosition(nuc []rune, closed bool) int {
	q := -1
	for k, r := range nuc {
		if vowelCode(r).hasQuality() {
			q = k
		}
	}
	switch {
	case q >= 0:
		return q
	case len(nuc) == 1:
		return 0
	case closed:
		return len(nuc) - 1
	case len(nuc) == 3:
		return 1
	case isNewStylePair(vowelCode(nuc[0]).vowel(), vowelCode(nuc[1]).vowel()):
		return 1
	}
	return 0
}

// isNewStylePair reports whether vowels a, b are oa, oe or uy: the open
// rhymes whose tone placement differs between the old and the new style.
func isNewStylePair(a, b int) bool {
	return (a == vowelO && (b == vowelA || b == vowelE)) || (a == vowelU && b == vowelY)
}

// canonicalIY spells a syllable made of an initial consonant and a lone i or
// y with i, or with y after qu (kỳ → kì, lý → lí, qui → quy), keeping its
// tone. Other syllables are left alone.
func canonicalIY(rs []rune) {
	n := len(rs)
	if n < 2 || n > 4 {
		return
	}
	last := vowelCode(rs[n-1])
	if last == 0 || (last.vowel() != vowelI && last.vowel() != vowelY) {
		return
	}
	ini, ok := initialLen(rs)
	if !ok || ini == 0 || ini != n-1 {
		return
	}
	want := vowelI
	if rs[0] == 'q' {
		want = vowelY
	}
	rs[n-1] = vietTables.compose[want][last.tone()]
}
