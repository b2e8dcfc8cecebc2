package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// Ensure that a handled update is remembered as handled for handledKeep
// and forgotten by the first commit after that.
func TestHandledUpdatesForgottenAfterADay(t *testing.T) {
	now := time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC)
	db, err := Open(filepath.Join(t.TempDir(), "h.db"), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	commit := func(id int) {
		t.Helper()
		if _, err := db.BeginUpdates(ctx, []int{id}); err != nil {
			t.Fatal(err)
		}
		if err := db.CommitUpdates(ctx, id+1, content.Visits{}); err != nil {
			t.Fatal(err)
		}
	}
	handled := func(id int) (ok bool) {
		t.Helper()
		if err := db.view(ctx, func(tx *bolt.Tx) error { ok = isHandled(tx, id); return nil }); err != nil {
			t.Fatal(err)
		}
		return ok
	}
	commit(10)
	now = now.Add(handledKeep - time.Minute)
	commit(11)
	if !handled(10) || !handled(11) {
		t.Fatal("updates handled within the day are not remembered")
	}
	now = now.Add(2 * time.Minute)
	commit(12)
	if handled(10) || !handled(11) || !handled(12) {
		t.Errorf("after a day: 10 remembered=%v, 11=%v, 12=%v; want only 10 forgotten", handled(10), handled(11), handled(12))
	}
}
