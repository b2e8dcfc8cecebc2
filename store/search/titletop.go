package search

import (
	"math/bits"
	"slices"
)

// titleTop returns the best K matches, in no particular order, when at
// least K matching documents have every word of the query in their title
// (sc.tcand, exact after scratch.tierSets), and ok false when fewer do.
// Those documents outrank every other match, and their scores follow from
// the postings of the title candidates alone (titleScore: their tier, the
// query's pairs in their title, whether their text is about the query, the
// title's length, the freshness), so no window is bounded
// or scored but those of the K returned, for their relevance (candidate.rel).
// The scores are those the window evaluation gives (docScore).
func (sr *searchRun) titleTop(K int) ([]candidate, bool, error) {
	s, sc := sr.s, sr.sc
	n := 0
	for i, x := range sc.tcand {
		n += bits.OnesCount64(x & sc.match[i])
	}
	if n == 0 || n < K {
		return nil, false, nil
	}
	// One cursor per key of each pair list, looked up in docnum order.
	var cs [][]titleCursor
	for _, li := range sc.pairLists {
		l := &sc.lists[li]
		c := make([]titleCursor, len(l.keys))
		for ki := range c {
			c[ki].kd = &l.keys[ki]
		}
		cs = append(cs, c)
	}
	ac := sr.aboutCursors()
	top := sc.top[:0]
	defer func() { sc.top = top[:0] }()
	// No document is fresher than one published now.
	maxFresh := freshness(sr.now, sr.now)
	for i, x := range sc.tcand {
		for x &= sc.match[i]; x != 0; x &= x - 1 {
			d := uint32(i)<<6 + uint32(bits.TrailingZeros64(x))
			tier, tlen := sr.docTier(d), uint32(s.titleLen[d])
			if len(top) >= K && titleScore(tier, len(cs), true, tlen, maxFresh) < top[0].score {
				// Not even with every pair in its title, a text about the
				// query and the best freshness: skip the rest.
				continue
			}
			info := &s.docs[d]
			fresh := freshness(sr.now, info.published)
			c := candidate{doc: d, published: info.published, id: info.id}
			if len(top) >= K {
				// Not even with every pair in its title and a text about
				// the query: skip the look-ups.
				c.score = titleScore(tier, len(cs), true, tlen, fresh)
				if !better(&c, &top[0]) {
					continue
				}
			}
			pairs := 0
			for _, keys := range cs {
				for ki := range keys {
					in, err := keys[ki].inTitle(d)
					if err != nil {
						return nil, false, err
					}
					if in {
						pairs++
						break
					}
				}
			}
			if len(top) >= K {
				if c.score = titleScore(tier, pairs, true, tlen, fresh); !better(&c, &top[0]) {
					continue
				}
			}
			about, err := ac.about(d, info.textLen)
			if err != nil {
				return nil, false, err
			}
			c.score = titleScore(tier, pairs, about, tlen, fresh)
			if len(top) < K {
				top = append(top, c)
				heapUp(top, len(top)-1)
			} else if better(&c, &top[0]) {
				top[0] = c
				heapDown(top, 0)
			}
		}
		if i&1023 == 0 {
			if err := sr.ctx.Err(); err != nil {
				return nil, false, err
			}
		}
	}
	var acc winAccs
	for i := range top {
		c := &top[i]
		w := c.doc >> winShift
		acc = winAccs{}
		if err := sr.scoreWindow(w, acc.accs()); err != nil {
			return nil, false, err
		}
		c.rel = float64(acc.all[c.doc-w<<winShift]) * freshness(sr.now, c.published)
	}
	return slices.Clone(top), true, nil
}
