package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// ErrNotBroadcast means CreateBroadcast was given a job that is not an
// admin's broadcast: no Text, or an ArticleID.
var ErrNotBroadcast = errors.New("a broadcast needs a text and no article")

// CreateBroadcast stores an admin's broadcast, job (Text set, ArticleID
// empty; CreatedBy, Urgent and the progress message as the caller sets
// them), with chats as its recipients, and returns it with its ID and Total.
// The recipients are a snapshot: chats are deduplicated and kept even if
// they unsubscribe before their turn (pass BroadcastRecipients' result to
// reach the active subscribers). A zero Created becomes now. With no chats
// the job is stored already done (Total 0), so /jobs still lists it. The
// delivery worker sends it once Notify wakes it, or within its rescan
// period.
func (db *DB) CreateBroadcast(ctx context.Context, job content.Job, chats []int64) (content.Job, error) {
	if job.Text == "" || job.ArticleID != "" {
		return content.Job{}, fmt.Errorf("store: create broadcast: %w", ErrNotBroadcast)
	}
	if job.Created.IsZero() {
		job.Created = db.now()
	}
	job.Sent, job.Blocked, job.Failed, job.Done, job.Cancelled = 0, 0, 0, false, false
	err := db.update(ctx, func(tx *bolt.Tx) error {
		if len(chats) > 0 {
			var err error
			job, err = createJob(tx, job, chats)
			return err
		}
		var err error
		job, err = createEmptyJob(tx, job)
		return err
	})
	if err != nil {
		return content.Job{}, fmt.Errorf("store: create broadcast for %d chats: %w", len(chats), err)
	}
	return job, nil
}

// BroadcastRecipients lists the chats a broadcast reaches: every active
// subscriber (subscribed, not blocked) when c is "", otherwise those that
// want category c (a chat with no categories chosen wants them all). The
// order is the store's, which CreateBroadcast keeps.
func (db *DB) BroadcastRecipients(ctx context.Context, c content.Category) ([]int64, error) {
	var ids []int64
	err := db.view(ctx, func(tx *bolt.Tx) error {
		return eachSubscriber(tx, func(s content.Subscriber) error {
			if (c == "" && s.Active()) || (c != "" && s.Wants(c)) {
				ids = append(ids, s.ChatID)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: broadcast recipients of %q: %w", c, err)
	}
	return ids, nil
}

// CancelJob stops job id: it is marked Cancelled and closed (Done), so the
// delivery worker sends nothing more for it after its batch in flight, whose
// outcomes are still recorded. Outcomes already recorded stay; recipients
// never tried stay pending, so Job.Pending says how many the cancellation
// spared. A job already done (or cancelled) is left unchanged and returned
// with an error wrapping content.ErrJobDone (its Cancelled field tells
// which). An unknown ID is an error wrapping ErrNotFound.
func (db *DB) CancelJob(ctx context.Context, id uint64) (content.Job, error) {
	var job content.Job
	err := db.update(ctx, func(tx *bolt.Tx) error {
		var err error
		job, err = cancelJob(tx, id)
		return err
	})
	switch {
	case errors.Is(err, content.ErrJobDone):
		return job, fmt.Errorf("store: cancel job %d: %w", id, err)
	case err != nil:
		return content.Job{}, fmt.Errorf("store: cancel job %d: %w", id, err)
	}
	return job, nil
}

// cancelJob marks job id Cancelled and Done and closes it, and returns it;
// a job already done is returned unchanged with content.ErrJobDone.
func cancelJob(tx *bolt.Tx, id uint64) (content.Job, error) {
	jb, job, err := jobBucket(tx, id)
	if err != nil {
		return content.Job{}, err
	}
	if job.Done {
		return job, content.ErrJobDone
	}
	job.Cancelled, job.Done = true, true
	if err := tx.Bucket(bucketJobsOpen).Delete(u64(id)); err != nil {
		return content.Job{}, err
	}
	return job, putJob(jb, job)
}

// RecentJobs returns up to n jobs, newest first (by ID, which grows with
// creation), whatever their state, with their counters as last committed:
// the delivery worker commits progress at least every deliveryBatch sends
// and every second, so this is what /jobs and progress reports show.
func (db *DB) RecentJobs(ctx context.Context, n int) ([]content.Job, error) {
	var out []content.Job
	err := db.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketJobs).Cursor()
		for k, v := c.Last(); k != nil && len(out) < n; k, v = c.Prev() {
			if v != nil || len(k) != 8 {
				continue // not a job's bucket
			}
			_, job, err := jobBucket(tx, binary.BigEndian.Uint64(k))
			if err != nil {
				return fmt.Errorf("job %d: %w", binary.BigEndian.Uint64(k), err)
			}
			out = append(out, job)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: recent %d jobs: %w", n, err)
	}
	return out, nil
}
