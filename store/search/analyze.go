package search

// Article analysis for the index: the terms of an article's title and
// text with their frequencies (analyzeArticle, analyzer).

import (
	"strings"

	"newsbot/content"
	"newsbot/content/vi"
)

// termFreq is how often a term occurs in each field of a document.
type termFreq struct {
	key             string // kind byte + term
	tfTitle, tfText uint32
}

// Terms is the analysis of an article: field lengths in syllables and
// its distinct terms, in no particular order.
type Terms struct {
	titleLen, textLen uint32
	terms             []termFreq
}

// articleText returns the text field of a: the lead and the body. The title
// is the other field.
func articleText(a *content.Article) string {
	var b strings.Builder
	n := len(a.Lead)
	for _, p := range a.Body {
		n += len(p) + 1
	}
	b.Grow(n)
	b.WriteString(a.Lead)
	for _, p := range a.Body {
		b.WriteByte('\n')
		b.WriteString(p)
	}
	return b.String()
}

// analyzeArticle returns the index terms of a.
func analyzeArticle(a *content.Article) Terms {
	z := newAnalyzer()
	var d Terms
	var local []localTF
	d.titleLen, d.textLen, local = z.analyze(a)
	d.terms = make([]termFreq, len(local))
	for i, t := range local {
		d.terms[i] = termFreq{key: z.keys[t.id], tfTitle: t.tfTitle, tfText: t.tfText}
	}
	return d
}

// analyzer cuts articles into index terms. It interns the term keys it
// sees, so that analysing many articles allocates little: a term is named
// by its local ID, an index into keys. Syllables are looked up by their
// Folded form or Term, pairs by the IDs of their two syllables.
type analyzer struct {
	folded, accented, titles map[string]int32
	pairs                    map[uint64]int32
	keys                     []string
	// tfTitle and tfText count the current article's terms by ID; touched
	// lists the IDs counted.
	tfTitle, tfText []uint32
	touched         []int32
}

// localTF is a term of an article, by local ID, and its frequencies.
type localTF struct {
	id              int32
	tfTitle, tfText uint32
}

func newAnalyzer() *analyzer {
	return &analyzer{
		folded:   make(map[string]int32, 512),
		accented: make(map[string]int32, 256),
		titles:   make(map[string]int32, 256),
		pairs:    make(map[uint64]int32, 1024),
	}
}

// analyze returns a's field lengths, in syllables, and its distinct terms.
func (z *analyzer) analyze(a *content.Article) (titleLen, textLen uint32, terms []localTF) {
	titleLen = z.field(a.Title, true)
	textLen = z.field(articleText(a), false)
	terms = make([]localTF, len(z.touched))
	for i, id := range z.touched {
		terms[i] = localTF{id, z.tfTitle[id], z.tfText[id]}
		z.tfTitle[id], z.tfText[id] = 0, 0
	}
	z.touched = z.touched[:0]
	return titleLen, textLen, terms
}

// field counts the terms of one field and returns its length in syllables.
// Its pairs are those of vi.FoldedPairs: the Folded forms of two
// syllables at adjacent positions, compound tokens skipped. A title's
// syllables are counted once more as title terms (kindTitle).
func (z *analyzer) field(s string, title bool) uint32 {
	toks := vi.Tokenize(s)
	n := uint32(0)
	prev, prevID := -1, int32(0)
	for i, t := range toks {
		id := z.intern(z.folded, kindFolded, t.Folded)
		z.count(id, title)
		if t.Term != t.Folded {
			z.count(z.intern(z.accented, kindAccented, t.Term), title)
		}
		if t.IsCompound() {
			continue
		}
		if title {
			z.count(z.intern(z.titles, kindTitle, t.Folded), true)
		}
		n++
		if prev >= 0 && toks[prev].Pos+1 == t.Pos {
			pk := uint64(prevID)<<32 | uint64(id)
			pid, ok := z.pairs[pk]
			if !ok {
				pid = z.newID(string(kindPair) + toks[prev].Folded + " " + t.Folded)
				z.pairs[pk] = pid
			}
			z.count(pid, title)
		}
		prev, prevID = i, id
	}
	return n
}

// intern returns the ID of the term kind+s, m holding the IDs of kind.
func (z *analyzer) intern(m map[string]int32, kind byte, s string) int32 {
	if id, ok := m[s]; ok {
		return id
	}
	key := string(kind) + s
	id := z.newID(key)
	m[key[1:]] = id
	return id
}

// newID names a new term key.
func (z *analyzer) newID(key string) int32 {
	id := int32(len(z.keys))
	z.keys = append(z.keys, key)
	z.tfTitle = append(z.tfTitle, 0)
	z.tfText = append(z.tfText, 0)
	return id
}

// count counts term id once more.
func (z *analyzer) count(id int32, title bool) {
	if z.tfTitle[id] == 0 && z.tfText[id] == 0 {
		z.touched = append(z.touched, id)
	}
	if title {
		z.tfTitle[id]++
	} else {
		z.tfText[id]++
	}
}
