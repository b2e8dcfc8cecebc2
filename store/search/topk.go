package search

// Top-K selection over windows of 16 documents (searchRun): steps 2 and 3
// of query evaluation, the windows' bounds and their scoring best bound
// first, and the ranking tiers a window's documents may reach.

import (
	"context"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
)

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
	}
	sumLists(sc.ub, sc.lub, nw)
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

// sumLists adds up, in ub, the bounds of each list per window, lub holding
// them list by list, nw windows each; four lists a pass.
func sumLists(ub []float64, lub []float32, nw int) {
	nl := len(lub) / nw
	li := 0
	for ; li+4 <= nl; li += 4 {
		a, b := lub[li*nw:(li+1)*nw], lub[(li+1)*nw:(li+2)*nw]
		c, d := lub[(li+2)*nw:(li+3)*nw], lub[(li+3)*nw:(li+4)*nw]
		a, b, c, d = a[:len(ub)], b[:len(ub)], c[:len(ub)], d[:len(ub)]
		for w := range ub {
			ub[w] += float64(a[w]) + float64(b[w]) + float64(c[w]) + float64(d[w])
		}
	}
	for ; li < nl; li++ {
		for w, x := range lub[li*nw : (li+1)*nw] {
			ub[w] += float64(x)
		}
	}
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
// fills tcand and tnum: the matching documents whose title holds every
// word, and for each number the documents whose title holds it, from the
// words' title terms.
func (sc *scratch) tierSets(p *queryPlan, nWords int) error {
	sc.accLists, sc.numLists, sc.pairLists = sc.accLists[:0], sc.numLists[:0], sc.pairLists[:0]
	var words []int
	have := uint32(0)
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
			words = append(words, li)
		}
	}
	sc.tcand = grow(sc.tcand, nWords)
	clear(sc.tcand)
	if have == p.unitMask && len(words) > 0 {
		if err := sc.titleCandidates(words, nWords); err != nil {
			return err
		}
	}
	sc.tnum = grow(sc.tnum, len(sc.numLists)*nWords)
	clear(sc.tnum)
	for j, li := range sc.numLists {
		if err := keysDocs(sc.tnum[j*nWords:(j+1)*nWords], sc.lists[li].title, nil); err != nil {
			return err
		}
	}
	return nil
}

// titleCandidates sets tcand to the matching documents whose title holds
// each of the words (lists), the word in fewest titles first, stopping
// when none is left.
func (sc *scratch) titleCandidates(words []int, nWords int) error {
	slices.SortFunc(words, func(a, b int) int { return sc.lists[a].titleDF - sc.lists[b].titleDF })
	if err := keysDocs(sc.tcand, sc.lists[words[0]].title, nil); err != nil {
		return err
	}
	for i, x := range sc.match {
		sc.tcand[i] &= x
	}
	sc.tword = grow(sc.tword, nWords)
	for _, li := range words[1:] {
		clear(sc.tword)
		if err := keysDocs(sc.tword, sc.lists[li].title, sc.tcand); err != nil {
			return err
		}
		some := uint64(0)
		for i, x := range sc.tword {
			sc.tcand[i] &= x
			some |= sc.tcand[i]
		}
		if some == 0 {
			return nil
		}
	}
	return nil
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
