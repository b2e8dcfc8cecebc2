package search

// The import's copy of the search tail. An import (ImportArticles) lets
// the tail grow to many thousands of documents, then merges it into the
// main postings. Merging from the tail bucket means decoding every
// document's terms again and grouping them by term, although the import had
// them grouped by term already, when it analysed each batch. So each batch
// comes inverted from AnalyzeBatch (batchPostings), ImportArticles adds its
// postings to the DB's importTail once the documents have their docnums,
// and a merge takes the postings from there.
//
// The bucket stays the truth: the tail's entries are still written with
// each document (a search, or a restart after a kill, reads them), and the
// copy is used only when the tail holds exactly the documents it holds,
// which a merge checks first (walking the tail's keys, not decoding them).
// Otherwise (a tail left by earlier publications, an article published or
// deleted between two batches, a transaction that failed) the merge reads
// the bucket (mergeTail) and the copy starts again empty.

import (
	"context"
	"encoding/binary"
	"runtime"
	"slices"
	"strings"
	"sync"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// batchPostings is a batch's analysis inverted: the postings of each term
// of the batch, by the index of the article in the batch, in batch order.
type batchPostings struct {
	keys []string
	// start[t] is where the postings of keys[t] start in post;
	// start[len(keys)] is len(post).
	start []int32
	post  []batchPosting
}

// batchPosting is a posting of a batch, before docnums are known.
type batchPosting struct {
	i               int32 // index of the article in the batch
	tfTitle, tfText uint32
}

// importDoc is a document of an importTail, with what its impacts need.
type importDoc struct {
	doc               uint32
	titleLen, textLen uint32
}

// importTail is the postings of the tail documents added by imports since
// the last merge: the batches as AnalyzeBatch inverted them, with the
// docnums their articles got. The zero value is empty and ready; mu
// guards the rest.
type importTail struct {
	mu      sync.Mutex
	batches []importedBatch
	docs    []importDoc // in docnum order
}

// importedBatch is a stored batch of an importTail.
type importedBatch struct {
	bp *batchPostings
	// docs[i] is the docnum of the batch's article i; 0 when it was not
	// indexed.
	docs []uint32
}

// reset empties t.
func (t *importTail) reset() {
	t.batches, t.docs = nil, nil
}

// add records the postings of a stored batch: docs[i] is the docnum of the
// batch's article i, 0 when it was not indexed; the docnums of indexed
// articles rise with i and are above any t holds. bp and docs are kept,
// not copied.
func (t *importTail) add(bp *batchPostings, dts []Terms, docs []uint32) {
	for i, doc := range docs {
		if doc != 0 {
			t.docs = append(t.docs, importDoc{doc, dts[i].titleLen, dts[i].textLen})
		}
	}
	t.batches = append(t.batches, importedBatch{bp, docs})
}

// matches reports whether the tail bucket holds exactly t's documents.
func (t *importTail) matches(b searchBuckets) bool {
	if b.tailCount() != len(t.docs) {
		return false
	}
	c := b.tail.Cursor()
	i := 0
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if i == len(t.docs) || len(k) != 4 || docFromKey(k) != t.docs[i].doc {
			return false
		}
		i++
	}
	return i == len(t.docs)
}

// eachTerm calls fn with each term of t, in key order, and its postings in
// docnum order (ps is reused after fn returns); it stops at fn's first
// error. The postings are copied from the batches term by term, so reads
// and writes go in order through memory.
func (t *importTail) eachTerm(fn func(key string, ps []posting) error) error {
	// A term's parts: the batches that hold it, and where.
	type part struct{ batch, k int32 }
	ids := make(map[string]int32, 1<<16)
	var keys []string
	var nparts []int32 // by term ID
	trans := make([][]int32, len(t.batches))
	for n, ib := range t.batches {
		trans[n] = make([]int32, len(ib.bp.keys))
		for k, key := range ib.bp.keys {
			id, ok := ids[key]
			if !ok {
				id = int32(len(keys))
				keys = append(keys, key)
				nparts = append(nparts, 0)
				ids[key] = id
			}
			trans[n][k] = id
			nparts[id]++
		}
	}
	first := make([]int32, len(keys)+1) // parts of term id: parts[first[id]:first[id+1]]
	for id, n := range nparts {
		first[id+1] = first[id] + n
	}
	next := slices.Clone(first[:len(keys)])
	parts := make([]part, first[len(keys)])
	for n, tr := range trans {
		for k, id := range tr {
			parts[next[id]] = part{int32(n), int32(k)}
			next[id]++
		}
	}
	order := make([]int32, len(keys))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int { return strings.Compare(keys[x], keys[y]) })
	var ps []posting
	for _, id := range order {
		ps = ps[:0]
		for _, pt := range parts[first[id]:first[id+1]] {
			ib := &t.batches[pt.batch]
			for _, p := range ib.bp.post[ib.bp.start[pt.k]:ib.bp.start[pt.k+1]] {
				if doc := ib.docs[p.i]; doc != 0 {
					ps = append(ps, posting{doc, p.tfTitle, p.tfText})
				}
			}
		}
		if len(ps) == 0 {
			continue // only in articles that were not indexed
		}
		if err := fn(keys[id], ps); err != nil {
			return err
		}
	}
	return nil
}

// merge does mergeTail's work from t, which matches the tail (matches):
// the same postings, impacts and blocks, the tail emptied. t is not
// changed.
func (t *importTail) merge(b searchBuckets, d *Delta) error {
	recs := make([]docRecord, len(t.docs))
	for i, x := range t.docs {
		recs[i] = docRecord{titleLen: x.titleLen, textLen: x.textLen}
	}
	ref, err := indexNormRef(b, recs)
	if err != nil {
		return err
	}
	first := t.docs[0].doc
	lens := make([]importDoc, t.docs[len(t.docs)-1].doc-first+1)
	for _, x := range t.docs {
		lens[x.doc-first] = x
	}
	var imp []uint8
	pc := b.postings.Cursor()
	err = t.eachTerm(func(key string, ps []posting) error {
		imp = imp[:0]
		for _, p := range ps {
			x := &lens[p.doc-first]
			imp = append(imp, impactOf(p.tfTitle, p.tfText, x.titleLen, x.textLen, ref))
		}
		return appendPostings(b, pc, key, ps, imp, ref)
	})
	if err != nil {
		return err
	}
	for _, x := range t.docs {
		if err := b.tail.Delete(docKey(x.doc)); err != nil {
			return err
		}
	}
	if err := b.setTailCount(0); err != nil {
		return err
	}
	d.ops = append(d.ops, func(s *searchState) { s.clearTail() })
	return nil
}

// mergeImportTail merges the tail into the main postings, from t when it
// matches the tail, else from the tail bucket (mergeTail).
func mergeImportTail(b searchBuckets, d *Delta, t *importTail) error {
	if len(t.docs) > 0 && t.matches(b) {
		return t.merge(b, d)
	}
	return mergeTail(b, d)
}

// Batch is a batch of articles analysed for the index (AnalyzeBatch).
type Batch struct {
	ids   []string
	terms []Terms
	// inverted is terms grouped by term, for the import's copy of the
	// tail (importTail); nil when not asked for.
	inverted *batchPostings
}

// Terms returns the index terms of the batch's article i, for Add.
func (bt *Batch) Terms(i int) *Terms { return &bt.terms[i] }

// AnalyzeBatch returns the index terms of each of articles (as Analyze
// would) and, when invert is set, the batch's postings grouped by term,
// for Import. Articles are analysed on all CPUs (GOMAXPROCS), each worker
// with one analyzer for all its articles, so that the terms they share are
// interned once. It touches no database and is safe to call from many
// goroutines; articles must have their IDs.
func AnalyzeBatch(articles []content.Article, invert bool) *Batch {
	terms, inv := analyzeBatch(articles, invert)
	ids := make([]string, len(articles))
	for i := range articles {
		ids[i] = articles[i].ID
	}
	return &Batch{ids: ids, terms: terms, inverted: inv}
}

// Import runs fn, which stores and indexes (Add, with bt's terms) the
// articles of bt, as Update does, without merging a full tail; fn reports
// which of the articles it indexed. At the end of the transaction the tail
// is merged, once, when it holds at least mergeAt documents (at least
// Options.TailMax). The index
// keeps the postings of the batches imported since the last merge, grouped
// by term, and a merge takes them from there rather than decoding the tail
// again, as long as the tail holds exactly their documents. Calls are
// serialised with each other and with MergeTail.
func (si *Index) Import(ctx context.Context, bt *Batch, mergeAt int, fn func(tx *bolt.Tx, d *Delta) (indexed []bool, err error)) error {
	mergeAt = max(mergeAt, si.tailMax)
	it := &si.imports
	it.mu.Lock()
	defer it.mu.Unlock()
	merged := false
	err := si.Update(ctx, func(tx *bolt.Tx, d *Delta) error {
		d.deferMerge = true
		indexed, err := fn(tx, d)
		if err != nil {
			return err
		}
		b, err := indexBuckets(tx)
		if err != nil {
			return err
		}
		if bt.inverted != nil {
			docs, err := indexedDocs(b, bt.ids, indexed)
			if err != nil {
				return err
			}
			it.add(bt.inverted, bt.terms, docs)
		}
		if b.tailCount() < mergeAt {
			return nil
		}
		merged = true
		return mergeImportTail(b, d, it)
	})
	if err != nil || merged {
		it.reset()
	}
	return err
}

// MergeTail merges the tail into the main postings, in one write
// transaction; it does nothing when the tail is empty.
func (si *Index) MergeTail(ctx context.Context) error {
	it := &si.imports
	it.mu.Lock()
	defer it.mu.Unlock()
	err := si.Update(ctx, func(tx *bolt.Tx, d *Delta) error {
		b, err := indexBuckets(tx)
		if err != nil {
			return err
		}
		if b.tailCount() == 0 {
			return nil
		}
		return mergeImportTail(b, d, it)
	})
	it.reset()
	return err
}

// indexedDocs returns the docnum of each of the articles ids that indexed
// says was indexed in the transaction, 0 for the others.
func indexedDocs(b searchBuckets, ids []string, indexed []bool) ([]uint32, error) {
	docs := make([]uint32, len(ids))
	for i, id := range ids {
		if !indexed[i] {
			continue
		}
		v := b.ids.Get([]byte(id))
		if len(v) != 4 {
			return nil, errCorruptIndex
		}
		docs[i] = binary.BigEndian.Uint32(v)
	}
	return docs, nil
}

// analyzeBatch returns the index terms of each article (as analyzeArticle)
// and, when invert is set, the batch inverted.
func analyzeBatch(articles []content.Article, invert bool) ([]Terms, *batchPostings) {
	out := make([]Terms, len(articles))
	workers := max(1, min(runtime.GOMAXPROCS(0), len(articles)))
	zs := make([]*analyzer, workers)
	local := make([][]localTF, len(articles))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			z := newAnalyzer()
			zs[w] = z
			for i := w; i < len(articles); i += workers {
				d := &out[i]
				d.titleLen, d.textLen, local[i] = z.analyze(&articles[i])
				d.terms = make([]termFreq, len(local[i]))
				for j, t := range local[i] {
					d.terms[j] = termFreq{key: z.keys[t.id], tfTitle: t.tfTitle, tfText: t.tfText}
				}
			}
		})
	}
	wg.Wait()
	if !invert {
		return out, nil
	}
	return out, invertBatch(zs, local)
}

// invertBatch groups the postings of a batch by term: local[i] holds the
// terms of article i, by the IDs of analyzer zs[i%len(zs)].
func invertBatch(zs []*analyzer, local [][]localTF) *batchPostings {
	bp := &batchPostings{}
	ids := make(map[string]int32, len(zs[0].keys))
	trans := make([][]int32, len(zs))
	for w, z := range zs {
		trans[w] = make([]int32, len(z.keys))
		for id, key := range z.keys {
			t, ok := ids[key]
			if !ok {
				t = int32(len(bp.keys))
				bp.keys = append(bp.keys, key)
				ids[key] = t
			}
			trans[w][id] = t
		}
	}
	bp.start = make([]int32, len(bp.keys)+1)
	for i, terms := range local {
		tr := trans[i%len(zs)]
		for _, t := range terms {
			bp.start[tr[t.id]+1]++
		}
	}
	for t := 1; t < len(bp.start); t++ {
		bp.start[t] += bp.start[t-1]
	}
	next := slices.Clone(bp.start[:len(bp.keys)])
	bp.post = make([]batchPosting, bp.start[len(bp.keys)])
	for i, terms := range local {
		tr := trans[i%len(zs)]
		for _, t := range terms {
			k := tr[t.id]
			bp.post[next[k]] = batchPosting{int32(i), t.tfTitle, t.tfText}
			next[k]++
		}
	}
	return bp
}
