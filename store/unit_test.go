package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"newsbot/content"
	"newsbot/store"
)

// Ensure that units are kept, people's units survive /start again, and
// broadcast recipients and counts follow membership and activity.
func TestUnits(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	for _, u := range []content.Unit{{Slug: "hoang-tien", Name: "Xã Hoằng Tiến"}, {Slug: "chi-bo-3", Name: "Chi bộ 3"}, {Slug: "old", Name: "Cũ"}} {
		if err := db.PutUnit(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.PutUnit(ctx, content.Unit{Slug: "Bad Slug", Name: "x"}); !errors.Is(err, content.ErrBadUnit) {
		t.Fatalf("bad slug: %v", err)
	}
	if err := db.DeleteUnit(ctx, "old"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteUnit(ctx, "old"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleting twice: %v", err)
	}
	subscribe(t, db, 1, 2, 3, 4)
	set := func(chat int64, units ...string) {
		if _, err := db.SetPreferences(ctx, chat, func(s *content.Subscriber) { s.Units = units }); err != nil {
			t.Fatal(err)
		}
	}
	set(1, "hoang-tien")
	set(2, "hoang-tien", "chi-bo-3")
	set(3, "old")
	set(4, "chi-bo-3")
	subscribe(t, db, 1) // /start again keeps the units
	if _, err := db.Unsubscribe(ctx, 4); err != nil {
		t.Fatal(err)
	}
	got, err := db.UnitRecipients(ctx, []string{"hoang-tien"})
	if err != nil || fmt.Sprint(got) != "[1 2]" {
		t.Fatalf("recipients of hoang-tien=%v (%v), want [1 2]", got, err)
	}
	if got, _ := db.UnitRecipients(ctx, []string{"chi-bo-3"}); fmt.Sprint(got) != "[2]" {
		t.Fatalf("recipients of chi-bo-3=%v, want [2]", got)
	}
	counts, none, err := db.UnitCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(counts, none), "[{{chi-bo-3 Chi bộ 3} 1} {{hoang-tien Xã Hoằng Tiến} 2}] 1"; got != want {
		t.Fatalf("counts=%s, want %s", got, want)
	}
}
