package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/store"
)

// migratingGroup stores chatID with every field of content.Subscriber set,
// and returns the stored record. It fails t when a field is left zero (a
// field added later), so that migration is checked to carry it.
func migratingGroup(t *testing.T, db *store.DB, chatID int64) content.Subscriber {
	t.Helper()
	ctx := context.Background()
	quiet := content.QuietHours{From: 20 * 60, To: 7 * 60}
	full := content.Subscriber{ChatID: chatID, UserID: 42, Username: "chibo3", Name: "Chi bộ 3", Lang: "vi",
		Subscribed: true, JoinedAt: fixedNow.Add(-72 * time.Hour), Group: true, Blocked: true, Approved: true,
		Categories: []content.Category{content.CategoryDirective}, Quiet: &quiet, LangChoice: "en",
		Units: []string{"chi-bo-3"}}
	full.SetDigest(true, fixedNow.Add(-48*time.Hour))
	full.SetDigest(false, fixedNow.Add(-24*time.Hour))
	full.SetDigest(true, fixedNow.Add(-time.Hour))
	v := reflect.ValueOf(full)
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Fatalf("the test leaves Subscriber.%s unset: set it", v.Type().Field(i).Name)
		}
	}
	subscribe(t, db, chatID)
	if _, err := db.SetPreferences(ctx, chatID, func(s *content.Subscriber) { *s = full }); err != nil {
		t.Fatal(err)
	}
	s, err := db.Subscriber(ctx, chatID) // as stored: times as read back
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Ensure that a migrated group keeps every field of its record (digest,
// digest spans, units, language chosen, … and any field added later) under
// the new ID.
func TestMigrateChatCarriesEveryField(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	const oldID, newID = -700, -1000000000700
	old := migratingGroup(t, db, oldID)
	if err := db.MigrateChat(ctx, oldID, newID); err != nil {
		t.Fatal(err)
	}
	got, err := db.Subscriber(ctx, newID)
	if err != nil {
		t.Fatal(err)
	}
	want := old
	want.ChatID = newID
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("migrated record:\n got %+v\nwant %+v", got, want)
	}
}

// Ensure that when the supergroup already has a record, the migrated record
// keeps that record's identity, subscription state and the preferences it
// set, and takes every other preference (digest and its spans, units,
// language chosen, …) from the old record.
func TestMigrateChatMergesEveryPreference(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	const oldID, newID = -800, -1000000000800
	old := migratingGroup(t, db, oldID)
	if _, err := db.Subscribe(ctx, content.Subscriber{ChatID: newID, UserID: 43, Username: "sieunhom",
		Name: "Siêu nhóm", Lang: "en", Group: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetPreferences(ctx, newID, func(s *content.Subscriber) {
		s.Categories = []content.Category{content.CategoryNews}
	}); err != nil {
		t.Fatal(err)
	}
	cur, err := db.Subscriber(ctx, newID)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.MigrateChat(ctx, oldID, newID); err != nil {
		t.Fatal(err)
	}
	got, err := db.Subscriber(ctx, newID)
	if err != nil {
		t.Fatal(err)
	}
	want := old
	want.ChatID, want.UserID, want.Username, want.Name, want.Lang = newID, 43, "sieunhom", "Siêu nhóm", "en"
	want.Subscribed, want.Blocked, want.JoinedAt = true, false, cur.JoinedAt
	want.Categories = cur.Categories
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("merged record:\n got %+v\nwant %+v", got, want)
	}
}
