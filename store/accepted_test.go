package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/store"
)

// acceptedIDs returns the IDs of the accepted updates waiting, in order.
func acceptedIDs(t *testing.T, db *store.DB) []int {
	t.Helper()
	ups, err := db.AcceptedUpdates(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int, len(ups))
	for i, u := range ups {
		ids[i] = u.ID
	}
	return ids
}

// Ensure that accepted updates come back lowest ID first whatever order they
// were accepted in, with their bodies, and that an ID already waiting is
// not stored twice.
func TestAcceptedUpdatesInIDOrder(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	for _, id := range []int{300, 7, 256, 8} {
		stored, err := db.AcceptUpdate(ctx, id, fmt.Appendf(nil, `{"update_id":%d}`, id))
		if err != nil || !stored {
			t.Fatalf("accept %d: stored=%v, %v", id, stored, err)
		}
	}
	if stored, err := db.AcceptUpdate(ctx, 256, []byte(`{"update_id":256,"other":1}`)); err != nil || stored {
		t.Fatalf("accept 256 again: stored=%v, %v; want false", stored, err)
	}
	if _, err := db.AcceptUpdate(ctx, -1, []byte(`{}`)); err == nil {
		t.Fatal("a negative update ID was accepted")
	}
	ups, err := db.AcceptedUpdates(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(ups) != 3 {
		t.Fatalf("%d updates, want 3", len(ups))
	}
	for i, want := range []int{7, 8, 256} {
		if ups[i].ID != want || string(ups[i].Body) != fmt.Sprintf(`{"update_id":%d}`, want) {
			t.Errorf("update %d: %d %s, want %d with its first body", i, ups[i].ID, ups[i].Body, want)
		}
	}
	if n, err := db.AcceptedCount(ctx); err != nil || n != 4 {
		t.Fatalf("count %d (%v), want 4", n, err)
	}
}

// Ensure that CommitAccepted deletes the handled updates with their visits
// in one go, leaves polling's offset alone, and ignores a batch committed
// before.
func TestCommitAcceptedCountsOnce(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	for _, id := range []int{10, 11, 12} {
		if _, err := db.AcceptUpdate(ctx, id, []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CommitAccepted(ctx, []int{11, 12}, 13, batch("2026-03-12", 1, 2)); err != nil {
		t.Fatal(err)
	}
	if got := acceptedIDs(t, db); len(got) != 1 || got[0] != 10 {
		t.Fatalf("waiting %v, want [10]", got)
	}
	// 10 came after 11 and 12 (Telegram retried it).
	if err := db.CommitAccepted(ctx, []int{10}, 11, batch("2026-03-12", 3)); err != nil {
		t.Fatal(err)
	}
	// The same batch again changes nothing.
	if err := db.CommitAccepted(ctx, []int{10}, 11, batch("2026-03-12", 3)); err != nil {
		t.Fatal(err)
	}
	if off, err := db.UpdateOffset(ctx); err != nil || off != 0 {
		t.Fatalf("offset %d (%v), want 0: only polling moves it", off, err)
	}
	if got := acceptedIDs(t, db); len(got) != 0 {
		t.Fatalf("waiting %v, want none", got)
	}
	vn := content.VietnamZone()
	s, err := db.VisitStats(ctx, content.PeriodsOf(time.Date(2026, 3, 12, 12, 0, 0, 0, vn), vn))
	if err != nil {
		t.Fatal(err)
	}
	if s.Counter.Today != 3 || s.PeopleToday != 3 {
		t.Fatalf("today %d visits by %d people, want 3 by 3", s.Counter.Today, s.PeopleToday)
	}
}

// Ensure that updates accepted by many goroutines at once are all stored
// and each call reports its own update stored.
func TestAcceptUpdateConcurrent(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	var wg sync.WaitGroup
	var stored atomic.Int64
	for g := range 8 {
		wg.Go(func() {
			for i := range 25 {
				ok, err := db.AcceptUpdate(ctx, 1+g*25+i, []byte(`{}`))
				if err != nil {
					t.Error(err)
					return
				}
				if ok {
					stored.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if got := stored.Load(); got != 200 {
		t.Fatalf("%d reported stored, want 200", got)
	}
	if n, err := db.AcceptedCount(ctx); err != nil || n != 200 {
		t.Fatalf("count %d (%v), want 200", n, err)
	}
}

// BenchmarkAcceptUpdate measures durable accepts a second, the way the
// webhook makes them: 8 at a time (Telegram's max_connections for newsbot),
// each a 1 KB update, each returning once it is on disk.
func BenchmarkAcceptUpdate(b *testing.B) {
	db, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	body := make([]byte, 1024)
	var next atomic.Int64
	b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0))) // 8 goroutines on 2 cores
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := db.AcceptUpdate(context.Background(), int(next.Add(1)), body); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "accepts/s")
}

// Ensure that an update Telegram retries out of order after a later one
// was handled and committed, also once the process restarted, is stored
// and handled, while a redelivery of one handled is refused for a day.
func TestAcceptAfterCommitKnowsWhatWasHandled(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	if _, err := db.AcceptUpdate(ctx, 11, []byte(`{"update_id":11}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.BeginUpdates(ctx, []int{11}); err != nil {
		t.Fatal(err)
	}
	if err := db.CommitAccepted(ctx, []int{11}, 12, content.Visits{}); err != nil {
		t.Fatal(err)
	}
	if stored, err := db.AcceptUpdate(ctx, 11, []byte(`{"update_id":11}`)); err != nil || stored {
		t.Errorf("a redelivery of handled update 11: stored=%v (%v), want refused", stored, err)
	}
	if stored, err := db.AcceptUpdate(ctx, 10, []byte(`{"update_id":10}`)); err != nil || !stored {
		t.Errorf("update 10, retried after 11 was committed: stored=%v (%v), want stored", stored, err)
	}
}
