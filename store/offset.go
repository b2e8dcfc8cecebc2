package store

import (
	"context"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// UpdateOffset returns the Telegram update offset to poll from: one more than
// the last update whose effects were committed; 0 on a new database.
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
