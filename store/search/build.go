package search

// Building the index from the stored articles (Build, Index.Reindex): the
// articles analysed in parallel, their postings gathered by term and
// written once, in blocks.

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"runtime"
	"slices"
	"strings"
	"sync"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// Reindex rebuilds the search index from the stored articles, in one
// transaction: searches see the old index until it commits. progress, when
// not nil, is called from Reindex's goroutine as articles are analysed, with
// the number done and the total. Cancelling ctx abandons the rebuild.
func (si *Index) Reindex(ctx context.Context, progress func(done, total int)) error {
	return si.Update(ctx, func(tx *bolt.Tx, d *Delta) error {
		var st *searchState
		if err := buildSearchIndex(ctx, tx, si.arts, progress, &st); err != nil {
			return err
		}
		d.replace = st
		return nil
	})
}

// Build creates the index buckets in tx, replacing any, with an index of
// every article arts reads, oldest publication first (a schema migration).
// An Index of the file loaded before tx commits does not see the new index.
func Build(ctx context.Context, tx *bolt.Tx, arts Articles) error {
	return buildSearchIndex(ctx, tx, arts, nil, nil)
}

// reindexBatch is how many articles are analysed between progress reports.
const reindexBatch = 512

// buildSearchIndex replaces the index buckets with an index of every stored
// article, oldest publication first. When out is not nil it receives the
// in-memory state of the new index.
func buildSearchIndex(ctx context.Context, tx *bolt.Tx, arts Articles, progress func(done, total int), out **searchState) error {
	b, err := resetIndexBuckets(tx)
	if err != nil {
		return err
	}
	var ids [][]byte
	arts.ByTime(tx, func(id []byte) { ids = append(ids, clone(id)) })
	bd := newBuilder(tx, arts, ids)
	if err := bd.run(ctx, b, progress); err != nil {
		return err
	}
	st := bd.st
	if err := writeIDs(b, bd.idDocs); err != nil {
		return err
	}
	// The reference averages of the impacts: the current ones. An empty
	// index gets them at its first merge.
	ref := st.avgLengths()
	if st.live > 0 {
		if err := b.meta.Put(keyNormRef, ref.encode()); err != nil {
			return err
		}
	}
	if err := writeTermAccs(ctx, b, bd.shards, st, ref, bd.workers); err != nil {
		return err
	}
	if err := b.setTailCount(0); err != nil {
		return err
	}
	if progress != nil && len(ids) == 0 {
		progress(0, 0)
	}
	if out != nil {
		st.computeNorms()
		*out = st
	}
	return nil
}

// resetIndexBuckets creates the index buckets, empty, replacing any.
func resetIndexBuckets(tx *bolt.Tx) (searchBuckets, error) {
	for _, name := range [][]byte{bucketSearchMeta, bucketSearchDocs, bucketSearchIDs,
		bucketSearchTerms, bucketSearchPostings, bucketSearchTail} {
		if tx.Bucket(name) != nil {
			if err := tx.DeleteBucket(name); err != nil {
				return searchBuckets{}, err
			}
		}
		if _, err := tx.CreateBucket(name); err != nil {
			return searchBuckets{}, err
		}
	}
	if err := tx.Bucket(bucketSearchMeta).Put(keyIndexFormat, u64(indexFormat)); err != nil {
		return searchBuckets{}, err
	}
	b, err := indexBuckets(tx)
	if err != nil {
		return b, err
	}
	b.ids.FillPercent = 1
	return b, nil
}

// idDoc is an article's ID and its docnum.
type idDoc struct {
	id  []byte
	doc uint32
}

// writeIDs writes the docnum of each ID, in key order, so that pages fill
// and nodes stay small.
func writeIDs(b searchBuckets, idDocs []idDoc) error {
	slices.SortFunc(idDocs, func(x, y idDoc) int { return bytes.Compare(x.id, y.id) })
	for _, x := range idDocs {
		if err := b.ids.Put(x.id, docKey(x.doc)); err != nil {
			return err
		}
	}
	return nil
}

// builder analyses the articles of a rebuild on all CPUs and accumulates
// their postings. The terms are split in shards by hash, each accumulated
// by its own goroutine, in docnum order; each worker analyses every
// workers-th article of a batch with its own analyzer, its terms named by
// the worker's local IDs. Workers analyse a batch while the shards
// accumulate the previous one.
type builder struct {
	tx      *bolt.Tx
	arts    Articles
	ids     [][]byte // oldest publication first
	workers int
	shards  []map[string]*termAcc
	wts     []*workerTerms
	seed    maphash.Seed
	// accOf[shard][worker][local ID] caches the shard's accumulator of a
	// worker's term.
	accOf [][][]*termAcc
	// st is the new index's state; idDocs the docnum of each article.
	st     *searchState
	idDocs []idDoc
}

// workerTerms is a worker's analyzer and the shard of each of its terms.
type workerTerms struct {
	z *analyzer
	// shard[id] is the shard of local ID id.
	shard []uint8
}

// analysed is an article of a rebuild, analysed.
type analysed struct {
	a                 content.Article
	titleLen, textLen uint32
	terms             []localTF
	// keys and shard are the worker's tables as they were after this
	// article: later appends never change what they show.
	keys  []string
	shard []uint8
	err   error
}

func newBuilder(tx *bolt.Tx, arts Articles, ids [][]byte) *builder {
	workers := max(1, runtime.GOMAXPROCS(0))
	bd := &builder{tx: tx, arts: arts, ids: ids, workers: workers, seed: maphash.MakeSeed(),
		shards: make([]map[string]*termAcc, workers), wts: make([]*workerTerms, workers),
		accOf: make([][][]*termAcc, workers), st: newSearchState()}
	for i := range bd.shards {
		bd.shards[i] = make(map[string]*termAcc, 1<<15)
		bd.wts[i] = &workerTerms{z: newAnalyzer()}
		bd.accOf[i] = make([][]*termAcc, workers)
	}
	bd.st.docs = make([]docInfo, 1, len(ids)+1)
	bd.idDocs = make([]idDoc, 0, len(ids))
	return bd
}

// run analyses and accumulates every article, in batches of reindexBatch,
// writing their document records, and reports progress after each batch.
func (bd *builder) run(ctx context.Context, b searchBuckets, progress func(done, total int)) error {
	total := len(bd.ids)
	var pending chan []analysed
	start := func(from int) error {
		raw, err := bd.fetch(from)
		if err != nil {
			return err
		}
		pending = make(chan []analysed, 1)
		go func(ch chan []analysed) { ch <- bd.analyse(raw) }(pending)
		return nil
	}
	if total > 0 {
		if err := start(0); err != nil {
			return err
		}
	}
	doc := uint32(0)
	for from := 0; from < total; from += reindexBatch {
		res := <-pending
		next := from + reindexBatch
		if next < total {
			if err := start(next); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			if next < total {
				<-pending
			}
			return err
		}
		first := doc + 1
		var err error
		if doc, err = bd.record(b, res, doc); err != nil {
			return err
		}
		bd.accumulate(res, first)
		if progress != nil {
			progress(min(next, total), total)
		}
	}
	if doc > 0 {
		return b.docs.SetSequence(uint64(doc))
	}
	return nil
}

// fetch returns a copy of the stored values of the batch of articles from
// index from on.
func (bd *builder) fetch(from int) ([][]byte, error) {
	to := min(from+reindexBatch, len(bd.ids))
	raw := make([][]byte, 0, to-from)
	for _, id := range bd.ids[from:to] {
		v := bd.arts.Raw(bd.tx, id)
		if v == nil {
			return nil, fmt.Errorf("article %s listed by time but missing", id)
		}
		raw = append(raw, clone(v))
	}
	return raw, nil
}

// analyse decodes and analyses a batch on every worker.
func (bd *builder) analyse(raw [][]byte) []analysed {
	res := make([]analysed, len(raw))
	var wg sync.WaitGroup
	for w := range bd.workers {
		wg.Go(func() {
			wt := bd.wts[w]
			for i := w; i < len(raw); i += bd.workers {
				r := &res[i]
				if r.err = bd.arts.Decode(raw[i], &r.a); r.err != nil {
					continue
				}
				r.titleLen, r.textLen, r.terms = wt.z.analyze(&r.a)
				for id := len(wt.shard); id < len(wt.z.keys); id++ {
					wt.shard = append(wt.shard, uint8(maphash.String(bd.seed, wt.z.keys[id])%uint64(bd.workers)))
				}
				r.keys, r.shard = wt.z.keys, wt.shard
			}
		})
	}
	wg.Wait()
	return res
}

// record writes the document records of a batch, its documents numbered
// from doc+1 on, and returns the last docnum.
func (bd *builder) record(b searchBuckets, res []analysed, doc uint32) (uint32, error) {
	for _, r := range res {
		if r.err != nil {
			return doc, fmt.Errorf("article %s: %w", r.a.ID, r.err)
		}
		doc++
		rec := docRecord{id: r.a.ID, published: r.a.Published.Unix(), titleLen: r.titleLen, textLen: r.textLen}
		if err := b.docs.Put(docKey(doc), encodeDocRecord(rec)); err != nil {
			return doc, err
		}
		bd.idDocs = append(bd.idDocs, idDoc{[]byte(r.a.ID), doc})
		bd.st.appendDoc(doc, rec)
	}
	return doc, nil
}

// accumulate adds the postings of a batch, whose first document is first,
// to the shards, each shard in its own goroutine.
func (bd *builder) accumulate(res []analysed, first uint32) {
	var wg sync.WaitGroup
	for sh := range bd.shards {
		wg.Go(func() { bd.accumulateShard(sh, res, first) })
	}
	wg.Wait()
}

// accumulateShard adds the postings of a batch's terms of shard sh.
func (bd *builder) accumulateShard(sh int, res []analysed, first uint32) {
	acc := bd.shards[sh]
	for i := range res {
		r := &res[i]
		w := i % bd.workers
		table := bd.accOf[sh][w]
		if n := len(r.keys); len(table) < n {
			table = append(table, make([]*termAcc, n-len(table))...)
			bd.accOf[sh][w] = table
		}
		doc := first + uint32(i)
		for _, t := range r.terms {
			if int(r.shard[t.id]) != sh {
				continue
			}
			ta := table[t.id]
			if ta == nil {
				key := r.keys[t.id]
				if ta = acc[key]; ta == nil {
					ta = &termAcc{}
					acc[key] = ta
				}
				table[t.id] = ta
			}
			ta.add(doc, t.tfTitle, t.tfText)
		}
	}
}

// writeTermAccs writes the terms and posting blocks of a rebuild, in key
// order. The blocks are encoded by workers goroutines, a chunk of terms at a
// time, while the previous chunk is written.
func writeTermAccs(ctx context.Context, b searchBuckets, shards []map[string]*termAcc, st *searchState, ref normRef, workers int) error {
	terms := sortedTerms(shards)
	const chunkTerms = 2048
	done := make(chan struct{})
	defer close(done)
	order := make(chan chan termChunk, workers)
	go func() {
		defer close(order)
		for from := 0; from < len(terms); from += chunkTerms {
			ch := make(chan termChunk, 1)
			select {
			case order <- ch:
			case <-done:
				return
			}
			ts := terms[from:min(from+chunkTerms, len(terms))]
			go func() { ch <- encodeTerms(ts, st, ref) }()
		}
	}()
	i := 0
	for ch := range order {
		c := <-ch
		if c.errc != nil {
			return c.errc
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		for _, df := range c.df {
			if err := b.terms.Put([]byte(terms[i].key), df); err != nil {
				return err
			}
			i++
		}
		for _, x := range c.kvs {
			if err := b.postings.Put(x.k, x.v); err != nil {
				return err
			}
		}
	}
	return nil
}

// accTerm is a term of a rebuild and its accumulated postings.
type accTerm struct {
	key string
	acc *termAcc
}

// sortedTerms returns the terms of the shards, in key order.
func sortedTerms(shards []map[string]*termAcc) []accTerm {
	n := 0
	for _, sh := range shards {
		n += len(sh)
	}
	terms := make([]accTerm, 0, n)
	for _, sh := range shards {
		for k, v := range sh {
			terms = append(terms, accTerm{k, v})
		}
	}
	slices.SortFunc(terms, func(x, y accTerm) int { return strings.Compare(x.key, y.key) })
	return terms
}

// termChunk is a chunk of terms encoded: the document frequency of each,
// and their posting blocks' keys and values, in order.
type termChunk struct {
	df   [][]byte
	kvs  []struct{ k, v []byte }
	errc error
}

// encodeTerms encodes the document frequencies and posting blocks of ts,
// with the impacts for reference averages ref.
func encodeTerms(ts []accTerm, st *searchState, ref normRef) termChunk {
	var c termChunk
	var ps []posting
	var imp []uint8
	var buf []byte
	for _, t := range ts {
		c.df = append(c.df, binary.AppendUvarint(nil, uint64(t.acc.df)))
		ps, imp = ps[:0], imp[:0]
		var err error
		if ps, err = t.acc.postings(ps); err != nil {
			c.errc = err
			return c
		}
		t.acc.buf = nil
		for _, p := range ps {
			d := &st.docs[p.doc]
			imp = append(imp, impactOf(p.tfTitle, p.tfText, d.titleLen, d.textLen, ref))
		}
		_ = cutBlocks(ps, func(from, to int) error {
			seg, segImp := ps[from:to], imp[from:to]
			if !needsImpacts(seg) {
				segImp = nil
			}
			at := len(buf)
			buf = encodeBlock(buf, seg, segImp)
			c.kvs = append(c.kvs, struct{ k, v []byte }{blockKey(t.key, seg[0].doc), buf[at:len(buf):len(buf)]})
			return nil
		})
		if len(buf) > 1<<16 {
			buf = nil
		}
	}
	return c
}

// termAcc accumulates the postings of one term during a rebuild: for each,
// uvarint(docnum delta) and its tf code (appendPosting).
type termAcc struct {
	buf  []byte
	last uint32
	df   uint32
}

func (t *termAcc) add(doc, tfTitle, tfText uint32) {
	t.buf = appendPosting(t.buf, doc-t.last, tfTitle, tfText)
	t.last = doc
	t.df++
}

// postings appends the accumulated postings to dst.
func (t *termAcc) postings(dst []posting) ([]posting, error) {
	v := t.buf
	doc := uint32(0)
	for len(v) > 0 {
		delta, n := binary.Uvarint(v)
		if n <= 0 {
			return dst, errCorruptIndex
		}
		v = v[n:]
		tt, tb, m := readTF(v)
		if m == 0 {
			return dst, errCorruptIndex
		}
		v = v[m:]
		doc += uint32(delta)
		dst = append(dst, posting{doc, tt, tb})
	}
	return dst, nil
}
