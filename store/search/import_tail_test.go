package search

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// openImportDB returns a new database for an import test, its tail merged
// every tailMax articles outside imports.
func openImportDB(t *testing.T, tailMax int) *testDB {
	t.Helper()
	db, err := openTestDB(filepath.Join(t.TempDir(), "newsbot.db"), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.tailMax = tailMax
	return db
}

// indexDump returns every key and value of the index buckets.
func indexDump(t *testing.T, db *testDB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketSearchMeta, bucketSearchDocs, bucketSearchIDs,
			bucketSearchTerms, bucketSearchPostings, bucketSearchTail} {
			err := tx.Bucket(name).ForEach(func(k, v []byte) error {
				out[string(name)+"/"+string(k)] = bytes.Clone(v)
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// tailMatches reports whether db's copy of the import's tail holds
// documents and matches the tail bucket.
func tailMatches(t *testing.T, db *testDB) bool {
	t.Helper()
	var ok bool
	err := db.bolt.View(func(tx *bolt.Tx) error {
		b, err := indexBuckets(tx)
		ok = len(db.imports.docs) > 0 && db.imports.matches(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// Ensure that an import merges its tail from the postings it kept, into
// exactly the index that merging from the tail bucket gives, byte for byte.
func TestImportTailMergesAsTheBucket(t *testing.T) {
	smallBlocks(t)
	articles := shortArticles(12, 700)
	ctx := context.Background()
	kept, read := openImportDB(t, 50), openImportDB(t, 50)
	sawMatch := false
	for from := 0; from < len(articles); from += 97 {
		ps := articles[from:min(from+97, len(articles))]
		sawMatch = sawMatch || tailMatches(t, kept)
		if err := kept.ImportArticles(ctx, ps, 250); err != nil {
			t.Fatal(err)
		}
		read.imports.reset() // every merge reads the bucket
		if err := read.ImportArticles(ctx, ps, 250); err != nil {
			t.Fatal(err)
		}
	}
	if !sawMatch || !tailMatches(t, kept) {
		t.Fatal("the import's copy of the tail never matched the tail bucket")
	}
	if tailMatches(t, read) {
		t.Fatal("the copy matched after a reset")
	}
	for _, db := range []*testDB{kept, read} {
		if err := db.MergeTail(ctx); err != nil {
			t.Fatal(err)
		}
	}
	got, want := indexDump(t, kept), indexDump(t, read)
	if len(got) != len(want) {
		t.Fatalf("%d index entries, want %d", len(got), len(want))
	}
	for k, v := range want {
		if !bytes.Equal(got[k], v) {
			t.Fatalf("%q: %x, want %x", k, got[k], v)
		}
	}
	checkIndexContent(t, kept)
}

// Ensure that an import whose tail also holds documents it did not add
// (published before it or between its batches), or lost one (deleted
// between batches), merges from the tail bucket and indexes exactly the
// stored articles.
func TestImportTailWithOtherDocumentsReadsTheBucket(t *testing.T) {
	smallBlocks(t)
	articles := shortArticles(13, 600)
	ctx := context.Background()
	db := openImportDB(t, 1000)
	for _, a := range articles[:30] {
		if err := db.PublishArticles(ctx, []content.Article{a}); err != nil {
			t.Fatal(err)
		}
	}
	rest := articles[30:]
	for n, from := 0, 0; from < len(rest); n, from = n+1, from+90 {
		batch := rest[from:min(from+90, len(rest))]
		if err := db.ImportArticles(ctx, batch[1:], 200); err != nil {
			t.Fatal(err)
		}
		switch n % 2 {
		case 0:
			if err := db.PublishArticles(ctx, batch[:1]); err != nil {
				t.Fatal(err)
			}
		case 1:
			id := batch[1].ID
			if id == "" {
				id = batch[1].DeriveID()
			}
			if err := db.DeleteArticle(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		if tailMatches(t, db) {
			t.Fatalf("batch %d: the copy matches a tail it is not", n)
		}
	}
	if err := db.MergeTail(ctx); err != nil {
		t.Fatal(err)
	}
	checkIndexContent(t, db)
	compareWithReference(t, db, syntheticQueries(articles))
}
