package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// MigrateChat records that group oldID became supergroup newID (Telegram
// answers sends to the old ID with migrate_to_chat_id, and the new chat's
// first message carries migrate_from_chat_id). In one transaction:
//
//   - the subscriber record moves to newID whole, Group set: its
//     subscription state and every preference (categories, quiet hours,
//     language chosen, digest and its spans, units, and any field added to
//     content.Subscriber later). A record already stored under newID
//     (someone used the supergroup before the bot heard of the migration)
//     is newer: its identity, subscription state and JoinedAt win, and so
//     does each preference it has set; the old record gives the preferences
//     it lacks (see moveSubscriber);
//   - every open job's pending entry for oldID moves to newID, so the
//     notice is sent to the supergroup once; if newID is already pending
//     or done in that job, the two entries are one chat and the job's Total
//     drops by one.
//
// Outcomes already recorded under oldID stay as they are. Keyword alerts
// (DB.AddAlert) are not moved: only a person's private chat keeps alerts (the
// bot refuses /alert elsewhere), and only groups migrate, so a migrating
// chat has none, and no job records an alert line for it. Migrating a chat
// the store does not know is not an error, and migrating twice is harmless.
func (db *DB) MigrateChat(ctx context.Context, oldID, newID int64) error {
	if oldID == newID || oldID == 0 || newID == 0 {
		return fmt.Errorf("store: migrate chat %d to %d: invalid chat IDs", oldID, newID)
	}
	err := db.update(ctx, func(tx *bolt.Tx) error {
		if err := moveSubscriber(tx, oldID, newID); err != nil {
			return err
		}
		open, err := openJobIDs(tx)
		if err != nil {
			return err
		}
		for _, id := range open {
			if err := movePending(tx, id, oldID, newID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: migrate chat %d to %d: %w", oldID, newID, err)
	}
	return nil
}

// moveSubscriber moves oldID's record to newID, as MigrateChat says. The
// moved record starts as a copy of the old one, so that every field,
// including one added to content.Subscriber later, is carried; when newID
// already has a record, only the fields listed below are taken from it.
func moveSubscriber(tx *bolt.Tx, oldID, newID int64) error {
	old, err := getSubscriber(tx, oldID)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	moved := old
	cur, err := getSubscriber(tx, newID)
	switch {
	case err == nil:
		// The newer record's identity and subscription state.
		moved.UserID, moved.Username, moved.Name, moved.Lang = cur.UserID, cur.Username, cur.Name, cur.Lang
		moved.Subscribed, moved.Blocked, moved.JoinedAt = cur.Subscribed, cur.Blocked, cur.JoinedAt
		// Its preferences where it has set them.
		if len(cur.Categories) > 0 {
			moved.Categories = cur.Categories
		}
		if cur.Quiet != nil {
			moved.Quiet = cur.Quiet
		}
		if cur.LangChoice != "" { // the language chosen in /settings
			moved.LangChoice = cur.LangChoice
		}
		if cur.Digest || len(cur.DigestSpans) > 0 { // the digest was ever turned on there
			moved.Digest, moved.DigestSpans = cur.Digest, cur.DigestSpans
		}
		if len(cur.Units) > 0 {
			moved.Units = cur.Units
		}
		moved.Approved = moved.Approved || cur.Approved // an admin approved either
	case !errors.Is(err, ErrNotFound):
		return err
	}
	moved.ChatID, moved.Group = newID, true
	if err := putSubscriber(tx, moved); err != nil {
		return err
	}
	return tx.Bucket(bucketSubscribers).Delete(chatKey(oldID))
}

// movePending moves oldID's pending entry in job id to newID; when newID is
// already pending or done there, the two are one chat and oldID's entry is
// dropped (dropPending).
func movePending(tx *bolt.Tx, id uint64, oldID, newID int64) error {
	jb, _, err := jobBucket(tx, id)
	if err != nil {
		return fmt.Errorf("job %d: %w", id, err)
	}
	pending, delivered := pendingSet{jb.Bucket(bucketPending)}, jb.Bucket(bucketDelivered)
	if !pending.has(oldID) {
		return nil
	}
	if pending.has(newID) || delivered.Get(chatKey(newID)) != nil {
		_, err := dropPending(tx, id, oldID)
		return err
	}
	if _, err := pending.remove(oldID); err != nil {
		return err
	}
	return pending.add(newID)
}

// openJobIDs lists the jobs still open, collected before any is changed
// (dropping a recipient may close a job).
func openJobIDs(tx *bolt.Tx) ([]uint64, error) {
	var open []uint64
	err := tx.Bucket(bucketJobsOpen).ForEach(func(k, _ []byte) error {
		open = append(open, binary.BigEndian.Uint64(k))
		return nil
	})
	return open, err
}

// dropPending takes chatID out of job id's pending recipients: the job's
// Total counts one fewer, and a job left with nobody pending is closed. It
// reports whether chatID was pending there.
func dropPending(tx *bolt.Tx, id uint64, chatID int64) (bool, error) {
	jb, job, err := jobBucket(tx, id)
	if err != nil {
		return false, fmt.Errorf("job %d: %w", id, err)
	}
	pending := pendingSet{jb.Bucket(bucketPending)}
	if was, err := pending.remove(chatID); err != nil || !was {
		return false, err
	}
	job.Total--
	if pending.empty() {
		job.Done = true
		if err := tx.Bucket(bucketJobsOpen).Delete(u64(id)); err != nil {
			return true, err
		}
	}
	return true, putJob(jb, job)
}
