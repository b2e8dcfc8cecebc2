package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"newsbot/content"
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
	if _, err := db.AddSource(ctx, store.AddedSource{Name: "xa", URL: "https://other.vn/"}); !errors.Is(err, content.ErrSourceExists) {
		t.Fatalf("second add: %v, want content.ErrSourceExists", err)
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

// Ensure that at most MaxAddedSources are added: one more is refused with
// content.ErrTooManySources and not stored, and a removal makes room again.
func TestAddedSourcesBounded(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	for i := range store.MaxAddedSources {
		if _, err := db.AddSource(ctx, store.AddedSource{Name: fmt.Sprintf("xa-%d", i), URL: "https://xa.vn/rss"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.AddSource(ctx, store.AddedSource{Name: "mot-nua", URL: "https://xa.vn/rss"}); !errors.Is(err, content.ErrTooManySources) {
		t.Fatalf("add past the limit: %v, want content.ErrTooManySources", err)
	}
	if list, err := db.AddedSources(ctx); err != nil || len(list) != store.MaxAddedSources {
		t.Fatalf("%d added sources, %v; want %d", len(list), err, store.MaxAddedSources)
	}
	if err := db.RemoveSource(ctx, "xa-0"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddSource(ctx, store.AddedSource{Name: "mot-nua", URL: "https://xa.vn/rss"}); err != nil {
		t.Fatalf("add after a removal: %v", err)
	}
}
