package search

import (
	"math/bits"
	"slices"
)

// minAbout is the share of the query's weight that a text about the query
// reaches (aboutQuery): about 1.8 occurrences of each word in a text of
// average length, 0.6 in one a third of it. The district's articles on a
// subject repeat its words in their lead and body; a text that names them
// in passing stays well below.
const minAbout = 0.6

// aboutQuery reports whether a text is about the query: tfs[j] is the text
// frequency of the query's word j, of weight ws[j] (its list's weight, IDF
// included), invB the text's length normalisation. The words' normalised
// frequencies, saturated as BM25 does (f/(f+k1)), average at least minAbout,
// weighted by the words' weights. Any text of the same subject passes, so
// the members of a series stay tied on it.
func aboutQuery(tfs []uint32, ws []float32, invB float32) bool {
	var sum, all float64
	for j, tf := range tfs {
		f := float64(tf) * float64(invB)
		sum += float64(ws[j]) * f / (f + bm25K1)
		all += float64(ws[j])
	}
	return all > 0 && sum >= minAbout*all
}

// aboutCursors tells, for documents looked up in increasing docnum order,
// whether their text is about the query (aboutQuery), from the postings of
// the query's words.
type aboutCursors struct {
	// cs holds a cursor per key of each word list, ws the lists' weights.
	cs  [][]titleCursor
	ws  []float32
	tfs []uint32
}

// aboutCursors returns cursors over the word lists of the search.
func (sr *searchRun) aboutCursors() *aboutCursors {
	a := &aboutCursors{}
	for li := range sr.sc.lists {
		l := &sr.sc.lists[li]
		if l.bit&sr.rp.units == 0 {
			continue
		}
		c := make([]titleCursor, len(l.keys))
		for ki := range c {
			c[ki].kd = &l.keys[ki]
		}
		a.cs = append(a.cs, c)
		a.ws = append(a.ws, l.w)
	}
	a.tfs = make([]uint32, len(a.cs))
	return a
}

// about reports whether the text of document d, above those looked up
// before, is about the query; invB is its length normalisation.
func (a *aboutCursors) about(d uint32, invB float32) (bool, error) {
	for j, keys := range a.cs {
		a.tfs[j] = 0
		for ki := range keys {
			tf, err := keys[ki].textTF(d)
			if err != nil {
				return false, err
			}
			a.tfs[j] += tf
		}
	}
	return aboutQuery(a.tfs, a.ws, invB), nil
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
			ok, err := a.about(d, sr.invB[d])
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

// textTF returns the text frequency of the cursor's key in document d,
// above those looked up before.
func (c *titleCursor) textTF(d uint32) (uint32, error) {
	i, inBlock, ok, err := c.find(d)
	switch {
	case !ok || err != nil:
		return 0, err
	case inBlock:
		_, tf, err := c.it.tf(i)
		return tf, err
	}
	return c.kd.tail[i].tfText, nil
}
