package search

// Full-text search over the articles: the in-memory state derived from the
// index buckets (buildSearchIndex, appendPosting) and the write path that
// keeps both in step. Query evaluation is in planQuery and Index.run.
//
// The state holds, per document, what scoring needs (ID, publication time,
// field lengths) and the postings of the tail documents. It is loaded from
// bbolt on first use and, after each committed transaction that changed the
// index, updated with the changes that transaction recorded. bbolt stays
// the source of truth.
//
// Consistency: a transaction that changes the index commits while holding
// the state's write lock and updates the state before releasing it; a
// search holds the read lock while it reads bbolt. So a search always sees
// a bbolt snapshot and a state that agree, and writers wait at most for the
// searches in progress.

import (
	"context"
	"encoding/binary"
	"math"
	"slices"
	"sort"
	"sync"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/content/vi"
)

// Index is the search index of one bbolt file: its buckets, written in the
// transactions that store the articles, and the in-memory state derived
// from them. Its methods are safe for concurrent use.
type Index struct {
	db   *bolt.DB
	arts Articles
	// tailMax is how many added articles the index keeps apart before
	// merging them into its main postings.
	tailMax int
	mu      sync.RWMutex
	// st is nil until loaded.
	st *searchState
	// scratch holds per-search working arrays for reuse.
	scratch sync.Pool
	// imports keeps the postings of the tail that imports add, for its
	// merge (Import).
	imports importTail
	// merger merges the tail in the background.
	merger *tailMerger
}

// Articles reads the stored articles within the caller's transaction; the
// package that stores them implements it.
type Articles interface {
	// ByTime calls fn with the ID of every stored article, oldest
	// publication first; id is valid only during the call.
	ByTime(tx *bolt.Tx, fn func(id []byte))
	// Raw returns the stored value of the article id, nil when there is
	// none; it is valid for the life of tx.
	Raw(tx *bolt.Tx, id []byte) []byte
	// Decode decodes a value Raw returned into a; nothing of a aliases v.
	Decode(v []byte, a *content.Article) error
}

// Options tune New. The zero value is usable.
type Options struct {
	// TailMax is how many added articles the index keeps in its tail
	// before merging them into the main postings; default 1024. A small
	// tail costs more merges, a large one slower searches and loads.
	TailMax int
}

// New returns the index of db, whose buckets Build created and whose
// articles arts reads. The state is loaded on first use. Close stops its
// background merge.
func New(db *bolt.DB, arts Articles, opts Options) *Index {
	if opts.TailMax <= 0 {
		opts.TailMax = defaultTailMax
	}
	return &Index{db: db, arts: arts, tailMax: opts.TailMax, merger: newTailMerger()}
}

// Resume goes on with a tail merge that a crash or Close interrupted, in
// the background (call it once the file is open for writing).
func (si *Index) Resume() { si.merger.kick(si) }

// Close stops the background tail merge after its current step, and waits
// for it; the merge goes on at the next Resume.
func (si *Index) Close() { si.merger.close() }

// docInfo is what the state keeps of a document.
type docInfo struct {
	id                string
	published         int64 // Unix seconds
	titleLen, textLen uint32
	live              bool
}

// searchState is the in-memory part of the index.
type searchState struct {
	// docs is indexed by docnum; docs[0] is unused.
	docs []docInfo
	// live counts live documents; sumTitle and sumText sum their lengths.
	live              int
	sumTitle, sumText int64
	// invNormTitle[doc] and invNormText[doc] are the BM25 length
	// normalisations of each field, inverted: 1/(1-b+b·len/avg).
	invNormTitle, invNormText []float32
	// titleLen[doc] is the title's length, at most 65 535, for the
	// ranking of whole title matches (titleScore).
	titleLen []uint16
	// tail holds the postings of the tail documents by term key, in
	// docnum order; tailKeys is its keys, sorted, for prefix lookups.
	tail     map[string][]posting
	tailKeys []string
	// winPub[w] is the latest publication time of the documents of window
	// w (docnums w<<winShift on), deleted ones included: it bounds their
	// freshness.
	winPub []int64
}

func newSearchState() *searchState {
	return &searchState{docs: make([]docInfo, 1), tail: make(map[string][]posting)}
}

// appendDoc records document doc without touching the norms.
func (s *searchState) appendDoc(doc uint32, r docRecord) {
	for uint32(len(s.docs)) <= doc {
		s.docs = append(s.docs, docInfo{})
	}
	s.docs[doc] = docInfo{id: r.id, published: r.published, titleLen: r.titleLen, textLen: r.textLen, live: true}
	w := int(doc >> winShift)
	for len(s.winPub) <= w {
		s.winPub = append(s.winPub, math.MinInt64)
	}
	s.winPub[w] = max(s.winPub[w], r.published)
	s.live++
	s.sumTitle += int64(r.titleLen)
	s.sumText += int64(r.textLen)
}

// addDoc records a new tail document and its postings.
func (s *searchState) addDoc(doc uint32, r docRecord, terms []termFreq) {
	s.appendDoc(doc, r)
	var fresh []string
	for _, t := range terms {
		l, ok := s.tail[t.key]
		if !ok {
			fresh = append(fresh, t.key)
		}
		s.tail[t.key] = append(l, posting{doc, t.tfTitle, t.tfText})
	}
	if len(fresh) > 0 {
		slices.Sort(fresh)
		s.tailKeys = mergeSorted(s.tailKeys, fresh)
	}
}

// mergeSorted merges two sorted lists of distinct strings.
func mergeSorted(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i] < b[j] {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// removeDoc marks doc deleted and removes its tail postings (tailKeys are
// its terms when it is a tail document).
func (s *searchState) removeDoc(doc uint32, tailKeys []string) {
	if int(doc) >= len(s.docs) || !s.docs[doc].live {
		return
	}
	d := &s.docs[doc]
	d.live = false
	s.live--
	s.sumTitle -= int64(d.titleLen)
	s.sumText -= int64(d.textLen)
	for _, k := range tailKeys {
		l := s.tail[k]
		if i := slices.IndexFunc(l, func(p posting) bool { return p.doc == doc }); i >= 0 {
			l = slices.Delete(l, i, i+1)
		}
		if len(l) == 0 {
			delete(s.tail, k)
			if i, ok := slices.BinarySearch(s.tailKeys, k); ok {
				s.tailKeys = slices.Delete(s.tailKeys, i, i+1)
			}
		} else {
			s.tail[k] = l
		}
	}
}

// clearTail forgets the tail postings after a merge.
func (s *searchState) clearTail() {
	s.tail = make(map[string][]posting)
	s.tailKeys = nil
}

// BM25F parameters. The title is weighted above the text (lead and body).
const (
	bm25K1      = 1.2
	bm25BTitle  = 0.4
	bm25BText   = 0.75
	weightTitle = 2.5
)

// computeNorms recomputes the length normalisations from the average
// lengths.
func (s *searchState) computeNorms() {
	n := len(s.docs)
	if cap(s.invNormTitle) < n {
		s.invNormTitle = make([]float32, n, n+n/4)
		s.invNormText = make([]float32, n, n+n/4)
	}
	if cap(s.titleLen) < n {
		s.titleLen = make([]uint16, n, n+n/4)
	}
	s.invNormTitle, s.invNormText, s.titleLen = s.invNormTitle[:n], s.invNormText[:n], s.titleLen[:n]
	avg := s.avgLengths()
	avgTitle, avgText := avg.title, avg.text
	for i, d := range s.docs {
		s.invNormTitle[i] = float32(weightTitle / (1 - bm25BTitle + bm25BTitle*float64(d.titleLen)/avgTitle))
		s.invNormText[i] = float32(1 / (1 - bm25BText + bm25BText*float64(d.textLen)/avgText))
		s.titleLen[i] = uint16(min(d.titleLen, 1<<16-1))
	}
}

// avgLengths returns the average field lengths that the norms use.
func (s *searchState) avgLengths() normRef {
	if s.live == 0 {
		return normRef{1, 1}
	}
	return normRef{max(1, float64(s.sumTitle)/float64(s.live)), max(1, float64(s.sumText)/float64(s.live))}
}

// loadSearchState reads the state from the index buckets.
func loadSearchState(tx *bolt.Tx) (*searchState, error) {
	b, err := indexBuckets(tx)
	if err != nil {
		return nil, err
	}
	s := newSearchState()
	if k, _ := b.docs.Cursor().Last(); k != nil {
		s.docs = make([]docInfo, 1, docFromKey(k)+1)
		s.winPub = make([]int64, 0, docFromKey(k)>>winShift+1)
	}
	err = b.docs.ForEach(func(k, v []byte) error {
		r, err := decodeDocRecord(v)
		if err != nil {
			return err
		}
		s.appendDoc(docFromKey(k), r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	m, _ := b.tailMerge()
	err = b.tail.ForEach(func(k, v []byte) error {
		doc := docFromKey(k)
		return decodeTailTerms(v, func(key []byte, tt, tb uint32) {
			if m.merged(doc, key) {
				return
			}
			l, ok := s.tail[string(key)]
			if !ok {
				s.tailKeys = append(s.tailKeys, string(key))
			}
			s.tail[string(key)] = append(l, posting{doc, tt, tb})
		})
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(s.tailKeys)
	s.computeNorms()
	return s, nil
}

func docFromKey(k []byte) uint32 {
	return uint32(k[0])<<24 | uint32(k[1])<<16 | uint32(k[2])<<8 | uint32(k[3])
}

// Delta records what a transaction changed in the index, to apply to
// the in-memory state once it commits.
type Delta struct {
	ops []func(*searchState)
	// replace, when not nil, is the state of a rebuilt index.
	replace *searchState
	// deferMerge, when set, keeps indexAnalyzed from merging a full tail:
	// the caller merges it once at the end of the transaction (ImportArticles).
	deferMerge bool
	// mergeTail: a tail merge is under way, for the background merger
	// (tailMerger) to go on with once the transaction commits.
	mergeTail bool
}

// Update runs fn in a write transaction of the index's file, in which fn
// may change the index (Add, Remove), and applies the changes fn records
// in d to the in-memory state under the state's write lock, together with
// the commit. When fn or the commit fails, nothing is written and the
// state is unchanged; the error is returned as is.
func (si *Index) Update(ctx context.Context, fn func(tx *bolt.Tx, d *Delta) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	tx, err := si.db.Begin(true)
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			_ = tx.Rollback()
		}
	}()
	var d Delta
	if err := fn(tx, &d); err != nil {
		return err
	}
	si.mu.Lock()
	defer si.mu.Unlock()
	done = true
	if err := tx.Commit(); err != nil {
		return err
	}
	switch {
	case d.replace != nil:
		si.st = d.replace
	case si.st != nil && len(d.ops) > 0:
		for _, op := range d.ops {
			op(si.st)
		}
		si.st.computeNorms()
	}
	if d.mergeTail {
		si.merger.kick(si)
	}
	return nil
}

// readState runs fn in a read transaction with the loaded search state,
// holding the state's read lock.
func (si *Index) readState(ctx context.Context, fn func(tx *bolt.Tx, s *searchState) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	si.mu.RLock()
	if si.st == nil {
		si.mu.RUnlock()
		si.mu.Lock()
		if si.st == nil {
			err := si.db.View(func(tx *bolt.Tx) error {
				s, err := loadSearchState(tx)
				si.st = s
				return err
			})
			if err != nil {
				si.mu.Unlock()
				return err
			}
		}
		si.mu.Unlock()
		si.mu.RLock()
	}
	defer si.mu.RUnlock()
	return si.db.View(func(tx *bolt.Tx) error { return fn(tx, si.st) })
}

// Search returns the page [offset, offset+limit) of the articles matching q,
// best first, and how many match (see content.SearchResults for when Total
// is an estimate). An empty query matches nothing. A negative offset counts
// as 0; limit <= 0 returns no hits, only the total.
//
// Matching: every query word is matched on its folded form (without
// diacritics); the last word also as a prefix when q marks it so. A query
// of one or two words needs all of them; a longer one needs 60% of its
// distinct words (rounded up). Quoted phrases must appear as written, in
// order (compared without diacritics).
//
// Ranking, first to last (rankPlan, docScore, titleScore): an article whose
// title holds every word of the query (in any typing variant) comes before
// the others, and among those the title holding the most of the query's
// adjacent pairs, then one whose text (lead and body) is about the query,
// repeating the pairs its title shares with it (aboutQuery), then the
// shortest title, then the newest; then come the articles whose title holds
// more of the query's numbers, then those holding more of the words with the
// diacritics the user typed; the rest by BM25F over the title and the text
// (lead and body), the title weighted above the text, summed over the
// query's words, the words with their diacritics as typed, adjacent word
// pairs and document numbers, multiplied by a freshness factor between 1 and
// 1.1 that favours recent articles; ties go to the newer article. A hit's
// Score orders hits; its scale means nothing else.
//
// now is the current time in Unix seconds, for freshness. Errors are
// returned as they come.
func (si *Index) Search(ctx context.Context, q vi.Query, offset, limit int, now int64) (content.SearchResults, error) {
	var res content.SearchResults
	if q.Empty() {
		return res, nil
	}
	offset, limit = max(offset, 0), max(limit, 0)
	err := si.readState(ctx, func(tx *bolt.Tx, s *searchState) error {
		var err error
		res, err = si.run(ctx, tx, s, q, offset, limit, now)
		return err
	})
	if err != nil {
		return content.SearchResults{}, err
	}
	return res, nil
}

// u64 encodes v big-endian, so that keys sort as numbers.
func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

// clone copies b, keeping nil nil.
func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}
