package search

// Ranking tiers. Above the BM25F score, a search orders its matches by a
// tier, compared first:
//
//  1. the title holds every word of the query (any typing variant: words
//     are matched on their folded forms, the last word being typed on any
//     of its completions);
//  2. then how many of the query's numbers (a year, the n-th session) the
//     title holds;
//  3. then how many of the words the user typed with accents the document
//     holds with exactly those accents (the word being typed: one of its
//     completions with those accents).
//
// Within a tier, documents whose title holds every word come first those
// whose title holds the most of the query's adjacent word pairs, then those
// whose text is about the query (aboutQuery: it repeats what the title
// shares with the query, where a text that names it in passing does not),
// then the shortest title (the title that is most nearly the query), then
// newest: so the members of a series (titles alike but for a number, texts
// of one subject) come newest first. The others are ordered by BM25F times
// the freshness factor. So a title match outranks body matches however
// large the corpus, typed accents count as much among 100 000 articles as
// among 100, and freshness never overrides a tier. The title's length and
// the freshness are known per document before any posting is read, the
// pairs and the text's bearing from the postings of the whole title
// matches alone, so the bounds of the query evaluation (Index.run) stay
// tight.
//
// A candidate's score (a hit's Rank) is tier·tierStep plus, for a whole
// title match, the pairs in the title times titlePairStep, titleAboutStep
// when its text is about the query, titleBase less the title's length and
// the freshness factor; for others, BM25F times the freshness factor.

import (
	"math/bits"
)

// tierStep separates the tiers in a score: above any BM25F score times the
// freshness factor (at most some 40 per list, 80 lists) and above
// titleBase plus the freshness factor, with the title's pairs.
const tierStep = 1e6

// titlePairStep counts each adjacent pair of the query in a whole title
// match's title: above titleAboutStep, titleBase and the freshness factor.
const titlePairStep = 1e4

// titleAboutStep is added when the text of a whole title match is about
// the query (aboutQuery): above titleBase plus the freshness factor, below
// titlePairStep.
const titleAboutStep = 2 * titleBase

// titleBase less the title's length (in syllables, at most titleBase-1) is
// the score of a whole title match within its tier.
const titleBase = 1000

// Tier fields, from the most significant.
const (
	tierTitleAll = 1 << 16
	tierNumber   = 1 << 8
)

// accs holds per document, by slot, what the scoring adds up: the BM25F
// sum of all the lists and the bits (qlist.tbit) of the words and pairs
// found in the title.
type accs struct {
	all   []float32
	words []uint64
}

// add adds the contribution of one posting, of a list of weight w and
// title bit tbit, to slot i; nt and nb are the document's title and text
// normalisations (searchState.invNormTitle, invNormText).
func (a accs) add(i int, w float32, tbit uint64, tfTitle, tfText uint32, nt, nb float32) {
	tf := float32(tfText) * nb
	if tfTitle != 0 {
		tf += float32(tfTitle) * nt
		a.words[i] |= tbit
	}
	a.all[i] += w * tf / (tf + bm25K1)
}

// slice returns the slots [lo, hi) of a.
func (a accs) slice(lo, hi uint32) accs {
	return accs{a.all[lo:hi], a.words[lo:hi]}
}

// winAccs is accs for the documents of one window.
type winAccs struct {
	all   [winDocs]float32
	words [winDocs]uint64
}

func (a *winAccs) accs() accs { return accs{a.all[:], a.words[:]} }

// rankPlan is what ranking needs of a query plan.
type rankPlan struct {
	// units are the bits of the query's words, numbers those of its
	// numbers.
	units, numbers uint32
}

// docTier returns the tier of a document whose title holds the words
// titleWords and which holds nAccented of the accented words.
func (rp rankPlan) docTier(titleWords uint64, nAccented int) int {
	t := bits.OnesCount32(uint32(titleWords)&rp.numbers)*tierNumber + nAccented
	if uint32(titleWords)&rp.units == rp.units {
		t += tierTitleAll
	}
	return t
}

// docScore returns the score of a document of tier tier from its sums a
// (slot i), whether its text is about the query (aboutQuery; for a whole
// title match), its title's length and its freshness factor.
func docScore(tier int, about bool, a accs, i int, titleLen uint32, fresh float64) float64 {
	if tier >= tierTitleAll {
		return titleScore(tier, bits.OnesCount64(a.words[i]>>32), about, titleLen, fresh)
	}
	return float64(tier)*tierStep + float64(a.all[i])*fresh
}

// titleScore is the score of a whole title match of tier tier whose title
// holds pairs of the query's pairs and whose text is about the query or not
// (aboutQuery).
func titleScore(tier, pairs int, about bool, titleLen uint32, fresh float64) float64 {
	s := float64(tier)*tierStep + float64(pairs)*titlePairStep + float64(titleBase-min(titleLen, titleBase-1)) + fresh
	if about {
		s += titleAboutStep
	}
	return s
}

// freshness returns the freshness factor of an article published at pub.
func freshness(now, pub int64) float64 {
	age := float64(max(0, now-pub)) / yearSeconds
	return 1 + freshnessBoost/(1+age)
}

// titleCursor looks documents up, in increasing docnum order, in the
// postings of one key, to tell whether their title holds it.
type titleCursor struct {
	kd *keyData
	// it walks block bi, when it.r is set.
	bi int
	it blockIter
}

// inTitle reports whether the title of document d, above those looked up
// before, holds the cursor's key.
func (c *titleCursor) inTitle(d uint32) (bool, error) {
	i, inBlock, ok, err := c.find(d)
	switch {
	case !ok || err != nil:
		return false, err
	case inBlock:
		return c.it.inTitle(i), nil
	}
	return c.kd.tail[i].tfTitle != 0, nil
}
