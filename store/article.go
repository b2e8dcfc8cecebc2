package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// Published says what PublishArticle did.
type Published struct {
	// Article is the stored article (with its ID).
	Article content.Article
	// Created is false when the article was already stored (same ID or same
	// source URL); nothing was written then.
	Created bool
	// Job is the push job created for the article's recipients (zero when
	// not Created or when nobody was subscribed).
	Job content.Job
}

// PublishArticle stores a new article and, in the same transaction, its
// search index entries and a push job for every subscribed chat, so that an
// article is never stored without its notice or notified twice, and the
// search index never disagrees with the articles. Keyword alerts that match
// it add their owners to the job. An article already stored (by ID, or by
// source URL), or deleted (DeleteArticle, by ID), is left as it is and
// reported with Created false. The
// article's ID is derived when empty.
func (db *DB) PublishArticle(ctx context.Context, a content.Article) (Published, error) {
	return db.PublishArticleWith(ctx, a, PublishOptions{})
}

// exists reports whether a is stored (by ID, or by source URL) or was
// deleted (by ID): in both cases it must not be stored again.
func exists(tx *bolt.Tx, a content.Article) bool {
	if tx.Bucket(bucketArticles).Get([]byte(a.ID)) != nil || isDeleted(tx, a.ID) {
		return true
	}
	return a.SourceURL != "" && tx.Bucket(bucketArticlesURL).Get([]byte(a.SourceURL)) != nil
}

func putArticle(tx *bolt.Tx, a content.Article) error {
	if err := putArticleValue(tx, a); err != nil {
		return err
	}
	if err := tx.Bucket(bucketArticlesTime).Put(timeKey(a.Published, a.ID), nil); err != nil {
		return err
	}
	if a.SourceURL != "" {
		return tx.Bucket(bucketArticlesURL).Put([]byte(a.SourceURL), []byte(a.ID))
	}
	return nil
}

// putArticleValue stores a's record alone, without its lookups: for a
// change that touches neither its time, its URL nor its text.
func putArticleValue(tx *bolt.Tx, a content.Article) error {
	v, err := encodeArticle(&a)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketArticles).Put([]byte(a.ID), v)
}

// deleteArticle removes a, as stored, and its time and URL lookups.
func deleteArticle(tx *bolt.Tx, a content.Article) error {
	if err := tx.Bucket(bucketArticles).Delete([]byte(a.ID)); err != nil {
		return err
	}
	if err := tx.Bucket(bucketArticlesTime).Delete(timeKey(a.Published, a.ID)); err != nil {
		return err
	}
	byURL := tx.Bucket(bucketArticlesURL)
	if a.SourceURL != "" && string(byURL.Get([]byte(a.SourceURL))) == a.ID {
		return byURL.Delete([]byte(a.SourceURL))
	}
	return nil
}

// timeKey sorts by publication time, then ID. Seconds are offset so that
// times before 1970 (and the zero time) still sort first.
func timeKey(t time.Time, id string) []byte {
	k := make([]byte, 8, 8+len(id))
	binary.BigEndian.PutUint64(k, uint64(t.Unix())+1<<63)
	return append(k, id...)
}

// Article returns the article with the given ID, or an error wrapping
// ErrNotFound.
func (db *DB) Article(ctx context.Context, id string) (content.Article, error) {
	var a content.Article
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		a, err = getArticle(tx, id)
		return err
	})
	if err != nil {
		return content.Article{}, fmt.Errorf("store: article %s: %w", id, err)
	}
	return a, nil
}

func getArticle(tx *bolt.Tx, id string) (content.Article, error) {
	var a content.Article
	v := tx.Bucket(bucketArticles).Get([]byte(id))
	if v == nil {
		return a, ErrNotFound
	}
	err := decodeArticle(v, &a)
	return a, err
}

// Latest returns up to n articles, newest publication first.
func (db *DB) Latest(ctx context.Context, n int) ([]content.Article, error) {
	var out []content.Article
	err := db.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketArticlesTime).Cursor()
		for k, _ := c.Last(); k != nil && len(out) < n; k, _ = c.Prev() {
			a, err := getArticle(tx, string(k[8:]))
			if err != nil {
				return fmt.Errorf("article %s: %w", k[8:], err)
			}
			out = append(out, a)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: latest %d: %w", n, err)
	}
	return out, nil
}

// CountArticles returns how many articles are stored.
func (db *DB) CountArticles(ctx context.Context) (int, error) {
	n := 0
	err := db.view(ctx, func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketArticles).Stats().KeyN
		return nil
	})
	return n, err
}
