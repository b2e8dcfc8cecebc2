package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/store/search"
)

// UpdateArticle replaces the article stored under a.ID with a — a source
// changed its text — in one transaction with its search index entries, its
// by-time key (when the publication time changed) and its by-URL key (when
// the source URL changed; a URL that another article holds stays that
// article's). It never creates a push job: an update is not news.
//
// A zero a.Published keeps the stored time. It reports whether anything
// changed; when a equals the stored article nothing is written. Nothing
// stored under a.ID is an error wrapping ErrNotFound.
func (db *DB) UpdateArticle(ctx context.Context, a content.Article) (changed bool, err error) {
	if a.ID == "" {
		return false, errors.New("store: update article: empty ID")
	}
	if a.Body == nil {
		a.Body = []string{}
	}
	// Most updates change nothing: find out without taking the write lock.
	err = db.view(ctx, func(tx *bolt.Tx) error {
		old, err := getArticle(tx, a.ID)
		if err != nil {
			return err
		}
		changed, err = differs(old, &a)
		return err
	})
	if err != nil || !changed {
		return false, wrapUpdate(a.ID, err)
	}
	changed = false
	err = db.search.Update(ctx, func(tx *bolt.Tx, d *search.Delta) error {
		old, err := getArticle(tx, a.ID)
		if err != nil {
			return err
		}
		if changed, err = differs(old, &a); err != nil || !changed {
			return err
		}
		return replaceArticle(db, tx, d, old, a)
	})
	if err != nil {
		return false, wrapUpdate(a.ID, err)
	}
	return changed, nil
}

func wrapUpdate(id string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("store: update article %s: %w", id, err)
}

// differs fills a's zero publication time from old (and takes old's when
// the two are the same instant, so a change of zone alone is no change),
// keeps the file_ids old's documents have (keepFileIDs) and reports
// whether a differs from old.
func differs(old content.Article, a *content.Article) (bool, error) {
	keepFileIDs(old, a)
	if a.Published.IsZero() || a.Published.Equal(old.Published) {
		a.Published = old.Published
	}
	ov, err := json.Marshal(old)
	if err != nil {
		return false, err
	}
	nv, err := json.Marshal(a)
	if err != nil {
		return false, err
	}
	return !bytes.Equal(ov, nv), nil
}

// replaceArticle swaps old for a (same ID) in the articles, their lookups
// and the search index.
func replaceArticle(db *DB, tx *bolt.Tx, d *search.Delta, old, a content.Article) error {
	if err := db.search.Remove(tx, d, &old); err != nil {
		return err
	}
	if err := deleteArticle(tx, old); err != nil {
		return err
	}
	byURL := tx.Bucket(bucketArticlesURL)
	var owner []byte
	if a.SourceURL != "" {
		owner = clone(byURL.Get([]byte(a.SourceURL)))
	}
	if err := putArticle(tx, a); err != nil {
		return err
	}
	if owner != nil && string(owner) != a.ID {
		if err := byURL.Put([]byte(a.SourceURL), owner); err != nil {
			return err
		}
	}
	return db.search.Add(tx, d, &a, nil)
}
