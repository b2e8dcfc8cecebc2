package store

import (
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The handled-updates bucket remembers which Telegram updates were handled
// lately, so that the webhook recognises a redelivery by its ID whatever
// order Telegram retries in:
//
//	updates_handled: update ID (8 bytes, big-endian) → when its batch was committed (Unix seconds, 8 bytes)
//
// An update's record is written when the offset beyond it is committed
// (CommitUpdates, CommitAccepted), from its in-flight record, and dropped
// after handledKeep: Telegram gives up redelivering an update after a day.
var bucketHandled = []byte("updates_handled")

// handledKeep is how long a handled update is remembered.
const handledKeep = 26 * time.Hour

// isHandled reports whether update id was handled within handledKeep.
func isHandled(tx *bolt.Tx, id int) bool {
	return tx.Bucket(bucketHandled).Get(u64(uint64(id))) != nil
}

// pruneHandled forgets the handled updates recorded before now less
// handledKeep. Updates are numbered in the order they happen, so it stops
// at the first, lowest, record young enough to keep.
func pruneHandled(tx *bolt.Tx, now time.Time) error {
	c := tx.Bucket(bucketHandled).Cursor()
	cutoff := now.Add(-handledKeep).Unix()
	for k, v := c.First(); k != nil; k, v = c.First() {
		if len(v) == 8 && int64(binary.BigEndian.Uint64(v)) >= cutoff {
			return nil
		}
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}
