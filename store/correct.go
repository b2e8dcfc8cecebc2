package store

import (
	"context"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// CorrectArticle replaces the article stored under a.ID with a, as
// UpdateArticle does (its search index entries too), and, in the same
// transaction, queues a correction job (content.Job.Correct) whose
// recipients are the chats its push jobs reached with messages on record
// (reminders, whose text is their own, are left as they are); renotify makes the job also send a short reply that
// rings. by is the admin's Telegram user ID (0: the command line).
//
// A zero a.Published keeps the stored time. An a equal to the stored
// article still queues the job (the messages may show an older text). With
// no chat to reach the job is stored done, with a Total of 0. An article
// not stored is an error wrapping ErrNotFound, and nothing changes. Safe for
// concurrent use.
func (db *DB) CorrectArticle(ctx context.Context, a content.Article, by int64, renotify bool) (content.Job, error) {
	if a.ID == "" {
		return content.Job{}, errors.New("store: correct article: empty ID")
	}
	if a.Body == nil {
		a.Body = []string{}
	}
	var job content.Job
	err := db.updateIndexed(ctx, func(tx *bolt.Tx, d *indexDelta) error {
		old, err := getArticle(tx, a.ID)
		if err != nil {
			return err
		}
		changed, err := differs(old, &a)
		if err != nil {
			return err
		}
		if changed {
			if err := replaceArticle(db, tx, d, old, a); err != nil {
				return err
			}
		}
		var targets []uint64
		err = eachJob(tx, func(j content.Job) {
			if j.ArticleID == a.ID { // its pushes; a reminder's text is not the article
				targets = append(targets, j.ID)
			}
		})
		if err != nil {
			return err
		}
		c := content.Correction{ArticleID: a.ID, Title: clip(a.Title), Jobs: targets, At: db.now().UTC(), Renotify: renotify}
		chats, err := reachedChats(tx, targets)
		if err != nil {
			return err
		}
		job = content.Job{Correct: &c, CreatedBy: by, Created: c.At}
		if len(chats) > 0 {
			job, err = createJob(tx, job, chats)
		} else {
			job, err = createEmptyJob(tx, job)
		}
		return err
	})
	if err != nil {
		return content.Job{}, fmt.Errorf("store: correct article %s: %w", a.ID, err)
	}
	return job, nil
}
