package store_test

import (
	"context"
	"errors"
	"testing"

	"newsbot/store"
)

// Ensure that an added source is stored once, listed, survives a reopen,
// and is removed with its state, a second add of its name refused.
func TestAddedSourcesRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	if err := db.PutSourceState(ctx, store.SourceState{Name: "xa", FirstPollDone: true, Items: 3}); err != nil {
		t.Fatal(err)
	}
	s, err := db.AddSource(ctx, store.AddedSource{Name: "xa", URL: "https://xa.vn/rss", Kind: "rss", AddedBy: 100})
	if err != nil || !s.AddedAt.Equal(fixedNow) {
		t.Fatalf("add: %+v, %v", s, err)
	}
	if _, err := db.SourceState(ctx, "xa"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("an older state of the name was kept: %v", err)
	}
	if _, err := db.AddSource(ctx, store.AddedSource{Name: "xa", URL: "https://other.vn/"}); !errors.Is(err, store.ErrSourceExists) {
		t.Fatalf("second add: %v, want ErrSourceExists", err)
	}
	list, err := db.AddedSources(ctx)
	if err != nil || len(list) != 1 || list[0].URL != "https://xa.vn/rss" || list[0].AddedBy != 100 {
		t.Fatalf("list: %+v, %v", list, err)
	}
	if err := db.PutSourceState(ctx, store.SourceState{Name: "xa", Items: 5}); err != nil {
		t.Fatal(err)
	}
	if err := db.RemoveSource(ctx, "xa"); err != nil {
		t.Fatal(err)
	}
	if err := db.RemoveSource(ctx, "xa"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("second remove: %v, want ErrNotFound", err)
	}
	if _, err := db.SourceState(ctx, "xa"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the state stayed after removal: %v", err)
	}
	if list, _ := db.AddedSources(ctx); len(list) != 0 {
		t.Fatalf("still listed: %+v", list)
	}
}
