package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/store/search"
)

// ErrNotRetractable means a job cannot be retracted: it is a retraction
// itself, a digest, or already retracted. It is content.ErrNotRetractable.
var ErrNotRetractable = content.ErrNotRetractable

// RetractArticle takes article id back everywhere, in one transaction: the
// article is deleted as DeleteArticle deletes it (its open pushes are
// cancelled, it leaves /latest, search, inline mode, related lists and
// digests), and a retraction job (content.Job.Retract) is created whose
// recipients are the chats the article's push jobs and their reminders
// reached with messages on record; each of those jobs is marked retracted
// (RetractedBy). by is the admin's Telegram user ID (0: the command line).
//
// With no chat to reach, the retraction job is stored done, with a Total of
// 0. An article not stored is an error wrapping ErrNotFound, and nothing
// changes. Safe for concurrent use.
func (db *DB) RetractArticle(ctx context.Context, id string, by int64) (content.ArticleDeletion, content.Job, error) {
	var (
		del content.ArticleDeletion
		job content.Job
	)
	err := db.search.Update(ctx, func(tx *bolt.Tx, d *search.Delta) error {
		var err error
		if del, err = db.deleteArticleTx(tx, d, id, by); err != nil {
			return err
		}
		var targets []uint64
		err = eachJob(tx, func(j content.Job) {
			if j.Retract == nil && j.Correct == nil && j.RetractedBy == 0 && aboutArticle(tx, j, id) {
				targets = append(targets, j.ID)
			}
		})
		if err != nil {
			return err
		}
		r := content.Retraction{ArticleID: id, Title: clip(del.Article.Title), Jobs: targets, At: db.now().UTC()}
		job, err = createRetraction(tx, r, by)
		return err
	})
	if err != nil {
		return content.ArticleDeletion{}, content.Job{}, fmt.Errorf("store: retract article %s: %w", id, err)
	}
	return del, job, nil
}

// RetractJob creates a retraction of job id's notice (a broadcast, or an
// article's push alone) and marks the job retracted; an open job is
// cancelled first, so nobody else gets it. A retraction, a digest, or a job
// already retracted is an error wrapping ErrNotRetractable; an unknown job
// one wrapping ErrNotFound. by is as for RetractArticle.
func (db *DB) RetractJob(ctx context.Context, id uint64, by int64) (content.Job, error) {
	var job content.Job
	err := db.update(ctx, func(tx *bolt.Tx) error {
		_, target, err := jobBucket(tx, id)
		if err != nil {
			return err
		}
		if target.Retract != nil || target.Correct != nil || target.Digest != nil || target.RetractedBy != 0 {
			return ErrNotRetractable
		}
		if !target.Done {
			if _, err := cancelJob(tx, id); err != nil && !errors.Is(err, content.ErrJobDone) {
				return err
			}
		}
		r := content.Retraction{ArticleID: target.ArticleID, Title: clip(target.Text), Jobs: []uint64{id}, At: db.now().UTC()}
		job, err = createRetraction(tx, r, by)
		return err
	})
	if err != nil {
		return content.Job{}, fmt.Errorf("store: retract job %d: %w", id, err)
	}
	return job, nil
}

// RetractionReach returns how many chats a retraction of article id
// (articleID set) or of job jobID would reach: the chats with messages on
// record in the jobs it would take back. Safe for concurrent use.
func (db *DB) RetractionReach(ctx context.Context, articleID string, jobID uint64) (int, error) {
	n := 0
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var targets []uint64
		if articleID != "" {
			err := eachJob(tx, func(j content.Job) {
				if j.Retract == nil && j.Correct == nil && j.RetractedBy == 0 && aboutArticle(tx, j, articleID) {
					targets = append(targets, j.ID)
				}
			})
			if err != nil {
				return err
			}
		} else {
			targets = []uint64{jobID}
		}
		chats, err := reachedChats(tx, targets)
		n = len(chats)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: retraction reach: %w", err)
	}
	return n, nil
}

// createRetraction stores a retraction job for r, created by by, and marks
// r's jobs retracted by it.
func createRetraction(tx *bolt.Tx, r content.Retraction, by int64) (content.Job, error) {
	return createFollowUp(tx, content.Job{Retract: &r, CreatedBy: by, Created: r.At}, r.Jobs,
		func(target *content.Job, id uint64) { target.RetractedBy = id })
}

// createFollowUp stores job, a retraction or correction of targets, whose
// recipients are the chats targets reached with messages on record, and
// marks each target with mark(target, job's ID).
func createFollowUp(tx *bolt.Tx, job content.Job, targets []uint64, mark func(target *content.Job, id uint64)) (content.Job, error) {
	chats, err := reachedChats(tx, targets)
	if err != nil {
		return content.Job{}, err
	}
	if len(chats) > 0 {
		job, err = createJob(tx, job, chats)
	} else {
		job, err = createEmptyJob(tx, job)
	}
	if err != nil {
		return content.Job{}, err
	}
	for _, id := range targets {
		jb, target, err := jobBucket(tx, id)
		if err != nil {
			return content.Job{}, fmt.Errorf("job %d: %w", id, err)
		}
		mark(&target, job.ID)
		if err := putJob(jb, target); err != nil {
			return content.Job{}, err
		}
	}
	return job, nil
}

// createEmptyJob stores job with no recipients, done at once.
func createEmptyJob(tx *bolt.Tx, job content.Job) (content.Job, error) {
	jobs := tx.Bucket(bucketJobs)
	id, err := jobs.NextSequence()
	if err != nil {
		return content.Job{}, err
	}
	job.ID, job.Total, job.Done = id, 0, true
	jb, err := jobs.CreateBucket(u64(id))
	if err != nil {
		return content.Job{}, err
	}
	for _, name := range [][]byte{bucketPending, bucketDelivered} {
		if _, err := jb.CreateBucket(name); err != nil {
			return content.Job{}, err
		}
	}
	return job, putJob(jb, job)
}

// reachedChats lists the chats to which jobs delivered messages whose IDs
// are on record, without duplicates.
func reachedChats(tx *bolt.Tx, jobs []uint64) ([]int64, error) {
	var chats []int64
	for _, id := range jobs {
		jb, _, err := jobBucket(tx, id)
		if err != nil {
			return nil, fmt.Errorf("job %d: %w", id, err)
		}
		err = jb.Bucket(bucketDelivered).ForEach(func(k, v []byte) error {
			if hasMessages(v) {
				chats = append(chats, chatFromKey(k))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.Sort(chats)
	return slices.Compact(chats), nil
}

// hasMessages reports whether a delivered value is a sent one that lists
// message IDs (encodeDelivery).
func hasMessages(v []byte) bool {
	return len(v) > 1 && content.Outcome(v[0]) == content.OutcomeSent
}

// targetMessages returns the IDs of the messages that the jobs a
// retraction or correction job takes back or edits delivered to chatID, in
// job order, and the date Telegram gave each (the zero time when not on
// record); nil for any other job. Unreadable records are skipped: their
// messages cannot be reached.
func targetMessages(tx *bolt.Tx, job content.Job, chatID int64) ([]int, []time.Time) {
	var jobs []uint64
	switch {
	case job.Retract != nil:
		jobs = job.Retract.Jobs
	case job.Correct != nil:
		jobs = job.Correct.Jobs
	default:
		return nil, nil
	}
	var (
		ids   []int
		dates []time.Time
	)
	for _, id := range jobs {
		jb, target, err := jobBucket(tx, id)
		if err != nil {
			continue
		}
		v := jb.Bucket(bucketDelivered).Get(chatKey(chatID))
		if !hasMessages(v) {
			continue
		}
		if d, err := decodeDelivery(chatID, v, target.Created); err == nil {
			ids = append(ids, d.Messages...)
			for range d.Messages {
				dates = append(dates, d.Sent)
			}
		}
	}
	return ids, dates
}

// eachJob calls fn with every stored job, oldest first.
func eachJob(tx *bolt.Tx, fn func(content.Job)) error {
	c := tx.Bucket(bucketJobs).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v != nil || len(k) != 8 {
			continue // not a job's bucket
		}
		_, job, err := jobBucket(tx, binary.BigEndian.Uint64(k))
		if err != nil {
			return fmt.Errorf("job %d: %w", binary.BigEndian.Uint64(k), err)
		}
		fn(job)
	}
	return nil
}

// clip shortens s to content.MaxRetractionTitle runes.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= content.MaxRetractionTitle {
		return s
	}
	r := []rune(s)
	return string(r[:content.MaxRetractionTitle-1]) + "…"
}

// lateDelivery hands a notice sent after its job was retracted or
// corrected (a send in flight when the retraction cancelled the job, a
// push still going out when its article was corrected) to the retraction
// (RetractedBy) or else the latest correction (CorrectedBy), so that it is
// taken back or corrected too: the chat joins that job's pending
// recipients (its messages are read when it is handed out), a chat already
// done there is tried again (what it did is then found done), and a job
// already done is opened again.
func lateDelivery(tx *bolt.Tx, j content.Job, d content.Delivery) error {
	if d.Outcome != content.OutcomeSent || len(d.Messages) == 0 {
		return nil
	}
	to := j.RetractedBy
	if to == 0 {
		to = j.CorrectedBy
	}
	if to == 0 {
		return nil
	}
	rb, rj, err := jobBucket(tx, to)
	if err != nil {
		return fmt.Errorf("job %d taking over job %d's notices: %w", to, j.ID, err)
	}
	pending, delivered := pendingSet{rb.Bucket(bucketPending)}, rb.Bucket(bucketDelivered)
	if pending.has(d.ChatID) {
		return nil
	}
	if v := delivered.Get(chatKey(d.ChatID)); v != nil {
		was, err := decodeDelivery(d.ChatID, v, rj.Created)
		if err != nil {
			return err
		}
		uncount(&rj, was.Outcome)
		if err := delivered.Delete(chatKey(d.ChatID)); err != nil {
			return err
		}
	} else {
		rj.Total++
	}
	if err := pending.add(d.ChatID); err != nil {
		return err
	}
	rj.Done = false
	if err := tx.Bucket(bucketJobsOpen).Put(u64(rj.ID), nil); err != nil {
		return err
	}
	return putJob(rb, rj)
}

// uncount takes one outcome o back out of j's counters.
func uncount(j *content.Job, o content.Outcome) {
	var k content.Job
	k.Count(o)
	j.Sent -= k.Sent
	j.Blocked -= k.Blocked
	j.Failed -= k.Failed
	j.Deleted -= k.Deleted
	j.Replaced -= k.Replaced
	j.Edited -= k.Edited
}
