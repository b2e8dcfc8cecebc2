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
//   - the subscriber record moves to newID with its subscription state and
//     preferences (categories, quiet hours) and Group set. A record already
//     stored under newID (someone used the supergroup before the bot heard
//     of the migration) is newer and is kept, taking from the old record
//     only the preferences it lacks;
//   - every open job's pending entry for oldID moves to newID, so the
//     notice is sent to the supergroup once; if newID is already pending
//     or done in that job, the two entries are one chat and the job's Total
//     drops by one.
//
// Outcomes already recorded under oldID stay as they are. Migrating a chat
// the store does not know is not an error, and migrating twice is harmless.
func (db *DB) MigrateChat(ctx context.Context, oldID, newID int64) error {
	if oldID == newID || oldID == 0 || newID == 0 {
		return fmt.Errorf("store: migrate chat %d to %d: invalid chat IDs", oldID, newID)
	}
	err := db.update(ctx, func(tx *bolt.Tx) error {
		if err := moveSubscriber(tx, oldID, newID); err != nil {
			return err
		}
		var open []uint64 // collected first: movePending may close a job
		if err := tx.Bucket(bucketJobsOpen).ForEach(func(k, _ []byte) error {
			open = append(open, binary.BigEndian.Uint64(k))
			return nil
		}); err != nil {
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

// moveSubscriber moves oldID's record to newID, as MigrateChat says.
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
		moved = cur
		if len(moved.Categories) == 0 {
			moved.Categories = old.Categories
		}
		if moved.Quiet == nil {
			moved.Quiet = old.Quiet
		}
		if moved.LangChoice == "" { // settings: the language chosen in /settings
			moved.LangChoice = old.LangChoice
		}
	case !errors.Is(err, ErrNotFound):
		return err
	}
	moved.ChatID, moved.Group = newID, true
	if err := putSubscriber(tx, moved); err != nil {
		return err
	}
	return tx.Bucket(bucketSubscribers).Delete(chatKey(oldID))
}

// movePending moves oldID's pending entry in job id to newID.
func movePending(tx *bolt.Tx, id uint64, oldID, newID int64) error {
	jb, job, err := jobBucket(tx, id)
	if err != nil {
		return fmt.Errorf("job %d: %w", id, err)
	}
	pending, delivered := pendingSet{jb.Bucket(bucketPending)}, jb.Bucket(bucketDelivered)
	if was, err := pending.remove(oldID); err != nil || !was {
		return err
	}
	if !pending.has(newID) && delivered.Get(chatKey(newID)) == nil {
		return pending.add(newID)
	}
	job.Total--
	if pending.empty() {
		job.Done = true
		if err := tx.Bucket(bucketJobsOpen).Delete(u64(id)); err != nil {
			return err
		}
	}
	return putJob(jb, job)
}
