package store

// Ranking tiers. Above the BM25F score, a search orders its matches by a
// tier, compared first:
//
//  1. the title holds every word of the query (any typing variant: words
//     are matched on their folded forms, the last word being typed on any
//     of its completions);
//  2. then how many of the query's numbers (a year, the n-th session) the
//     title holds;
//  3. then how many of the words the user typed with accents the document
//     holds with exactly those accents.
//
// Within a tier, the score is BM25F times the freshness factor; a document
// whose title holds every word is scored on its title alone, so that the
// members of a series (titles alike but for a number) tie but for their
// freshness, and the newest comes first. So a title match outranks body
// matches however large the corpus, typed accents count as much among
// 100 000 articles as among 100, and freshness never overrides a tier.
//
// A hit's Score is tier·tierStep plus that score.

import (
	"math/bits"
)

// tierStep separates the tiers in a score: above any BM25F score times the
// freshness factor (at most some 40 per list, 80 lists).
const tierStep = 1e4

// Tier fields, from the most significant.
const (
	tierTitleAll = 1 << 16
	tierNumber   = 1 << 8
)

// accs holds per document, by slot, what the scoring adds up: the BM25F
// sum of all the lists, that of their title field alone, and the bits of
// the words found in the title.
type accs struct {
	all, title []float32
	words      []uint32
}

// add adds the contribution of one posting, of a list of weight w and word
// bit bit, to slot i; nt and nb are the document's title and text
// normalisations (searchState.invNormTitle, invNormText).
func (a accs) add(i int, w float32, bit, tfTitle, tfText uint32, nt, nb float32) {
	tf := float32(tfText) * nb
	if tfTitle != 0 {
		tt := float32(tfTitle) * nt
		tf += tt
		a.title[i] += w * tt / (tt + bm25K1)
		a.words[i] |= bit
	}
	a.all[i] += w * tf / (tf + bm25K1)
}

// slice returns the slots [lo, hi) of a.
func (a accs) slice(lo, hi uint32) accs {
	return accs{a.all[lo:hi], a.title[lo:hi], a.words[lo:hi]}
}

// winAccs is accs for the documents of one window.
type winAccs struct {
	all, title [winDocs]float32
	words      [winDocs]uint32
}

func (a *winAccs) accs() accs { return accs{a.all[:], a.title[:], a.words[:]} }

// rankPlan is what ranking needs of a query plan.
type rankPlan struct {
	// units are the bits of the query's words, numbers those of its
	// numbers.
	units, numbers uint32
}

// docTier returns the tier of a document whose title holds the words
// titleWords and which holds nAccented of the accented words.
func (rp rankPlan) docTier(titleWords uint32, nAccented int) int {
	t := bits.OnesCount32(titleWords&rp.numbers)*tierNumber + nAccented
	if titleWords&rp.units == rp.units {
		t += tierTitleAll
	}
	return t
}

// docScore returns the score of a document of tier tier from its sums a
// (slot i) and its freshness factor.
func docScore(tier int, a accs, i int, fresh float64) float64 {
	s := a.all[i]
	if tier >= tierTitleAll {
		s = a.title[i]
	}
	return float64(tier)*tierStep + float64(s)*fresh
}

// freshness returns the freshness factor of an article published at pub.
func freshness(now, pub int64) float64 {
	age := float64(max(0, now-pub)) / yearSeconds
	return 1 + freshnessBoost/(1+age)
}

// orTitleDocs sets in set the documents whose title holds one of the keys
// of list l.
func orTitleDocs(set []uint64, l *listData) error {
	for ki := range l.keys {
		kd := &l.keys[ki]
		for bi := range kd.blocks {
			r := &kd.blocks[bi]
			if r.flags&blockBitmap != 0 {
				i := 0
				for j, c := range r.docs {
					for x := c; x != 0; x &= x - 1 {
						if i >= len(r.tfs) {
							return errCorruptIndex
						}
						if r.tfs[i]&3 != 0 {
							doc := r.first + uint32(j)<<3 + uint32(bits.TrailingZeros8(x))
							set[doc>>6] |= 1 << (doc & 63)
						}
						i++
					}
				}
				continue
			}
			var it blockIter
			it.reset(r)
			for {
				p, ok, err := it.next()
				if err != nil {
					return err
				}
				if !ok {
					break
				}
				if p.tfTitle != 0 {
					set[p.doc>>6] |= 1 << (p.doc & 63)
				}
			}
		}
		for _, p := range kd.tail {
			if p.tfTitle != 0 {
				set[p.doc>>6] |= 1 << (p.doc & 63)
			}
		}
	}
	return nil
}
