package search

import (
	"math/bits"
	"slices"
)

// minAbout is the share of the query's weight that a text about the query
// reaches (aboutQuery): BM25's half saturation, k1 (1.2) occurrences of
// each list in aboutTextLen syllables. The district's articles on a subject
// repeat it in their lead and body; a long text that names it in passing
// stays below.
const minAbout = 0.5

// aboutTextLen is the length, in syllables, of the text in which aboutQuery
// counts a list's occurrences: a longer text's are scaled down to it.
const aboutTextLen = 300

// aboutQuery reports whether the text of a whole title match, textLen
// syllables long, is about the query: about what its title shares with the
// query. tfs[j] is the text frequency of the query's list j (aboutLists),
// of weight ws[j] (IDF included), held[j] whether the title holds the list;
// the lists the title does not hold do not count. For a word typed as a
// prefix, tfs[j] counts the completions the title holds: the text is about
// "tuyển" when the title holds "tuyển", whatever its "tuyên". The lists'
// occurrences per aboutTextLen syllables (their count in a shorter text),
// saturated as BM25 does (f/(f+k1)), average at least minAbout, weighted by
// the lists' weights. Unlike BM25's, the occurrences are not measured
// against the corpus's average length, so texts of one subject written
// alike (the members of a series) pass or fail together at any corpus size.
func aboutQuery(tfs []uint32, held []bool, ws []float32, textLen uint32) bool {
	scale := min(1, aboutTextLen/float64(max(textLen, 1)))
	var sum, all float64
	for j, tf := range tfs {
		if !held[j] {
			continue
		}
		f := float64(tf) * scale
		sum += float64(ws[j]) * f / (f + bm25K1)
		all += float64(ws[j])
	}
	return all > 0 && sum >= minAbout*all
}

// aboutCursors tells, for documents looked up in increasing docnum order,
// whether their text is about the query (aboutQuery), from the postings of
// the lists of aboutLists.
type aboutCursors struct {
	// cs holds a cursor per key of each list, ws the lists' weights.
	cs  [][]titleCursor
	ws  []float32
	tfs []uint32
	// held tells which lists the title holds.
	held []bool
}

// aboutCursors returns cursors over the lists that tell what a text is
// about (aboutLists).
func (sr *searchRun) aboutCursors() *aboutCursors {
	a := &aboutCursors{}
	for _, li := range aboutLists(sr.sc.lists, sr.sc.pairLists, sr.rp.units) {
		l := &sr.sc.lists[li]
		c := make([]titleCursor, len(l.keys))
		for ki := range c {
			c[ki].kd = &l.keys[ki]
		}
		a.cs = append(a.cs, c)
		a.ws = append(a.ws, l.w)
	}
	a.tfs = make([]uint32, len(a.cs))
	a.held = make([]bool, len(a.cs))
	return a
}

// aboutLists returns the indexes in lists of those that tell what a text is
// about: the query's adjacent pairs (pairLists), most Vietnamese words
// being two syllables and a syllable alone standing for many words ("ma"
// in "ma túy", "mà", "mã"), or the words (those of bit in units) when the
// query has no pair.
func aboutLists(lists []listData, pairLists []int, units uint32) []int {
	if len(pairLists) > 0 {
		return pairLists
	}
	var out []int
	for li := range lists {
		if lists[li].bit&units != 0 {
			out = append(out, li)
		}
	}
	return out
}

// about reports whether the text of document d, a whole title match above
// those looked up before, textLen syllables long, is about the query.
func (a *aboutCursors) about(d, textLen uint32) (bool, error) {
	for j, keys := range a.cs {
		a.tfs[j], a.held[j] = 0, false
		for ki := range keys {
			tfTitle, tfText, err := keys[ki].tf(d)
			if err != nil {
				return false, err
			}
			if tfTitle != 0 {
				a.tfs[j] += tfText
				a.held[j] = true
			}
		}
	}
	return aboutQuery(a.tfs, a.held, a.ws, textLen), nil
}

// aboutSet sets sc.tabout to the matching documents whose title may hold
// every word (sc.tcand) and whose text is about the query.
func (sr *searchRun) aboutSet() error {
	sc := sr.sc
	sc.tabout = grow(sc.tabout, len(sc.tcand))
	clear(sc.tabout)
	var a *aboutCursors
	for i, x := range sc.tcand {
		for x &= sc.match[i]; x != 0; x &= x - 1 {
			if a == nil {
				a = sr.aboutCursors()
			}
			b := x & -x
			d := uint32(i)<<6 + uint32(bits.TrailingZeros64(x))
			ok, err := a.about(d, sr.s.docs[d].textLen)
			if err != nil {
				return err
			}
			if ok {
				sc.tabout[i] |= b
			}
		}
	}
	return nil
}

// about reports whether document d is in sc.tabout (aboutSet).
func (sr *searchRun) about(d uint32) bool {
	return sr.sc.tabout[d>>6]>>(d&63)&1 != 0
}

// find positions the cursor at document d, above those looked up before:
// found tells whether the key's postings hold d, inBlock whether in the
// block of c.it (posting i), else in the tail (posting i).
func (c *titleCursor) find(d uint32) (i int, inBlock, found bool, err error) {
	bs := c.kd.blocks
	for c.bi < len(bs) && bs[c.bi].last < d {
		c.bi, c.it.r = c.bi+1, nil
	}
	if c.bi < len(bs) && bs[c.bi].first <= d {
		if c.it.r == nil {
			c.it.reset(&bs[c.bi])
		}
		i, ok, err := c.it.holds(d)
		return i, true, ok, err
	}
	t := c.kd.tail
	j, ok := slices.BinarySearchFunc(t, d, func(p posting, d uint32) int { return int(p.doc) - int(d) })
	return j, false, ok, nil
}

// tf returns the title and text frequencies of the cursor's key in
// document d, above those looked up before.
func (c *titleCursor) tf(d uint32) (tfTitle, tfText uint32, err error) {
	i, inBlock, ok, err := c.find(d)
	switch {
	case !ok || err != nil:
		return 0, 0, err
	case inBlock:
		return c.it.tf(i)
	}
	return c.kd.tail[i].tfTitle, c.kd.tail[i].tfText, nil
}
