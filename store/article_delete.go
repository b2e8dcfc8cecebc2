package store

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/store/search"
)

// bucketArticlesDeleted keeps the articles taken back out (DeleteArticle):
// article ID → JSON content.ArticleDeletion. Entries are never removed.
var bucketArticlesDeleted = []byte("articles_deleted")

// DeleteArticle takes article id back out, in one transaction:
//   - the article leaves the articles with its by-time and by-URL lookups,
//     so Article, Latest, Related and what is built on them (/latest,
//     inline mode, "Các tin khác") no longer show it, and the search index
//     (Search), whose postings of it are removed at once (no tombstone
//     stays in the index, see search.Index.Remove);
//   - the daily digest no longer lists it, also in a digest run already
//     started (its queued arrival is skipped, as arrivals skips every
//     article not stored);
//   - the push jobs about it that are still open, and the reminders of
//     them, are cancelled as CancelJob does: the sends in flight finish and
//     are recorded, nobody else gets the notice. Keyword alerts add their
//     owners to the article's push job, so theirs stop too;
//   - it is kept, with the store's time and by (the admin's Telegram user
//     ID, 0 for the command line), among the deleted articles, which
//     DeletedArticle and DeletedArticles read. PublishArticle and
//     HasArticle treat its ID as known: a source that still lists it, or
//     the same file imported again, does not bring it back or push it.
//
// Visit counts and the outcomes of notices already sent stay: they are
// history (AdminStats leaves the article out of the most viewed; the
// receipt of a directive's notice keeps its title). There is no undelete
// yet; the kept record holds the whole article for one.
//
// It returns what it did. An id not stored (never, or deleted already:
// DeletedArticle tells which) is an error wrapping ErrNotFound, and nothing
// changes. It is safe for concurrent use, also with a running delivery
// worker, which stops a cancelled job within one batch.
func (db *DB) DeleteArticle(ctx context.Context, id string, by int64) (content.ArticleDeletion, error) {
	var del content.ArticleDeletion
	err := db.search.Update(ctx, func(tx *bolt.Tx, d *search.Delta) error {
		var err error
		del, err = db.deleteArticleTx(tx, d, id, by)
		return err
	})
	if err != nil {
		return content.ArticleDeletion{}, fmt.Errorf("store: delete article %s: %w", id, err)
	}
	return del, nil
}

// deleteArticleTx does DeleteArticle's work in tx.
func (db *DB) deleteArticleTx(tx *bolt.Tx, d *search.Delta, id string, by int64) (content.ArticleDeletion, error) {
	a, err := getArticle(tx, id)
	if err != nil {
		return content.ArticleDeletion{}, err
	}
	if err := db.search.Remove(tx, d, &a); err != nil {
		return content.ArticleDeletion{}, err
	}
	if err := deleteArticle(tx, a); err != nil {
		return content.ArticleDeletion{}, err
	}
	del := content.ArticleDeletion{Article: a, At: db.now().UTC(), By: by}
	if err := cancelArticleJobs(tx, &del); err != nil {
		return content.ArticleDeletion{}, err
	}
	v, err := json.Marshal(del)
	if err != nil {
		return content.ArticleDeletion{}, err
	}
	return del, tx.Bucket(bucketArticlesDeleted).Put([]byte(id), v)
}

// cancelArticleJobs cancels the open jobs about del's article and the open
// reminders of any job about it, and records them in del.
func cancelArticleJobs(tx *bolt.Tx, del *content.ArticleDeletion) error {
	open, err := openJobIDs(tx)
	if err != nil {
		return err
	}
	for _, jid := range open {
		_, job, err := jobBucket(tx, jid)
		if err != nil {
			return fmt.Errorf("job %d: %w", jid, err)
		}
		if !aboutArticle(tx, job, del.Article.ID) {
			continue
		}
		job, err = cancelJob(tx, jid)
		if errors.Is(err, content.ErrJobDone) {
			continue
		}
		if err != nil {
			return fmt.Errorf("cancel job %d: %w", jid, err)
		}
		del.Cancelled = append(del.Cancelled, jid)
		del.Spared += job.Pending()
	}
	return nil
}

// aboutArticle reports whether job carries article id: it is the article's
// push job, or a reminder of it.
func aboutArticle(tx *bolt.Tx, job content.Job, id string) bool {
	if job.ArticleID == id {
		return true
	}
	if job.RemindOf == 0 {
		return false
	}
	_, orig, err := jobBucket(tx, job.RemindOf)
	return err == nil && orig.ArticleID == id
}

// isDeleted reports whether an article with this ID was deleted. A file
// opened read-only before its schema had the bucket has none.
func isDeleted(tx *bolt.Tx, id string) bool {
	b := tx.Bucket(bucketArticlesDeleted)
	return b != nil && b.Get([]byte(id)) != nil
}

// DeletedArticle returns the record of deleted article id, or an error
// wrapping ErrNotFound when no article with that ID was deleted.
func (db *DB) DeletedArticle(ctx context.Context, id string) (content.ArticleDeletion, error) {
	var del content.ArticleDeletion
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		del, err = getDeletion(tx, id)
		return err
	})
	if err != nil {
		return content.ArticleDeletion{}, fmt.Errorf("store: deleted article %s: %w", id, err)
	}
	return del, nil
}

// getDeletion returns the record of deleted article id, or ErrNotFound.
func getDeletion(tx *bolt.Tx, id string) (content.ArticleDeletion, error) {
	var del content.ArticleDeletion
	b := tx.Bucket(bucketArticlesDeleted)
	var v []byte
	if b != nil {
		v = b.Get([]byte(id))
	}
	if v == nil {
		return del, ErrNotFound
	}
	err := json.Unmarshal(v, &del)
	return del, err
}

// DeletedArticles returns up to n deleted articles, the latest deleted
// first (n <= 0: all of them).
func (db *DB) DeletedArticles(ctx context.Context, n int) ([]content.ArticleDeletion, error) {
	var out []content.ArticleDeletion
	err := db.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketArticlesDeleted)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var del content.ArticleDeletion
			if err := json.Unmarshal(v, &del); err != nil {
				return fmt.Errorf("deleted article %s: %w", k, err)
			}
			out = append(out, del)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: deleted articles: %w", err)
	}
	slices.SortFunc(out, func(x, y content.ArticleDeletion) int {
		if c := y.At.Compare(x.At); c != 0 {
			return c
		}
		return cmp.Compare(x.Article.ID, y.Article.ID)
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out, nil
}

// ArticleJobs returns the push jobs about article id, stored or deleted,
// and the reminders of them, oldest first, with their counters as last
// committed. An article never pushed has none.
func (db *DB) ArticleJobs(ctx context.Context, id string) ([]content.Job, error) {
	var out []content.Job
	err := db.view(ctx, func(tx *bolt.Tx) error {
		mine := map[uint64]bool{}
		quoted, err := json.Marshal(id)
		if err != nil {
			return err
		}
		c := tx.Bucket(bucketJobs).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if v != nil || len(k) != 8 {
				continue // not a job's bucket
			}
			jid := binary.BigEndian.Uint64(k)
			raw := tx.Bucket(bucketJobs).Bucket(k).Get(keyJob)
			if !bytes.Contains(raw, quoted) && !bytes.Contains(raw, []byte(`"remind_of"`)) {
				continue // cheap: neither about id nor a reminder
			}
			_, job, err := jobBucket(tx, jid)
			if err != nil {
				return fmt.Errorf("job %d: %w", jid, err)
			}
			// Reminders come after the job they remind of.
			if job.ArticleID == id || (job.RemindOf != 0 && mine[job.RemindOf]) {
				mine[jid] = true
				out = append(out, job)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: push jobs of article %s: %w", id, err)
	}
	return out, nil
}
