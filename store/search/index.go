package search

// The search index: its on-disk layout and the writes of one article (added
// or removed) and of the tail merged into the main postings. An article's
// terms come from analyzeArticle; the whole index is rebuilt by Build.
//
// Every article gets a document number (docnum, from 1, in indexing order).
// The buckets:
//
//	search_meta      "tail" → number of documents in search_tail (u64);
//	                 "format" → indexFormat (u64); "normref" → the reference
//	                 average lengths of the impacts (normRef)
//	search_docs      docnum (u32 BE) → uvarint(zigzag(unix seconds published)),
//	                 uvarint(title length), uvarint(text length), article ID;
//	                 lengths in syllables. Appended in docnum order.
//	search_ids       article ID → docnum (u32 BE)
//	search_terms     kind+term → uvarint(df): how many documents of the main
//	                 postings hold the term (tail documents not counted)
//	search_postings  kind+term+0x00+first docnum (u32 BE) → one block of the
//	                 term's postings, in docnum order, with the upper bounds
//	                 of their scores per window of 16 docnums: see
//	                 encodeBlock. A block grows to about
//	                 postingBlockBytes, then the next starts at a window
//	                 boundary.
//	search_tail      docnum (u32 BE) → the terms of a recently added document:
//	                 uvarint(len(key)), key, then its tf code as above
//
// A term key is a kind byte and a term: 'f' and the Folded form of a syllable
// or of a document number ("fdang", "f12-nq/tu"), 'a' and the accented Term
// of a syllable whose Term differs from its Folded form ("ađảng"), 'p' and
// the Folded forms of two adjacent syllables ("pdan van"), 't' and the
// Folded form of a syllable of the title, whose postings are the documents
// whose title holds it ("tdang": the title tiers, found without reading the
// 'f' postings of every document). Terms never hold
// a 0x00 byte, so a key's prefix up to 0x00 names exactly one term.
//
// Adding an article writes its document record and its tail entry only: a
// few pages per commit, however many terms it has. When the tail holds
// tailMax documents, the same transaction merges it into search_postings
// and search_terms (rewriting each term's last block when it is small, then
// appending blocks) and empties it. An import (ImportArticles) lets the
// tail grow further, and merges it at the end of a transaction.
// Rebuilding writes every key in order, with buckets filled to 100%.
//
// Removing an article (DeleteArticle, or the old text that UpdateArticle
// replaces) takes it out of the index at once, in the same transaction: its
// search_docs record and search_ids entry go, and its postings with them —
// a tail document's search_tail entry, or a merged document's posting in
// the block of each of its terms (re-analysed from the article as stored),
// each term's df one less. The block keeps its window impacts, which stay
// upper bounds; its docnum is never reused. No tombstone or deleted-doc set
// is kept, so a query needs no filter and the index equals a rebuilt one.
//
// The index is written in the transaction that writes or deletes the
// article, so it never disagrees with the articles. The in-memory search
// state (searchState) is derived from these buckets.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"slices"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// Term kinds: the first byte of a term key.
const (
	kindFolded   = 'f'
	kindAccented = 'a'
	kindPair     = 'p'
	kindTitle    = 't'
)

// postingBlockBytes is the size at which a posting block stops growing: a
// search steps over few blocks (about 3 500 docnums each for the
// commonest terms; with 1 536 bytes, 1 200 docnums, a search at 100 000
// articles took 8% longer, most of it in bbolt's cursor), and a block
// that a merge rewrites stays small enough for its writers' waits (median
// longest wait 63 ms, as with 1 536). A variable for the tests, whose
// small corpora need small blocks to span several.
var postingBlockBytes = 4096

// defaultTailMax is how many recently added documents the tail holds before
// they are merged into the main postings.
const defaultTailMax = 1024

// The index buckets.
var (
	bucketSearchMeta     = []byte("search_meta")
	bucketSearchDocs     = []byte("search_docs")
	bucketSearchIDs      = []byte("search_ids")
	bucketSearchTerms    = []byte("search_terms")
	bucketSearchPostings = []byte("search_postings")
	bucketSearchTail     = []byte("search_tail")
)

var (
	keyTailCount   = []byte("tail")
	keyIndexFormat = []byte("format")
)

// indexFormat is the layout of the index buckets that this code reads and
// writes. An index of another format must be rebuilt (Reindex).
const indexFormat = 3

// errIndexFormat reports an index written in another format.
var errIndexFormat = errors.New("the search index has an outdated format: rebuild it (newsbot reindex)")

// appendPosting appends one posting: the docnum delta and the frequencies.
func appendPosting(dst []byte, delta, tfTitle, tfText uint32) []byte {
	dst = binary.AppendUvarint(dst, uint64(delta))
	return appendTF(dst, tfTitle, tfText)
}

// appendTF appends the frequency code of a posting.
func appendTF(dst []byte, tfTitle, tfText uint32) []byte {
	code := uint64(tfText) << 1
	if tfTitle > 0 {
		code |= 1
	}
	dst = binary.AppendUvarint(dst, code)
	if tfTitle > 0 {
		dst = binary.AppendUvarint(dst, uint64(tfTitle))
	}
	return dst
}

// readTF decodes a frequency code at the start of b and returns the
// frequencies and the bytes read (0 when b is malformed).
func readTF(b []byte) (tfTitle, tfText uint32, n int) {
	code, n := binary.Uvarint(b)
	if n <= 0 {
		return 0, 0, 0
	}
	tfText = uint32(code >> 1)
	if code&1 != 0 {
		t, m := binary.Uvarint(b[n:])
		if m <= 0 {
			return 0, 0, 0
		}
		tfTitle, n = uint32(t), n+m
	}
	return tfTitle, tfText, n
}

// posting is one decoded posting.
type posting struct {
	doc             uint32
	tfTitle, tfText uint32
}

var errCorruptIndex = errors.New("corrupt search index")

func docKey(doc uint32) []byte {
	return binary.BigEndian.AppendUint32(make([]byte, 0, 4), doc)
}

// blockPrefix returns the prefix of the posting block keys of term key.
func blockPrefix(key string) []byte {
	b := make([]byte, 0, len(key)+5)
	return append(append(b, key...), 0)
}

// blockKey returns the key of the block of term key starting at first.
func blockKey(key string, first uint32) []byte {
	return binary.BigEndian.AppendUint32(blockPrefix(key), first)
}

// docRecord is what search_docs holds about a document.
type docRecord struct {
	id                string
	published         int64 // Unix seconds
	titleLen, textLen uint32
}

func encodeDocRecord(r docRecord) []byte {
	b := make([]byte, 0, 16+len(r.id))
	b = binary.AppendVarint(b, r.published)
	b = binary.AppendUvarint(b, uint64(r.titleLen))
	b = binary.AppendUvarint(b, uint64(r.textLen))
	return append(b, r.id...)
}

func decodeDocRecord(v []byte) (docRecord, error) {
	var r docRecord
	pub, n := binary.Varint(v)
	if n <= 0 {
		return r, errCorruptIndex
	}
	v = v[n:]
	tl, n := binary.Uvarint(v)
	if n <= 0 {
		return r, errCorruptIndex
	}
	v = v[n:]
	bl, n := binary.Uvarint(v)
	if n <= 0 {
		return r, errCorruptIndex
	}
	r.published, r.titleLen, r.textLen, r.id = pub, uint32(tl), uint32(bl), string(v[n:])
	return r, nil
}

// encodeTailTerms encodes the terms of a tail document.
func encodeTailTerms(terms []termFreq) []byte {
	n := 0
	for _, t := range terms {
		n += len(t.key) + 4
	}
	b := make([]byte, 0, n)
	for _, t := range terms {
		b = binary.AppendUvarint(b, uint64(len(t.key)))
		b = append(b, t.key...)
		b = appendTF(b, t.tfTitle, t.tfText)
	}
	return b
}

// decodeTailTerms calls fn for each term of an encoded tail document. key
// aliases v.
func decodeTailTerms(v []byte, fn func(key []byte, tfTitle, tfText uint32)) error {
	for len(v) > 0 {
		l, n := binary.Uvarint(v)
		if n <= 0 || uint64(len(v)-n) < l {
			return errCorruptIndex
		}
		key := v[n : n+int(l)]
		v = v[n+int(l):]
		tt, tb, m := readTF(v)
		if m == 0 {
			return errCorruptIndex
		}
		v = v[m:]
		fn(key, tt, tb)
	}
	return nil
}

// searchBuckets are the index buckets of one transaction.
type searchBuckets struct {
	meta, docs, ids, terms, postings, tail *bolt.Bucket
}

// indexBuckets returns the index buckets, or an error when the file has no
// index (a read-only file of an older schema).
func indexBuckets(tx *bolt.Tx) (searchBuckets, error) {
	b := searchBuckets{
		meta: tx.Bucket(bucketSearchMeta), docs: tx.Bucket(bucketSearchDocs),
		ids: tx.Bucket(bucketSearchIDs), terms: tx.Bucket(bucketSearchTerms),
		postings: tx.Bucket(bucketSearchPostings), tail: tx.Bucket(bucketSearchTail),
	}
	if b.meta == nil || b.docs == nil || b.ids == nil || b.terms == nil || b.postings == nil || b.tail == nil {
		return b, errors.New("the database has no search index (open it for writing once to add one)")
	}
	if v := b.meta.Get(keyIndexFormat); len(v) != 8 || binary.BigEndian.Uint64(v) != indexFormat {
		return b, errIndexFormat
	}
	// Keys of these buckets are mostly appended in order.
	b.docs.FillPercent = 1
	b.postings.FillPercent = 1
	b.terms.FillPercent = 1
	b.tail.FillPercent = 1
	return b, nil
}

func (b searchBuckets) tailCount() int {
	if v := b.meta.Get(keyTailCount); len(v) == 8 {
		return int(binary.BigEndian.Uint64(v))
	}
	return 0
}

func (b searchBuckets) setTailCount(n int) error {
	return b.meta.Put(keyTailCount, u64(uint64(n)))
}

// Add adds a, just stored in tx, to the index, and begins a tail merge
// when the tail is full (unless d defers it). An article already indexed
// is first removed, so that indexing twice never duplicates postings. t
// holds a's terms (Analyze) when not nil, so that a batch can analyse
// outside the transaction. The changes to the in-memory state are recorded
// in d, for Update to apply.
func (si *Index) Add(tx *bolt.Tx, d *Delta, a *content.Article, t *Terms) error {
	if t == nil {
		dt := analyzeArticle(a)
		t = &dt
	}
	return si.indexAnalyzed(tx, a, *t, d)
}

// indexAnalyzed is Add with a's terms analyzed.
func (si *Index) indexAnalyzed(tx *bolt.Tx, a *content.Article, dt Terms, d *Delta) error {
	b, err := indexBuckets(tx)
	if err != nil {
		return err
	}
	if v := b.ids.Get([]byte(a.ID)); len(v) == 4 {
		if err := unindexDoc(b, binary.BigEndian.Uint32(v), a, d); err != nil {
			return err
		}
	}
	seq, err := b.docs.NextSequence()
	if err != nil {
		return err
	}
	if seq >= 1<<32 {
		return errors.New("search index full: run reindex")
	}
	doc := uint32(seq)
	rec := docRecord{id: a.ID, published: a.Published.Unix(), titleLen: dt.titleLen, textLen: dt.textLen}
	if err := b.docs.Put(docKey(doc), encodeDocRecord(rec)); err != nil {
		return err
	}
	if err := b.ids.Put([]byte(a.ID), docKey(doc)); err != nil {
		return err
	}
	if err := b.tail.Put(docKey(doc), encodeTailTerms(dt.terms)); err != nil {
		return err
	}
	n := b.tailCount() + 1
	if err := b.setTailCount(n); err != nil {
		return err
	}
	d.ops = append(d.ops, func(s *searchState) { s.addDoc(doc, rec, dt.terms) })
	if n >= si.tailMax && !d.deferMerge {
		return beginTailMerge(b, d, doc)
	}
	return nil
}

// Remove removes the article a from the index, if it is there, in tx. a is
// the article as stored (its terms are needed when it is in the main
// postings). The changes to the in-memory state are recorded in d.
func (si *Index) Remove(tx *bolt.Tx, d *Delta, a *content.Article) error {
	b, err := indexBuckets(tx)
	if err != nil {
		return err
	}
	v := b.ids.Get([]byte(a.ID))
	if len(v) != 4 {
		return nil
	}
	return unindexDoc(b, binary.BigEndian.Uint32(v), a, d)
}

// unindexDoc removes document doc, the index entry of a, with its postings.
func unindexDoc(b searchBuckets, doc uint32, a *content.Article, d *Delta) error {
	if err := b.docs.Delete(docKey(doc)); err != nil {
		return err
	}
	if err := b.ids.Delete([]byte(a.ID)); err != nil {
		return err
	}
	if tv := b.tail.Get(docKey(doc)); tv != nil {
		// The terms a merge under way has moved are in the main postings.
		m, _ := b.tailMerge()
		var keys, moved []string
		if err := decodeTailTerms(tv, func(key []byte, _, _ uint32) {
			if m.merged(doc, key) {
				moved = append(moved, string(key))
			} else {
				keys = append(keys, string(key))
			}
		}); err != nil {
			return err
		}
		c := b.postings.Cursor()
		for _, key := range moved {
			if err := removePosting(b, c, key, doc); err != nil {
				return err
			}
		}
		if err := b.tail.Delete(docKey(doc)); err != nil {
			return err
		}
		if err := b.setTailCount(b.tailCount() - 1); err != nil {
			return err
		}
		d.ops = append(d.ops, func(s *searchState) { s.removeDoc(doc, keys) })
		return nil
	}
	// In the main postings: remove the document from each of its terms.
	dt := analyzeArticle(a)
	c := b.postings.Cursor()
	for _, t := range dt.terms {
		if err := removePosting(b, c, t.key, doc); err != nil {
			return err
		}
	}
	d.ops = append(d.ops, func(s *searchState) { s.removeDoc(doc, nil) })
	return nil
}

// removePosting removes doc from the postings of term key, if it is there.
// The block keeps its impacts: they stay upper bounds.
func removePosting(b searchBuckets, c *bolt.Cursor, key string, doc uint32) error {
	prefix := blockPrefix(key)
	target := blockKey(key, doc)
	k, v := c.Seek(target)
	if k == nil {
		k, v = c.Last()
	} else if !bytes.Equal(k, target) {
		k, v = c.Prev()
	}
	if k == nil || len(k) != len(prefix)+4 || !bytes.HasPrefix(k, prefix) {
		return nil
	}
	first := binary.BigEndian.Uint32(k[len(prefix):])
	ps, imp, err := decodeBlock(nil, first, v)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(ps, func(p posting) bool { return p.doc == doc })
	if i < 0 {
		return nil
	}
	pimp := postingImpacts(ps, first, imp)
	ps = slices.Delete(ps, i, i+1)
	if pimp != nil {
		pimp = slices.Delete(pimp, i, i+1)
	}
	oldKey := clone(k)
	switch {
	case len(ps) == 0:
		err = b.postings.Delete(oldKey)
	case i == 0:
		if err = b.postings.Delete(oldKey); err == nil {
			err = b.postings.Put(blockKey(key, ps[0].doc), encodeBlock(nil, ps, pimp))
		}
	default:
		err = b.postings.Put(oldKey, encodeBlock(nil, ps, pimp))
	}
	if err != nil {
		return err
	}
	df, _ := binary.Uvarint(b.terms.Get([]byte(key)))
	if df <= 1 {
		return b.terms.Delete([]byte(key))
	}
	return b.terms.Put([]byte(key), binary.AppendUvarint(nil, df-1))
}

// postingImpacts returns the impact of each of ps, the postings of a block
// starting at first whose window impacts are imp: its window's. It returns
// nil when imp is.
func postingImpacts(ps []posting, first uint32, imp []byte) []uint8 {
	if imp == nil {
		return nil
	}
	out := make([]uint8, len(ps))
	w0 := first >> winShift
	for i, p := range ps {
		out[i] = imp[p.doc>>winShift-w0]
	}
	return out
}

// needsImpacts reports whether a block of ps carries impacts.
func needsImpacts(ps []posting) bool {
	nWin := int(ps[len(ps)-1].doc>>winShift-ps[0].doc>>winShift) + 1
	return len(ps) >= blockImpactMin*nWin
}

// indexNormRef returns the reference averages of the impacts, setting them
// from the lengths of recs when the index has none yet.
func indexNormRef(b searchBuckets, recs []docRecord) (normRef, error) {
	if r := decodeNormRef(b.meta.Get(keyNormRef)); r.valid() {
		return r, nil
	}
	var sumTitle, sumText float64
	for _, r := range recs {
		sumTitle += float64(r.titleLen)
		sumText += float64(r.textLen)
	}
	n := float64(max(len(recs), 1))
	r := normRef{max(1, sumTitle/n), max(1, sumText/n)}
	return r, b.meta.Put(keyNormRef, r.encode())
}

// mergeTail moves the postings of the tail documents into the main postings
// and empties the tail, in one transaction, finishing a merge under way
// (tailMerger).
func mergeTail(b searchBuckets, d *Delta) error {
	m, _ := b.tailMerge()
	type tailDoc struct {
		doc   uint32
		terms []byte
	}
	var docs []tailDoc
	var recs []docRecord
	c := b.tail.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		r, err := decodeDocRecord(b.docs.Get(k))
		if err != nil {
			return err
		}
		docs = append(docs, tailDoc{binary.BigEndian.Uint32(k), v})
		recs = append(recs, r)
	}
	ref, err := indexNormRef(b, recs)
	if err != nil {
		return err
	}
	type list struct {
		ps  []posting
		imp []uint8
	}
	lists := make(map[string]*list)
	for i, td := range docs {
		r := recs[i]
		err := decodeTailTerms(td.terms, func(key []byte, tt, tb uint32) {
			if m.merged(td.doc, key) {
				return
			}
			l := lists[string(key)]
			if l == nil {
				l = &list{}
				lists[string(key)] = l
			}
			l.ps = append(l.ps, posting{td.doc, tt, tb})
			l.imp = append(l.imp, impactOf(tt, tb, r.titleLen, r.textLen, ref))
		})
		if err != nil {
			return err
		}
	}
	keys := make([]string, 0, len(lists))
	for k := range lists {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	pc := b.postings.Cursor()
	for _, key := range keys {
		if err := appendPostings(b, pc, key, lists[key].ps, lists[key].imp, ref); err != nil {
			return err
		}
	}
	for _, td := range docs {
		if err := b.tail.Delete(docKey(td.doc)); err != nil {
			return err
		}
	}
	if err := b.setTailCount(0); err != nil {
		return err
	}
	if err := b.meta.Delete(keyTailMerge); err != nil {
		return err
	}
	d.ops = append(d.ops, func(s *searchState) { s.clearTail() })
	return nil
}

// appendPostings appends ps, whose docnums are above any in the main
// postings of term key, with their impacts imp, to that term's last block
// and new blocks.
func appendPostings(b searchBuckets, c *bolt.Cursor, key string, ps []posting, imp []uint8, ref normRef) error {
	prefix := blockPrefix(key)
	df, _ := binary.Uvarint(b.terms.Get([]byte(key)))
	if err := b.terms.Put([]byte(key), binary.AppendUvarint(nil, df+uint64(len(ps)))); err != nil {
		return err
	}
	// The last block: the key before the first key past the term.
	k, v := c.Seek(blockKey(key, 1<<32-1))
	if k == nil {
		k, v = c.Last()
	} else if !bytes.Equal(k, blockKey(key, 1<<32-1)) {
		k, v = c.Prev()
	}
	if k != nil && len(k) == len(prefix)+4 && bytes.HasPrefix(k, prefix) && len(v) < postingBlockBytes {
		first := binary.BigEndian.Uint32(k[len(prefix):])
		old, oimp, err := decodeBlock(nil, first, v)
		if err != nil {
			return err
		}
		if len(old) > 0 && old[len(old)-1].doc >= ps[0].doc {
			return errCorruptIndex
		}
		pimp := postingImpacts(old, first, oimp)
		if pimp == nil {
			pimp = make([]uint8, len(old)) // 0: not known yet
		}
		ps = append(old, ps...)
		imp = append(pimp, imp...)
	}
	return cutBlocks(ps, func(from, to int) error {
		seg, segImp := ps[from:to], imp[from:to]
		if !needsImpacts(seg) {
			segImp = nil
		}
		for i, q := range segImp {
			if q != 0 {
				continue
			}
			// An old posting of a block that had no impacts.
			r, err := decodeDocRecord(b.docs.Get(docKey(seg[i].doc)))
			if err != nil {
				segImp[i] = 255
				continue
			}
			segImp[i] = impactOf(seg[i].tfTitle, seg[i].tfText, r.titleLen, r.textLen, ref)
		}
		return b.postings.Put(blockKey(key, seg[0].doc), encodeBlock(nil, seg, segImp))
	})
}
