package store_test

import (
	"context"
	"testing"
	"time"

	"newsbot/content"
)

func batch(day content.Day, people ...int64) content.Visits {
	var v content.Visits
	for _, p := range people {
		v.Add(day, p)
	}
	return v
}

// Ensure that visits are committed with their offset, a replayed batch is not
// counted twice, and the figures add up by period.
func TestCommitUpdatesCountsOnce(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	vn := content.VietnamZone()
	if err := db.CommitUpdates(ctx, 10, batch("2026-03-01", 1, 2, 2)); err != nil { // Sunday
		t.Fatal(err)
	}
	if err := db.CommitUpdates(ctx, 20, batch("2026-03-02", 2, 3)); err != nil { // Monday
		t.Fatal(err)
	}
	if err := db.CommitUpdates(ctx, 20, batch("2026-03-02", 9, 9, 9)); err != nil { // a replay
		t.Fatal(err)
	}
	if off, _ := db.UpdateOffset(ctx); off != 20 {
		t.Fatalf("offset=%d, want 20", off)
	}
	p := content.PeriodsOf(time.Date(2026, 3, 2, 12, 0, 0, 0, vn), vn)
	s, err := db.VisitStats(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	want := content.VisitCounter{Today: 2, Yesterday: 3, Week: 2, Month: 5, Total: 5}
	if s.Counter != want {
		t.Fatalf("counter=%+v, want %+v", s.Counter, want)
	}
	if s.PeopleToday != 2 || s.PeopleMonth != 3 {
		t.Fatalf("people today=%d month=%d, want 2 and 3", s.PeopleToday, s.PeopleMonth)
	}
	hist, err := db.VisitHistory(ctx, "2026-02-01", "2026-03-31")
	if err != nil || len(hist) != 2 || hist[0].People != 2 {
		t.Fatalf("history=%+v err=%v", hist, err)
	}
}

// Ensure that the all-time total can continue the portal's series.
func TestSetVisitsTotal(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	if err := db.SetVisitsTotal(ctx, 5574773); err != nil {
		t.Fatal(err)
	}
	if err := db.CommitUpdates(ctx, 1, batch("2026-03-02", 1)); err != nil {
		t.Fatal(err)
	}
	s, _ := db.VisitStats(ctx, content.PeriodsOf(fixedNow, content.VietnamZone()))
	if got, want := s.Counter.Total, int64(5574774); got != want {
		t.Fatalf("total=%d, want %d", got, want)
	}
	if err := db.SetVisitsTotal(ctx, -1); err == nil {
		t.Fatal("a negative total was accepted")
	}
}

// Ensure that admin figures count subscribers, articles, pushes and views.
func TestAdminStats(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	subscribe(t, db, 1, 2)
	if _, err := db.Unsubscribe(ctx, 2); err != nil {
		t.Fatal(err)
	}
	res, err := db.PublishArticle(ctx, article("Tin", fixedNow))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordDeliveries(ctx, res.Job.ID, []content.Delivery{{ChatID: 1, Outcome: content.OutcomeSent}}); err != nil {
		t.Fatal(err)
	}
	var v content.Visits
	v.View("2026-03-12", res.Article.ID)
	v.View("2026-03-13", res.Article.ID)
	if err := db.CommitUpdates(ctx, 1, v); err != nil {
		t.Fatal(err)
	}
	s, err := db.AdminStats(ctx, fixedNow.AddDate(0, 0, -7), "2026-03", 5)
	if err != nil {
		t.Fatal(err)
	}
	if s.Active != 1 || s.Stopped != 1 || s.Blocked != 0 || s.Articles != 1 || s.PushesSent != 1 {
		t.Fatalf("stats=%+v", s)
	}
	if len(s.MostViewed) != 1 || s.MostViewed[0].Views != 2 || s.MostViewed[0].Title != "Tin" {
		t.Fatalf("most viewed=%+v", s.MostViewed)
	}
}
