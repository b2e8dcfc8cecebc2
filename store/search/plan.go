package search

// Query plans: a parsed query turned into the lists evaluation reads
// (planQuery), with their weights and the phrases to verify.

import (
	"math"
	"strings"

	"newsbot/content/vi"
)

// Ranking weights of the query lists, relative to a word's folded form.
const (
	weightAccent   = 0.5 // the word with the diacritics the user typed
	weightPair     = 1.0 // two adjacent words
	weightCompound = 1.5 // a document number, e.g. 12-nq/tu
	// freshnessBoost: an article published now scores ×(1+freshnessBoost),
	// one a year old ×(1+freshnessBoost/2), n years old ×(1+freshnessBoost/(n+1)).
	freshnessBoost = 0.1
	yearSeconds    = 365 * 24 * 3600
)

// Bounds of a query's evaluation.
const (
	// maxUnits bounds the distinct words that count towards the share of
	// words a document must match; words past it still do not match.
	maxUnits = 24
	// maxRequired bounds the phrase pairs checked through the index; the
	// phrase verification checks them all anyway.
	maxRequired = 32 - maxUnits
	// maxExpansions is how many completions of a prefix are searched, the
	// most frequent first.
	maxExpansions = 8
	// maxPrefixScan bounds the terms read to find completions.
	maxPrefixScan = 4096
	// minShare is the share of words a query of three words or more needs.
	minShare = 0.6
)

// qlist is one list of a query plan.
type qlist struct {
	// keys holds the term key, or the completions of a prefix.
	keys []string
	// dfs holds the document frequency of each key when known (prefixes).
	dfs    []int
	weight float64
	// bit is set in the mask of the documents the list holds: the bit of a
	// word (unit) or of a required phrase pair, or 0.
	bit uint32
	// accent: the list is a word with the diacritics the user typed.
	accent bool
	// tbit is set in the mask of the words and pairs found in a document's
	// title: bit, or for the first 32 pairs a bit from 32 on.
	tbit uint64
}

// queryPlan is a parsed query turned into lists.
type queryPlan struct {
	lists    []qlist
	unitMask uint32
	reqMask  uint32
	// numMask holds the bits of the words that are numbers.
	numMask uint32
	need    int
	phrases []vi.Phrase
}

// planQuery turns q into lists.
func planQuery(q vi.Query) queryPlan {
	var p queryPlan
	nUnits, prefixAt := p.addWords(q)
	switch {
	case nUnits <= 2:
		p.need = nUnits
	default:
		p.need = int(math.Ceil(minShare * float64(nUnits)))
	}
	inPhrase := p.addPhrases(q, prefixAt)
	p.addPairs(q, inPhrase)
	return p
}

// addWords adds the lists of q's words and document numbers, and returns
// the number of distinct words (units) and the positions of the words
// typed as prefixes.
func (p *queryPlan) addWords(q vi.Query) (nUnits int, prefixAt map[int]bool) {
	units := map[string]uint32{}
	prefixAt = map[int]bool{}
	for _, t := range q.Terms {
		tok := t.Token
		if tok.IsCompound() {
			l := qlist{keys: []string{string(kindFolded) + tok.Folded}, weight: weightCompound}
			if t.Prefix {
				l.dfs = []int{-1} // expanded when evaluated
			}
			p.lists = append(p.lists, l)
			continue
		}
		if t.Prefix {
			prefixAt[tok.Pos] = true
		}
		uk := tok.Folded
		if t.Prefix {
			uk += "*"
		}
		if _, ok := units[uk]; ok || nUnits >= maxUnits {
			continue
		}
		bit := uint32(1) << nUnits
		nUnits++
		units[uk] = bit
		p.unitMask |= bit
		if isNumber(tok.Folded) {
			p.numMask |= bit
		}
		l := qlist{keys: []string{string(kindFolded) + tok.Folded}, weight: 1, bit: bit, tbit: uint64(bit)}
		if t.Prefix {
			l.dfs = []int{-1}
		}
		p.lists = append(p.lists, l)
		if t.Accented {
			// A word being typed with accents: its completions with
			// those accents ("thắ": thắng, not thái).
			al := qlist{keys: []string{string(kindAccented) + tok.Term}, weight: weightAccent, accent: true}
			if t.Prefix {
				al.dfs = []int{-1}
			}
			p.lists = append(p.lists, al)
		}
	}
	return nUnits, prefixAt
}

// addPhrases records q's phrases for verification and returns, for each
// position in one, the phrase's index plus one: their pairs are required.
func (p *queryPlan) addPhrases(q vi.Query, prefixAt map[int]bool) map[int]int {
	inPhrase := map[int]int{} // position → phrase index
	for i, ph := range q.Phrases {
		for _, tok := range ph {
			inPhrase[tok.Pos] = i + 1
		}
		pc := vi.PhraseOf(ph...)
		if prefixAt[ph[len(ph)-1].Pos] {
			pc = pc.AsPrefix()
		}
		p.phrases = append(p.phrases, pc)
	}
	return inPhrase
}

// addPairs adds the lists of q's adjacent word pairs; the first
// maxRequired pairs within a phrase are required.
func (p *queryPlan) addPairs(q vi.Query, inPhrase map[int]int) {
	pairs := map[string]int{}
	nReq := 0
	var prev *vi.QueryTerm
	for i := range q.Terms {
		t := &q.Terms[i]
		if t.Token.IsCompound() {
			continue
		}
		if prev != nil && prev.Token.Pos+1 == t.Token.Pos {
			key := string(kindPair) + prev.Token.Folded + " " + t.Token.Folded
			if t.Prefix {
				key += "*"
			}
			li, ok := pairs[key]
			if !ok {
				l := qlist{keys: []string{strings.TrimSuffix(key, "*")}, weight: weightPair}
				if len(pairs) < 32 {
					l.tbit = 1 << (32 + len(pairs))
				}
				if t.Prefix {
					l.dfs = []int{-1}
				}
				li = len(p.lists)
				pairs[key] = li
				p.lists = append(p.lists, l)
			}
			ph := inPhrase[prev.Token.Pos]
			if ph != 0 && ph == inPhrase[t.Token.Pos] && p.lists[li].bit == 0 && nReq < maxRequired {
				p.lists[li].bit = uint32(1) << (maxUnits + nReq)
				p.lists[li].tbit |= uint64(p.lists[li].bit)
				p.reqMask |= p.lists[li].bit
				nReq++
			}
		}
		prev = t
	}
}

// isNumber reports whether a folded syllable is a number.
func isNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
