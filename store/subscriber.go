package store

import (
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// Subscribe records s as subscribed, creating it or updating its name and
// language. JoinedAt is kept from the first time the chat came. It reports
// whether the chat was not subscribed before.
func (db *DB) Subscribe(ctx context.Context, s content.Subscriber) (newly bool, err error) {
	err = db.update(ctx, func(tx *bolt.Tx) error {
		old, err := getSubscriber(tx, s.ChatID)
		switch {
		case err == nil:
			s.JoinedAt = old.JoinedAt
			newly = !old.Subscribed
		case err == ErrNotFound:
			s.JoinedAt = db.now()
			newly = true
		default:
			return err
		}
		s.Subscribed = true
		return putSubscriber(tx, s)
	})
	if err != nil {
		return false, fmt.Errorf("store: subscribe chat %d: %w", s.ChatID, err)
	}
	return newly, nil
}

// Unsubscribe stops pushes to chatID. It reports whether the chat was
// subscribed; an unknown chat is not an error.
func (db *DB) Unsubscribe(ctx context.Context, chatID int64) (was bool, err error) {
	err = db.update(ctx, func(tx *bolt.Tx) error {
		s, err := getSubscriber(tx, chatID)
		if err == ErrNotFound {
			return nil
		}
		if err != nil {
			return err
		}
		was = s.Subscribed
		s.Subscribed = false
		return putSubscriber(tx, s)
	})
	if err != nil {
		return false, fmt.Errorf("store: unsubscribe chat %d: %w", chatID, err)
	}
	return was, nil
}

// Subscriber returns the chat's record, or an error wrapping ErrNotFound.
func (db *DB) Subscriber(ctx context.Context, chatID int64) (content.Subscriber, error) {
	var s content.Subscriber
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		s, err = getSubscriber(tx, chatID)
		return err
	})
	if err != nil {
		return content.Subscriber{}, fmt.Errorf("store: subscriber %d: %w", chatID, err)
	}
	return s, nil
}

// CountSubscribers returns the number of subscribed chats and of all chats known.
func (db *DB) CountSubscribers(ctx context.Context) (subscribed, total int, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSubscribers).ForEach(func(k, v []byte) error {
			var s content.Subscriber
			if err := json.Unmarshal(v, &s); err != nil {
				return fmt.Errorf("subscriber %d: %w", chatFromKey(k), err)
			}
			total++
			if s.Subscribed {
				subscribed++
			}
			return nil
		})
	})
	if err != nil {
		return 0, 0, fmt.Errorf("store: count subscribers: %w", err)
	}
	return subscribed, total, nil
}

func getSubscriber(tx *bolt.Tx, chatID int64) (content.Subscriber, error) {
	var s content.Subscriber
	v := tx.Bucket(bucketSubscribers).Get(chatKey(chatID))
	if v == nil {
		return s, ErrNotFound
	}
	err := json.Unmarshal(v, &s)
	return s, err
}

func putSubscriber(tx *bolt.Tx, s content.Subscriber) error {
	v, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketSubscribers).Put(chatKey(s.ChatID), v)
}

// subscribedChats lists the chats that receive pushes.
func subscribedChats(tx *bolt.Tx) ([]int64, error) {
	var ids []int64
	err := tx.Bucket(bucketSubscribers).ForEach(func(k, v []byte) error {
		var s content.Subscriber
		if err := json.Unmarshal(v, &s); err != nil {
			return fmt.Errorf("subscriber %d: %w", chatFromKey(k), err)
		}
		if s.Subscribed {
			ids = append(ids, s.ChatID)
		}
		return nil
	})
	return ids, err
}
