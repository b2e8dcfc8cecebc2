package store

// Query evaluation: term at a time over dense per-document arrays. Each
// query list (a word's folded form, its accented form, an adjacent pair, a
// document number, or the completions of a prefix) adds its BM25F
// contribution to acc[doc] and its bit to mask[doc]; a final pass keeps the
// documents with enough words and every required phrase pair, applies the
// freshness factor and selects the page.

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
}

// phraseCheck is a quoted phrase to verify: its folded syllables, the last
// one possibly a prefix.
type phraseCheck struct {
	words      []string
	lastPrefix bool
}

// queryPlan is a parsed query turned into lists.
type queryPlan struct {
	lists    []qlist
	unitMask uint32
	reqMask  uint32
	need     int
	phrases  []phraseCheck
}

// planQuery turns q into lists.
func planQuery(q content.Query) queryPlan {
	var p queryPlan
	units := map[string]uint32{}
	nUnits := 0
	prefixAt := map[int]bool{}
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
		l := qlist{keys: []string{string(kindFolded) + tok.Folded}, weight: 1, bit: bit}
		if t.Prefix {
			l.dfs = []int{-1}
		}
		p.lists = append(p.lists, l)
		if t.Accented && !t.Prefix {
			p.lists = append(p.lists, qlist{keys: []string{string(kindAccented) + tok.Term}, weight: weightAccent})
		}
	}
	switch {
	case nUnits <= 2:
		p.need = nUnits
	default:
		p.need = int(math.Ceil(minShare * float64(nUnits)))
	}
	// Phrases: their pairs are required.
	inPhrase := map[int]int{} // position → phrase index
	for i, ph := range q.Phrases {
		pc := phraseCheck{}
		for _, tok := range ph {
			pc.words = append(pc.words, tok.Folded)
			inPhrase[tok.Pos] = i + 1
		}
		pc.lastPrefix = prefixAt[ph[len(ph)-1].Pos]
		p.phrases = append(p.phrases, pc)
	}
	// Adjacent pairs.
	pairs := map[string]int{}
	nReq := 0
	var prev *content.QueryTerm
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
				p.reqMask |= p.lists[li].bit
				nReq++
			}
		}
		prev = t
	}
	return p
}

// scratch holds the per-document arrays of one search.
type scratch struct {
	acc  []float32
	mask []uint32
}

// candidate is a matching document.
type candidate struct {
	doc       uint32
	score     float64
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

// run evaluates q.
func (si *searchIndex) run(ctx context.Context, tx *bolt.Tx, s *searchState, q content.Query, offset, limit int, now int64) (content.SearchResults, error) {
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
	sc, _ := si.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	defer si.scratch.Put(sc)
	if cap(sc.acc) < n {
		sc.acc = make([]float32, n, n+n/8)
		sc.mask = make([]uint32, n, n+n/8)
	}
	acc, mask := sc.acc[:n], sc.mask[:n]
	ev := evaluator{b: b, s: s, c: b.postings.Cursor()}
	// Gather the lists: their blocks (bbolt memory, valid during tx) and
	// tail postings.
	lists := make([]listData, 0, len(p.lists))
	lo := n
	N := float64(max(s.live, 1))
	for i := range p.lists {
		l := &p.lists[i]
		if l.dfs != nil {
			ev.expand(l)
		}
		df := 0
		if l.dfs == nil {
			for _, k := range l.keys {
				df += ev.df(k)
			}
		} else {
			for _, d := range l.dfs {
				df += d
			}
		}
		if df == 0 {
			continue
		}
		df = min(df, s.live)
		idf := math.Log(1 + (N-float64(df)+0.5)/(float64(df)+0.5))
		ld := listData{w: float32(l.weight * idf * (bm25K1 + 1)), bit: l.bit}
		for _, k := range l.keys {
			if blocks := ev.blocks(nil, k); len(blocks) > 0 {
				ld.blocks = append(ld.blocks, blocks)
				lo = min(lo, int(blocks[0].first))
			}
			if t := s.tail[k]; len(t) > 0 {
				ld.tail = append(ld.tail, t)
				lo = min(lo, int(t[0].doc))
			}
		}
		lists = append(lists, ld)
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	hi := n - 1
	if lo > hi {
		return res, nil
	}
	defer func() {
		clear(acc[lo : hi+1])
		clear(mask[lo : hi+1])
	}()
	k := offset + limit
	sel := selector{s: s, p: &p, acc: acc, mask: mask, now: now}
	K := k
	if len(p.phrases) > 0 {
		K = k + 16
	}
	// Score and select in two halves in parallel when there is enough work.
	var total int
	var top []candidate
	if hi-lo >= parallelMinDocs && runtime.GOMAXPROCS(0) > 1 {
		mid := lo + (hi-lo)/2
		var err2 error
		var total2 int
		var top2 []candidate
		var wg sync.WaitGroup
		wg.Go(func() {
			if err2 = scoreRange(lists, acc, mask, s, mid+1, hi); err2 == nil {
				total2, top2 = sel.top(mid+1, hi, K)
			}
		})
		err := scoreRange(lists, acc, mask, s, lo, mid)
		if err == nil {
			total, top = sel.top(lo, mid, K)
		}
		wg.Wait()
		if err == nil {
			err = err2
		}
		if err != nil {
			return res, err
		}
		total += total2
		top = append(top, top2...)
	} else {
		if err := scoreRange(lists, acc, mask, s, lo, hi); err != nil {
			return res, err
		}
		total, top = sel.top(lo, hi, K)
	}
	sortCandidates(top)
	top = top[:min(len(top), K)]
	var page []content.SearchHit
	if len(p.phrases) > 0 {
		// Verify lazily, best first, until the page is full.
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
					a, ok, err := verifyPhrases(tx, c.id, p.phrases)
					if err != nil {
						return res, err
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
				for i := offset; i < len(good); i++ {
					page = append(page, content.SearchHit{Article: *verified[good[i].doc], Score: good[i].score})
				}
				break
			}
			K *= 4
			_, top = sel.top(lo, hi, K)
			sortCandidates(top)
		}
		total -= len(failed)
	} else {
		for i := offset; i < len(top); i++ {
			a, err := getArticle(tx, top[i].id)
			if err != nil {
				return res, err
			}
			page = append(page, content.SearchHit{Article: a, Score: top[i].score})
		}
	}
	res.Total, res.Hits = total, page
	return res, nil
}

// parallelMinDocs is the document range from which a search scores in two
// goroutines.
const parallelMinDocs = 16384

// listData is a query list ready to score.
type listData struct {
	w   float32
	bit uint32
	// blocks holds the main postings of each key, tail its tail postings.
	blocks [][]blockRef
	tail   [][]posting
}

// blockRef is a posting block: its first docnum and its bytes.
type blockRef struct {
	first uint32
	v     []byte
}

// selector selects the best candidates of a range of documents.
type selector struct {
	s    *searchState
	p    *queryPlan
	acc  []float32
	mask []uint32
	now  int64
}

// top returns how many documents of [lo, hi] match and the best K of them,
// in no particular order.
func (sel *selector) top(lo, hi, K int) (int, []candidate) {
	p, s, acc, mask := sel.p, sel.s, sel.acc, sel.mask
	var top []candidate // a min-heap of the best K
	total := 0
	for d := lo; d <= hi; d++ {
		m := mask[d]
		if m&p.reqMask != p.reqMask || bits.OnesCount32(m&p.unitMask) < p.need {
			continue
		}
		total++
		if K <= 0 {
			continue
		}
		info := &s.docs[d]
		age := float64(max(0, sel.now-info.published)) / yearSeconds
		c := candidate{doc: uint32(d), score: float64(acc[d]) * (1 + freshnessBoost/(1+age)), published: info.published}
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
	return total, top
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

// blocks appends the posting blocks of key.
func (e *evaluator) blocks(dst []blockRef, key string) []blockRef {
	e.prefixBuf = append(append(e.prefixBuf[:0], key...), 0)
	prefix := e.prefixBuf
	for k, v := e.c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = e.c.Next() {
		if len(k) == len(prefix)+4 {
			dst = append(dst, blockRef{binary.BigEndian.Uint32(k[len(prefix):]), v})
		}
	}
	return dst
}

// scoreRange adds the contributions of the lists' postings of documents in
// [lo, hi] to the arrays: w·tf'/(tf'+k1) each, where tf' is the
// length-normalised, field-weighted frequency.
func scoreRange(lists []listData, acc []float32, mask []uint32, s *searchState, lo, hi int) error {
	n := len(acc)
	invT, invB := s.invNormTitle[:n], s.invNormText[:n]
	mask = mask[:n]
	for li := range lists {
		l := &lists[li]
		w, bit := l.w, l.bit
		for _, blocks := range l.blocks {
			if err := scoreBlocks(blocks, w, bit, acc, mask, invT, invB, lo, hi); err != nil {
				return err
			}
		}
		for _, t := range l.tail {
			for _, p := range t {
				doc := int(p.doc)
				if doc < lo || doc > hi {
					continue
				}
				if doc >= n {
					return errCorruptIndex
				}
				tf := float32(p.tfText)*invB[doc] + float32(p.tfTitle)*invT[doc]
				acc[doc] += w * tf / (tf + bm25K1)
				mask[doc] |= bit
			}
		}
	}
	return nil
}

// scoreBlocks scores the postings of one term's blocks, in docnum order,
// for the documents in [lo, hi]. The slices have the same length.
func scoreBlocks(blocks []blockRef, w float32, bit uint32, acc []float32, mask []uint32, invT, invB []float32, lo, hi int) error {
	n := len(acc)
	for bi, blk := range blocks {
		if int(blk.first) > hi {
			break
		}
		if bi+1 < len(blocks) && int(blocks[bi+1].first) <= lo {
			continue
		}
		doc := int(blk.first)
		v := blk.v
		for i := 0; i < len(v); {
			var delta, code int
			if c := v[i]; c < 0x80 {
				delta = int(c)
				i++
			} else {
				x, m := binary.Uvarint(v[i:])
				if m <= 0 {
					return errCorruptIndex
				}
				delta = int(x)
				i += m
			}
			if i >= len(v) {
				return errCorruptIndex
			}
			if c := v[i]; c < 0x80 {
				code = int(c)
				i++
			} else {
				x, m := binary.Uvarint(v[i:])
				if m <= 0 {
					return errCorruptIndex
				}
				code = int(x)
				i += m
			}
			var tfTitle uint64
			if code&1 != 0 {
				x, m := binary.Uvarint(v[i:])
				if m <= 0 {
					return errCorruptIndex
				}
				i += m
				tfTitle = x
			}
			doc += delta
			if doc < lo {
				continue
			}
			if doc > hi {
				break
			}
			if doc >= n {
				return errCorruptIndex
			}
			tf := float32(code>>1) * invB[doc]
			if tfTitle != 0 {
				tf += float32(tfTitle) * invT[doc]
			}
			acc[doc] += w * tf / (tf + bm25K1)
			mask[doc] |= bit
		}
	}
	return nil
}

// verifyPhrases reports whether the article holds every phrase, in its
// title or in its text, and returns it.
func verifyPhrases(tx *bolt.Tx, id string, phrases []phraseCheck) (content.Article, bool, error) {
	a, err := getArticle(tx, id)
	if err != nil {
		return a, false, err
	}
	title := content.Tokenize(a.Title)
	var text []content.Token
	for _, ph := range phrases {
		if hasPhrase(title, ph) {
			continue
		}
		if text == nil {
			text = content.Tokenize(articleText(&a))
		}
		if !hasPhrase(text, ph) {
			return a, false, nil
		}
	}
	return a, true, nil
}

// hasPhrase reports whether toks hold the phrase's syllables at consecutive
// positions.
func hasPhrase(toks []content.Token, ph phraseCheck) bool {
	syl := make([]string, 0, len(toks))
	for _, t := range toks {
		if !t.IsCompound() {
			syl = append(syl, t.Folded)
		}
	}
	last := len(ph.words) - 1
	for i := 0; i+last < len(syl); i++ {
		ok := true
		for j, w := range ph.words {
			s := syl[i+j]
			if j == last && ph.lastPrefix {
				ok = strings.HasPrefix(s, w)
			} else {
				ok = s == w
			}
			if !ok {
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
