package search

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/content/vi"
)

// testDB is a bbolt file holding articles and their index, written as the
// store writes them: each article and its index entries in one
// transaction. Its embedded Index is the one under test.
type testDB struct {
	bolt *bolt.DB
	*Index
}

// The test file's article buckets: the articles by ID (JSON), and their
// IDs by publication time.
var (
	testArticlesBucket = []byte("articles")
	testByTimeBucket   = []byte("articles_by_time")
)

// testArticles reads the test file's articles (Articles).
type testArticles struct{}

func (testArticles) ByTime(tx *bolt.Tx, fn func(id []byte)) {
	c := tx.Bucket(testByTimeBucket).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		fn(k[8:])
	}
}

func (testArticles) Raw(tx *bolt.Tx, id []byte) []byte {
	return tx.Bucket(testArticlesBucket).Get(id)
}

func (testArticles) Decode(v []byte, a *content.Article) error { return json.Unmarshal(v, a) }

// openTestDB opens (creating if needed) the file at path, building its
// index when it has none, and resumes a tail merge under way unless
// manualMerge leaves the merge steps to the test.
func openTestDB(path string, manualMerge bool) (*testDB, error) {
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		return nil, err
	}
	b.NoSync = true // a test file need not survive a crash
	err = b.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{testArticlesBucket, testByTimeBucket} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		if tx.Bucket(bucketSearchMeta) == nil {
			return Build(context.Background(), tx, testArticles{})
		}
		return nil
	})
	if err != nil {
		b.Close()
		return nil, err
	}
	db := &testDB{bolt: b, Index: New(b, testArticles{}, Options{})}
	db.merger.manual = manualMerge
	db.Resume()
	return db, nil
}

// Close stops the index's merge and closes the file.
func (db *testDB) Close() error {
	db.Index.Close()
	return db.bolt.Close()
}

// Search is Index.Search at testNow.
func (db *testDB) Search(ctx context.Context, q vi.Query, offset, limit int) (content.SearchResults, error) {
	return db.Index.Search(ctx, q, offset, limit, testNow.Unix())
}

func testTimeKey(a *content.Article) []byte {
	return append(u64(uint64(a.Published.UnixNano())), a.ID...)
}

// putTestArticle stores a, unless an article with its ID is stored, and
// reports whether it did.
func putTestArticle(tx *bolt.Tx, a *content.Article) (bool, error) {
	if tx.Bucket(testArticlesBucket).Get([]byte(a.ID)) != nil {
		return false, nil
	}
	v, err := json.Marshal(a)
	if err != nil {
		return false, err
	}
	if err := tx.Bucket(testArticlesBucket).Put([]byte(a.ID), v); err != nil {
		return false, err
	}
	return true, tx.Bucket(testByTimeBucket).Put(testTimeKey(a), nil)
}

// getTestArticle returns the article stored under id.
func getTestArticle(tx *bolt.Tx, id string) (content.Article, error) {
	var a content.Article
	v := tx.Bucket(testArticlesBucket).Get([]byte(id))
	if v == nil {
		return a, fmt.Errorf("article %s: %w", id, content.ErrNotFound)
	}
	return a, json.Unmarshal(v, &a)
}

// withIDs returns a copy of as, each article with its ID (DeriveID when it
// has none), as the store gives them.
func withIDs(as []content.Article) []content.Article {
	as = slices.Clone(as)
	for i := range as {
		if as[i].ID == "" {
			as[i].ID = as[i].DeriveID()
		}
	}
	return as
}

// PublishArticles stores and indexes the articles not stored yet, in one
// transaction.
func (db *testDB) PublishArticles(ctx context.Context, as []content.Article) error {
	as = withIDs(as)
	return db.Update(ctx, func(tx *bolt.Tx, d *Delta) error {
		for i := range as {
			created, err := putTestArticle(tx, &as[i])
			if err != nil {
				return err
			}
			if created {
				if err := db.Add(tx, d, &as[i], nil); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// ImportArticles stores and indexes a batch as an import does (Import).
func (db *testDB) ImportArticles(ctx context.Context, as []content.Article, mergeAt int) error {
	as = withIDs(as)
	bt := AnalyzeBatch(as, true)
	return db.Import(ctx, bt, mergeAt, func(tx *bolt.Tx, d *Delta) ([]bool, error) {
		indexed := make([]bool, len(as))
		for i := range as {
			created, err := putTestArticle(tx, &as[i])
			if err != nil {
				return nil, err
			}
			if created {
				if err := db.Add(tx, d, &as[i], bt.Terms(i)); err != nil {
					return nil, err
				}
				indexed[i] = true
			}
		}
		return indexed, nil
	})
}

// removeTestArticle removes the article id from the index and the file.
func (db *testDB) removeTestArticle(tx *bolt.Tx, d *Delta, id string) error {
	old, err := getTestArticle(tx, id)
	if err != nil {
		return err
	}
	if err := db.Remove(tx, d, &old); err != nil {
		return err
	}
	if err := tx.Bucket(testArticlesBucket).Delete([]byte(id)); err != nil {
		return err
	}
	return tx.Bucket(testByTimeBucket).Delete(testTimeKey(&old))
}

// DeleteArticle removes the article id, and its index entries.
func (db *testDB) DeleteArticle(ctx context.Context, id string) error {
	return db.Update(ctx, func(tx *bolt.Tx, d *Delta) error { return db.removeTestArticle(tx, d, id) })
}

// UpdateArticle replaces the stored article a.ID with a, and indexes it.
func (db *testDB) UpdateArticle(ctx context.Context, a content.Article) error {
	return db.Update(ctx, func(tx *bolt.Tx, d *Delta) error {
		if err := db.removeTestArticle(tx, d, a.ID); err != nil {
			return err
		}
		if _, err := putTestArticle(tx, &a); err != nil {
			return err
		}
		return db.Add(tx, d, &a, nil)
	})
}
