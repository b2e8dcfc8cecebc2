package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// In-flight updates bucket, kept beside the update offset (meta/update_offset):
//
//	updates_in_flight: update ID (8 bytes) → state (1 byte) | deaths (1 byte)
//
// where state is queued (0: its batch has begun), in hand (1: being
// handled) or handled (2). A record is made queued when its batch begins,
// moves to in hand and then to handled as the bot works through the batch
// (AdvanceUpdates), and is deleted when an offset beyond it is committed
// (CommitUpdates). A record found in hand when its batch begins again was
// being handled when an earlier run died.
var bucketInFlight = []byte("updates_in_flight")

const (
	inFlightQueued  byte = 0
	inFlightInHand  byte = 1
	inFlightHandled byte = 2
)

// BeginUpdates records, in one transaction, that the updates ids are about
// to be handled, and returns what is known of each. An update new to the
// store gets a zero InFlight. One found in hand was being handled when an
// earlier run died: its Deaths grows by one (capped at 255) and it is
// queued again. One found queued (its batch had begun, its turn had not
// come) or handled stays as it is. One whose batch was committed within
// the last day (the webhook handled it; polling gets it again because
// Telegram never saw the webhook's answer) is reported Committed and not
// recorded again. Negative IDs, which Telegram never sends, are not
// recorded (they get a zero InFlight). On error nothing is recorded.
func (db *DB) BeginUpdates(ctx context.Context, ids []int) (map[int]content.InFlight, error) {
	out := make(map[int]content.InFlight, len(ids))
	err := db.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketInFlight)
		for _, id := range ids {
			var f content.InFlight
			if id < 0 {
				out[id] = f
				continue
			}
			if isHandled(tx, id) {
				out[id] = content.InFlight{Handled: true, Committed: true}
				continue
			}
			k := u64(uint64(id))
			state := inFlightQueued
			if v := b.Get(k); len(v) == 2 {
				state, f.Deaths = v[0], int(v[1])
				if state == inFlightInHand {
					state, f.Deaths = inFlightQueued, min(f.Deaths+1, 255)
				}
				f.Handled = state == inFlightHandled
			}
			if err := b.Put(k, []byte{state, byte(f.Deaths)}); err != nil {
				return err
			}
			out[id] = f
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: begin updates: %w", err)
	}
	return out, nil
}

// AdvanceUpdates records, in one transaction, that update handled has been
// handled (or skipped for good), so that it is not handled again should the
// run die before its offset is committed, and that update next is now in
// hand. Either may be -1 for none. An ID BeginUpdates did not record, or
// whose record a commit cleared, is left alone. Concurrent calls share a
// commit, so it is safe and cheap to call from several goroutines at once.
func (db *DB) AdvanceUpdates(ctx context.Context, handled, next int) error {
	err := db.batch(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketInFlight)
		for _, m := range []struct {
			id    int
			state byte
		}{{handled, inFlightHandled}, {next, inFlightInHand}} {
			if m.id < 0 {
				continue
			}
			k := u64(uint64(m.id))
			if v := b.Get(k); len(v) == 2 {
				if err := b.Put(k, []byte{m.state, v[1]}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: advance updates (%d handled, %d next): %w", handled, next, err)
	}
	return nil
}

// UpdatesInFlight returns the records of the updates begun and not yet
// cleared by a commit, by update ID.
func (db *DB) UpdatesInFlight(ctx context.Context) (map[int]content.InFlight, error) {
	out := map[int]content.InFlight{}
	err := db.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketInFlight).ForEach(func(k, v []byte) error {
			if len(k) == 8 && len(v) == 2 {
				out[int(binary.BigEndian.Uint64(k))] = content.InFlight{Deaths: int(v[1]), Handled: v[0] == inFlightHandled}
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: updates in flight: %w", err)
	}
	return out, nil
}

// clearInFlight deletes the in-flight records of the updates below offset,
// recording each as handled at now (bucketHandled), and forgets the handled
// updates older than handledKeep.
func clearInFlight(tx *bolt.Tx, offset int, now time.Time) error {
	if offset <= 0 {
		return nil
	}
	handled := tx.Bucket(bucketHandled)
	at := u64(uint64(now.Unix()))
	c := tx.Bucket(bucketInFlight).Cursor()
	end := u64(uint64(offset))
	for k, _ := c.First(); k != nil && string(k) < string(end); k, _ = c.First() {
		if err := handled.Put(clone(k), at); err != nil {
			return err
		}
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return pruneHandled(tx, now)
}
