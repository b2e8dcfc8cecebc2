package store_test

import (
	"context"
	"errors"
	"testing"

	"newsbot/content"
	"newsbot/store"
)

// Ensure that a join request is recorded once, decided once, and that
// approval makes the person a subscribed member.
func TestJoinRequestDecidedOnce(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	req := content.JoinRequest{UserID: 42, ChatID: 42, Name: "Lan", Lang: "vi"}
	got, created, err := db.RequestJoin(ctx, req)
	if err != nil || !created || got.Status != content.JoinPending || !got.At.Equal(fixedNow) {
		t.Fatalf("RequestJoin = %+v, %v, %v", got, created, err)
	}
	if _, created, err := db.RequestJoin(ctx, req); err != nil || created {
		t.Fatalf("second RequestJoin created=%v err=%v, want an existing request", created, err)
	}
	if ok, _ := db.IsMember(ctx, 42); ok {
		t.Fatal("a pending person is a member")
	}
	if _, err := db.DecideJoin(ctx, 43, true, 1); !errors.Is(err, store.ErrJoinUnknown) {
		t.Fatalf("deciding an unknown request: %v", err)
	}
	d, err := db.DecideJoin(ctx, 42, true, 1)
	if err != nil || d.Status != content.JoinApproved || d.DecidedBy != 1 {
		t.Fatalf("DecideJoin = %+v, %v", d, err)
	}
	if _, err := db.DecideJoin(ctx, 42, false, 2); !errors.Is(err, store.ErrAlreadyDecided) {
		t.Fatalf("second decision: %v, want ErrAlreadyDecided", err)
	}
	s, err := db.Subscriber(ctx, 42)
	if err != nil || !s.Active() || s.Name != "Lan" {
		t.Fatalf("approved person's record %+v, %v", s, err)
	}
	if ok, _ := db.IsMember(ctx, 42); !ok {
		t.Fatal("an approved person is not a member")
	}
	if _, _, err := db.RequestJoin(ctx, req); !errors.Is(err, store.ErrAlreadyMember) {
		t.Fatalf("a member asking again: %v", err)
	}
}

// Ensure that a rejected person stays rejected and is not subscribed.
func TestJoinRequestRejected(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	if _, _, err := db.RequestJoin(ctx, content.JoinRequest{UserID: 7, ChatID: 7}); err != nil {
		t.Fatal(err)
	}
	if d, err := db.DecideJoin(ctx, 7, false, 1); err != nil || d.Status != content.JoinRejected {
		t.Fatalf("reject = %+v, %v", d, err)
	}
	again, created, err := db.RequestJoin(ctx, content.JoinRequest{UserID: 7, ChatID: 7})
	if err != nil || created || again.Status != content.JoinRejected {
		t.Fatalf("asking again after rejection = %+v, %v, %v", again, created, err)
	}
	if _, err := db.Subscriber(ctx, 7); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a rejected person has a subscriber record: %v", err)
	}
}

// Ensure that the last admin cannot be removed, and others can.
func TestRemoveAdminKeepingOne(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	for _, id := range []int64{1, 2} {
		if _, err := db.AddAdmin(ctx, id, 0); err != nil {
			t.Fatal(err)
		}
	}
	if removed, err := db.RemoveAdminKeepingOne(ctx, 3); err != nil || removed {
		t.Fatalf("removing a non-admin: %v, %v", removed, err)
	}
	if removed, err := db.RemoveAdminKeepingOne(ctx, 1); err != nil || !removed {
		t.Fatalf("removing one of two: %v, %v", removed, err)
	}
	if _, err := db.RemoveAdminKeepingOne(ctx, 2); !errors.Is(err, store.ErrLastAdmin) {
		t.Fatalf("removing the last: %v, want ErrLastAdmin", err)
	}
	if ids, err := db.AdminIDs(ctx); err != nil || len(ids) != 1 || ids[0] != 2 {
		t.Fatalf("admins left %v, %v", ids, err)
	}
}

// BenchmarkClosedModeCheck measures what closed mode adds to each update:
// one IsAdmin and one IsMember read, among 10 000 subscribers.
func BenchmarkClosedModeCheck(b *testing.B) {
	db, err := store.Open(b.TempDir()+"/bench.db", store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	subs := make([]content.Subscriber, 10000)
	for i := range subs {
		subs[i] = content.Subscriber{ChatID: int64(i + 1), UserID: int64(i + 1)}
	}
	for _, s := range subs {
		if _, err := db.Subscribe(ctx, s); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; b.Loop(); i++ {
		id := int64(i%20000 + 1)
		if _, err := db.IsAdmin(ctx, id); err != nil {
			b.Fatal(err)
		}
		if _, err := db.IsMember(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
}
