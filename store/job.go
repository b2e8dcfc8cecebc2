package store

import (
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// A job lives in jobs/<id> as a nested bucket holding the job record, the
// recipients still pending, and each finished recipient's outcome. jobs_open
// lists the jobs not yet done, so the worker finds them without a scan.
var (
	keyJob          = []byte("job")
	bucketPending   = []byte("pending")
	bucketDelivered = []byte("delivered")
)

// createJob snapshots chats (duplicates count once) as the recipients of job
// and stores it. With no recipients it returns a zero Job and stores
// nothing.
func createJob(tx *bolt.Tx, job content.Job, chats []int64) (content.Job, error) {
	if len(chats) == 0 {
		return content.Job{}, nil
	}
	inKeyOrder := func(a, b int64) int { return cmp.Compare(uint64(a), uint64(b)) }
	if !slices.IsSortedFunc(chats, inKeyOrder) {
		chats = slices.Clone(chats)
		slices.SortFunc(chats, inKeyOrder)
	}
	if hasDuplicates(chats) {
		chats = slices.Compact(slices.Clone(chats))
	}
	jobs := tx.Bucket(bucketJobs)
	id, err := jobs.NextSequence()
	if err != nil {
		return content.Job{}, err
	}
	job.ID, job.Total = id, len(chats)
	jb, err := jobs.CreateBucket(u64(id))
	if err != nil {
		return content.Job{}, err
	}
	pending, err := jb.CreateBucket(bucketPending)
	if err != nil {
		return content.Job{}, err
	}
	if _, err := jb.CreateBucket(bucketDelivered); err != nil {
		return content.Job{}, err
	}
	if err := (pendingSet{pending}).fill(chats); err != nil {
		return content.Job{}, err
	}
	if err := putJob(jb, job); err != nil {
		return content.Job{}, err
	}
	if job.Ack {
		if err := createAckBucket(tx, id); err != nil {
			return content.Job{}, err
		}
	}
	return job, tx.Bucket(bucketJobsOpen).Put(u64(id), nil)
}

// hasDuplicates reports whether sorted chats repeats one.
func hasDuplicates(chats []int64) bool {
	for i := 1; i < len(chats); i++ {
		if chats[i] == chats[i-1] {
			return true
		}
	}
	return false
}

func putJob(jb *bolt.Bucket, job content.Job) error {
	v, err := json.Marshal(job)
	if err != nil {
		return err
	}
	return jb.Put(keyJob, v)
}

func jobBucket(tx *bolt.Tx, id uint64) (*bolt.Bucket, content.Job, error) {
	var job content.Job
	jb := tx.Bucket(bucketJobs).Bucket(u64(id))
	if jb == nil {
		return nil, job, ErrNotFound
	}
	err := json.Unmarshal(jb.Get(keyJob), &job)
	return jb, job, err
}

// OpenJobs returns the jobs that still have pending recipients, oldest first.
func (db *DB) OpenJobs(ctx context.Context) ([]content.Job, error) {
	var out []content.Job
	err := db.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketJobsOpen).ForEach(func(k, _ []byte) error {
			_, job, err := jobBucket(tx, binary.BigEndian.Uint64(k))
			if err != nil {
				return fmt.Errorf("job %d: %w", binary.BigEndian.Uint64(k), err)
			}
			out = append(out, job)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: open jobs: %w", err)
	}
	return out, nil
}

// Job returns the job with the given ID, or an error wrapping ErrNotFound.
func (db *DB) Job(ctx context.Context, id uint64) (content.Job, error) {
	var job content.Job
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		_, job, err = jobBucket(tx, id)
		return err
	})
	if err != nil {
		return content.Job{}, fmt.Errorf("store: job %d: %w", id, err)
	}
	return job, nil
}

// PendingRecipients returns up to max recipients of job id not yet delivered
// to, in a stable order, with the language each chat reads.
func (db *DB) PendingRecipients(ctx context.Context, id uint64, max int) ([]content.Recipient, error) {
	return db.PendingRecipientsAfter(ctx, id, 0, max)
}

// PendingRecipientsAfter pages through the pending recipients of job id: it
// returns up to max of those that come after chat after in the job's stable
// order (after 0 starts at the beginning: 0 is never a chat ID), each with
// its language, kind (a group when its record says so or its ID is
// negative, as Telegram's group IDs are) and quiet hours. A worker that keeps
// sends in flight pages with the last chat it was handed, so it never hands
// a chat out twice while its outcome is not yet recorded.
func (db *DB) PendingRecipientsAfter(ctx context.Context, id uint64, after int64, max int) ([]content.Recipient, error) {
	var out []content.Recipient
	err := db.view(ctx, func(tx *bolt.Tx) error {
		jb, job, err := jobBucket(tx, id)
		if err != nil {
			return err
		}
		if max <= 0 {
			return nil
		}
		pendingSet{jb.Bucket(bucketPending)}.each(after, func(chatID int64) bool {
			// Telegram's group and supergroup IDs are negative. A chat
			// without a readable record still gets the notice, with the
			// defaults.
			r := content.Recipient{ChatID: chatID, Quiet: content.DefaultQuietHours(), Group: chatID < 0}
			if s, err := getSubscriber(tx, chatID); err == nil {
				r.Lang, r.Group, r.Quiet = s.Language(), s.Group || r.Group, s.QuietHoursOf()
			}
			r.Alert = jobAlert(jb, chatID) // keyword alerts
			// A retraction's or correction's messages.
			r.Messages, r.Sent = targetMessages(tx, job, chatID)
			out = append(out, r)
			return len(out) < max
		})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: pending recipients of job %d: %w", id, err)
	}
	return out, nil
}

// RecordDeliveries commits a batch of outcomes for job id in one transaction:
// each chat leaves the pending set with its outcome, the job's counters move,
// and the job is closed when nothing is pending. A chat whose outcome is
// OutcomeBlocked is marked blocked: it gets no more pushes until its next
// /start. Outcomes for chats not pending (already
// recorded) are ignored, so a batch may safely be recorded twice.
//
// A cancelled job (CancelJob) still records the outcomes of the sends that
// were in flight when it was cancelled, and stays closed. The returned job
// is the stored one: a worker learns from its Cancelled field that it must
// stop.
func (db *DB) RecordDeliveries(ctx context.Context, id uint64, ds []content.Delivery) (content.Job, error) {
	var job content.Job
	err := db.update(ctx, func(tx *bolt.Tx) error {
		jb, j, err := jobBucket(tx, id)
		if err != nil {
			return err
		}
		pending, delivered := pendingSet{jb.Bucket(bucketPending)}, jb.Bucket(bucketDelivered)
		delivered.FillPercent = 0.9 // outcomes come roughly in key order
		for _, d := range ds {
			if d.Outcome == content.OutcomePending {
				continue
			}
			if was, err := pending.remove(d.ChatID); err != nil || !was {
				if err != nil {
					return err
				}
				continue
			}
			if err := recordOne(tx, delivered, d, j.Created); err != nil {
				return err
			}
			// A notice sent after its push was retracted (DB.RetractArticle).
			if err := lateDelivery(tx, j, d); err != nil {
				return err
			}
			j.Count(d.Outcome)
		}
		j.Done = j.Cancelled || pending.empty()
		if j.Done {
			if err := tx.Bucket(bucketJobsOpen).Delete(u64(id)); err != nil {
				return err
			}
		}
		job = j
		return putJob(jb, j)
	})
	if err != nil {
		return content.Job{}, fmt.Errorf("store: record %d deliveries of job %d: %w", len(ds), id, err)
	}
	return job, nil
}

// recordOne stores the outcome of a chat just taken out of the pending set
// of a job created at created, and marks a chat that cannot be reached
// blocked.
func recordOne(tx *bolt.Tx, delivered *bolt.Bucket, d content.Delivery, created time.Time) error {
	if err := delivered.Put(chatKey(d.ChatID), encodeDelivery(d, created)); err != nil {
		return err
	}
	if d.Outcome != content.OutcomeBlocked {
		return nil
	}
	s, err := getSubscriber(tx, d.ChatID)
	if err != nil {
		return nil // a chat that never subscribed has nothing to deactivate
	}
	s.Blocked = true
	return putSubscriber(tx, s)
}
