package store

import (
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// SubscribeMany records every chat of subs as Subscribe does (through the
// same subscribeTx: a stored record keeps its JoinedAt and every
// preference, a new one is dated now), all in one transaction: for bringing
// in a subscriber list, and for tests and benchmarks that need thousands of
// subscribers without a disk sync each. It returns how many chats were not
// receiving pushes before.
func (db *DB) SubscribeMany(ctx context.Context, subs []content.Subscriber) (int, error) {
	newly := 0
	err := db.update(ctx, func(tx *bolt.Tx) error {
		for _, s := range subs {
			isNew, err := subscribeTx(tx, s, db.now())
			if err != nil {
				return fmt.Errorf("chat %d: %w", s.ChatID, err)
			}
			if isNew {
				newly++
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: subscribe %d chats: %w", len(subs), err)
	}
	return newly, nil
}
