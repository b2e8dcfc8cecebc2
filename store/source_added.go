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

// bucketSourcesAdded holds the sources admins added in the bot, by name
// (JSON AddedSource). The sources file's sources are not stored.
var bucketSourcesAdded = []byte("sources_added")

// MaxAddedSources bounds the sources admins may add in the bot: /sources
// shows them all in one message with a row of buttons each, which must
// stay within Telegram's limits.
const MaxAddedSources = 30

// AddedSource is a source an admin added in the bot: what NewSource needs
// to check it again at start, and who added it when.
type AddedSource struct {
	Name     string    `json:"name"`
	URL      string    `json:"url"`
	Kind     string    `json:"kind,omitempty"`
	Category string    `json:"category,omitempty"`
	AddedBy  int64     `json:"added_by,omitempty"`
	AddedAt  time.Time `json:"added_at,omitzero"`
}

// AddSource saves s, stamping AddedAt with the store's clock when zero. A
// name already added is an error wrapping content.ErrSourceExists, and one
// more than MaxAddedSources an error wrapping content.ErrTooManySources;
// then nothing changes. Any state stored under the name before (a source
// of that name removed earlier) is dropped, so the new source's first poll
// is quiet.
func (db *DB) AddSource(ctx context.Context, s AddedSource) (AddedSource, error) {
	if s.Name == "" {
		return AddedSource{}, errors.New("store: add source: empty name")
	}
	if s.AddedAt.IsZero() {
		s.AddedAt = db.now()
	}
	err := db.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSourcesAdded)
		if b.Get([]byte(s.Name)) != nil {
			return content.ErrSourceExists
		}
		if b.Stats().KeyN >= MaxAddedSources {
			return fmt.Errorf("%d sources added already: %w", MaxAddedSources, content.ErrTooManySources)
		}
		v, err := json.Marshal(s)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketSources).Delete([]byte(s.Name)); err != nil {
			return err
		}
		return b.Put([]byte(s.Name), v)
	})
	if err != nil {
		return AddedSource{}, fmt.Errorf("store: add source %q: %w", s.Name, err)
	}
	return s, nil
}

// DropAddedSource deletes the stored added source name but keeps the
// polling state under that name, which belongs to the sources file's
// source of the same name (the added one is then never polled). A name
// not added is an error wrapping ErrNotFound.
func (db *DB) DropAddedSource(ctx context.Context, name string) error {
	err := db.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSourcesAdded)
		if b.Get([]byte(name)) == nil {
			return ErrNotFound
		}
		return b.Delete([]byte(name))
	})
	if err != nil {
		return fmt.Errorf("store: drop added source %q: %w", name, err)
	}
	return nil
}

// RemoveSource deletes the added source name and its polling state; the
// articles it stored stay. A name not added is an error wrapping
// ErrNotFound.
func (db *DB) RemoveSource(ctx context.Context, name string) error {
	err := db.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSourcesAdded)
		if b.Get([]byte(name)) == nil {
			return ErrNotFound
		}
		if err := b.Delete([]byte(name)); err != nil {
			return err
		}
		return tx.Bucket(bucketSources).Delete([]byte(name))
	})
	if err != nil {
		return fmt.Errorf("store: remove source %q: %w", name, err)
	}
	return nil
}

// AddedSources returns the sources added in the bot, in name order.
func (db *DB) AddedSources(ctx context.Context) ([]AddedSource, error) {
	var out []AddedSource
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		out, err = allSources[AddedSource](tx, bucketSourcesAdded)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: added sources: %w", err)
	}
	return out, nil
}
