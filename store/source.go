package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bucketSources holds one SourceState per polled source, by name.
var bucketSources = []byte("sources")

// SourceState is what newsbot remembers about one polled source (see
// content/source.State, which it mirrors field for field).
type SourceState struct {
	Name          string    `json:"name"`
	ConfiguredURL string    `json:"configured_url,omitempty"`
	URL           string    `json:"url,omitempty"`
	ETag          string    `json:"etag,omitempty"`
	LastModified  string    `json:"last_modified,omitempty"`
	FirstPollDone bool      `json:"first_poll_done,omitempty"`
	FirstPollAt   time.Time `json:"first_poll_at,omitzero"`
	Backlog       []string  `json:"backlog,omitempty"`
	LastPoll      time.Time `json:"last_poll,omitzero"`
	LastSuccess   time.Time `json:"last_success,omitzero"`
	NextPoll      time.Time `json:"next_poll,omitzero"`
	Failures      int       `json:"failures,omitempty"`
	LastError     string    `json:"last_error,omitempty"`
	// Blocked: the last error was a destination refused (netguard).
	Blocked bool `json:"blocked,omitempty"`
	// FailingNotified is set once the admins were told of the failures.
	FailingNotified bool `json:"failing_notified,omitempty"`
	Items           int  `json:"items,omitempty"`
	Pushed          int  `json:"pushed,omitempty"`
	// Paused is changed by SetSourcePaused only.
	Paused bool `json:"paused,omitempty"`
}

// SourceState returns the named source's state, or an error wrapping
// ErrNotFound when none is stored.
func (db *DB) SourceState(ctx context.Context, name string) (SourceState, error) {
	var s SourceState
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		s, err = getSourceState(tx, name)
		return err
	})
	if err != nil {
		return SourceState{}, fmt.Errorf("store: source %q: %w", name, err)
	}
	return s, nil
}

// PutSourceState stores s under s.Name, keeping the stored Paused flag:
// a poll that was under way while an admin paused the source does not
// resume it.
func (db *DB) PutSourceState(ctx context.Context, s SourceState) error {
	if s.Name == "" {
		return errors.New("store: put source state: empty name")
	}
	err := db.update(ctx, func(tx *bolt.Tx) error {
		old, err := getSourceState(tx, s.Name)
		switch {
		case err == nil:
			s.Paused = old.Paused
		case errors.Is(err, ErrNotFound):
			s.Paused = false
		default:
			return err
		}
		return putSourceState(tx, s)
	})
	if err != nil {
		return fmt.Errorf("store: put source %q: %w", s.Name, err)
	}
	return nil
}

// SetSourcePaused pauses or resumes the named source, creating its record
// when it has none yet, and returns the state stored.
func (db *DB) SetSourcePaused(ctx context.Context, name string, paused bool) (SourceState, error) {
	if name == "" {
		return SourceState{}, errors.New("store: pause source: empty name")
	}
	var s SourceState
	err := db.update(ctx, func(tx *bolt.Tx) error {
		var err error
		s, err = getSourceState(tx, name)
		if errors.Is(err, ErrNotFound) {
			s, err = SourceState{Name: name}, nil
		}
		if err != nil {
			return err
		}
		s.Paused = paused
		return putSourceState(tx, s)
	})
	if err != nil {
		return SourceState{}, fmt.Errorf("store: pause source %q: %w", name, err)
	}
	return s, nil
}

func getSourceState(tx *bolt.Tx, name string) (SourceState, error) {
	var s SourceState
	b := tx.Bucket(bucketSources)
	if b == nil {
		return s, ErrNotFound
	}
	v := b.Get([]byte(name))
	if v == nil {
		return s, ErrNotFound
	}
	err := json.Unmarshal(v, &s)
	return s, err
}

func putSourceState(tx *bolt.Tx, s SourceState) error {
	v, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketSources).Put([]byte(s.Name), v)
}

// allSources decodes every record of a bucket keyed by source name, in name
// order; a missing bucket (a read-only file of an older schema) holds none.
func allSources[T any](tx *bolt.Tx, bucket []byte) ([]T, error) {
	b := tx.Bucket(bucket)
	if b == nil {
		return nil, nil
	}
	var out []T
	err := b.ForEach(func(k, v []byte) error {
		var s T
		if err := json.Unmarshal(v, &s); err != nil {
			return fmt.Errorf("source %q: %w", k, err)
		}
		out = append(out, s)
		return nil
	})
	return out, err
}
