package store_test

import (
	"context"
	"testing"

	"newsbot/content"
)

// Ensure that an update begun again while in hand counts one death each
// time, that one whose turn had not come counts none, that a handled one
// stays handled, and that committing an offset beyond them clears their
// records.
func TestInFlightCountsDeathsUntilCommitted(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	got, err := db.BeginUpdates(ctx, []int{5, 6, 7})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int{5, 6, 7} {
		if got[id] != (content.InFlight{}) {
			t.Fatalf("new update %d: %+v, want a zero record", id, got[id])
		}
	}
	// The run handles 5, then dies with 6 in hand and 7 queued; twice.
	for deaths := 1; deaths <= 2; deaths++ {
		if err := db.AdvanceUpdates(ctx, -1, 5); err != nil {
			t.Fatal(err)
		}
		if err := db.AdvanceUpdates(ctx, 5, 6); err != nil {
			t.Fatal(err)
		}
		if got, err = db.BeginUpdates(ctx, []int{5, 6, 7}); err != nil {
			t.Fatal(err)
		}
		if f := got[7]; f != (content.InFlight{}) {
			t.Fatalf("update never in hand after %d deaths: %+v, want no death", deaths, f)
		}
		if f := got[5]; !f.Handled || f.Deaths != 0 || f.Poisoned() {
			t.Fatalf("finished update: %+v, want handled with no death", f)
		}
		if f := got[6]; f.Handled || f.Deaths != deaths || f.Poisoned() != (deaths >= content.PoisonDeaths) {
			t.Fatalf("update in flight after %d deaths: %+v", deaths, f)
		}
	}
	if err := db.CommitUpdates(ctx, 7, content.Visits{}); err != nil {
		t.Fatal(err)
	}
	left, err := db.UpdatesInFlight(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := left[7]; len(left) != 1 || !ok {
		t.Fatalf("in flight after committing offset 7: %+v, want update 7 alone", left)
	}
	// A commit at or below the stored offset still clears what it covers.
	if err := db.CommitUpdates(ctx, 8, content.Visits{}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.BeginUpdates(ctx, []int{7}); err != nil {
		t.Fatal(err)
	}
	if err := db.CommitUpdates(ctx, 8, content.Visits{}); err != nil {
		t.Fatal(err)
	}
	if left, err = db.UpdatesInFlight(ctx); err != nil || len(left) != 0 {
		t.Fatalf("in flight after a replayed commit: %+v, %v; want none", left, err)
	}
}

// Ensure that advancing through updates never begun records nothing, and
// that negative IDs are not recorded.
func TestInFlightIgnoresUnknownAndNegativeIDs(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	if err := db.AdvanceUpdates(ctx, 41, 42); err != nil {
		t.Fatal(err)
	}
	if _, err := db.BeginUpdates(ctx, []int{-3}); err != nil {
		t.Fatal(err)
	}
	if left, err := db.UpdatesInFlight(ctx); err != nil || len(left) != 0 {
		t.Fatalf("in flight: %+v, %v; want none", left, err)
	}
}

// Ensure that an update whose batch the webhook committed is reported
// committed when polling begins it again, and is not recorded in flight,
// while an update the webhook never delivered is new.
func TestInFlightKnowsWhatTheWebhookCommitted(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	if _, err := db.AcceptUpdate(ctx, 21, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.BeginUpdates(ctx, []int{21}); err != nil {
		t.Fatal(err)
	}
	if err := db.CommitAccepted(ctx, []int{21}, 22, content.Visits{}); err != nil {
		t.Fatal(err)
	}
	got, err := db.BeginUpdates(ctx, []int{20, 21})
	if err != nil {
		t.Fatal(err)
	}
	if f := got[21]; !f.Committed || !f.Handled || f.Poisoned() {
		t.Fatalf("update the webhook committed: %+v, want committed and handled", f)
	}
	if f := got[20]; f != (content.InFlight{}) {
		t.Fatalf("update never delivered: %+v, want a zero record", f)
	}
	left, err := db.UpdatesInFlight(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := left[21]; ok || len(left) != 1 {
		t.Fatalf("in flight %v, want only 20", left)
	}
}
