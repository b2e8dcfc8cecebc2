package vi

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a byte range [Start, End) of a text.
type Span struct{ Start, End int }

// Snippet picks the part of text, at most maxRunes long, that best shows why
// it matched q: the window holding the most words that match q's terms
// (accents ignored; the last term also as a prefix when it is one). It
// returns the window and the spans of the matching words within it, in order
// and not overlapping. A text without a match gives its beginning and no
// spans. Cut ends are marked with "…".
func Snippet(text string, q Query, maxRunes int) (string, []Span) {
	text = strings.Join(strings.Fields(text), " ")
	words := wordSpans(text)
	terms := queryWords(q)
	hits := make([]bool, len(words))
	for i, w := range words {
		hits[i] = matchesWord(text[w.Start:w.End], terms)
	}
	first, last := bestWindow(text, words, hits, maxRunes)
	if len(words) == 0 {
		return "", nil
	}
	start, end := words[first].Start, words[last].End
	var b strings.Builder
	var spans []Span
	if start > 0 {
		b.WriteString("… ")
	}
	offset := b.Len() - start
	b.WriteString(text[start:end])
	for i := first; i <= last; i++ {
		if hits[i] {
			spans = append(spans, Span{words[i].Start + offset, words[i].End + offset})
		}
	}
	if end < len(text) {
		b.WriteString(" …")
	}
	return b.String(), spans
}

// wordSpans splits text at spaces.
func wordSpans(text string) []Span {
	var out []Span
	start := -1
	for i, r := range text {
		switch {
		case r == ' ' && start >= 0:
			out = append(out, Span{start, i})
			start = -1
		case r != ' ' && start < 0:
			start = i
		}
	}
	if start >= 0 {
		out = append(out, Span{start, len(text)})
	}
	return out
}

// queryWords returns each term of q as a phrase of one word, a prefix when
// the term is one.
func queryWords(q Query) []Phrase {
	ps := make([]Phrase, len(q.Terms))
	for i, t := range q.Terms {
		ps[i] = PhraseOf(t.Token)
		if t.Prefix {
			ps[i] = ps[i].AsPrefix()
		}
	}
	return ps
}

// matchesWord reports whether one word of text, its punctuation aside, is
// one of terms, accents ignored.
func matchesWord(word string, terms []Phrase) bool {
	word = strings.TrimFunc(word, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	text := NewText(word)
	for _, t := range terms {
		if text.Contains(t, IgnoreAccents) {
			return true
		}
	}
	return false
}

// bestWindow returns the first and last word of the window of at most
// maxRunes runes with the most hits, starting a little before the first hit.
func bestWindow(text string, words []Span, hits []bool, maxRunes int) (first, last int) {
	if len(words) == 0 {
		return 0, -1
	}
	bestFirst, bestCount := 0, -1
	for i := range words {
		if i > 0 && !hits[i] {
			continue
		}
		count, j := 0, i
		for ; j < len(words) && utf8.RuneCountInString(text[words[i].Start:words[j].End]) <= maxRunes; j++ {
			if hits[j] {
				count++
			}
		}
		if count > bestCount {
			bestFirst, bestCount = i, count
		}
	}
	// Show a few words of context before the first hit.
	for k := 0; k < 4 && bestFirst > 0 && utf8.RuneCountInString(text[words[bestFirst-1].Start:words[bestFirst].End]) < maxRunes/4; k++ {
		bestFirst--
	}
	last = bestFirst
	for last+1 < len(words) && utf8.RuneCountInString(text[words[bestFirst].Start:words[last+1].End]) <= maxRunes {
		last++
	}
	return bestFirst, last
}
