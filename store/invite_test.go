package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/store"
)

func newInvite(t *testing.T, db *store.DB, uses int, expires time.Time) (string, content.Invite) {
	t.Helper()
	code := content.NewInviteCode()
	inv, err := db.CreateInvite(context.Background(), code, content.Invite{Uses: uses, Expires: expires, CreatedBy: 1})
	if err != nil {
		t.Fatal(err)
	}
	return code, inv
}

func person(id int64) content.Subscriber {
	return content.Subscriber{ChatID: id, UserID: id, Name: "Người mới"}
}

// Ensure that an invite admits as many people as it has uses, and that
// expired, used-up, revoked and forged codes admit nobody.
func TestRedeemInvite(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	code, inv := newInvite(t, db, 2, fixedNow.Add(time.Hour))
	if inv.ID == 0 || inv.Left != 2 {
		t.Fatalf("created %+v", inv)
	}
	for _, id := range []int64{10, 11} {
		if _, err := db.RedeemInvite(ctx, code, person(id)); err != nil {
			t.Fatalf("person %d: %v", id, err)
		}
	}
	if _, err := db.RedeemInvite(ctx, code, person(10)); !errors.Is(err, store.ErrAlreadyMember) {
		t.Fatalf("a member redeeming: %v", err)
	}
	if _, err := db.RedeemInvite(ctx, code, person(12)); !errors.Is(err, store.ErrInviteUsedUp) {
		t.Fatalf("third use of a two-use code: %v", err)
	}
	expired, _ := newInvite(t, db, 5, fixedNow)
	if _, err := db.RedeemInvite(ctx, expired, person(13)); !errors.Is(err, store.ErrInviteExpired) {
		t.Fatalf("expired code: %v", err)
	}
	revoked, rinv := newInvite(t, db, 5, fixedNow.Add(time.Hour))
	if _, err := db.RevokeInvite(ctx, rinv.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RevokeInvite(ctx, rinv.ID); !errors.Is(err, store.ErrInviteRevoked) {
		t.Fatalf("revoking twice: %v", err)
	}
	if _, err := db.RevokeInvite(ctx, 999); !errors.Is(err, store.ErrInviteUnknown) {
		t.Fatalf("revoking an unknown ID: %v", err)
	}
	if _, err := db.RedeemInvite(ctx, revoked, person(14)); !errors.Is(err, store.ErrInviteRevoked) {
		t.Fatalf("revoked code: %v", err)
	}
	if _, err := db.RedeemInvite(ctx, content.NewInviteCode(), person(15)); !errors.Is(err, store.ErrInviteUnknown) {
		t.Fatalf("forged code: %v", err)
	}
	for _, id := range []int64{12, 13, 14, 15} {
		if ok, _ := db.IsMember(ctx, id); ok {
			t.Errorf("person %d was admitted", id)
		}
	}
	active, err := db.Invites(ctx)
	if err != nil || len(active) != 0 {
		t.Fatalf("active invites %+v, %v; want none (used up, expired, revoked)", active, err)
	}
}

// Ensure that two people redeeming a one-use code at once admit exactly one.
func TestRedeemInviteConcurrentOneUse(t *testing.T) {
	db := openTestDB(t)
	code, _ := newInvite(t, db, 1, fixedNow.Add(time.Hour))
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() { _, errs[i] = db.RedeemInvite(context.Background(), code, person(int64(100+i))) })
	}
	wg.Wait()
	ok, usedUp := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, store.ErrInviteUsedUp):
			usedUp++
		default:
			t.Errorf("unexpected %v", err)
		}
	}
	if ok != 1 || usedUp != len(errs)-1 {
		t.Fatalf("%d admitted, %d refused; want exactly one admitted", ok, usedUp)
	}
}

// Ensure that invite codes are unguessable in shape: 128 bits in 22
// characters a Telegram start parameter allows, different every time.
func TestNewInviteCode(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := content.NewInviteCode()
		if !content.ValidInviteCode(c) || len(c) != 22 || seen[c] {
			t.Fatalf("code %q (valid %v, seen %v)", c, content.ValidInviteCode(c), seen[c])
		}
		for _, r := range c {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
				t.Fatalf("code %q has %q", c, r)
			}
		}
		seen[c] = true
	}
	for _, bad := range []string{"", "short", "!!!!!!!!!!!!!!!!!!!!!!", content.NewInviteCode() + "x"} {
		if content.ValidInviteCode(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}
