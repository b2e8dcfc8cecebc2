package store

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// Invite buckets: invites holds ID → JSON content.Invite; invite_codes maps
// the SHA-256 of a code to its invite ID. Codes themselves are never stored.
var (
	bucketInvites     = []byte("invites")
	bucketInviteCodes = []byte("invite_codes")
)

// Invite errors: the domain's, re-exported for the store's callers.
var (
	ErrInviteUnknown = content.ErrInviteUnknown
	ErrInviteExpired = content.ErrInviteExpired
	ErrInviteUsedUp  = content.ErrInviteUsedUp
	ErrInviteRevoked = content.ErrInviteRevoked
)

func codeKey(code string) []byte {
	h := sha256.Sum256([]byte(code))
	return h[:]
}

// CreateInvite stores inv for code, assigning its ID and setting Left to
// Uses. The caller makes the code (content.NewInviteCode) and hands it to
// the admin; the store keeps only its hash.
func (db *DB) CreateInvite(ctx context.Context, code string, inv content.Invite) (content.Invite, error) {
	err := db.update(ctx, func(tx *bolt.Tx) error {
		codes := tx.Bucket(bucketInviteCodes)
		if codes.Get(codeKey(code)) != nil {
			return fmt.Errorf("code already in use")
		}
		id, err := tx.Bucket(bucketInvites).NextSequence()
		if err != nil {
			return err
		}
		inv.ID, inv.Left = id, inv.Uses
		if inv.Created.IsZero() {
			inv.Created = db.now()
		}
		if err := codes.Put(codeKey(code), u64(id)); err != nil {
			return err
		}
		return putInvite(tx, inv)
	})
	if err != nil {
		return inv, fmt.Errorf("store: create invite: %w", err)
	}
	return inv, nil
}

// RedeemInvite admits s's chat with code, in one transaction: it checks the
// invite, spends one use and subscribes s (ChatID and UserID set; a pending
// join request of the person is marked approved). Concurrent redemptions
// of a one-use code admit exactly one person. A member gets
// ErrAlreadyMember without spending a use; a code that admits nobody gets
// ErrInviteUnknown, ErrInviteExpired, ErrInviteUsedUp or ErrInviteRevoked.
func (db *DB) RedeemInvite(ctx context.Context, code string, s content.Subscriber) (content.Invite, error) {
	var inv content.Invite
	err := db.update(ctx, func(tx *bolt.Tx) error {
		idKey := tx.Bucket(bucketInviteCodes).Get(codeKey(code))
		if idKey == nil {
			return ErrInviteUnknown
		}
		var err error
		if inv, err = getInvite(tx, idKey); err != nil {
			return err
		}
		now := db.now()
		switch {
		case tx.Bucket(bucketSubscribers).Get(chatKey(s.UserID)) != nil:
			return ErrAlreadyMember
		case inv.Revoked:
			return ErrInviteRevoked
		case inv.Left <= 0:
			return ErrInviteUsedUp
		case !now.Before(inv.Expires):
			return ErrInviteExpired
		}
		inv.Left--
		if err := putInvite(tx, inv); err != nil {
			return err
		}
		if _, err := subscribeTx(tx, s, now); err != nil {
			return err
		}
		if req, err := getJoinRequest(tx, s.UserID); err == nil && req.Status == content.JoinPending {
			req.Status, req.DecidedBy, req.DecidedAt = content.JoinApproved, inv.CreatedBy, now
			return putJoinRequest(tx, req)
		}
		return nil
	})
	if err != nil {
		return inv, fmt.Errorf("store: redeem invite: %w", err)
	}
	return inv, nil
}

// Invites returns the invites still admitting people at the store's clock,
// newest first.
func (db *DB) Invites(ctx context.Context) ([]content.Invite, error) {
	var out []content.Invite
	now := db.now()
	err := db.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketInvites).Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			var inv content.Invite
			if err := json.Unmarshal(v, &inv); err != nil {
				return fmt.Errorf("invite %x: %w", k, err)
			}
			if inv.Active(now) {
				out = append(out, inv)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: invites: %w", err)
	}
	return out, nil
}

// RevokeInvite stops invite id from admitting anyone and returns it. An
// unknown ID is an error wrapping ErrInviteUnknown; revoking twice returns
// ErrInviteRevoked and changes nothing.
func (db *DB) RevokeInvite(ctx context.Context, id uint64) (content.Invite, error) {
	var inv content.Invite
	err := db.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if inv, err = getInvite(tx, u64(id)); errors.Is(err, ErrNotFound) {
			return ErrInviteUnknown
		} else if err != nil {
			return err
		}
		if inv.Revoked {
			return ErrInviteRevoked
		}
		inv.Revoked = true
		return putInvite(tx, inv)
	})
	if err != nil {
		return inv, fmt.Errorf("store: revoke invite %d: %w", id, err)
	}
	return inv, nil
}

func getInvite(tx *bolt.Tx, idKey []byte) (content.Invite, error) {
	var inv content.Invite
	v := tx.Bucket(bucketInvites).Get(idKey)
	if v == nil {
		return inv, ErrNotFound
	}
	if err := json.Unmarshal(v, &inv); err != nil {
		return inv, fmt.Errorf("invite %x: %w", idKey, err)
	}
	return inv, nil
}

func putInvite(tx *bolt.Tx, inv content.Invite) error {
	v, err := json.Marshal(inv)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketInvites).Put(u64(inv.ID), v)
}
