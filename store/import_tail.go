package store

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
	"encoding/binary"
	"runtime"
	"slices"
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
// the last merge, by term, in docnum order. The zero value is empty and
// ready; mu guards the rest.
type importTail struct {
	mu    sync.Mutex
	terms map[string]*termAcc
	docs  []importDoc // in docnum order
}

// reset empties t.
func (t *importTail) reset() {
	t.terms, t.docs = nil, nil
}

// add records the postings of a stored batch: docs[i] is the docnum of the
// batch's article i, 0 when it was not indexed; the docnums of indexed
// articles rise with i and are above any t holds.
func (t *importTail) add(bp *batchPostings, dts []docTerms, docs []uint32) {
	if t.terms == nil {
		t.terms = make(map[string]*termAcc, 1<<16)
	}
	for i, doc := range docs {
		if doc != 0 {
			t.docs = append(t.docs, importDoc{doc, dts[i].titleLen, dts[i].textLen})
		}
	}
	for k, key := range bp.keys {
		var ta *termAcc
		for _, p := range bp.post[bp.start[k]:bp.start[k+1]] {
			doc := docs[p.i]
			if doc == 0 {
				continue
			}
			if ta == nil {
				if ta = t.terms[key]; ta == nil {
					ta = &termAcc{}
					t.terms[key] = ta
				}
			}
			ta.add(doc, p.tfTitle, p.tfText)
		}
	}
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

// merge does mergeTail's work from t, which matches the tail (matches):
// the same postings, impacts and blocks, the tail emptied. t is not
// changed.
func (t *importTail) merge(b searchBuckets, d *indexDelta) error {
	recs := make([]docRecord, len(t.docs))
	for i, x := range t.docs {
		recs[i] = docRecord{titleLen: x.titleLen, textLen: x.textLen}
	}
	ref, err := indexNormRef(b, recs)
	if err != nil {
		return err
	}
	keys := make([]string, 0, len(t.terms))
	for k := range t.terms {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	first := t.docs[0].doc
	lens := make([]importDoc, t.docs[len(t.docs)-1].doc-first+1)
	for _, x := range t.docs {
		lens[x.doc-first] = x
	}
	var ps []posting
	var imp []uint8
	pc := b.postings.Cursor()
	for _, key := range keys {
		if ps, err = t.terms[key].postings(ps[:0]); err != nil {
			return err
		}
		imp = imp[:0]
		for _, p := range ps {
			x := &lens[p.doc-first]
			imp = append(imp, impactOf(p.tfTitle, p.tfText, x.titleLen, x.textLen, ref))
		}
		if err := appendPostings(b, pc, key, ps, imp, ref); err != nil {
			return err
		}
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
func mergeImportTail(b searchBuckets, d *indexDelta, t *importTail) error {
	if len(t.docs) > 0 && t.matches(b) {
		return t.merge(b, d)
	}
	return mergeTail(b, d)
}

// indexedDocs returns the docnum of each of articles that res says was
// created (and so indexed) in tx, 0 for the others.
func indexedDocs(tx *bolt.Tx, articles []content.Article, res []BatchPublished) ([]uint32, error) {
	b, err := indexBuckets(tx)
	if err != nil {
		return nil, err
	}
	docs := make([]uint32, len(articles))
	for i := range articles {
		if !res[i].Created || res[i].Err != nil {
			continue
		}
		v := b.ids.Get([]byte(articles[i].ID))
		if len(v) != 4 {
			return nil, errCorruptIndex
		}
		docs[i] = binary.BigEndian.Uint32(v)
	}
	return docs, nil
}

// analyzeBatch returns the index terms of each article (as analyzeArticle)
// and, when invert is set, the batch inverted. Articles are analysed on all
// CPUs (GOMAXPROCS), each worker with one analyzer for all its articles, so
// that the terms they share are interned once.
func analyzeBatch(articles []content.Article, invert bool) ([]docTerms, *batchPostings) {
	out := make([]docTerms, len(articles))
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
