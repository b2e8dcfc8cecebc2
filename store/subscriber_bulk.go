package store

import (
	"context"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// SubscribeMany records every chat of subs as Subscribe does (a stored
// record keeps its JoinedAt and preferences, a new one is dated now), all in
// one transaction: for bringing in a subscriber list, and for tests and
// benchmarks that need thousands of subscribers without a disk sync each.
// It returns how many chats were not receiving pushes before.
func (db *DB) SubscribeMany(ctx context.Context, subs []content.Subscriber) (int, error) {
	newly := 0
	err := db.update(ctx, func(tx *bolt.Tx) error {
		for _, s := range subs {
			old, err := getSubscriber(tx, s.ChatID)
			switch {
			case err == nil:
				s.JoinedAt, s.Categories, s.Quiet = old.JoinedAt, old.Categories, old.Quiet
				s.Units = old.Units // audiences (unit.go)
				if !old.Active() {
					newly++
				}
			case errors.Is(err, ErrNotFound):
				s.JoinedAt = db.now()
				newly++
			default:
				return err
			}
			s.Subscribed, s.Blocked = true, false
			if err := putSubscriber(tx, s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: subscribe %d chats: %w", len(subs), err)
	}
	return newly, nil
}
