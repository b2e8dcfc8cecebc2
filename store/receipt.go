package store

import (
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/content/vi"
)

// Acknowledgements (receipts). acks/<job ID> is a bucket for each job that
// asks for acknowledgement, created with the job: chat key → JSON
// content.Ack. ack_reminders maps a job's ID to the ID of the one reminder
// job sent for it.
var (
	bucketAcks      = []byte("acks")
	bucketReminders = []byte("ack_reminders")
)

// createAckBucket makes room for the acknowledgements of job id, which asks
// for them. It is called where the job is created, in the same transaction.
func createAckBucket(tx *bolt.Tx, id uint64) error {
	acks := tx.Bucket(bucketAcks)
	if acks == nil {
		return fmt.Errorf("bucket %s missing", bucketAcks)
	}
	_, err := acks.CreateBucketIfNotExists(u64(id))
	return err
}

// RecordAck records that chat a.ChatID acknowledged job jobID, once: it
// reports true when this call recorded it and false when it was recorded
// before (a second press, or two at once: the check and the write are one
// transaction). A job that does not exist or does not ask for
// acknowledgement is an error wrapping content.ErrNoReceipt, a chat that
// was not one of its recipients one wrapping content.ErrNotRecipient;
// neither records anything. A zero a.At becomes now.
func (db *DB) RecordAck(ctx context.Context, jobID uint64, a content.Ack) (bool, error) {
	if a.At.IsZero() {
		a.At = db.now()
	}
	a.Name = vi.TruncateRunes(a.Name, 128)
	recorded := false
	err := db.update(ctx, func(tx *bolt.Tx) error {
		jb, acks, err := ackBuckets(tx, jobID)
		if err != nil {
			return err
		}
		if !isRecipient(jb, a.ChatID) {
			return content.ErrNotRecipient
		}
		key := chatKey(a.ChatID)
		if acks.Get(key) != nil {
			return nil
		}
		v, err := json.Marshal(a)
		if err != nil {
			return err
		}
		recorded = true
		return acks.Put(key, v)
	})
	if err != nil {
		return false, fmt.Errorf("store: acknowledgement of job %d by chat %d: %w", jobID, a.ChatID, err)
	}
	return recorded, nil
}

// ackBuckets returns job jobID's bucket and its acknowledgements, or an error
// wrapping content.ErrNoReceipt when the job does not ask for them.
func ackBuckets(tx *bolt.Tx, jobID uint64) (jb, acks *bolt.Bucket, err error) {
	jb, _, acks, err = ackJob(tx, jobID)
	return jb, acks, err
}

// ackJob is ackBuckets with the job record.
func ackJob(tx *bolt.Tx, jobID uint64) (jb *bolt.Bucket, job content.Job, acks *bolt.Bucket, err error) {
	jb, job, err = jobBucket(tx, jobID)
	if errors.Is(err, ErrNotFound) || (err == nil && !job.Ack) {
		return nil, job, nil, content.ErrNoReceipt
	}
	if err != nil {
		return nil, job, nil, err
	}
	if all := tx.Bucket(bucketAcks); all != nil {
		acks = all.Bucket(u64(jobID))
	}
	if acks == nil {
		return nil, job, nil, content.ErrNoReceipt
	}
	return jb, job, acks, nil
}

// isRecipient reports whether chatID is among the job's recipients: still
// pending (the notice may be out while its outcome is not yet recorded) or
// with an outcome.
func isRecipient(jb *bolt.Bucket, chatID int64) bool {
	if d := jb.Bucket(bucketDelivered); d != nil && d.Get(chatKey(chatID)) != nil {
		return true
	}
	p := jb.Bucket(bucketPending)
	return p != nil && pendingSet{p}.has(chatID)
}

// Receipts returns up to n notices that ask for acknowledgement, newest
// first, each with how many recipients acknowledged it.
func (db *DB) Receipts(ctx context.Context, n int) ([]content.Receipt, error) {
	var out []content.Receipt
	err := db.view(ctx, func(tx *bolt.Tx) error {
		all := tx.Bucket(bucketAcks)
		if all == nil {
			return nil // a file not yet migrated, opened read-only
		}
		c := all.Cursor()
		for k, _ := c.Last(); k != nil && len(out) < n; k, _ = c.Prev() {
			rc, err := receiptOf(tx, binary.BigEndian.Uint64(k))
			if err != nil {
				return err
			}
			out = append(out, rc)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: receipts: %w", err)
	}
	return out, nil
}

// receiptOf summarises job id, which asks for acknowledgement.
func receiptOf(tx *bolt.Tx, id uint64) (content.Receipt, error) {
	_, job, acks, err := ackJob(tx, id)
	if err != nil {
		return content.Receipt{}, fmt.Errorf("job %d: %w", id, err)
	}
	rc := content.Receipt{Job: job, Acked: acks.Stats().KeyN}
	var title string
	if job.ArticleID != "" {
		if a, err := getArticle(tx, job.ArticleID); err == nil {
			title = a.Title
		} else if del, err := getDeletion(tx, job.ArticleID); err == nil {
			title = del.Article.Title // deleted since: its notice went out all the same
		}
	}
	rc.Title = content.ReceiptTitle(title, job.Text)
	if rem := tx.Bucket(bucketReminders); rem != nil {
		if v := rem.Get(u64(id)); len(v) == 8 {
			rc.Reminder = binary.BigEndian.Uint64(v)
		}
	}
	return rc, nil
}

// Receipt returns notice jobID's acknowledgements with every recipient: those
// who acknowledged first, earliest first, then the others in chat order,
// named from their subscriber records. A job that does not exist or does not
// ask for acknowledgement is an error wrapping content.ErrNoReceipt.
func (db *DB) Receipt(ctx context.Context, jobID uint64) (content.ReceiptDetail, error) {
	var d content.ReceiptDetail
	err := db.view(ctx, func(tx *bolt.Tx) error {
		rc, err := receiptOf(tx, jobID)
		if err != nil {
			return err
		}
		d.Receipt = rc
		d.Entries, err = receiptEntries(tx, jobID)
		return err
	})
	if err != nil {
		return content.ReceiptDetail{}, fmt.Errorf("store: receipt %d: %w", jobID, err)
	}
	return d, nil
}

// receiptEntries lists job jobID's recipients with their acknowledgements.
// A recipient whose send ended without delivery (blocked, or failed after
// retries) is marked Unreachable; one still pending (not sent yet, in flight,
// or spared by a cancellation) is marked NotSent. A recipient whose
// subscriber record says it no longer receives pushes is marked Left, and so
// is a private chat without a record (a member removed since: RemoveMember);
// a group without one (it migrated since, and its notices follow it to the
// new ID when sent) is not.
func receiptEntries(tx *bolt.Tx, jobID uint64) ([]content.ReceiptEntry, error) {
	jb, acks, err := ackBuckets(tx, jobID)
	if err != nil {
		return nil, err
	}
	var out []content.ReceiptEntry
	add := func(chatID int64, unreachable, notSent bool) error {
		e := content.ReceiptEntry{ChatID: chatID, Unreachable: unreachable, NotSent: notSent}
		if s, err := getSubscriber(tx, chatID); err == nil {
			e.Name, e.Username, e.Left = s.Name, s.Username, !s.Active()
		} else if errors.Is(err, ErrNotFound) {
			e.Left = chatID > 0
		}
		if v := acks.Get(chatKey(chatID)); v != nil {
			var a content.Ack
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("acknowledgement of chat %d: %w", chatID, err)
			}
			e.Acked, e.At, e.By = true, a.At, a.Name
		}
		out = append(out, e)
		return nil
	}
	if err := jb.Bucket(bucketDelivered).ForEach(func(k, v []byte) error {
		return add(chatFromKey(k), !deliveredOutcome(v), false)
	}); err != nil {
		return nil, err
	}
	var perr error
	pendingSet{jb.Bucket(bucketPending)}.each(0, func(chatID int64) bool {
		perr = add(chatID, false, true)
		return perr == nil
	})
	if perr != nil {
		return nil, perr
	}
	slices.SortStableFunc(out, func(a, b content.ReceiptEntry) int {
		switch {
		case a.Acked && b.Acked:
			return a.At.Compare(b.At)
		case a.Acked != b.Acked:
			if a.Acked {
				return -1
			}
			return 1
		}
		return cmp.Compare(uint64(a.ChatID), uint64(b.ChatID))
	})
	return out, nil
}

// deliveredOutcome reports whether a recorded outcome (encodeDelivery's
// value, whose first byte is the outcome) says the notice was delivered.
func deliveredOutcome(v []byte) bool {
	return len(v) > 0 && content.Outcome(v[0]) == content.OutcomeSent
}

// RemindUnacknowledged sends notice jobID's one reminder: in one transaction
// it creates a push job (RemindOf jobID, created by admin) for the
// recipients who have not acknowledged it, were sent it and reached, and
// still receive pushes (content.ReceiptEntry.Remindable: nobody the notice
// was not sent to — still pending, or spared by a cancellation — nor whose
// send was blocked or failed, nor who unsubscribed or blocked the bot since,
// is reminded), and records that the reminder was
// sent. A second call is an error wrapping content.ErrAlreadyReminded; when
// nobody is left to remind, one wrapping content.ErrNobodyToRemind (and no
// reminder counts as sent); a job that does not ask for acknowledgement,
// one wrapping content.ErrNoReceipt.
func (db *DB) RemindUnacknowledged(ctx context.Context, jobID uint64, admin int64) (content.Job, error) {
	var job content.Job
	err := db.update(ctx, func(tx *bolt.Tx) error {
		_, orig, acks, err := ackJob(tx, jobID)
		if err != nil {
			return err
		}
		if orig.RetractedBy != 0 {
			return content.ErrRetracted
		}
		rem := tx.Bucket(bucketReminders)
		if rem.Get(u64(jobID)) != nil {
			return content.ErrAlreadyReminded
		}
		entries, err := receiptEntries(tx, jobID)
		if err != nil {
			return err
		}
		var chats []int64
		for _, e := range entries {
			if e.Remindable() && acks.Get(chatKey(e.ChatID)) == nil {
				chats = append(chats, e.ChatID)
			}
		}
		if len(chats) == 0 {
			return content.ErrNobodyToRemind
		}
		job, err = createJob(tx, content.Job{RemindOf: jobID, CreatedBy: admin, Created: db.now(), Urgent: orig.Urgent}, chats)
		if err != nil {
			return err
		}
		return rem.Put(u64(jobID), u64(job.ID))
	})
	if err != nil {
		return content.Job{}, fmt.Errorf("store: remind recipients of job %d: %w", jobID, err)
	}
	return job, nil
}

// PublishPost publishes an article an admin wrote in the bot, through
// PublishArticleWith (stored, indexed and pushed in one transaction). With
// units (slugs) the push goes to those units' people only (see
// PublishOptions.Units; an unknown slug is an error wrapping
// content.ErrUnknownUnit and stores nothing). It reports whether the
// article was new, and the push job created for it (zero when nobody
// receives it).
func (db *DB) PublishPost(ctx context.Context, a content.Article, units []string) (bool, content.Job, error) {
	res, err := db.PublishArticleWith(ctx, a, PublishOptions{Units: units})
	if err != nil {
		return false, content.Job{}, err
	}
	return res.Created, res.Job, nil
}
