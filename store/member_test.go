package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

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

// Ensure that removing a member deletes their record and keyword alerts
// (from the matching index too), drops the notices not yet sent to them,
// and marks their join request rejected (writing one when they never
// asked), in one call; an invite link still readmits them.
func TestRemoveMember(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	lan := content.JoinRequest{UserID: 42, ChatID: 42, Name: "Lan", Username: "lan", Lang: "vi"}
	if _, _, err := db.RequestJoin(ctx, lan); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DecideJoin(ctx, 42, true, 1); err != nil {
		t.Fatal(err)
	}
	subscribe(t, db, 43, 44, -100500)
	addAlert(t, db, 42, "nông thôn mới")
	addAlert(t, db, 42, "chuyển đổi số")
	addAlert(t, db, 44, "chuyển đổi số")
	job, err := db.CreateBroadcast(ctx, content.Job{Text: "Họp khẩn"}, []int64{42, 43, 44})
	if err != nil {
		t.Fatal(err)
	}
	solo, err := db.CreateBroadcast(ctx, content.Job{Text: "Chỉ cho Lan"}, []int64{42})
	if err != nil {
		t.Fatal(err)
	}

	rm, err := db.RemoveMember(ctx, 42, 1)
	if err != nil {
		t.Fatal(err)
	}
	if rm.Member.Name != "Lan" || rm.Alerts != 2 || rm.Pushes != 2 || rm.AuditDetail() != "42 Lan (@lan)" {
		t.Fatalf("RemoveMember = %+v (detail %q)", rm, rm.AuditDetail())
	}
	if ok, _ := db.IsMember(ctx, 42); ok {
		t.Error("the removed person is still a member")
	}
	if _, err := db.Subscriber(ctx, 42); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the record is still there: %v", err)
	}
	if as, err := db.Alerts(ctx, 42); err != nil || len(as) != 0 {
		t.Errorf("alerts left %+v, %v", as, err)
	}
	if n, chats, _ := db.CountAlerts(ctx); n != 1 || chats != 1 {
		t.Errorf("CountAlerts = %d, %d; want only 44's", n, chats)
	}
	if got := fmt.Sprint(pendingIDs(t, db, job.ID)); got != "[43 44]" {
		t.Errorf("job pending %s, want [43 44]", got)
	}
	if j, _ := db.Job(ctx, job.ID); j.Total != 2 || j.Done {
		t.Errorf("job %+v, want Total 2 and still open", j)
	}
	if j, _ := db.Job(ctx, solo.ID); !j.Done || j.Total != 0 {
		t.Errorf("job with only the removed person %+v, want done with Total 0", j)
	}
	req, err := db.JoinRequest(ctx, 42)
	if err != nil || req.Status != content.JoinRejected || req.DecidedBy != 1 || !req.DecidedAt.Equal(fixedNow) {
		t.Fatalf("join request %+v, %v; want rejected by 1", req, err)
	}
	again, created, err := db.RequestJoin(ctx, lan)
	if err != nil || created || again.Status != content.JoinRejected {
		t.Errorf("asking again after removal = %+v, %v, %v; want the rejected request", again, created, err)
	}

	// Someone who came in without asking gets a rejected request written.
	if _, err := db.RemoveMember(ctx, 43, 0); err != nil {
		t.Fatal(err)
	}
	if req, err := db.JoinRequest(ctx, 43); err != nil || req.Status != content.JoinRejected || req.DecidedBy != 0 {
		t.Errorf("join request of 43 %+v, %v; want written rejected", req, err)
	}

	// An invite link readmits; the old alerts are gone from the matching
	// index too, so an article with their words is not pushed to 42 for them.
	code := content.NewInviteCode()
	if _, err := db.CreateInvite(ctx, code, content.Invite{Uses: 1, Expires: fixedNow.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RedeemInvite(ctx, code, content.Subscriber{ChatID: 42, UserID: 42, Name: "Lan"}); err != nil {
		t.Fatalf("an invite after removal: %v", err)
	}
	if _, err := db.SetPreferences(ctx, 42, func(s *content.Subscriber) {
		s.Categories = []content.Category{content.CategoryConference}
	}); err != nil {
		t.Fatal(err)
	}
	res, err := db.PublishArticle(ctx, article("Hội thảo chuyển đổi số và nông thôn mới", fixedNow))
	if err != nil {
		t.Fatal(err)
	}
	if got := recipientAlerts(t, db, res.Job.ID); got[42] != "" || got[44] != "chuyển đổi số" {
		t.Errorf("recipients %v: want 44 alerted and not 42", got)
	}
}

// Ensure that removing an admin, someone unknown or a group is refused and
// changes nothing.
func TestRemoveMemberRefused(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	if _, err := db.AddAdmin(ctx, 1, 0); err != nil {
		t.Fatal(err)
	}
	subscribe(t, db, 1, -100500)
	addAlert(t, db, 1, "nông thôn mới")
	before, err := db.Membership(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.RemoveMember(ctx, 1, 1); !errors.Is(err, store.ErrMemberIsAdmin) {
		t.Errorf("removing an admin: %v, want ErrMemberIsAdmin", err)
	}
	for _, id := range []int64{999, -100500, 0} {
		if _, err := db.RemoveMember(ctx, id, 1); !errors.Is(err, store.ErrNotFound) || !errors.Is(err, content.ErrNotFound) {
			t.Errorf("removing %d: %v, want ErrNotFound", id, err)
		}
	}
	if _, err := db.JoinRequest(ctx, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a refused removal wrote a join request: %v", err)
	}
	if _, err := db.JoinRequest(ctx, 1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a refused removal wrote a join request for the admin: %v", err)
	}
	after, _ := db.Membership(ctx)
	if fmt.Sprint(after) != fmt.Sprint(before) || before.Members != 1 {
		t.Errorf("membership %+v, was %+v", after, before)
	}
	if as, _ := db.Alerts(ctx, 1); len(as) != 1 {
		t.Errorf("the admin's alerts %+v", as)
	}
	if _, err := db.Subscriber(ctx, -100500); err != nil {
		t.Errorf("the group: %v", err)
	}
}

// Ensure that Membership lists the pending requests oldest first, without
// the decided ones nor people who became members meanwhile, and counts the
// members (private chats only) and those receiving.
func TestMembership(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	for i, id := range []int64{7, 5, 6, 8} {
		req := content.JoinRequest{UserID: id, ChatID: id, At: fixedNow.Add(time.Duration(10-i) * time.Minute)}
		if _, _, err := db.RequestJoin(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.DecideJoin(ctx, 6, false, 1); err != nil {
		t.Fatal(err)
	}
	subscribe(t, db, 8, 20, 21, -100500) // 8 came in by an open-mode /start
	if _, err := db.Unsubscribe(ctx, 21); err != nil {
		t.Fatal(err)
	}
	m, err := db.Membership(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, r := range m.Pending {
		ids = append(ids, r.UserID)
	}
	if fmt.Sprint(ids) != "[5 7]" || m.Members != 3 || m.Receiving != 2 {
		t.Fatalf("Membership = pending %v, %d members, %d receiving; want [5 7], 3, 2", ids, m.Members, m.Receiving)
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

// Ensure that Membership reads a file of an older schema, without join
// requests, opened read-only: no request pending, the members counted.
func TestMembershipOlderSchemaReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	subscribe(t, db, 20, 21)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte("join_requests")) })
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	ro, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	m, err := ro.Membership(ctx)
	if err != nil || len(m.Pending) != 0 || m.Members != 2 {
		t.Fatalf("Membership = %+v, %v; want no request pending and 2 members", m, err)
	}
}
