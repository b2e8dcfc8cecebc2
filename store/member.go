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

// bucketJoinRequests holds closed mode's join requests: user ID → JSON
// content.JoinRequest. Decided requests stay, so a second press of an
// approval button is recognised and a rejected person is not re-announced.
var bucketJoinRequests = []byte("join_requests")

// Membership errors: the domain's, re-exported for the store's callers.
var (
	ErrAlreadyMember  = content.ErrAlreadyMember
	ErrJoinUnknown    = content.ErrJoinUnknown
	ErrAlreadyDecided = content.ErrAlreadyDecided
	ErrLastAdmin      = content.ErrLastAdmin
)

// IsMember reports whether userID may use the bot in closed mode: whether
// the person has a subscriber record for their private chat (chat ID =
// user ID), subscribed or not. Everyone who ever used /start in open mode
// is therefore a member when the bot switches to closed mode.
func (db *DB) IsMember(ctx context.Context, userID int64) (bool, error) {
	var ok bool
	err := db.view(ctx, func(tx *bolt.Tx) error {
		ok = tx.Bucket(bucketSubscribers).Get(chatKey(userID)) != nil
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: is member %d: %w", userID, err)
	}
	return ok, nil
}

// RequestJoin records req as a pending join request unless the person
// already asked. It returns the stored request and whether it was created
// now; an earlier request is returned as it stands (pending or rejected),
// so admins are told once. A member gets ErrAlreadyMember.
func (db *DB) RequestJoin(ctx context.Context, req content.JoinRequest) (stored content.JoinRequest, created bool, err error) {
	err = db.update(ctx, func(tx *bolt.Tx) error {
		if tx.Bucket(bucketSubscribers).Get(chatKey(req.UserID)) != nil {
			return ErrAlreadyMember
		}
		old, err := getJoinRequest(tx, req.UserID)
		if err == nil && old.Status != content.JoinApproved {
			stored = old
			return nil
		}
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		if req.At.IsZero() {
			req.At = db.now()
		}
		req.Status, req.DecidedBy, req.DecidedAt = content.JoinPending, 0, time.Time{}
		stored, created = req, true
		return putJoinRequest(tx, req)
	})
	if err != nil {
		return stored, false, fmt.Errorf("store: join request of %d: %w", req.UserID, err)
	}
	return stored, created, nil
}

// DecideJoin approves or rejects userID's pending request on behalf of
// admin by, in one transaction; approval subscribes the person's chat. It
// returns the decided request. An unknown user is an error wrapping
// ErrJoinUnknown; a request decided before is returned with ErrAlreadyDecided
// and nothing changes.
func (db *DB) DecideJoin(ctx context.Context, userID int64, approve bool, by int64) (content.JoinRequest, error) {
	var req content.JoinRequest
	err := db.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if req, err = getJoinRequest(tx, userID); errors.Is(err, ErrNotFound) {
			return ErrJoinUnknown
		} else if err != nil {
			return err
		}
		if req.Status != content.JoinPending {
			return ErrAlreadyDecided
		}
		req.Status, req.DecidedBy, req.DecidedAt = content.JoinRejected, by, db.now()
		if approve {
			req.Status = content.JoinApproved
			if _, err := subscribeTx(tx, req.Subscriber(), db.now()); err != nil {
				return err
			}
		}
		return putJoinRequest(tx, req)
	})
	if err != nil {
		return req, fmt.Errorf("store: decide join request of %d: %w", userID, err)
	}
	return req, nil
}

// JoinRequest returns userID's request, or an error wrapping ErrNotFound.
func (db *DB) JoinRequest(ctx context.Context, userID int64) (content.JoinRequest, error) {
	var req content.JoinRequest
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		req, err = getJoinRequest(tx, userID)
		return err
	})
	if err != nil {
		return req, fmt.Errorf("store: join request of %d: %w", userID, err)
	}
	return req, nil
}

// RemoveAdminKeepingOne revokes userID's admin rights unless that would
// leave no admin (ErrLastAdmin). It reports whether the user was an admin.
func (db *DB) RemoveAdminKeepingOne(ctx context.Context, userID int64) (removed bool, err error) {
	err = db.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAdmins)
		if b.Get(chatKey(userID)) == nil {
			return nil
		}
		c := b.Cursor()
		if k, _ := c.First(); k != nil {
			if k, _ = c.Next(); k == nil {
				return ErrLastAdmin // userID is the only key
			}
		}
		removed = true
		return b.Delete(chatKey(userID))
	})
	if err != nil {
		return false, fmt.Errorf("store: remove admin %d: %w", userID, err)
	}
	return removed, nil
}

func getJoinRequest(tx *bolt.Tx, userID int64) (content.JoinRequest, error) {
	var req content.JoinRequest
	v := tx.Bucket(bucketJoinRequests).Get(chatKey(userID))
	if v == nil {
		return req, ErrNotFound
	}
	if err := json.Unmarshal(v, &req); err != nil {
		return req, fmt.Errorf("join request %d: %w", userID, err)
	}
	return req, nil
}

func putJoinRequest(tx *bolt.Tx, req content.JoinRequest) error {
	v, err := json.Marshal(req)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketJoinRequests).Put(chatKey(req.UserID), v)
}

// AdminIDs lists the admins' user IDs in order.
func (db *DB) AdminIDs(ctx context.Context) ([]int64, error) {
	admins, err := db.Admins(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(admins))
	for i, a := range admins {
		ids[i] = a.UserID
	}
	return ids, nil
}
