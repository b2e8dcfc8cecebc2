package vi

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultMaxQueryLen is the query length, in runes, that ParseQuery keeps
// when it is given no positive limit.
const DefaultMaxQueryLen = 256

// Query is a parsed search query.
type Query struct {
	// Terms holds one entry per token of the query, in order, duplicates
	// included; words inside quotes are terms too. Positions run on across
	// phrases, so Pairs(q.Tokens()) gives the query's adjacent pairs.
	Terms []QueryTerm
	// Phrases holds the syllables of each quoted part of two or more
	// syllables, in order, with consecutive positions (compound tokens
	// left out): a matching text has them at consecutive positions.
	Phrases [][]Token
}

// QueryTerm is one token of a query.
type QueryTerm struct {
	Token Token
	// Accented reports that the user typed diacritics on this word
	// (Term != Folded), so matches with the same accents should rank above
	// matches of the folded form only.
	Accented bool
	// Prefix reports that this is the last word of a query that does not end
	// with a space or a quote: the user may still be typing it, so it also
	// matches as a prefix. Match it against Folded forms: the accents of an
	// unfinished word are unreliable (typing "hòa" passes through "hò",
	// which is no prefix of the canonical "hoà"). A document number being
	// typed ("57-NQ/T") has both its last syllable and its compound token
	// marked.
	Prefix bool
}

// Tokens returns the tokens of q's terms, in order.
func (q Query) Tokens() []Token {
	toks := make([]Token, len(q.Terms))
	for i, t := range q.Terms {
		toks[i] = t.Token
	}
	return toks
}

// Empty reports whether q has no term, so nothing can match it.
func (q Query) Empty() bool {
	return len(q.Terms) == 0
}

// ParseQuery parses what a user typed. At most maxLen runes of s are read
// (DefaultMaxQueryLen when maxLen <= 0). Text between quotes — straight '"',
// curly '“' '”', '„', '«' '»' — is a phrase; every quote character toggles
// between inside and outside, so an unbalanced final quote makes the rest a
// phrase. The words are analysed as Tokenize does, so "Hòa" and "hoà", "kì"
// and "kỳ" give the same terms. ParseQuery never fails: any input, invalid
// UTF-8 included, gives a Query, possibly empty.
func ParseQuery(s string, maxLen int) Query {
	if maxLen <= 0 {
		maxLen = DefaultMaxQueryLen
	}
	s = TruncateRunes(s, maxLen)
	var q Query
	pos := 0
	inQuote := false
	start := 0
	for i, r := range s {
		if isQuote(r) {
			pos = q.addPart(s[start:i], inQuote, pos)
			inQuote = !inQuote
			start = i + utf8.RuneLen(r)
		}
	}
	q.addPart(s[start:], inQuote, pos)
	if !endsWord(s) {
		return q
	}
	q.markPrefix()
	return q
}

// addPart appends the tokens of part, which starts at syllable position pos,
// to q, as a phrase too when quoted, and returns the position after it.
func (q *Query) addPart(part string, quoted bool, pos int) int {
	toks := Tokenize(part)
	var phrase []Token
	next := pos
	for _, t := range toks {
		t.Pos += pos
		q.Terms = append(q.Terms, QueryTerm{Token: t, Accented: t.Term != t.Folded})
		if !t.IsCompound() {
			phrase = append(phrase, t)
			next = t.Pos + 1
		}
	}
	if quoted && len(phrase) >= 2 {
		q.Phrases = append(q.Phrases, phrase)
	}
	return next
}

// markPrefix marks the last syllable term of q as a prefix, and the compound
// token that ends with it, if any.
func (q *Query) markPrefix() {
	last := -1
	for i := len(q.Terms) - 1; i >= 0; i-- {
		if !q.Terms[i].Token.IsCompound() {
			last = i
			break
		}
	}
	if last < 0 {
		return
	}
	q.Terms[last].Prefix = true
	for i := last - 1; i >= 0; i-- {
		t := q.Terms[i].Token
		if !t.IsCompound() {
			continue
		}
		parts := strings.Count(t.Term, "-") + strings.Count(t.Term, "/") + 1
		if i+parts == last {
			q.Terms[i].Prefix = true
		}
		return
	}
}

// endsWord reports whether s ends in the middle of a word: its last visible
// character is neither white space nor a quote.
func endsWord(s string) bool {
	for len(s) > 0 {
		r, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
		if r == utf8.RuneError && size == 1 {
			return false
		}
		if isInvisible(r) {
			continue
		}
		return !unicode.IsSpace(r) && !unicode.Is(unicode.Zs, r) && !isQuote(r)
	}
	return false
}

// isQuote reports whether r delimits a phrase.
func isQuote(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '«', '»':
		return true
	}
	return false
}

// TruncateRunes returns the first max runes of s (invalid bytes count as one
// rune each).
func TruncateRunes(s string, max int) string {
	if len(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max {
			return s[:i]
		}
		n++
	}
	return s
}
