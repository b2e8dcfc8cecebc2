package store

import (
	"context"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// UpdateOffset returns the Telegram update offset to poll from: one more than
// the last update polling fetched and committed (CommitUpdates); 0 on a new
// database. The webhook's commits (CommitAccepted) do not move it, so that
// polling after the webhook gets every update Telegram has not delivered,
// whatever its ID; those the webhook handled come back only when Telegram
// missed the webhook's answer, and BeginUpdates reports them Committed.
func (db *DB) UpdateOffset(ctx context.Context) (int, error) {
	var off int
	err := db.view(ctx, func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(keyUpdateOffset); len(v) == 8 {
			off = int(binary.BigEndian.Uint64(v))
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: update offset: %w", err)
	}
	return off, nil
}
