package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/store/search"
)

// SetSearchTailMax sets how many added articles the search index keeps in
// its tail before merging them into the main postings. It replaces the
// DB's search.Index (the state is loaded again from the file on first use).
func SetSearchTailMax(db *DB, n int) {
	db.search.Close()
	db.search = search.New(db.bolt, storedArticles{}, search.Options{TailMax: max(1, n)})
}

// PutArticlesUnindexed stores articles in batches, without indexing them
// nor creating push jobs, for building large benchmark databases quickly;
// Reindex indexes them.
func PutArticlesUnindexed(db *DB, as []content.Article) error {
	for len(as) > 0 {
		n := min(len(as), 2000)
		err := db.bolt.Update(func(tx *bolt.Tx) error {
			for i := range as[:n] {
				if err := putArticle(tx, as[i]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		as = as[n:]
	}
	return nil
}

// IndexSizes returns, for each search index bucket, the bytes of the pages
// it occupies: allocated and in use.
func IndexSizes(db *DB) (map[string][2]int64, error) {
	out := map[string][2]int64{}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if bytes.HasPrefix(name, []byte("search_")) {
				s := b.Stats()
				out[string(name)] = [2]int64{int64(s.BranchAlloc + s.LeafAlloc), int64(s.BranchInuse + s.LeafInuse)}
			}
			return nil
		})
	})
	return out, err
}

// PutAlertsForTest stores alerts (with their IDs) in batches and indexes
// them, for building large benchmark databases quickly; the alerts bucket's
// sequence moves past the highest ID.
func PutAlertsForTest(db *DB, as []content.Alert) error {
	for len(as) > 0 {
		n := min(len(as), 5000)
		err := db.bolt.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketAlerts)
			for _, a := range as[:n] {
				v, err := json.Marshal(a)
				if err != nil {
					return err
				}
				if err := b.Put(u64(a.ID), v); err != nil {
					return err
				}
				if err := tx.Bucket(bucketAlertsByChat).Put(alertChatKey(a.ChatID, a.ID), nil); err != nil {
					return err
				}
				if a.ID > b.Sequence() {
					if err := b.SetSequence(a.ID); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, a := range as[:n] {
			if err := db.alerts.Add(a); err != nil {
				return err
			}
		}
		as = as[n:]
	}
	return nil
}

// RestoreReading is Restore reading the backup through open, so that a
// test can make the copy fail midway.
func RestoreReading(ctx context.Context, src, path string, now time.Time, open func(string) (io.ReadCloser, error)) (RestoreResult, error) {
	return restore(ctx, src, path, now, open)
}

// CountAlerts returns how many alerts are stored, of how many chats.
func (db *DB) CountAlerts(ctx context.Context) (alerts, chats int, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		alerts = tx.Bucket(bucketAlerts).Stats().KeyN
		var last []byte
		return tx.Bucket(bucketAlertsByChat).ForEach(func(k, _ []byte) error {
			if last == nil || !bytes.Equal(k[:8], last) {
				chats++
				last = clone(k[:8])
			}
			return nil
		})
	})
	if err != nil {
		return 0, 0, fmt.Errorf("store: count alerts: %w", err)
	}
	return alerts, chats, nil
}

// LastDigest returns when the last digest run started (zero: never).
func (db *DB) LastDigest(ctx context.Context) (time.Time, error) {
	var last time.Time
	err := db.view(ctx, func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(keyDigestLast); v != nil {
			return last.UnmarshalBinary(v)
		}
		return nil
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("store: last digest: %w", err)
	}
	return last, nil
}

// SourceStates returns every stored source state, in name order.
func (db *DB) SourceStates(ctx context.Context) ([]SourceState, error) {
	var out []SourceState
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		out, err = allSources[SourceState](tx, bucketSources)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: source states: %w", err)
	}
	return out, nil
}

// PublishArticles is PublishArticleWith for many articles at once: one
// write transaction (one fsync) stores them all, with their search index
// entries and, for those not Quiet, their push jobs. It returns what
// ImportArticles returns, and merges the tail as a single publication does.
func (db *DB) PublishArticles(ctx context.Context, ps []Publication) ([]BatchPublished, error) {
	return db.publishArticles(ctx, analyzePublications(ps, false), 0)
}
