package store

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
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
	ErrMemberIsAdmin  = content.ErrMemberIsAdmin
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

// RequestJoin records req as a pending join request unless the person (or
// group) already asked. It returns the stored request and whether it was
// created now; an earlier request is returned as it stands (pending or
// rejected), so admins are told once. A member, or an approved group, gets
// ErrAlreadyMember.
func (db *DB) RequestJoin(ctx context.Context, req content.JoinRequest) (stored content.JoinRequest, created bool, err error) {
	err = db.update(ctx, func(tx *bolt.Tx) error {
		if settled, err := joinSettled(tx, req); err != nil || settled {
			return cmp.Or(err, ErrAlreadyMember)
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

// Membership returns the join requests still pending, oldest first (a
// person who became a member meanwhile is left out), and counts the members:
// the records of private chats (positive chat IDs; groups' are negative),
// and those of them that receive pushes. A file of an older schema opened
// read-only (no join requests bucket) has no request pending.
func (db *DB) Membership(ctx context.Context) (content.Membership, error) {
	var m content.Membership
	err := db.view(ctx, func(tx *bolt.Tx) error {
		subs := tx.Bucket(bucketSubscribers)
		if subs == nil {
			return nil // a read-only file of an older or empty schema: no one yet
		}
		if reqs := tx.Bucket(bucketJoinRequests); reqs != nil { // none in an older schema, read-only
			if err := reqs.ForEach(func(k, v []byte) error {
				var req content.JoinRequest
				if err := json.Unmarshal(v, &req); err != nil {
					return fmt.Errorf("join request %d: %w", chatFromKey(k), err)
				}
				if req.Status != content.JoinPending {
					return nil
				}
				settled, err := joinSettled(tx, req)
				if err == nil && !settled {
					m.Pending = append(m.Pending, req)
				}
				return err
			}); err != nil {
				return err
			}
		}
		return eachSubscriber(tx, func(s content.Subscriber) error {
			if s.ChatID > 0 {
				m.Members++
				if s.Active() {
					m.Receiving++
				}
			}
			return nil
		})
	})
	if err != nil {
		return content.Membership{}, fmt.Errorf("store: membership: %w", err)
	}
	slices.SortStableFunc(m.Pending, func(a, b content.JoinRequest) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.UserID, b.UserID))
	})
	return m, nil
}

// joinSettled reports whether req is answered already by its chat's
// record: a person with a record is a member, a group only once approved
// (content.JoinRequest.Settles).
func joinSettled(tx *bolt.Tx, req content.JoinRequest) (bool, error) {
	s, err := getSubscriber(tx, req.UserID)
	switch {
	case errors.Is(err, ErrNotFound):
		return false, nil
	case err != nil:
		return false, err
	}
	return req.Settles(s), nil
}

// RemoveMember expels userID (a cadre who moved away) on behalf of admin by
// (0: the command line), in one transaction:
//
//   - the subscriber record of their private chat (chat ID = user ID) is
//     deleted: they are no longer a member, and receive nothing more;
//   - their keyword alerts are deleted;
//   - the notices not yet sent to them (pending in open jobs) are dropped,
//     each job's Total counting one fewer; outcomes already recorded stay;
//   - their join request is marked rejected by by, one being written from
//     the record when they never asked (they came in open mode or by an
//     invite link), so that their next /start in closed mode is told the
//     request was not accepted instead of reaching the admins again. An
//     invite link still admits them (RedeemInvite).
//
// The groups the person subscribed that no admin approved stop receiving
// (they are unsubscribed and their pending notices dropped), so that a
// removed member's group does not go on reading; approved groups are chats
// of their own and keep receiving. It returns what was removed. A user without a record is an
// error wrapping ErrNotFound, an admin one wrapping ErrMemberIsAdmin (revoke
// the rights first); in both cases nothing changes.
func (db *DB) RemoveMember(ctx context.Context, userID, by int64) (content.MemberRemoval, error) {
	var rm content.MemberRemoval
	var alertIDs []uint64
	err := db.update(ctx, func(tx *bolt.Tx) error {
		if userID <= 0 {
			return ErrNotFound
		}
		s, err := getSubscriber(tx, userID)
		if err != nil {
			return err
		}
		if tx.Bucket(bucketAdmins).Get(chatKey(userID)) != nil {
			return ErrMemberIsAdmin
		}
		rm.Member = s
		if err := tx.Bucket(bucketSubscribers).Delete(chatKey(userID)); err != nil {
			return err
		}
		alerts, err := chatAlerts(tx, userID)
		if err != nil {
			return err
		}
		for _, a := range alerts {
			if err := deleteAlertTx(tx, userID, a.ID); err != nil {
				return err
			}
			alertIDs = append(alertIDs, a.ID)
		}
		rm.Alerts = len(alerts)
		open, err := openJobIDs(tx)
		if err != nil {
			return err
		}
		groups, err := unapprovedGroupsOf(tx, userID)
		if err != nil {
			return err
		}
		for _, g := range groups {
			g.Subscribed = false
			if err := putSubscriber(tx, g); err != nil {
				return err
			}
		}
		rm.Groups = len(groups)
		for _, id := range open {
			for _, chat := range append([]int64{userID}, chatIDs(groups)...) {
				was, err := dropPending(tx, id, chat)
				if err != nil {
					return err
				}
				if was {
					rm.Pushes++
				}
			}
		}
		now := db.now()
		req, err := getJoinRequest(tx, userID)
		switch {
		case errors.Is(err, ErrNotFound):
			req = content.JoinRequest{UserID: userID, ChatID: userID, Name: s.Name, Username: s.Username, Lang: s.Lang, At: now}
		case err != nil:
			return err
		}
		req.Status, req.DecidedBy, req.DecidedAt = content.JoinRejected, by, now
		return putJoinRequest(tx, req)
	})
	if err != nil {
		return content.MemberRemoval{}, fmt.Errorf("store: remove member %d: %w", userID, err)
	}
	for _, id := range alertIDs {
		db.alerts.Remove(id)
	}
	return rm, nil
}

// HoldUnapprovedGroups brings the groups subscribed before the bot ran in
// closed mode under its rule, in one transaction: a subscribed group that
// an admin subscribed (its UserID is an admin) becomes Approved; every other
// subscribed group that no admin approved stops receiving, and a pending
// join request is written for it in the name of the person who subscribed
// it, unless one is pending already. It returns the requests written, for
// the admins to be told; a second call finds nothing to do.
func (db *DB) HoldUnapprovedGroups(ctx context.Context) ([]content.JoinRequest, error) {
	var held []content.JoinRequest
	err := db.update(ctx, func(tx *bolt.Tx) error {
		var groups []content.Subscriber
		if err := eachSubscriber(tx, func(s content.Subscriber) error {
			if s.Group && !s.Approved && s.Subscribed {
				groups = append(groups, s)
			}
			return nil
		}); err != nil {
			return err
		}
		now := db.now()
		for _, g := range groups {
			if tx.Bucket(bucketAdmins).Get(chatKey(g.UserID)) != nil && g.UserID != 0 {
				g.Approved = true
			} else {
				g.Subscribed = false
			}
			if err := putSubscriber(tx, g); err != nil {
				return err
			}
			if g.Approved {
				continue
			}
			old, err := getJoinRequest(tx, g.ChatID)
			if err == nil && old.Status == content.JoinPending {
				continue
			}
			if err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
			req := content.JoinRequest{UserID: g.ChatID, ChatID: g.ChatID, Group: true, By: g.UserID,
				Name: g.Name, Lang: g.Lang, At: now, Status: content.JoinPending}
			if err := putJoinRequest(tx, req); err != nil {
				return err
			}
			held = append(held, req)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: hold unapproved groups: %w", err)
	}
	return held, nil
}

// unapprovedGroupsOf lists the subscribed groups userID subscribed that no
// admin approved.
func unapprovedGroupsOf(tx *bolt.Tx, userID int64) ([]content.Subscriber, error) {
	var out []content.Subscriber
	err := eachSubscriber(tx, func(s content.Subscriber) error {
		if s.Group && !s.Approved && s.Subscribed && s.UserID == userID {
			out = append(out, s)
		}
		return nil
	})
	return out, err
}

// chatIDs lists the chats of subs.
func chatIDs(subs []content.Subscriber) []int64 {
	ids := make([]int64, len(subs))
	for i, s := range subs {
		ids[i] = s.ChatID
	}
	return ids
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
