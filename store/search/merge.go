package search

// The tail merge in steps. When the tail of the search index fills up
// (tailMax documents), the transaction that fills it only records that a
// merge has begun: search_meta "tailmerge" → upTo (u32 BE), the highest
// docnum being merged, then next, a term key. A background goroutine
// (tailMerger) then moves the tail's postings into the main postings in a
// sequence of short write transactions, each taking the terms from next on,
// in key order, until about mergeStepTime has passed or mergeStepKeys terms
// are moved, and recording where it stopped. So other writers wait for one
// step, not for the whole merge (about two seconds at 100 000 articles).
//
// While a merge is under way, the posting of a tail document doc for term
// key is in the main postings when doc <= upTo and key < next
// (tailMerge.merged), and still in search_tail otherwise; search_tail keeps
// the documents' entries whole until the last step deletes them. Documents
// added meanwhile (docnums above upTo) stay in the tail for the next merge.
// A search sees each posting exactly once, in either place, so its results
// do not depend on how far a merge has gone. A merge interrupted by a crash
// or by Close goes on from where it stopped at the next write that indexes
// an article, or at the next Open for writing. mergeTail (a whole merge in
// one transaction, for imports) finishes a merge under way.

import (
	"context"
	"encoding/binary"
	"slices"
	"sort"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// keyTailMerge holds the progress of the tail merge under way, if any.
var keyTailMerge = []byte("tailmerge")

// Bounds of one step of the tail merge (variables for the tests).
var (
	// mergeStepKeys is the most terms one step moves.
	mergeStepKeys = 1024
	// mergeStepTime is how long a step moves terms before it commits.
	mergeStepTime = 20 * time.Millisecond
)

// tailMerge is the progress of a tail merge: the postings of the tail
// documents up to docnum upTo, for the term keys below next, are in the
// main postings.
type tailMerge struct {
	upTo uint32
	next string
}

// merged reports whether the tail posting of doc for key has been moved to
// the main postings.
func (m tailMerge) merged(doc uint32, key []byte) bool {
	return doc <= m.upTo && string(key) < m.next
}

// tailMerge returns the merge under way, and false when there is none.
func (b searchBuckets) tailMerge() (tailMerge, bool) {
	v := b.meta.Get(keyTailMerge)
	if len(v) < 4 {
		return tailMerge{}, false
	}
	return tailMerge{upTo: binary.BigEndian.Uint32(v), next: string(v[4:])}, true
}

func (b searchBuckets) setTailMerge(m tailMerge) error {
	v := binary.BigEndian.AppendUint32(nil, m.upTo)
	return b.meta.Put(keyTailMerge, append(v, m.next...))
}

// beginTailMerge records that the tail documents up to upTo are to be
// merged, unless a merge is already under way, and asks d to start the
// background merger once the transaction commits.
func beginTailMerge(b searchBuckets, d *Delta, upTo uint32) error {
	d.mergeTail = true
	if _, ok := b.tailMerge(); ok {
		return nil
	}
	return b.setTailMerge(tailMerge{upTo: upTo})
}

// mergeTailStep moves the next terms of the merge under way into the main
// postings, in one write transaction, and finishes the merge when no term is
// left. It reports whether the merge is over (or there was none).
func (si *Index) mergeTailStep(ctx context.Context) (done bool, err error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	// Most calls find nothing to do: a read transaction tells.
	err = si.db.View(func(tx *bolt.Tx) error {
		b, err := indexBuckets(tx)
		if err == nil {
			_, ok := b.tailMerge()
			done = !ok
		}
		return err
	})
	if err != nil || done {
		return done, err
	}
	err = si.Update(ctx, func(tx *bolt.Tx, d *Delta) error {
		b, err := indexBuckets(tx)
		if err != nil {
			return err
		}
		m, ok := b.tailMerge()
		if !ok {
			done = true
			return nil
		}
		if err := si.load(tx); err != nil {
			return err
		}
		done, err = mergeTailTerms(ctx, b, d, si, m)
		return err
	})
	return done, err
}

// load loads the search state from tx, a write transaction that has
// changed nothing yet, when it is not loaded.
func (si *Index) load(tx *bolt.Tx) error {
	si.mu.RLock()
	loaded := si.st != nil
	si.mu.RUnlock()
	if loaded {
		return nil
	}
	si.mu.Lock()
	defer si.mu.Unlock()
	if si.st == nil {
		s, err := loadSearchState(tx)
		if err != nil {
			return err
		}
		si.st = s
	}
	return nil
}

// mergeTailTerms is one step of merge m: it moves the postings of the tail
// documents up to m.upTo for the terms from m.next on, taken from si's
// state (as committed, loaded), until the step's bounds, and records the
// progress, or ends the merge when no term is left.
func mergeTailTerms(ctx context.Context, b searchBuckets, d *Delta, si *Index, m tailMerge) (done bool, err error) {
	// Copy the postings to move, under the state's read lock: a writer
	// changes the state only under its write lock.
	si.mu.RLock()
	s := si.st
	ref, err := tailNormRef(b, s, m.upTo)
	si.mu.RUnlock()
	if err != nil {
		return false, err
	}
	lists, end := si.stepLists(m, ref)
	start := time.Now()
	pc := b.postings.Cursor()
	for i, l := range lists {
		if i&63 == 63 {
			if err := ctx.Err(); err != nil {
				return false, err
			}
			if time.Since(start) > mergeStepTime {
				lists, end = lists[:i+1], false
				if err := appendPostings(b, pc, l.key, l.ps, l.imp, ref); err != nil {
					return false, err
				}
				break
			}
		}
		if err := appendPostings(b, pc, l.key, l.ps, l.imp, ref); err != nil {
			return false, err
		}
	}
	keys := make([]string, len(lists))
	for i, l := range lists {
		keys[i] = l.key
	}
	upTo := m.upTo
	d.ops = append(d.ops, func(s *searchState) { s.dropMerged(keys, upTo) })
	if !end {
		// Keys hold no 0x00: the least key above the last one moved.
		m.next = keys[len(keys)-1] + "\x00"
		return false, b.setTailMerge(m)
	}
	return true, endTailMerge(b, m)
}

// mergeList is the postings of one term that a merge step moves, with
// their impacts.
type mergeList struct {
	key string
	ps  []posting
	imp []uint8
}

// stepLists copies, under the state's read lock, the postings that a step
// of merge m moves: those of the tail documents up to m.upTo, for the terms
// from m.next on, up to mergeStepKeys terms or about a quarter of
// mergeStepTime. end reports whether no term is left after them.
func (si *Index) stepLists(m tailMerge, ref normRef) (lists []mergeList, end bool) {
	si.mu.RLock()
	defer si.mu.RUnlock()
	s := si.st
	deadline := time.Now().Add(mergeStepTime / 4)
	for i := sort.SearchStrings(s.tailKeys, m.next); i < len(s.tailKeys); i++ {
		if len(lists) >= mergeStepKeys || len(lists) > 0 && i&255 == 255 && time.Now().After(deadline) {
			return lists, false
		}
		key := s.tailKeys[i]
		l := s.tail[key]
		n := sort.Search(len(l), func(j int) bool { return l[j].doc > m.upTo })
		if n == 0 {
			continue
		}
		ml := mergeList{key: key, ps: slices.Clone(l[:n]), imp: make([]uint8, n)}
		for j, p := range ml.ps {
			di := &s.docs[p.doc]
			ml.imp[j] = impactOf(p.tfTitle, p.tfText, di.titleLen, di.textLen, ref)
		}
		lists = append(lists, ml)
	}
	return lists, true
}

// endTailMerge ends merge m, every term moved: the documents up to m.upTo
// leave the tail.
func endTailMerge(b searchBuckets, m tailMerge) error {
	c := b.tail.Cursor()
	n := 0
	for k, _ := c.First(); k != nil && docFromKey(k) <= m.upTo; k, _ = c.First() {
		if err := b.tail.Delete(k); err != nil {
			return err
		}
		n++
	}
	if err := b.setTailCount(max(0, b.tailCount()-n)); err != nil {
		return err
	}
	return b.meta.Delete(keyTailMerge)
}

// tailNormRef returns the reference averages of the impacts, setting them
// from the lengths of the documents up to upTo when the index has none yet.
func tailNormRef(b searchBuckets, s *searchState, upTo uint32) (normRef, error) {
	if r := decodeNormRef(b.meta.Get(keyNormRef)); r.valid() {
		return r, nil
	}
	var recs []docRecord
	for doc := 1; doc <= int(upTo) && doc < len(s.docs); doc++ {
		if di := &s.docs[doc]; di.live {
			recs = append(recs, docRecord{titleLen: di.titleLen, textLen: di.textLen})
		}
	}
	return indexNormRef(b, recs)
}

// dropMerged removes from the tail the postings of documents up to upTo for
// keys, which a merge step has moved to the main postings.
func (s *searchState) dropMerged(keys []string, upTo uint32) {
	gone := false
	for _, k := range keys {
		l := s.tail[k]
		n := sort.Search(len(l), func(j int) bool { return l[j].doc > upTo })
		if n == len(l) {
			delete(s.tail, k)
			gone = true
		} else {
			s.tail[k] = l[n:]
		}
	}
	if gone {
		s.tailKeys = slices.DeleteFunc(s.tailKeys, func(k string) bool {
			_, ok := s.tail[k]
			return !ok
		})
	}
}

// tailMerger runs the steps of tail merges in the background, one goroutine
// at a time. Its methods are safe for concurrent use.
type tailMerger struct {
	mu sync.Mutex
	// running: the goroutine is on; pending: a merge was begun since its
	// last step; closed: Close was called; manual: the tests run the steps.
	running, pending, closed, manual bool
	wg                               sync.WaitGroup
	ctx                              context.Context
	cancel                           context.CancelFunc
}

func newTailMerger() *tailMerger {
	m := &tailMerger{}
	m.ctx, m.cancel = context.WithCancel(context.Background())
	return m
}

// kick makes sure the background goroutine runs the merge under way.
func (m *tailMerger) kick(si *Index) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed || m.manual {
		return
	}
	m.pending = true
	if m.running {
		return
	}
	m.running = true
	m.wg.Add(1)
	go m.run(si)
}

// run steps through merges until none is under way or a step fails (the
// next kick tries again). A panic is contained and stops the run.
func (m *tailMerger) run(si *Index) {
	defer m.wg.Done()
	defer func() {
		if recover() != nil {
			m.mu.Lock()
			m.running = false
			m.mu.Unlock()
		}
	}()
	for {
		m.mu.Lock()
		m.pending = false
		m.mu.Unlock()
		done, err := si.mergeTailStep(m.ctx)
		m.mu.Lock()
		if err != nil || m.closed || done && !m.pending {
			m.running = false
			m.mu.Unlock()
			return
		}
		m.mu.Unlock()
	}
}

// close stops the goroutine after its current step and waits for it.
func (m *tailMerger) close() {
	m.mu.Lock()
	m.closed = true
	m.mu.Unlock()
	m.cancel()
	m.wg.Wait()
}
