package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/store/search"
)

// ErrNotCorrectable means a job's notice cannot be corrected on its own. It
// is content.ErrNotCorrectable.
var ErrNotCorrectable = content.ErrNotCorrectable

// CorrectArticle corrects article fix.ID's words: fix is merged into the
// article as stored when the transaction runs (content.ArticleFix.Apply:
// whatever else changed since the admin saw it stays), which replaces it
// as UpdateArticle does (its search index entries too), and, in the same
// transaction, a correction job (content.Job.Correct) is queued whose
// recipients are the chats its push jobs reached with messages on record
// (reminders, whose text is their own, are left as they are); each push job
// is marked CorrectedBy it, so that a notice it sends later (a push still
// going out) is corrected too (lateDelivery). renotify makes the job also
// send a short reply that rings. by is the admin's Telegram user ID (0: the
// command line). It returns the corrected article and the job.
//
// A fix that changes nothing still queues the job (the messages may show
// an older text). With no chat to reach the job is stored done, with a
// Total of 0. An article not stored is an error wrapping ErrNotFound, and
// nothing changes. Safe for concurrent use.
func (db *DB) CorrectArticle(ctx context.Context, fix content.ArticleFix, by int64, renotify bool) (content.Article, content.Job, error) {
	if fix.ID == "" {
		return content.Article{}, content.Job{}, errors.New("store: correct article: empty ID")
	}
	var (
		a   content.Article
		job content.Job
	)
	err := db.search.Update(ctx, func(tx *bolt.Tx, d *search.Delta) error {
		old, err := getArticle(tx, fix.ID)
		if err != nil {
			return err
		}
		a = fix.Apply(old)
		if a.Body == nil {
			a.Body = []string{}
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
			if j.ArticleID == a.ID && j.RetractedBy == 0 { // its pushes; a reminder's text is not the article
				targets = append(targets, j.ID)
			}
		})
		if err != nil {
			return err
		}
		job, err = createCorrection(tx, content.Correction{ArticleID: a.ID, Title: clip(a.Title), Jobs: targets,
			At: db.now().UTC(), Renotify: renotify}, by)
		return err
	})
	if err != nil {
		return content.Article{}, content.Job{}, fmt.Errorf("store: correct article %s: %w", fix.ID, err)
	}
	return a, job, nil
}

// CorrectJob corrects broadcast id's text to text: the job's Text is
// replaced and a correction job of its notice queued in one transaction,
// as CorrectArticle does for an article. A job that is not a broadcast
// standing (content.StandingBroadcast) is an error wrapping
// ErrNotCorrectable, an unknown job one wrapping ErrNotFound, and an empty
// text an error too; nothing changes then. Safe for
// concurrent use.
func (db *DB) CorrectJob(ctx context.Context, id uint64, text string, by int64, renotify bool) (content.Job, error) {
	text = strings.TrimSpace(text)
	var job content.Job
	err := db.update(ctx, func(tx *bolt.Tx) error {
		jb, target, err := jobBucket(tx, id)
		if err != nil {
			return err
		}
		if !content.StandingBroadcast(target) {
			return ErrNotCorrectable
		}
		if text == "" {
			return errors.New("empty text")
		}
		target.Text = text
		if err := putJob(jb, target); err != nil {
			return err
		}
		job, err = createCorrection(tx, content.Correction{Title: clip(text), Jobs: []uint64{id}, At: db.now().UTC(), Renotify: renotify}, by)
		return err
	})
	if err != nil {
		return content.Job{}, fmt.Errorf("store: correct job %d: %w", id, err)
	}
	return job, nil
}

// createCorrection stores a correction job for c, created by by, whose
// recipients are the chats c's jobs reached with messages on record, and
// marks those jobs CorrectedBy it.
func createCorrection(tx *bolt.Tx, c content.Correction, by int64) (content.Job, error) {
	return createFollowUp(tx, content.Job{Correct: &c, CreatedBy: by, Created: c.At}, c.Jobs,
		func(target *content.Job, id uint64) { target.CorrectedBy = id })
}
