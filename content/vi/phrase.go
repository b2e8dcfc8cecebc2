package vi

import "strings"

// Accents says how Text.Contains compares a phrase's diacritics with a
// text's. Whatever the choice, words are compared as Tokenize spells them:
// lower case, NFC, either tone style ("hóa" is "hoá"), i or y alike ("kì" is
// "kỳ").
type Accents uint8

const (
	// IgnoreAccents compares words without their diacritics: "hoi" is
	// "hội" is "hơi". Snippets mark words this way.
	IgnoreAccents Accents = iota
	// AccentsAsTyped compares a phrase word typed with diacritics as
	// written, and one typed without any without the text's: "hội" matches
	// "hội" only, "hoi" matches "hội" and "hoi". Keyword alerts match this
	// way, as /search does.
	AccentsAsTyped
	// AccentsUnlessPlain compares words as written, unless the phrase or
	// the whole text has no diacritics: then without. A title typed without
	// accents matches "hội nghị", but "khan hiếm" never holds "khẩn".
	// Source rules match this way.
	AccentsUnlessPlain
	// AccentsUnlessPlainWords compares words as written, unless the text's
	// words under the phrase have no diacritics: then without. "Trien khai
	// ke hoach tiêm vắc xin" holds "kế hoạch", but "Chi thị trường" holds
	// no "chỉ thị". Category guessing matches this way.
	AccentsUnlessPlainWords
)

// Text is a text cut into words for phrase matching: its syllables as
// Tokenize cuts them, and its document numbers ("12-NQ/TU") as one word
// each too. A Text is immutable and safe for concurrent use.
type Text struct {
	syllables []Token // syllables[i].Pos == i
	compounds []Token
	plain     bool // no word has a diacritic
}

// NewText cuts s into words for Contains.
func NewText(s string) Text {
	var t Text
	t.plain = true
	for _, tok := range Tokenize(s) {
		if tok.IsCompound() {
			t.compounds = append(t.compounds, tok)
			continue
		}
		t.syllables = append(t.syllables, tok)
		t.plain = t.plain && tok.Term == tok.Folded
	}
	return t
}

// Phrase is what Text.Contains looks for: one or more whole words, in
// order and adjacent, whatever separates them in the text (spaces,
// punctuation, line breaks). The zero Phrase has no word and is contained in
// no text. A Phrase is immutable and safe for concurrent use.
type Phrase struct {
	words []Token
	// compound is true for a phrase of one document number, which is
	// looked for among the text's compound tokens.
	compound bool
	plain    bool
	prefix   bool
}

// NewPhrase returns the phrase of the syllables of s, as Tokenize cuts
// them: "Hội-nghị" and "hội nghị" are the same phrase, and "12-NQ/TU" is
// the phrase "12 nq tu".
func NewPhrase(s string) Phrase {
	var words []Token
	for _, tok := range Tokenize(s) {
		if !tok.IsCompound() {
			words = append(words, tok)
		}
	}
	return PhraseOf(words...)
}

// PhraseOf returns the phrase of words, tokens as Tokenize or ParseQuery
// give them. A lone compound token ("12-nq/tu") is a phrase of one word that
// matches that document number; in a longer phrase compound tokens are left
// out. Word positions are ignored.
func PhraseOf(words ...Token) Phrase {
	p := Phrase{plain: true}
	if len(words) == 1 && words[0].IsCompound() {
		p.compound = true
	}
	for _, w := range words {
		if w.IsCompound() && !p.compound {
			continue
		}
		p.words = append(p.words, w)
		p.plain = p.plain && w.Term == w.Folded
	}
	return p
}

// AsTyped returns the spelling AccentsAsTyped compares t by: its Term, and
// exact true, when t has diacritics; else its Folded form and exact false. A
// text's token u matches t when u.Term == key (exact) or u.Folded == key.
func (t Token) AsTyped() (key string, exact bool) {
	if t.Term != t.Folded {
		return t.Term, true
	}
	return t.Folded, false
}

// AsPrefix returns p whose last word also matches the beginning of a
// text's word, compared without diacritics (the accents of a word being
// typed are unreliable).
func (p Phrase) AsPrefix() Phrase {
	p.prefix = true
	return p
}

// Contains reports whether t holds p, its diacritics compared as a says.
func (t Text) Contains(p Phrase, a Accents) bool {
	if len(p.words) == 0 {
		return false
	}
	words := t.syllables
	if p.compound {
		words = t.compounds
	}
	for i := 0; i+len(p.words) <= len(words); i++ {
		if t.matchesAt(words[i:i+len(p.words)], p, a) {
			return true
		}
	}
	return false
}

// matchesAt reports whether the text's words win, as many as p's, are p.
func (t Text) matchesAt(win []Token, p Phrase, a Accents) bool {
	folded := false
	switch a {
	case IgnoreAccents:
		folded = true
	case AccentsUnlessPlain:
		folded = p.plain || t.plain
	case AccentsUnlessPlainWords:
		folded = true
		for _, w := range win {
			folded = folded && w.Term == w.Folded
		}
	}
	last := len(p.words) - 1
	for i, w := range p.words {
		tw := win[i]
		if p.prefix && i == last {
			if !strings.HasPrefix(tw.Folded, w.Folded) {
				return false
			}
			continue
		}
		key, exact := w.Term, !folded
		if a == AccentsAsTyped {
			key, exact = w.AsTyped()
		} else if folded {
			key = w.Folded
		}
		if exact && tw.Term != key || !exact && tw.Folded != key {
			return false
		}
	}
	return true
}
