package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Admin is a Telegram user allowed to run admin commands.
type Admin struct {
	UserID  int64     `json:"user_id"`
	AddedAt time.Time `json:"added_at"`
	// AddedBy is the admin who added this one; 0 for the command line.
	AddedBy int64 `json:"added_by,omitempty"`
}

// AddAdmin makes userID an admin. It reports whether the user was not one before.
func (db *DB) AddAdmin(ctx context.Context, userID, addedBy int64) (added bool, err error) {
	err = db.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAdmins)
		if b.Get(chatKey(userID)) != nil {
			return nil
		}
		v, err := json.Marshal(Admin{UserID: userID, AddedAt: db.now(), AddedBy: addedBy})
		if err != nil {
			return err
		}
		added = true
		return b.Put(chatKey(userID), v)
	})
	if err != nil {
		return false, fmt.Errorf("store: add admin %d: %w", userID, err)
	}
	return added, nil
}

// RemoveAdmin revokes userID's admin rights. It reports whether the user was one.
func (db *DB) RemoveAdmin(ctx context.Context, userID int64) (removed bool, err error) {
	err = db.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAdmins)
		removed = b.Get(chatKey(userID)) != nil
		return b.Delete(chatKey(userID))
	})
	if err != nil {
		return false, fmt.Errorf("store: remove admin %d: %w", userID, err)
	}
	return removed, nil
}

// IsAdmin reports whether userID is an admin.
func (db *DB) IsAdmin(ctx context.Context, userID int64) (bool, error) {
	var ok bool
	err := db.view(ctx, func(tx *bolt.Tx) error {
		ok = tx.Bucket(bucketAdmins).Get(chatKey(userID)) != nil
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: is admin %d: %w", userID, err)
	}
	return ok, nil
}

// Admins lists the admins in user ID order.
func (db *DB) Admins(ctx context.Context) ([]Admin, error) {
	var out []Admin
	err := db.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAdmins).ForEach(func(k, v []byte) error {
			var a Admin
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("admin %d: %w", chatFromKey(k), err)
			}
			out = append(out, a)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: admins: %w", err)
	}
	return out, nil
}
