package search

// Query evaluation. Each query list (a word's folded form, its accented
// form, an adjacent pair, a document number, or the completions of a
// prefix) contributes w·tf'/(tf'+k1) per posting, BM25F, to its documents.
//
//  1. Matching: the docnums of every word, accented form and required
//     phrase pair are read into bitsets as their blocks are gathered,
//     straight from the blocks' bitmaps (encodeBlock) and the tail; a
//     word-parallel pass keeps the documents with every required pair and
//     enough words. Total is their exact number.
//  2. Bounds: for each window of 16 docnums and each list, an upper bound
//     of the list's contributions (the blocks' impacts, or the exact
//     contributions where a block has none); a window's bound is their sum
//     times the best freshness of the window, plus the best tier its
//     documents may reach (docScore, titleScore). Before a window is scored, its
//     bound is made tighter (docBound): the best, over its matching
//     documents, of the sum of the bounds of the lists that hold the
//     document (known from the lists' bitsets) plus the document's own
//     tier bound, so the cost of a long query of common words no longer
//     grows with its number of lists. The documents whose title holds
//     every word come from the words' title terms (kindTitle), the word in
//     fewest titles first, the others' read only where candidates are left.
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
	"slices"
	"sort"
	"strings"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/content/vi"
)

// scratch holds the working arrays of one search, reused across searches.
type scratch struct {
	lists  []listData
	keys   []keyData
	blocks []blockRef
	// pres holds the documents of each list, by list, 64 docnums a word;
	// sets those of each word and required pair, by bit (none when no list
	// has it); match the documents that match the query.
	pres, match, none []uint64
	sets              [32][]uint64
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
	// tword holds the documents whose title holds one word.
	tword []uint64
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
	// title holds, for a word, the title terms (kindTitle) of its keys;
	// titleDF how many postings they hold.
	title   []keyData
	titleDF int
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
	if err := sc.gatherLists(b, s, &p, nWords); err != nil {
		return res, err
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	sc.listSets(nWords)
	sc.match = grow(sc.match, nWords)
	total := matchDocs(sc.match, &sc.sets, nWords, n, &p)
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
// (bbolt memory, valid during the transaction) and tail postings, and a
// word's title terms; and sets sc.pres to the documents of each word,
// accented form and required pair. A list's document frequency is its
// blocks' postings plus its tail's.
func (sc *scratch) gatherLists(b searchBuckets, s *searchState, p *queryPlan, nWords int) error {
	ev := evaluator{b: b, s: s, c: b.postings.Cursor()}
	sc.pres = grow(sc.pres, len(p.lists)*nWords)
	clear(sc.pres)
	sc.lists, sc.keys, sc.blocks = sc.lists[:0], sc.keys[:0], sc.blocks[:0]
	for i := range p.lists {
		l := &p.lists[i]
		if l.dfs != nil {
			ev.expand(l)
		}
		k0, b0 := len(sc.keys), len(sc.blocks)
		keys, df, err := sc.gatherKeys(&ev, l.keys, "")
		if err != nil {
			return err
		}
		if df == 0 {
			sc.keys, sc.blocks = sc.keys[:k0], sc.blocks[:b0]
			continue
		}
		ld := listData{w: ev.weight(l, df), bit: l.bit, tbit: l.tbit, accent: l.accent, df: df, keys: keys}
		if l.bit != 0 || l.accent {
			// Its documents, while its blocks are in the cache; the windows'
			// bounds read those of the other lists (searchRun.bounds).
			li := len(sc.lists)
			if err := listDocs(sc.pres[li*nWords:(li+1)*nWords], &ld); err != nil {
				return err
			}
		}
		if l.bit&p.unitMask != 0 {
			// A word: its title terms too, for the title tiers.
			if ld.title, ld.titleDF, err = sc.gatherKeys(&ev, l.keys, string(kindTitle)); err != nil {
				return err
			}
		}
		sc.lists = append(sc.lists, ld)
	}
	return nil
}

// gatherKeys appends the blocks and tail postings of keys to sc.keys and
// returns them and how many postings they hold; with a kind, of the keys of
// that kind instead (the first byte replaced).
func (sc *scratch) gatherKeys(ev *evaluator, keys []string, kind string) (kds []keyData, postings int, err error) {
	k0 := len(sc.keys)
	for _, k := range keys {
		if kind != "" {
			k = kind + k[1:]
		}
		b0 := len(sc.blocks)
		if sc.blocks, err = ev.blocks(sc.blocks, k, uint32(len(ev.s.docs))); err != nil {
			return nil, 0, err
		}
		kd := keyData{blocks: sc.blocks[b0:len(sc.blocks):len(sc.blocks)], tail: ev.s.tail[k]}
		postings += len(kd.tail)
		for i := range kd.blocks {
			postings += kd.blocks[i].n
		}
		if len(kd.blocks) > 0 || len(kd.tail) > 0 {
			sc.keys = append(sc.keys, kd)
		}
	}
	return sc.keys[k0:len(sc.keys):len(sc.keys)], postings, nil
}

// listSets sets sc.sets to the documents of each word and required pair,
// by bit (empty for one that no document holds), from which matchDocs
// finds the matching documents.
func (sc *scratch) listSets(nWords int) {
	sc.none = grow(sc.none, nWords)
	clear(sc.none)
	for i := range sc.sets {
		sc.sets[i] = sc.none
	}
	for li := range sc.lists {
		if bit := sc.lists[li].bit; bit != 0 {
			sc.sets[bits.TrailingZeros32(bit)] = sc.pres[li*nWords : (li+1)*nWords]
		}
	}
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
func listDocs(set []uint64, l *listData) error { return keysDocs(set, l.keys, nil) }

// keysDocs sets in set the documents of keys, skipping, when within is not
// nil, the blocks and bitmap words that hold no document of within: set
// is then exact only on the documents of within.
func keysDocs(set []uint64, keys []keyData, within []uint64) error {
	for ki := range keys {
		kd := &keys[ki]
		for bi := range kd.blocks {
			r := &kd.blocks[bi]
			if within != nil && !anyIn(within, r.first, r.last) {
				continue
			}
			if err := orBlockDocs(set, r, within); err != nil {
				return err
			}
		}
		for _, t := range kd.tail {
			set[t.doc>>6] |= 1 << (t.doc & 63)
		}
	}
	return nil
}

// anyIn reports whether set holds a document in [lo, hi].
func anyIn(set []uint64, lo, hi uint32) bool {
	wl, wh := lo>>6, hi>>6
	if wl == wh {
		return set[wl]>>(lo&63)<<(lo&63)<<(63-hi&63) != 0
	}
	if set[wl]>>(lo&63) != 0 || set[wh]<<(63-hi&63) != 0 {
		return true
	}
	for _, x := range set[wl+1 : wh] {
		if x != 0 {
			return true
		}
	}
	return false
}

// matchDocs sets match to the documents with every required pair and enough
// words, from the bitsets of the words and pairs by bit (sets, nw words of
// 64 docnums each), and returns how many there are.
func matchDocs(match []uint64, sets *[32][]uint64, nw, n int, p *queryPlan) int {
	var units, req [32][]uint64
	nu, nr := 0, 0
	for i := range 32 {
		switch bit := uint32(1) << i; {
		case p.unitMask&bit != 0:
			units[nu] = sets[i][:nw]
			nu++
		case p.reqMask&bit != 0:
			req[nr] = sets[i][:nw]
			nr++
		}
	}
	need := min(p.need, nu)
	total := 0
	var at [maxUnits + 1]uint64
	for w := range nw {
		m := ^uint64(0)
		for _, set := range req[:nr] {
			m &= set[w]
		}
		switch {
		case m == 0:
		case need == nu:
			for _, set := range units[:nu] {
				m &= set[w]
			}
		case need == 1:
			var o uint64
			for _, set := range units[:nu] {
				o |= set[w]
			}
			m &= o
		default:
			// at[j]: the documents in at least j of the words so far.
			at[0] = ^uint64(0)
			clear(at[1 : need+1])
			for _, set := range units[:nu] {
				x := set[w]
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
// 64 docnums a word: a bitmap block's a word at a time, skipping the words
// where within (when not nil) holds no document.
func orBlockDocs(set []uint64, r *blockRef, within []uint64) error {
	if r.flags&blockBitmap != 0 && within == nil {
		orBitmap(set, r.first, r.docs)
		return nil
	}
	if r.flags&blockBitmap != 0 {
		docs := r.docs
		for j := 0; j < len(docs); j += 8 {
			g := r.first + uint32(j)*8
			wi, sh := g>>6, g&63
			if within != nil && within[wi]>>sh == 0 && (sh == 0 || int(wi)+1 >= len(within) || within[wi+1]<<(64-sh) == 0) {
				continue
			}
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

// orBitmap sets in set the bits of docs, a bitmap of the docnums from
// first on: 64 at a time, each word shifted into place (by the same amount
// throughout) and its overflow carried into the next.
func orBitmap(set []uint64, first uint32, docs []byte) {
	wi, sh := int(first>>6), first&63
	var carry uint64
	for len(docs) > 0 {
		var x uint64
		if len(docs) >= 8 {
			x = binary.LittleEndian.Uint64(docs)
			docs = docs[8:]
		} else {
			for i, c := range docs {
				x |= uint64(c) << (8 * i)
			}
			docs = nil
		}
		set[wi] |= x<<sh | carry
		carry = x >> (64 - sh) // 0 when sh is 0
		wi++
	}
	if carry != 0 {
		set[wi] |= carry
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

// evaluator reads the lists of one search.
type evaluator struct {
	b         searchBuckets
	s         *searchState
	c         *bolt.Cursor
	prefixBuf []byte
}

// weight returns the BM25 weight of list l, whose keys df documents hold
// (at least 1): idf × (k1 + 1) × the list's weight.
func (e *evaluator) weight(l *qlist, df int) float32 {
	df = min(df, e.s.live)
	N := float64(max(e.s.live, 1))
	idf := math.Log(1 + (N-float64(df)+0.5)/(float64(df)+0.5))
	return float32(l.weight * idf * (bm25K1 + 1))
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
