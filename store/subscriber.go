package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// Subscribe records s as subscribed, creating it or updating its name,
// language and kind; a blocked chat becomes reachable again. A stored record
// keeps its JoinedAt and every preference (categories, quiet hours,
// language chosen, digest and its spans, units, and any later one): only
// the fields Telegram reports (UserID, Username, Name, Lang, Group) are
// taken from s, and Approved when s has it (it is never cleared here). It reports whether the chat was not receiving pushes
// before.
func (db *DB) Subscribe(ctx context.Context, s content.Subscriber) (newly bool, err error) {
	err = db.update(ctx, func(tx *bolt.Tx) error {
		newly, err = subscribeTx(tx, s, db.now())
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: subscribe chat %d: %w", s.ChatID, err)
	}
	return newly, nil
}

// subscribeTx is Subscribe inside tx; now stamps a new record's JoinedAt. A
// new record is s as given (its preferences included). A stored record is
// the starting point, so that a field added to content.Subscriber later is
// kept too; a field Telegram reports must be added to the list below.
func subscribeTx(tx *bolt.Tx, s content.Subscriber, now time.Time) (newly bool, err error) {
	old, err := getSubscriber(tx, s.ChatID)
	switch {
	case err == nil:
		old.UserID, old.Username, old.Name, old.Lang, old.Group = s.UserID, s.Username, s.Name, s.Lang, s.Group
		old.Approved = old.Approved || s.Approved
		newly = !old.Active()
		s = old
	case errors.Is(err, ErrNotFound):
		s.JoinedAt = now
		newly = true
	default:
		return false, err
	}
	s.Subscribed, s.Blocked = true, false
	return newly, putSubscriber(tx, s)
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
		was = s.Active()
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

// eachSubscriber calls fn with every stored subscriber, in chat order, and
// stops at fn's first error.
func eachSubscriber(tx *bolt.Tx, fn func(content.Subscriber) error) error {
	return tx.Bucket(bucketSubscribers).ForEach(func(k, v []byte) error {
		var s content.Subscriber
		if err := json.Unmarshal(v, &s); err != nil {
			return fmt.Errorf("subscriber %d: %w", chatFromKey(k), err)
		}
		return fn(s)
	})
}

// recipientsFor lists the chats that receive articles of category c as a
// message of their own: digest readers get only urgent ones (see DB.StartDigest).
func recipientsFor(tx *bolt.Tx, c content.Category, urgent bool) ([]int64, error) {
	var ids []int64
	err := eachSubscriber(tx, func(s content.Subscriber) error {
		if s.WantsPush(c, urgent) { // digest readers: only urgent ones
			ids = append(ids, s.ChatID)
		}
		return nil
	})
	return ids, err
}

// SetPreferences changes a chat's categories and quiet hours through update,
// which gets the stored record and may modify it. An unknown chat is an
// error wrapping ErrNotFound.
func (db *DB) SetPreferences(ctx context.Context, chatID int64, update func(*content.Subscriber)) (content.Subscriber, error) {
	var s content.Subscriber
	err := db.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if s, err = getSubscriber(tx, chatID); err != nil {
			return err
		}
		update(&s)
		s.ChatID = chatID
		return putSubscriber(tx, s)
	})
	if err != nil {
		return content.Subscriber{}, fmt.Errorf("store: set preferences of chat %d: %w", chatID, err)
	}
	return s, nil
}
