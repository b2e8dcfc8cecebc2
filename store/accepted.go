package store

import (
	"context"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// The accepted-updates bucket is the webhook's durable queue:
//
//	accepted_updates: update ID (8 bytes, big-endian) → the update's JSON, as Telegram sent it
//
// An update is stored here before Telegram is answered 200 (AcceptUpdate)
// and deleted in the transaction that records its effects (CommitAccepted),
// so an update Telegram was told it delivered is either here or handled.
var bucketAccepted = []byte("accepted_updates")

// AcceptUpdate stores body as the update id (not negative) unless an update
// with that ID is stored already, or was handled within the last day (a
// redelivery, in whatever order Telegram retries), and reports whether it
// stored it. When it returns nil the update is on disk (the transaction is
// committed and synced). Concurrent calls share transactions (bbolt's
// DB.Batch, which waits up to its MaxBatchDelay for companions), so many
// updates arriving at once cost one sync. It is safe for concurrent use.
func (db *DB) AcceptUpdate(ctx context.Context, id int, body []byte) (bool, error) {
	if id < 0 {
		return false, fmt.Errorf("store: accept update %d: negative ID", id)
	}
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("store: accept update %d: %w", id, err)
	}
	var stored bool
	err := db.bolt.Batch(func(tx *bolt.Tx) error {
		// Batch may run fn again (alone) when another call in its
		// transaction fails, so fn sets stored afresh each time.
		stored = false
		b := tx.Bucket(bucketAccepted)
		k := u64(uint64(id))
		if b.Get(k) != nil || isHandled(tx, id) {
			return nil
		}
		stored = true
		return b.Put(k, body)
	})
	if err != nil {
		return false, fmt.Errorf("store: accept update %d: %w", id, err)
	}
	return stored, nil
}

// AcceptedUpdates returns up to max accepted updates not yet handled, lowest
// ID first (Telegram numbers updates in the order they happened).
func (db *DB) AcceptedUpdates(ctx context.Context, max int) ([]content.AcceptedUpdate, error) {
	var out []content.AcceptedUpdate
	err := db.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketAccepted).Cursor()
		for k, v := c.First(); k != nil && len(out) < max; k, v = c.Next() {
			if len(k) != 8 {
				return fmt.Errorf("accepted update key %x: bad key", k)
			}
			out = append(out, content.AcceptedUpdate{ID: int(binary.BigEndian.Uint64(k)), Body: clone(v)})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: accepted updates: %w", err)
	}
	return out, nil
}

// AcceptedCount returns how many accepted updates are waiting to be handled.
func (db *DB) AcceptedCount(ctx context.Context) (int, error) {
	var n int
	err := db.view(ctx, func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketAccepted).Stats().KeyN
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: accepted count: %w", err)
	}
	return n, nil
}

// CommitAccepted records, in one transaction, that the accepted updates ids
// were handled: it deletes them and the in-flight records below offset
// (BeginUpdates), remembering those updates as handled, and adds the visits
// v they made. When none of ids is stored any more the batch was committed
// before and nothing else is changed, so its visits are never counted
// twice. It leaves the update offset (UpdateOffset) alone: Telegram retries
// a webhook delivery that failed after later ones succeeded, so an offset
// past the updates the webhook handled could confirm, once the bot polls
// again, an update that was never delivered.
func (db *DB) CommitAccepted(ctx context.Context, ids []int, offset int, v content.Visits) error {
	err := db.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAccepted)
		found := false
		for _, id := range ids {
			k := u64(uint64(id))
			if b.Get(k) == nil {
				continue
			}
			found = true
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		if err := clearInFlight(tx, offset, db.now()); err != nil {
			return err
		}
		if !found {
			return nil
		}
		return addVisits(tx, v)
	})
	if err != nil {
		return fmt.Errorf("store: commit %d accepted updates to offset %d: %w", len(ids), offset, err)
	}
	return nil
}
