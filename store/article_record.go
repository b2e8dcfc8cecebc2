package store

// The stored form of an article (bucket articles): a binary record, read
// some ten times as fast as the JSON that schema versions before 15 stored
// (BenchmarkDecodeArticle: 2.1 µs against 28 µs for an article of 4 KB);
// decodeArticle still reads that JSON, for migration 15. A search page
// decodes ten articles; in JSON that was a sixth of a search's time at
// 100 000 articles.
//
// A record is the byte articleRecordV1, then the fields of content.Article
// in declaration order:
//
//	string  uvarint(len), bytes
//	list    uvarint(len+1), the elements; 0 for a nil list
//	time    a string: time.Time.MarshalText (RFC 3339 with its offset)
//	int64   varint (zigzag)
//
// Image and Attachment are their fields in order. An article decodes as
// json.Unmarshal(json.Marshal(a)) would give it: empty Images and
// Attachments come back nil (they were omitempty), an empty Body stays
// empty, and the time has the zone its offset gives.

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// articleRecordV1 starts a binary article record; a JSON record starts
// with '{'.
const articleRecordV1 = 0x01

// errBadRecord reports a stored article that does not decode.
var errBadRecord = errors.New("malformed article record")

// encodeArticle returns a's stored record. It fails only on a time that
// RFC 3339 cannot hold (a year outside 0–9999), as JSON did.
func encodeArticle(a *content.Article) ([]byte, error) {
	pub, err := a.Published.MarshalText()
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", a.ID, err)
	}
	n := 64 + len(a.ID) + len(a.SourceURL) + len(a.Title) + len(a.Lead) + len(a.Author) + len(a.Category) + len(a.Source)
	for _, p := range a.Body {
		n += len(p) + 2
	}
	b := make([]byte, 0, n)
	b = append(b, articleRecordV1)
	b = appendStrings(b, a.ID, a.SourceURL, a.Title, a.Lead)
	b = appendList(b, a.Body == nil, len(a.Body))
	b = appendStrings(b, a.Body...)
	b = appendStrings(b, a.Author, string(a.Category), string(pub))
	b = appendList(b, len(a.Images) == 0, len(a.Images))
	for _, im := range a.Images {
		b = appendStrings(b, im.Name, im.URL, im.Caption, im.FileID)
	}
	b = appendList(b, len(a.Attachments) == 0, len(a.Attachments))
	for _, at := range a.Attachments {
		b = appendStrings(b, at.Name, at.URL, at.Path, at.MediaType)
		b = binary.AppendVarint(b, at.Size)
		b = appendStrings(b, at.Label, at.FileID)
	}
	return appendStrings(b, a.Source), nil
}

func appendStrings(b []byte, ss ...string) []byte {
	for _, s := range ss {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

func appendList(b []byte, isNil bool, n int) []byte {
	if isNil {
		return append(b, 0)
	}
	return binary.AppendUvarint(b, uint64(n)+1)
}

// decodeArticle decodes a stored article into a: a binary record
// (encodeArticle) or the JSON of older schema versions. Nothing of a
// aliases v. It fails, wrapping errBadRecord for a binary record, on
// a value that does not decode.
func decodeArticle(v []byte, a *content.Article) error {
	if len(v) == 0 || v[0] != articleRecordV1 {
		return json.Unmarshal(v, a)
	}
	// One copy of the record; the strings are slices of it.
	r := recordReader{b: v[1:], s: string(v[1:])}
	*a = content.Article{ID: r.str(), SourceURL: r.str(), Title: r.str(), Lead: r.str()}
	if n, ok := r.list(); ok {
		a.Body = make([]string, n)
		for i := range a.Body {
			a.Body[i] = r.str()
		}
	}
	a.Author, a.Category = r.str(), content.Category(r.str())
	pub := r.str()
	if n, ok := r.list(); ok && n > 0 {
		a.Images = make([]content.Image, n)
		for i := range a.Images {
			a.Images[i] = content.Image{Name: r.str(), URL: r.str(), Caption: r.str(), FileID: r.str()}
		}
	}
	if n, ok := r.list(); ok && n > 0 {
		a.Attachments = make([]content.Attachment, n)
		for i := range a.Attachments {
			at := &a.Attachments[i]
			at.Name, at.URL, at.Path, at.MediaType = r.str(), r.str(), r.str(), r.str()
			at.Size = r.varint()
			at.Label, at.FileID = r.str(), r.str()
		}
	}
	a.Source = r.str()
	if r.bad || r.off != len(r.b) {
		*a = content.Article{}
		return errBadRecord
	}
	if err := a.Published.UnmarshalText([]byte(pub)); err != nil {
		*a = content.Article{}
		return fmt.Errorf("%w: %w", errBadRecord, err)
	}
	return nil
}

// recordReader reads the fields of a record b from offset off, its
// strings as slices of s, a copy of b; past the end or on a malformed
// length it returns zero values and sets bad.
type recordReader struct {
	b   []byte
	s   string
	off int
	bad bool
}

// fail marks the record bad and stops reading it.
func (r *recordReader) fail() {
	r.bad, r.off = true, len(r.b)
}

func (r *recordReader) uvarint() uint64 {
	x, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.fail()
		return 0
	}
	r.off += n
	return x
}

func (r *recordReader) varint() int64 {
	x, n := binary.Varint(r.b[r.off:])
	if n <= 0 {
		r.fail()
		return 0
	}
	r.off += n
	return x
}

func (r *recordReader) str() string {
	n := r.uvarint()
	if n > uint64(len(r.b)-r.off) {
		r.fail()
		return ""
	}
	s := r.s[r.off : r.off+int(n)]
	r.off += int(n)
	return s
}

// list returns a list's length, and false for a nil list. A length longer
// than what is left of the record (every element takes a byte) is bad.
func (r *recordReader) list() (int, bool) {
	n := r.uvarint()
	if n == 0 {
		return 0, false
	}
	if n-1 > uint64(len(r.b)-r.off) {
		r.fail()
		return 0, false
	}
	return int(n - 1), true
}

// keyRecordsFrom, in the meta bucket, marks the articles stored as JSON
// still to be rewritten as records (rewriteArticleRecords): 'k' and the
// last article ID rewritten, or 'k' alone to start from the first.
var keyRecordsFrom = []byte("article_records_from")

// recordsBatch is how many articles one transaction rewrites: a few
// megabytes of pages, however many articles the file holds.
const recordsBatch = 1000

// startRecordRewrite is schema migration 15: it marks the articles stored
// as JSON to be rewritten as records, which Open does (rewriteArticleRecords)
// in transactions of its own rather than in the migration's.
func startRecordRewrite(tx *bolt.Tx) error {
	return tx.Bucket(bucketMeta).Put(keyRecordsFrom, []byte("k"))
}

// rewriteArticleRecords rewrites the articles still stored as JSON as
// records, recordsBatch a transaction, from where keyRecordsFrom says; it
// removes the mark when done. Interrupted, it goes on at the next Open: the
// JSON records read the same until then.
func (db *DB) rewriteArticleRecords() error {
	for done := false; !done; {
		err := db.bolt.Update(func(tx *bolt.Tx) (err error) {
			done, err = rewriteRecordBatch(tx)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// rewriteRecordBatch rewrites the JSON articles among the next recordsBatch
// from the mark, moves the mark past them, and reports whether none is left.
func rewriteRecordBatch(tx *bolt.Tx) (done bool, err error) {
	meta, b := tx.Bucket(bucketMeta), tx.Bucket(bucketArticles)
	from := meta.Get(keyRecordsFrom)
	if len(from) == 0 {
		return true, nil
	}
	type rec struct{ id, v []byte }
	var recs []rec
	c := b.Cursor()
	k, v := c.Seek(from[1:])
	if len(from) > 1 && bytes.Equal(k, from[1:]) {
		k, v = c.Next()
	}
	var last []byte
	for n := 0; k != nil && n < recordsBatch; k, v = c.Next() {
		if len(v) > 0 && v[0] != articleRecordV1 {
			recs = append(recs, rec{bytes.Clone(k), bytes.Clone(v)})
		}
		last, n = k, n+1
	}
	if k == nil {
		err = meta.Delete(keyRecordsFrom)
	} else {
		err = meta.Put(keyRecordsFrom, append([]byte("k"), last...))
	}
	if err != nil {
		return false, err
	}
	for _, r := range recs {
		var a content.Article
		if err := decodeArticle(r.v, &a); err != nil {
			return false, fmt.Errorf("article %s: %w", r.id, err)
		}
		v, err := encodeArticle(&a)
		if err != nil {
			return false, err
		}
		if err := b.Put(r.id, v); err != nil {
			return false, err
		}
	}
	return k == nil, nil
}
