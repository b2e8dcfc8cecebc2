package store

import (
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/content/vi"
)

// storedArticles is how the search index (search.Articles) reads the
// articles, in the caller's transaction.
type storedArticles struct{}

// ByTime calls fn with every article's ID, oldest publication first.
func (storedArticles) ByTime(tx *bolt.Tx, fn func(id []byte)) {
	c := tx.Bucket(bucketArticlesTime).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		fn(k[8:])
	}
}

// Raw returns the stored value of the article id, nil when there is none.
func (storedArticles) Raw(tx *bolt.Tx, id []byte) []byte {
	return tx.Bucket(bucketArticles).Get(id)
}

// Decode decodes a stored article (decodeArticle).
func (storedArticles) Decode(v []byte, a *content.Article) error { return decodeArticle(v, a) }

// Search returns the page [offset, offset+limit) of the articles matching q,
// best first, and how many match (see content.SearchResults for when Total
// is an estimate). An empty query matches nothing. A negative offset counts
// as 0; limit <= 0 returns no hits, only the total. Matching and ranking
// are search.Index.Search's.
func (db *DB) Search(ctx context.Context, q vi.Query, offset, limit int) (content.SearchResults, error) {
	res, err := db.search.Search(ctx, q, offset, limit, db.now().Unix())
	if err != nil {
		return content.SearchResults{}, fmt.Errorf("store: search: %w", err)
	}
	return res, nil
}

// Reindex rebuilds the search index from the stored articles, in one
// transaction: searches see the old index until it commits. progress, when
// not nil, is called from Reindex's goroutine as articles are analysed, with
// the number done and the total. Cancelling ctx abandons the rebuild.
func (db *DB) Reindex(ctx context.Context, progress func(done, total int)) error {
	if err := db.search.Reindex(ctx, progress); err != nil {
		return fmt.Errorf("store: reindex: %w", err)
	}
	return nil
}
