package search

// Query evaluation. Each query list (a word's folded form, its accented
// form, an adjacent pair, a document number, or the completions of a
// prefix) contributes w·tf'/(tf'+k1) per posting, BM25F, to its documents.
//
//  1. Matching: the docnums of every word and required phrase pair are
//     read into bitsets, straight from the blocks' bitmaps (encodeBlock)
//     and the tail; a word-parallel pass keeps the documents with every
//     required pair and enough words. Total is their exact number.
//  2. Bounds: for each window of 16 docnums and each list, an upper bound
//     of the list's contributions (the blocks' impacts, or the exact
//     contributions where a block has none); a window's bound is their sum
//     times the best freshness of the window, plus the best tier its
//     documents may reach (docScore, titleScore). Before a window is scored, its
//     bound is made tighter (docBound): the best, over its matching
//     documents, of the sum of the bounds of the lists that hold the
//     document (known from the lists' bitsets) plus the document's own
//     tier bound, so the cost of a long query of common words no longer
//     grows with its number of lists. A document may have every word in its
//     title only when it holds the rarest word's title posting and each
//     other word's (looked up, rarest first).
//  3. Selection: windows are scored exactly, best bound first, until no
//     window left can beat the K-th best score; after the first few, the
//     windows left whose bound reaches the K-th best score so far are
//     scored in batches, best first, list by list (in two goroutines when a
//     batch is large), each batch at most as large as all the windows
//     scored before it.
//
// A document's sums are its lists' contributions in list order, however its
// windows are reached, so results never depend on the path.

import (
	"bytes"
	"context"
	"encoding/binary"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
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

// scratch holds the working arrays of one search, reused across searches.
type scratch struct {
	lists  []listData
	keys   []keyData
	blocks []blockRef
	// sets holds a bitset of the documents of each word and required pair
	// (slot), 64 docnums a word; match the documents that match the
	// query; pres the documents of each list, by list.
	sets, match, pres []uint64
	// ub holds the bound of each window; lub each list's, by list;
	// wfresh the best freshness factor of each window with a match.
	ub, wfresh []float64
	lub        []float32
	wins, heap []winBound
	top        []candidate
	// tcand holds the matching documents whose title may hold every word;
	// tnum the documents whose title holds each number (numLists), by
	// number; tabout those of tcand whose text is about the query
	// (searchRun.aboutSet).
	tcand, tnum, tabout []uint64
	// numLists, accLists and pairLists are the indexes in lists of the
	// numbers, the accented words and the pairs with a title bit.
	numLists, accLists, pairLists []int
	// selW marks the windows of a batch; acc holds their sums, by docnum.
	selW []uint64
	acc  accs
}

// grow returns s resized to n, reallocated when too small.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/8)
	}
	return s[:n]
}

// candidate is a matching document. score orders the candidates: the
// ranking tier and the order within it (docScore); rel is the relevance
// part alone, BM25F times the freshness factor.
type candidate struct {
	doc       uint32
	score     float64
	rel       float64
	published int64
	id        string
}

// better orders candidates: higher score, then newer, then smaller ID.
func better(a, b *candidate) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.published != b.published {
		return a.published > b.published
	}
	return a.id < b.id
}

// listData is a query list ready to score.
type listData struct {
	w      float32
	bit    uint32
	tbit   uint64
	accent bool
	df     int
	keys   []keyData
}

// keyData is one key of a list: its posting blocks, in docnum order, and
// its tail postings.
type keyData struct {
	blocks []blockRef
	tail   []posting
}

// winBound is an upper bound of the scores of a window's documents.
type winBound struct {
	ub float64
	w  uint32
	// exact: ub is the best of the window's documents' own bounds
	// (searchRun.docBound), not the sum of the lists' bounds.
	exact bool
}

// run evaluates q.
func (si *Index) run(ctx context.Context, tx *bolt.Tx, s *searchState, q vi.Query, offset, limit int, now int64) (content.SearchResults, error) {
	var res content.SearchResults
	b, err := indexBuckets(tx)
	if err != nil {
		return res, err
	}
	p := planQuery(q)
	if p.unitMask == 0 {
		return res, nil
	}
	n := len(s.docs)
	nWords := (n + 63) >> 6
	sc, _ := si.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	defer si.scratch.Put(sc)
	if err := sc.gatherLists(b, s, &p); err != nil {
		return res, err
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	if err := sc.listSets(&p, nWords); err != nil {
		return res, err
	}
	sc.match = grow(sc.match, nWords)
	total := matchDocs(sc.match, sc.sets, nWords, n, &p)
	k := offset + limit
	res.Total = total
	if k == 0 || total == 0 {
		return res, nil
	}
	if err := sc.tierSets(&p, nWords); err != nil {
		return res, err
	}
	sr := searchRun{ctx: ctx, s: s, sc: sc, invT: s.invNormTitle[:n], invB: s.invNormText[:n], now: now,
		rp: rankPlan{units: p.unitMask, numbers: p.numMask}, normRef: decodeNormRef(b.meta.Get(keyNormRef))}
	if len(p.phrases) > 0 {
		res.Hits, res.Total, err = sr.phrasePage(tx, si.arts, &p, offset, k, total)
		return res, err
	}
	top, err := sr.best(k)
	if err != nil {
		return res, err
	}
	sortCandidates(top)
	if offset < len(top) {
		as, err := getArticles(tx, si.arts, top[offset:])
		if err != nil {
			return res, err
		}
		for i, a := range as {
			res.Hits = append(res.Hits, content.SearchHit{Article: a, Score: top[offset+i].rel, Rank: top[offset+i].score})
		}
	}
	return res, nil
}

// gatherLists gathers the lists of plan p into sc.lists: their blocks
// (bbolt memory, valid during the transaction) and tail postings.
func (sc *scratch) gatherLists(b searchBuckets, s *searchState, p *queryPlan) error {
	ev := evaluator{b: b, s: s, c: b.postings.Cursor()}
	n := len(s.docs)
	sc.lists, sc.keys, sc.blocks = sc.lists[:0], sc.keys[:0], sc.blocks[:0]
	for i := range p.lists {
		l := &p.lists[i]
		df, w := ev.listWeight(l)
		if df == 0 {
			continue
		}
		ld := listData{w: w, bit: l.bit, tbit: l.tbit, accent: l.accent, df: df}
		k0 := len(sc.keys)
		for _, k := range l.keys {
			b0 := len(sc.blocks)
			var err error
			if sc.blocks, err = ev.blocks(sc.blocks, k, uint32(n)); err != nil {
				return err
			}
			kd := keyData{blocks: sc.blocks[b0:len(sc.blocks):len(sc.blocks)], tail: s.tail[k]}
			if len(kd.blocks) > 0 || len(kd.tail) > 0 {
				sc.keys = append(sc.keys, kd)
			}
		}
		ld.keys = sc.keys[k0:len(sc.keys):len(sc.keys)]
		sc.lists = append(sc.lists, ld)
	}
	return nil
}

// listSets sets sc.pres to the documents of each list, and sc.sets to
// those of the words and required pairs, from which matchDocs finds the
// matching documents.
func (sc *scratch) listSets(p *queryPlan, nWords int) error {
	sc.pres = grow(sc.pres, len(sc.lists)*nWords)
	clear(sc.pres)
	used := p.unitMask | p.reqMask
	sc.sets = grow(sc.sets, bits.OnesCount32(used)*nWords)
	clear(sc.sets)
	for li := range sc.lists {
		l := &sc.lists[li]
		if l.bit == 0 && !l.accent {
			// Only the windows' bounds need its documents (searchRun.bounds).
			continue
		}
		set := sc.pres[li*nWords : (li+1)*nWords]
		if err := listDocs(set, l); err != nil {
			return err
		}
		if l.bit != 0 {
			slot := bits.OnesCount32(used & (l.bit - 1))
			copy(sc.sets[slot*nWords:(slot+1)*nWords], set)
		}
	}
	return nil
}

// phrasePage returns the page [offset, k) of the best documents that hold
// the phrases of p, and the total less the documents found not to: it
// verifies lazily, best first, taking more candidates until the page is
// full.
func (sr *searchRun) phrasePage(tx *bolt.Tx, arts Articles, p *queryPlan, offset, k, total int) ([]content.SearchHit, int, error) {
	K := k + 16
	top, err := sr.best(K)
	if err != nil {
		return nil, total, err
	}
	sortCandidates(top)
	verified := map[uint32]*content.Article{}
	failed := map[uint32]bool{}
	for {
		var good []candidate
		for _, c := range top {
			if len(good) >= k {
				break
			}
			if failed[c.doc] {
				continue
			}
			if verified[c.doc] == nil {
				a, ok, err := verifyPhrases(tx, arts, c.id, p.phrases)
				if err != nil {
					return nil, total, err
				}
				if !ok {
					failed[c.doc] = true
					continue
				}
				verified[c.doc] = &a
			}
			good = append(good, c)
		}
		if len(good) >= k || len(top) < K || K >= total {
			var page []content.SearchHit
			for i := offset; i < len(good); i++ {
				page = append(page, content.SearchHit{Article: *verified[good[i].doc], Score: good[i].rel, Rank: good[i].score})
			}
			return page, total - len(failed), nil
		}
		K *= 4
		if top, err = sr.best(K); err != nil {
			return nil, total, err
		}
		sortCandidates(top)
	}
}

// listDocs sets in set the documents of list l.
func listDocs(set []uint64, l *listData) error {
	for ki := range l.keys {
		kd := &l.keys[ki]
		for bi := range kd.blocks {
			if err := orBlockDocs(set, &kd.blocks[bi]); err != nil {
				return err
			}
		}
		for _, t := range kd.tail {
			set[t.doc>>6] |= 1 << (t.doc & 63)
		}
	}
	return nil
}

// matchDocs sets match to the documents with every required pair and enough
// words, from the slots' bitsets (nw words of 64 docnums each), and returns
// how many there are.
func matchDocs(match, sets []uint64, nw, n int, p *queryPlan) int {
	var units, req [32]int
	nu, nr := 0, 0
	used := p.unitMask | p.reqMask
	for bit := uint32(1); bit != 0 && bit <= used; bit <<= 1 {
		if used&bit == 0 {
			continue
		}
		slot := bits.OnesCount32(used&(bit-1)) * nw
		if p.unitMask&bit != 0 {
			units[nu] = slot
			nu++
		} else {
			req[nr] = slot
			nr++
		}
	}
	need := min(p.need, nu)
	total := 0
	var at [maxUnits + 1]uint64
	for w := range nw {
		m := ^uint64(0)
		for _, sl := range req[:nr] {
			m &= sets[sl+w]
		}
		switch {
		case m == 0:
		case need == nu:
			for _, sl := range units[:nu] {
				m &= sets[sl+w]
			}
		case need == 1:
			var o uint64
			for _, sl := range units[:nu] {
				o |= sets[sl+w]
			}
			m &= o
		default:
			// at[j]: the documents in at least j of the words so far.
			at[0] = ^uint64(0)
			clear(at[1 : need+1])
			for _, sl := range units[:nu] {
				x := sets[sl+w]
				for j := need; j >= 1; j-- {
					at[j] |= at[j-1] & x
				}
			}
			m &= at[need]
		}
		match[w] = m
	}
	// Docnum 0 and docnums from n on are no documents.
	match[0] &^= 1
	if r := n & 63; r != 0 {
		match[nw-1] &= 1<<r - 1
	}
	for _, m := range match {
		total += bits.OnesCount64(m)
	}
	return total
}

// winMatch returns the matching documents of window w, from bit 0.
func winMatch(match []uint64, w uint32) uint64 {
	return match[w>>(6-winShift)] >> (w << winShift & 63) & (1<<winDocs - 1)
}

// orBlockDocs sets the bits of the block's documents in set, a bitset of
// 64 docnums a word: a bitmap block's a word at a time.
func orBlockDocs(set []uint64, r *blockRef) error {
	if r.flags&blockBitmap != 0 {
		docs := r.docs
		for j := 0; j < len(docs); j += 8 {
			var x uint64
			if j+8 <= len(docs) {
				x = binary.LittleEndian.Uint64(docs[j:])
			} else {
				for i, c := range docs[j:] {
					x |= uint64(c) << (8 * i)
				}
			}
			if x == 0 {
				continue
			}
			g := r.first + uint32(j)*8
			wi, sh := g>>6, g&63
			set[wi] |= x << sh
			if sh != 0 && int(wi)+1 < len(set) {
				set[wi+1] |= x >> (64 - sh)
			}
		}
		return nil
	}
	var it blockIter
	it.reset(r)
	for {
		doc, _, ok, err := it.nextDoc()
		if !ok || err != nil {
			return err
		}
		set[doc>>6] |= 1 << (doc & 63)
	}
}

// keyBounds adds to ub, for each window, an upper bound of the
// contributions of one key of a list of weight w: the blocks' impacts, or
// the exact contributions of the postings of blocks without impacts and of
// the tail.
func keyBounds(ub []float32, w float32, kd *keyData, table *[256]float32, invT, invB []float32) error {
	cur, curMax := -1, float32(0)
	add := func(doc uint32, tfTitle, tfText uint32) {
		tf := float32(tfText) * invB[doc]
		if tfTitle != 0 {
			tf += float32(tfTitle) * invT[doc]
		}
		c := w * tf / (tf + bm25K1)
		if win := int(doc >> winShift); win != cur {
			if cur >= 0 {
				ub[cur] += curMax
			}
			cur, curMax = win, c
		} else {
			curMax = max(curMax, c)
		}
	}
	var wt [256]float32
	wt[1] = -1
	for bi := range kd.blocks {
		r := &kd.blocks[bi]
		if r.imp != nil {
			if wt[1] < 0 {
				for q := range wt {
					wt[q] = w * table[q]
				}
			}
			w0 := int(r.first >> winShift)
			ubw := ub[w0 : w0+len(r.imp)]
			for j, q := range r.imp {
				ubw[j] += wt[q]
			}
			continue
		}
		var it blockIter
		it.reset(r)
		for {
			doc, i, ok, err := it.nextDoc()
			if !ok || err != nil {
				if err != nil {
					return err
				}
				break
			}
			tfTitle, tfText, err := it.tf(i)
			if err != nil {
				return err
			}
			add(doc, tfTitle, tfText)
		}
	}
	for _, p := range kd.tail {
		add(p.doc, p.tfTitle, p.tfText)
	}
	if cur >= 0 {
		ub[cur] += curMax
	}
	return nil
}

// searchRun selects the best matches of one search.
type searchRun struct {
	ctx        context.Context
	s          *searchState
	sc         *scratch
	invT, invB []float32
	now        int64
	rp         rankPlan
	// normRef is the index's reference normalisation, for the impacts;
	// bounded tells that the windows' bounds are computed (bounds).
	normRef normRef
	bounded bool
}

// best returns the best K matches, in no particular order: from the
// documents whose title holds every word of the query alone when there are
// K of them (titleTop), else by the windows' bounds (top), computed the
// first time they are needed.
func (sr *searchRun) best(K int) ([]candidate, error) {
	if top, ok, err := sr.titleTop(K); ok || err != nil {
		return top, err
	}
	if !sr.bounded {
		if err := sr.aboutSet(); err != nil {
			return nil, err
		}
		if err := sr.bounds(); err != nil {
			return nil, err
		}
		sr.bounded = true
	}
	return sr.top(K)
}

// bounds computes the upper bounds of the scores per list and window
// (sc.lub), per window (sc.ub), and the heap's start (sc.wins): the
// windows with a match and their bounds, tiers included.
func (sr *searchRun) bounds() error {
	s, sc := sr.s, sr.sc
	nw := (len(sr.invT) + winDocs - 1) >> winShift
	nWords := len(sc.match)
	for li := range sc.lists {
		if l := &sc.lists[li]; l.bit == 0 && !l.accent {
			if err := listDocs(sc.pres[li*nWords:(li+1)*nWords], l); err != nil {
				return err
			}
		}
	}
	sc.wfresh = grow(sc.wfresh, nw)
	var table [256]float32
	impactScale(&table, sr.normRef, s.avgLengths())
	sc.ub = grow(sc.ub, nw)
	clear(sc.ub)
	sc.lub = grow(sc.lub, len(sc.lists)*nw)
	clear(sc.lub)
	for li := range sc.lists {
		l := &sc.lists[li]
		lub := sc.lub[li*nw : (li+1)*nw]
		for ki := range l.keys {
			if err := keyBounds(lub, l.w, &l.keys[ki], &table, sr.invT, sr.invB); err != nil {
				return err
			}
		}
		for w, x := range lub {
			sc.ub[w] += float64(x)
		}
	}
	sc.wins = sc.wins[:0]
	for w := range nw {
		m := winMatch(sc.match, uint32(w))
		if m == 0 {
			continue
		}
		// Room for the rounding of float32 sums of up to a few hundred
		// contributions.
		wf := sr.winFreshness(uint32(w))
		sc.wfresh[w] = wf
		ub := sc.ub[w] * wf * (1 + 1e-4)
		if tc := winMatch(sc.tcand, uint32(w)) & m; tc != 0 {
			minLen := uint16(titleBase)
			for ; tc != 0; tc &= tc - 1 {
				minLen = min(minLen, s.titleLen[uint32(w)<<winShift+uint32(bits.TrailingZeros64(tc))])
			}
			ub = max(ub, titleScore(0, len(sc.pairLists), true, uint32(minLen), wf))
		}
		ub += float64(sr.winTier(uint32(w), m)) * tierStep
		sc.wins = append(sc.wins, winBound{ub: ub, w: uint32(w)})
	}
	return sr.ctx.Err()
}

// Bounds of the window-at-a-time selection (variables for the tests).
var (
	// firstWindows are scored one at a time, best bound first, before the
	// search scores the windows left in batches.
	firstWindows = 32
	// batchWindows: from this many windows left above the K-th best score,
	// they are scored together, list by list, in batches of at least this
	// many, each at most as large as all the windows scored before it.
	batchWindows = 64
	// parallelWindows: from this many in a batch, in two goroutines.
	parallelWindows = 512
)

// top returns the best K matches, in no particular order: it scores the
// windows from the highest bound down, until no window left can hold a
// document better than the K-th best so far. After the first few, it
// scores the windows left whose bound reaches the K-th best score so far
// in batches, best bounds first, each batch up to as large as all the
// windows scored before it, so that the K-th best score rises between
// batches and the windows it leaves behind are never scored.
func (sr *searchRun) top(K int) ([]candidate, error) {
	sc := sr.sc
	q := winQueue{h: append(sc.heap[:0], sc.wins...), sr: sr}
	for i := len(q.h)/2 - 1; i >= 0; i-- {
		winDown(q.h, i)
	}
	top := sc.top[:0]
	var sel []uint32
	defer func() { sc.heap, sc.top = q.h[:0], top[:0] }()
	var acc winAccs
	next := q.next
	score := func(w uint32) error {
		acc = winAccs{}
		if err := sr.scoreWindow(w, acc.accs()); err != nil {
			return err
		}
		top = sr.offer(top, K, w, acc.accs())
		return nil
	}
	for scored := 0; ; {
		theta := math.Inf(-1)
		if len(top) >= K {
			theta = top[0].score
		}
		if err := sr.ctx.Err(); err != nil {
			return nil, err
		}
		if scored < firstWindows || len(top) < K {
			w, ok := next(theta)
			if !ok {
				break
			}
			if err := score(w); err != nil {
				return nil, err
			}
			scored++
			continue
		}
		// The windows left that can still hold a better match, best
		// first, up to one batch.
		sel = sel[:0]
		for len(sel) < max(batchWindows, scored) {
			w, ok := next(theta)
			if !ok {
				break
			}
			sel = append(sel, w)
		}
		if len(sel) == 0 {
			break
		}
		scored += len(sel)
		if len(sel) >= batchWindows {
			var err error
			if top, err = sr.batch(sel, top, K); err != nil {
				return nil, err
			}
			continue
		}
		// Few: one at a time, while they can beat the K-th best score.
		for _, w := range sel {
			if err := score(w); err != nil {
				return nil, err
			}
		}
	}
	return slices.Clone(top), nil
}

// winQueue is the windows left to score, a heap with the best bound on
// top.
type winQueue struct {
	h  []winBound
	sr *searchRun
}

// pop removes the window with the best bound.
func (q *winQueue) pop() winBound {
	h := q.h
	wb := h[0]
	h[0] = h[len(h)-1]
	q.h = h[:len(h)-1]
	winDown(q.h, 0)
	return wb
}

// next returns the window with the best bound, its bound made exact first
// (docBound), or false when no window left can beat theta.
func (q *winQueue) next(theta float64) (uint32, bool) {
	for len(q.h) > 0 && q.h[0].ub >= theta {
		wb := q.pop()
		if wb.exact {
			return wb.w, true
		}
		wb.ub, wb.exact = min(wb.ub, q.sr.docBound(wb.w)), true
		if wb.ub < theta {
			continue
		}
		if len(q.h) == 0 || wb.ub >= q.h[0].ub {
			return wb.w, true
		}
		q.h = append(q.h, wb)
		winUp(q.h, len(q.h)-1)
	}
	return 0, false
}

// offer adds the matches of window w, whose sums are acc, to top, a
// min-heap of the best K candidates.
func (sr *searchRun) offer(top []candidate, K int, w uint32, acc accs) []candidate {
	s, sc := sr.s, sr.sc
	nWords := len(sc.match)
	base := w << winShift
	for m := winMatch(sc.match, w); m != 0; m &= m - 1 {
		i := bits.TrailingZeros64(m)
		d := base + uint32(i)
		info := &s.docs[d]
		nAcc := 0
		for _, li := range sc.accLists {
			nAcc += int(sc.pres[li*nWords+int(d>>6)] >> (d & 63) & 1)
		}
		fresh := freshness(sr.now, info.published)
		score := docScore(sr.rp.docTier(acc.words[i], nAcc), sr.about(d), acc, i, uint32(s.titleLen[d]), fresh)
		c := candidate{doc: d, score: score, rel: float64(acc.all[i]) * fresh, published: info.published}
		if len(top) < K {
			c.id = info.id
			top = append(top, c)
			heapUp(top, len(top)-1)
		} else if c.score > top[0].score || c.score == top[0].score && c.published >= top[0].published {
			c.id = info.id
			if better(&c, &top[0]) {
				top[0] = c
				heapDown(top, 0)
			}
		}
	}
	return top
}

// batch scores the windows sel, list by list, and adds their matches to
// top.
func (sr *searchRun) batch(sel []uint32, top []candidate, K int) ([]candidate, error) {
	sc := sr.sc
	slices.Sort(sel)
	nw := len(sc.ub)
	sc.selW = grow(sc.selW, (nw+63)/64)
	clear(sc.selW)
	for _, w := range sel {
		sc.selW[w/64] |= 1 << (w % 64)
	}
	sc.acc.all = grow(sc.acc.all, nw<<winShift)
	sc.acc.words = grow(sc.acc.words, nw<<winShift)
	defer func() {
		for _, w := range sel {
			lo, hi := w<<winShift, (w+1)<<winShift
			clear(sc.acc.all[lo:hi])
			clear(sc.acc.words[lo:hi])
		}
	}()
	if len(sel) < parallelWindows || runtime.GOMAXPROCS(0) < 2 {
		if err := sr.scoreWindows(sel[0], sel[len(sel)-1]); err != nil {
			return top, err
		}
		for _, w := range sel {
			top = sr.offer(top, K, w, sc.acc.slice(w<<winShift, (w+1)<<winShift))
		}
		return top, nil
	}
	mid := len(sel) / 2
	var top2 []candidate
	var err2 error
	var wg sync.WaitGroup
	wg.Go(func() {
		if err2 = sr.scoreWindows(sel[mid], sel[len(sel)-1]); err2 == nil {
			for _, w := range sel[mid:] {
				top2 = sr.offer(top2, K, w, sc.acc.slice(w<<winShift, (w+1)<<winShift))
			}
		}
	})
	err := sr.scoreWindows(sel[0], sel[mid-1])
	if err == nil {
		for _, w := range sel[:mid] {
			top = sr.offer(top, K, w, sc.acc.slice(w<<winShift, (w+1)<<winShift))
		}
	}
	wg.Wait()
	if err == nil {
		err = err2
	}
	for _, c := range top2 {
		if len(top) < K {
			top = append(top, c)
			heapUp(top, len(top)-1)
		} else if better(&c, &top[0]) {
			top[0] = c
			heapDown(top, 0)
		}
	}
	return top, err
}

// scoreWindows adds the contributions of every list to sc.acc for the
// documents of the selected windows (sc.selW) from wlo to whi.
func (sr *searchRun) scoreWindows(wlo, whi uint32) error {
	sc := sr.sc
	lo, hi := wlo<<winShift, whi<<winShift+winDocs-1
	for li := range sc.lists {
		l := &sc.lists[li]
		if err := sr.ctx.Err(); err != nil {
			return err
		}
		for ki := range l.keys {
			kd := &l.keys[ki]
			bs := kd.blocks
			for i := firstBlockFrom(bs, lo); i < len(bs) && bs[i].first <= hi; i++ {
				if err := sr.scoreBlockSelected(&bs[i], wlo, whi, l.w, l.tbit); err != nil {
					return err
				}
			}
			for ti := range kd.tail {
				p := &kd.tail[ti]
				if w := p.doc >> winShift; w < wlo || w > whi || sc.selW[w/64]&(1<<(w%64)) == 0 {
					continue
				}
				sc.acc.add(int(p.doc), l.w, l.tbit, p.tfTitle, p.tfText, sr.invT[p.doc], sr.invB[p.doc])
			}
		}
	}
	return nil
}

// scoreBlockSelected adds the contributions of the block's postings in the
// selected windows from wlo to whi to sc.acc.
func (sr *searchRun) scoreBlockSelected(r *blockRef, wlo, whi uint32, w float32, bit uint64) error {
	selW, acc, invT, invB := sr.sc.selW, sr.sc.acc, sr.invT, sr.invB
	w0, w1 := max(r.first>>winShift, wlo), min(r.last>>winShift, whi)
	// nextSel returns the first selected window from win on, past w1 when
	// there is none.
	nextSel := func(win uint32) uint32 {
		for win <= w1 {
			word := selW[win/64] >> (win % 64)
			if word != 0 {
				return win + uint32(bits.TrailingZeros64(word))
			}
			win = (win/64 + 1) * 64
		}
		return win
	}
	win := nextSel(w0)
	if win > w1 {
		return nil
	}
	var it blockIter
	it.reset(r)
	if err := it.seek(win << winShift); err != nil {
		return err
	}
	for {
		doc, i, ok, err := it.nextDoc()
		if !ok || err != nil {
			return err
		}
		if doc>>winShift != win {
			// Past the window: on to the next selected one.
			if win = nextSel(doc >> winShift); win > w1 {
				return nil
			}
			if doc>>winShift != win {
				if err := it.seek(win << winShift); err != nil {
					return err
				}
				continue
			}
		}
		tfTitle, tfText, err := it.tf(i)
		if err != nil {
			return err
		}
		acc.add(int(doc), w, bit, tfTitle, tfText, invT[doc], invB[doc])
	}
}

// docBound returns an upper bound of the scores of the matching documents
// of window w, tighter than the sum of the lists' bounds: the best, over
// the documents, of the sum of the bounds of the lists that hold the
// document, with the document's tier (docTier).
func (sr *searchRun) docBound(w uint32) float64 {
	sc := sr.sc
	nw := len(sc.ub)
	nWords := len(sc.match)
	m := winMatch(sc.match, w)
	half := bits.OnesCount64(m) / 2
	// Document i's sum is base+sums[i], its tier tbase+tiers[i] (addHeld).
	var sums [winDocs]float64
	var tiers [winDocs]int
	base, tbase := 0.0, 0
	for li := range sc.lists {
		if v := sc.lub[li*nw+int(w)]; v != 0 {
			x := winMatch(sc.pres[li*nWords:(li+1)*nWords], w) & m
			base += addHeld(&sums, m, x, half, float64(v))
		}
	}
	tbase += addHeld(&tiers, m, winMatch(sc.tcand, w)&m, half, tierTitleAll)
	for j := range sc.numLists {
		tbase += addHeld(&tiers, m, winMatch(sc.tnum[j*nWords:(j+1)*nWords], w)&m, half, tierNumber)
	}
	for _, li := range sc.accLists {
		tbase += addHeld(&tiers, m, winMatch(sc.pres[li*nWords:(li+1)*nWords], w)&m, half, 1)
	}
	wf := sc.wfresh[w]
	fresh := wf * (1 + 1e-4)
	best := math.Inf(-1)
	for x := m; x != 0; x &= x - 1 {
		i := bits.TrailingZeros64(x)
		t := tbase + tiers[i]
		if t >= tierTitleAll {
			// A whole title match, or a lower tier.
			d := w<<winShift + uint32(i)
			best = max(best, titleScore(t, sr.docPairs(d), sr.about(d), uint32(sr.s.titleLen[d]), wf))
			continue
		}
		best = max(best, float64(t)*tierStep+(base+sums[i])*fresh)
	}
	return best
}

// addHeld adds v to the sums of the documents of x, a subset of m: to
// sums[i] for document i when x holds at most half documents of m, else
// to the base, which it returns, and -v to the sums of the documents of m
// that x lacks; so a list costs the fewer of its documents and the others.
func addHeld[T int | float64](sums *[winDocs]T, m, x uint64, half int, v T) (base T) {
	if bits.OnesCount64(x) > half {
		base, x, v = v, m&^x, -v
	}
	for ; x != 0; x &= x - 1 {
		sums[bits.TrailingZeros64(x)] += v
	}
	return base
}

// winFreshness returns the best freshness factor of window w's documents.
func (sr *searchRun) winFreshness(w uint32) float64 {
	pub := sr.now
	if int(w) < len(sr.s.winPub) {
		pub = sr.s.winPub[w]
	}
	return freshness(sr.now, pub)
}

// docPairs returns how many of the query's pairs document d holds.
func (sr *searchRun) docPairs(d uint32) int {
	sc := sr.sc
	nWords := len(sc.match)
	n := 0
	for _, li := range sc.pairLists {
		n += int(sc.pres[li*nWords+int(d>>6)] >> (d & 63) & 1)
	}
	return n
}

// docTier returns an upper bound of the tier of matching document d.
func (sr *searchRun) docTier(d uint32) int {
	sc := sr.sc
	nWords := len(sc.match)
	wi, sh := int(d>>6), d&63
	t := int(sc.tcand[wi]>>sh&1) * tierTitleAll
	for j := range sc.numLists {
		t += int(sc.tnum[j*nWords+wi]>>sh&1) * tierNumber
	}
	for _, li := range sc.accLists {
		t += int(sc.pres[li*nWords+wi] >> sh & 1)
	}
	return t
}

// winTier returns an upper bound of the tiers of window w's matching
// documents m.
func (sr *searchRun) winTier(w uint32, m uint64) int {
	sc := sr.sc
	nWords := len(sc.match)
	t := 0
	if winMatch(sc.tcand, w)&m != 0 {
		t += tierTitleAll
	}
	for j := range sc.numLists {
		if winMatch(sc.tnum[j*nWords:(j+1)*nWords], w)&m != 0 {
			t += tierNumber
		}
	}
	for _, li := range sc.accLists {
		if winMatch(sc.pres[li*nWords:(li+1)*nWords], w)&m != 0 {
			t++
		}
	}
	return t
}

// tierSets finds the accented words and the numbers among the lists, and
// fills tcand and tnum: the matching documents that hold every word and
// whose title holds the rarest (only they can have every word in the
// title), and for each number the documents whose title holds it.
func (sc *scratch) tierSets(p *queryPlan, nWords int) error {
	sc.accLists, sc.numLists, sc.pairLists = sc.accLists[:0], sc.numLists[:0], sc.pairLists[:0]
	rarest, have := -1, uint32(0)
	for li := range sc.lists {
		l := &sc.lists[li]
		if l.tbit>>32 != 0 {
			sc.pairLists = append(sc.pairLists, li)
		}
		if l.accent {
			sc.accLists = append(sc.accLists, li)
		}
		if l.bit&p.numMask != 0 {
			sc.numLists = append(sc.numLists, li)
		}
		if l.bit&p.unitMask != 0 {
			have |= l.bit
			if rarest < 0 || l.df < sc.lists[rarest].df {
				rarest = li
			}
		}
	}
	sc.tcand = grow(sc.tcand, nWords)
	clear(sc.tcand)
	if have == p.unitMask && rarest >= 0 {
		if err := sc.titleCandidates(p, nWords, rarest); err != nil {
			return err
		}
	}
	sc.tnum = grow(sc.tnum, len(sc.numLists)*nWords)
	clear(sc.tnum)
	for j, li := range sc.numLists {
		if err := orTitleDocs(sc.tnum[j*nWords:(j+1)*nWords], &sc.lists[li]); err != nil {
			return err
		}
	}
	return nil
}

// titleCandidates sets tcand to the matching documents that hold every
// word and whose title holds every word (the rarest first, a bitmap pass,
// then the others, looking each document up).
func (sc *scratch) titleCandidates(p *queryPlan, nWords, rarest int) error {
	if err := orTitleDocs(sc.tcand, &sc.lists[rarest]); err != nil {
		return err
	}
	var others []int
	for li := range sc.lists {
		if sc.lists[li].bit&p.unitMask == 0 {
			continue
		}
		for i, x := range sc.pres[li*nWords : (li+1)*nWords] {
			sc.tcand[i] &= x
		}
		if li != rarest {
			others = append(others, li)
		}
	}
	// Keep the documents whose title holds the other words too, rarest
	// first.
	slices.SortFunc(others, func(a, b int) int { return sc.lists[a].df - sc.lists[b].df })
	for _, li := range others {
		some, err := sc.keepInTitle(&sc.lists[li])
		if err != nil || !some {
			return err
		}
	}
	return nil
}

// keepInTitle keeps in tcand the documents whose title holds one of the
// keys of l, and reports whether any is left.
func (sc *scratch) keepInTitle(l *listData) (some bool, err error) {
	cs := make([]titleCursor, len(l.keys))
	for ki := range cs {
		cs[ki].kd = &l.keys[ki]
	}
	for i, x := range sc.tcand {
		for ; x != 0; x &= x - 1 {
			d := uint32(i)<<6 + uint32(bits.TrailingZeros64(x))
			in := false
			for ki := range cs {
				if in, err = cs[ki].inTitle(d); err != nil {
					return false, err
				}
				if in {
					break
				}
			}
			if !in {
				sc.tcand[i] &^= 1 << (d & 63)
			}
		}
		some = some || sc.tcand[i] != 0
	}
	return some, nil
}

// winUp keeps h a max-heap of bounds after h[i] grew or was appended.
func winUp(h []winBound, i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if h[parent].ub >= h[i].ub {
			return
		}
		h[parent], h[i] = h[i], h[parent]
		i = parent
	}
}

// winDown keeps h a max-heap of bounds.
func winDown(h []winBound, i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		best := l
		if r := l + 1; r < len(h) && h[r].ub > h[l].ub {
			best = r
		}
		if h[i].ub >= h[best].ub {
			return
		}
		h[i], h[best] = h[best], h[i]
		i = best
	}
}

// scoreWindow adds the contributions of every list to the documents of
// window w: acc[i] for docnum w<<winShift + i. The lists are added in
// order, so that a document's score does not depend on where its postings
// are.
func (sr *searchRun) scoreWindow(w uint32, acc accs) error {
	lo := w << winShift
	hi := lo + winDocs - 1
	for li := range sr.sc.lists {
		l := &sr.sc.lists[li]
		for ki := range l.keys {
			kd := &l.keys[ki]
			bs := kd.blocks
			for i := firstBlockFrom(bs, lo); i < len(bs) && bs[i].first <= hi; i++ {
				if err := scoreBlockWindow(&bs[i], lo, hi, l.w, l.tbit, acc, sr.invT, sr.invB); err != nil {
					return err
				}
			}
			t := kd.tail
			i, j := 0, len(t)
			for i < j {
				h := int(uint(i+j) >> 1)
				if t[h].doc < lo {
					i = h + 1
				} else {
					j = h
				}
			}
			for ; i < len(t) && t[i].doc <= hi; i++ {
				p := &t[i]
				acc.add(int(p.doc-lo), l.w, l.tbit, p.tfTitle, p.tfText, sr.invT[p.doc], sr.invB[p.doc])
			}
		}
	}
	return nil
}

// scoreBlockWindow adds w·tf'/(tf'+k1) for each posting of the block in
// [lo, hi] (one window) to acc, where tf' is the length-normalised,
// field-weighted frequency.
func scoreBlockWindow(r *blockRef, lo, hi uint32, w float32, bit uint64, acc accs, invT, invB []float32) error {
	if max(lo, r.first) > min(hi, r.last) {
		return nil
	}
	var it blockIter
	it.reset(r)
	if err := it.seek(lo); err != nil {
		return err
	}
	for {
		doc, i, ok, err := it.nextDoc()
		if !ok || err != nil || doc > hi {
			return err
		}
		tfTitle, tfText, err := it.tf(i)
		if err != nil {
			return err
		}
		acc.add(int(doc-lo), w, bit, tfTitle, tfText, invT[doc], invB[doc])
	}
}

func sortCandidates(cs []candidate) {
	slices.SortFunc(cs, func(a, b candidate) int {
		if better(&a, &b) {
			return -1
		}
		if better(&b, &a) {
			return 1
		}
		return 0
	})
}

// heapUp and heapDown keep h a min-heap for better (the worst at h[0]).
func heapUp(h []candidate, i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if !better(&h[parent], &h[i]) {
			break
		}
		h[parent], h[i] = h[i], h[parent]
		i = parent
	}
}

func heapDown(h []candidate, i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		worst := l
		if r := l + 1; r < len(h) && better(&h[l], &h[r]) {
			worst = r
		}
		if !better(&h[i], &h[worst]) {
			return
		}
		h[i], h[worst] = h[worst], h[i]
		i = worst
	}
}

// evaluator reads the lists of one search.
type evaluator struct {
	b         searchBuckets
	s         *searchState
	c         *bolt.Cursor
	prefixBuf []byte
}

// listWeight expands l's completions when it has them and returns its
// document frequency (its keys' summed, at most the live documents) and its
// BM25 weight, idf × (k1 + 1) × the list's weight; df 0 when no document
// holds it.
func (e *evaluator) listWeight(l *qlist) (df int, w float32) {
	if l.dfs != nil {
		e.expand(l)
	}
	if l.dfs == nil {
		for _, k := range l.keys {
			df += e.df(k)
		}
	} else {
		for _, d := range l.dfs {
			df += d
		}
	}
	if df == 0 {
		return 0, 0
	}
	df = min(df, e.s.live)
	N := float64(max(e.s.live, 1))
	idf := math.Log(1 + (N-float64(df)+0.5)/(float64(df)+0.5))
	return df, float32(l.weight * idf * (bm25K1 + 1))
}

// df returns the document frequency of a term key.
func (e *evaluator) df(key string) int {
	df, _ := binary.Uvarint(e.b.terms.Get([]byte(key)))
	return int(df) + len(e.s.tail[key])
}

// expand replaces the prefix key of l by its most frequent completions.
func (e *evaluator) expand(l *qlist) {
	prefix := l.keys[0]
	type comp struct {
		key string
		df  int
	}
	var comps []comp
	c := e.b.terms.Cursor()
	n := 0
	for k, v := c.Seek([]byte(prefix)); k != nil && bytes.HasPrefix(k, []byte(prefix)) && n < maxPrefixScan; k, v = c.Next() {
		df, _ := binary.Uvarint(v)
		comps = append(comps, comp{string(k), int(df)})
		n++
	}
	i := sort.SearchStrings(e.s.tailKeys, prefix)
	for ; i < len(e.s.tailKeys) && strings.HasPrefix(e.s.tailKeys[i], prefix) && n < 2*maxPrefixScan; i++ {
		key := e.s.tailKeys[i]
		j, found := slices.BinarySearchFunc(comps, key, func(c comp, k string) int { return strings.Compare(c.key, k) })
		if found {
			comps[j].df += len(e.s.tail[key])
		} else {
			comps = slices.Insert(comps, j, comp{key, len(e.s.tail[key])})
		}
		n++
	}
	slices.SortFunc(comps, func(a, b comp) int {
		// The prefix itself first, then the most frequent.
		if (a.key == prefix) != (b.key == prefix) {
			if a.key == prefix {
				return -1
			}
			return 1
		}
		if a.df != b.df {
			return b.df - a.df
		}
		return strings.Compare(a.key, b.key)
	})
	comps = comps[:min(len(comps), maxExpansions)]
	l.keys, l.dfs = l.keys[:0], l.dfs[:0]
	for _, c := range comps {
		l.keys = append(l.keys, c.key)
		l.dfs = append(l.dfs, c.df)
	}
}

// blocks appends the posting blocks of key, checking that they are in
// order and hold docnums below n.
func (e *evaluator) blocks(dst []blockRef, key string, n uint32) ([]blockRef, error) {
	e.prefixBuf = append(append(e.prefixBuf[:0], key...), 0)
	prefix := e.prefixBuf
	start := len(dst)
	for k, v := e.c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = e.c.Next() {
		if len(k) != len(prefix)+4 {
			continue
		}
		r, err := parseBlock(binary.BigEndian.Uint32(k[len(prefix):]), v)
		if err != nil {
			return dst, err
		}
		if r.last >= n || len(dst) > start && r.first <= dst[len(dst)-1].last {
			return dst, errCorruptIndex
		}
		dst = append(dst, r)
	}
	return dst, nil
}

// getArticles returns the stored articles of cs, decoded in turn: on two
// cores, decoding a page's half in a second goroutine cost more CPU time
// (the hand-over) than it saved in latency.
func getArticles(tx *bolt.Tx, arts Articles, cs []candidate) ([]content.Article, error) {
	out := make([]content.Article, len(cs))
	for i, c := range cs {
		v := arts.Raw(tx, []byte(c.id))
		if v == nil {
			return nil, content.ErrNotFound
		}
		// Decode copies: nothing aliases the stored value.
		if err := arts.Decode(v, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// verifyPhrases reports whether the article holds every phrase, in its
// title or in its text, and returns it.
func verifyPhrases(tx *bolt.Tx, arts Articles, id string, phrases []vi.Phrase) (content.Article, bool, error) {
	var a content.Article
	v := arts.Raw(tx, []byte(id))
	if v == nil {
		return a, false, content.ErrNotFound
	}
	if err := arts.Decode(v, &a); err != nil {
		return a, false, err
	}
	title := vi.NewText(a.Title)
	var text *vi.Text
	for _, ph := range phrases {
		if title.Contains(ph, vi.IgnoreAccents) {
			continue
		}
		if text == nil {
			t := vi.NewText(articleText(&a))
			text = &t
		}
		if !text.Contains(ph, vi.IgnoreAccents) {
			return a, false, nil
		}
	}
	return a, true, nil
}

// firstBlockFrom returns the index of the first of bs (ordered by document)
// that ends at or after document lo; len(bs) when none does.
func firstBlockFrom(bs []blockRef, lo uint32) int {
	i, j := 0, len(bs)
	for i < j {
		h := int(uint(i+j) >> 1)
		if bs[h].last < lo {
			i = h + 1
		} else {
			j = h
		}
	}
	return i
}
