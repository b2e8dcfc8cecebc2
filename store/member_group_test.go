package store_test

import (
	"context"
	"errors"
	"testing"

	"newsbot/content"
	"newsbot/store"
)

// Ensure that a group's join request is pending until an admin decides it,
// that approval subscribes the group as approved, and that a later /start
// in it does not take the approval away.
func TestGroupJoinRequest(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	const group, lan = -1001, 42
	if _, err := db.Subscribe(ctx, content.Subscriber{ChatID: lan, UserID: lan, Name: "Lan"}); err != nil {
		t.Fatal(err)
	}
	req := content.JoinRequest{UserID: group, ChatID: group, Group: true, By: lan, Name: "Chi bộ 3"}
	if _, created, err := db.RequestJoin(ctx, req); err != nil || !created {
		t.Fatalf("RequestJoin created=%v err=%v", created, err)
	}
	m, err := db.Membership(ctx)
	if err != nil || len(m.Pending) != 1 || !m.Pending[0].Group || m.Pending[0].By != lan || m.Members != 1 {
		t.Fatalf("Membership = %+v, %v; want the group's request pending and one member", m, err)
	}
	if _, err := db.DecideJoin(ctx, group, true, 1); err != nil {
		t.Fatal(err)
	}
	s, err := db.Subscriber(ctx, group)
	if err != nil || !s.Active() || !s.Approved || !s.Group || s.UserID != lan || s.Name != "Chi bộ 3" {
		t.Fatalf("approved group %+v, %v; want an active approved group subscribed by %d", s, err, lan)
	}
	if _, err := db.Subscribe(ctx, content.Subscriber{ChatID: group, UserID: 77, Group: true, Name: "Chi bộ 3"}); err != nil {
		t.Fatal(err)
	}
	if s, _ := db.Subscriber(ctx, group); !s.Approved {
		t.Error("a member's /start in an approved group took the approval away")
	}
	if _, _, err := db.RequestJoin(ctx, req); !errors.Is(err, store.ErrAlreadyMember) {
		t.Errorf("RequestJoin of an approved group: %v, want ErrAlreadyMember", err)
	}
}

// Ensure that removing a member unsubscribes the groups they subscribed
// that no admin approved, with those groups' notices not yet sent, and
// leaves approved groups receiving.
func TestRemoveMemberTakesTheirUnapprovedGroups(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	const lan, approved, unapproved, others = 42, -1001, -1002, -1003
	for _, s := range []content.Subscriber{
		{ChatID: lan, UserID: lan},
		{ChatID: approved, UserID: lan, Group: true, Approved: true},
		{ChatID: unapproved, UserID: lan, Group: true},
		{ChatID: others, UserID: 43, Group: true},
	} {
		if _, err := db.Subscribe(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.CreateBroadcast(ctx, content.Job{Text: "Thông báo"}, []int64{lan, approved, unapproved, others}); err != nil {
		t.Fatal(err)
	}
	rm, err := db.RemoveMember(ctx, lan, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rm.Groups, 1; got != want {
		t.Errorf("groups=%d, want %d", got, want)
	}
	if got, want := rm.Pushes, 2; got != want {
		t.Errorf("pushes dropped=%d, want %d (the member's and the unapproved group's)", got, want)
	}
	for chat, want := range map[int64]bool{approved: true, unapproved: false, others: true} {
		if s, err := db.Subscriber(ctx, chat); err != nil || s.Active() != want {
			t.Errorf("group %d active=%v (%v), want %v", chat, s.Active(), err, want)
		}
	}
}

// Ensure that switching to closed mode approves the groups admins
// subscribed, holds the others with one pending request each, and that a
// second start finds nothing more to hold.
func TestHoldUnapprovedGroups(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	const admin, lan, byAdmin, byLan = 1, 42, -1001, -1002
	if _, err := db.AddAdmin(ctx, admin, 0); err != nil {
		t.Fatal(err)
	}
	for _, s := range []content.Subscriber{
		{ChatID: byAdmin, UserID: admin, Group: true, Name: "Ban Tuyên giáo"},
		{ChatID: byLan, UserID: lan, Group: true, Name: "Chi bộ 3", Lang: "vi"},
	} {
		if _, err := db.Subscribe(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	held, err := db.HoldUnapprovedGroups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(held) != 1 || held[0].UserID != byLan || !held[0].Group || held[0].By != lan || held[0].Status != content.JoinPending {
		t.Fatalf("held %+v, want one pending request for group %d by %d", held, byLan, lan)
	}
	if s, _ := db.Subscriber(ctx, byAdmin); !s.Active() || !s.Approved {
		t.Errorf("the admin's group %+v, want active and approved", s)
	}
	if s, _ := db.Subscriber(ctx, byLan); s.Active() {
		t.Errorf("the member's group %+v still receives", s)
	}
	if again, err := db.HoldUnapprovedGroups(ctx); err != nil || len(again) != 0 {
		t.Errorf("second hold = %+v, %v; want nothing", again, err)
	}
	if m, _ := db.Membership(ctx); len(m.Pending) != 1 {
		t.Errorf("pending %+v, want the held group", m.Pending)
	}
	if _, err := db.DecideJoin(ctx, byLan, true, admin); err != nil {
		t.Fatal(err)
	}
	if s, _ := db.Subscriber(ctx, byLan); !s.Active() || !s.Approved {
		t.Errorf("approved held group %+v, want active and approved", s)
	}
}
