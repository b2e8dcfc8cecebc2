package store

import (
	"context"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// In-flight updates bucket, kept beside the update offset (meta/update_offset):
//
//	updates_in_flight: update ID (8 bytes) → state (1 byte: 0 in flight, 1 handled) | deaths (1 byte)
//
// A record is made when the update's batch begins, marked handled when the
// update's handling ends, and deleted when an offset beyond it is committed
// (CommitUpdates). A record still in flight when its batch begins again was
// left by a run that died while handling it.
var bucketInFlight = []byte("updates_in_flight")

const (
	inFlightBusy    byte = 0
	inFlightHandled byte = 1
)

// BeginUpdates records, in one transaction, that the updates ids are about
// to be handled, and returns what is known of each. An update new to the
// store gets a zero InFlight. One found still in flight was in hand when an
// earlier run died: its Deaths grows by one (capped at 255). One found
// handled stays as it is. Negative IDs, which Telegram never sends, are not
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
			k := u64(uint64(id))
			state := inFlightBusy
			if v := b.Get(k); len(v) == 2 {
				state, f.Deaths, f.Handled = v[0], int(v[1]), v[0] == inFlightHandled
				if !f.Handled {
					f.Deaths = min(f.Deaths+1, 255)
				}
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

// FinishUpdate records that update id has been handled (or skipped for
// good), so that it is not handled again should the run die before its
// offset is committed. An id BeginUpdates never recorded, or already
// cleared by CommitUpdates, is left alone.
func (db *DB) FinishUpdate(ctx context.Context, id int) error {
	err := db.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketInFlight)
		k := u64(uint64(id))
		v := b.Get(k)
		if len(v) != 2 {
			return nil
		}
		return b.Put(k, []byte{inFlightHandled, v[1]})
	})
	if err != nil {
		return fmt.Errorf("store: finish update %d: %w", id, err)
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

// clearInFlight deletes the in-flight records of the updates below offset.
func clearInFlight(tx *bolt.Tx, offset int) error {
	if offset <= 0 {
		return nil
	}
	c := tx.Bucket(bucketInFlight).Cursor()
	end := u64(uint64(offset))
	for k, _ := c.First(); k != nil && string(k) < string(end); k, _ = c.First() {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}
