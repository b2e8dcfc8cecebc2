package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/store"
)

// clockDB opens a database whose clock is *now, reopening the same file when
// called again, so a test can move time and restart.
func clockDB(t *testing.T, now *time.Time) func() *store.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "newsbot.db")
	var db *store.DB
	t.Cleanup(func() {
		if db != nil {
			db.Close()
		}
		checkConsistency(t, path)
	})
	return func() *store.DB {
		t.Helper()
		if db != nil {
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
		}
		var err error
		db, err = store.Open(path, store.Options{Now: func() time.Time { return *now }})
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
}

func setDigest(t *testing.T, db *store.DB, chat int64, on bool, now time.Time) {
	t.Helper()
	if _, err := db.SetPreferences(context.Background(), chat, func(s *content.Subscriber) { s.SetDigest(on, now) }); err != nil {
		t.Fatal(err)
	}
}

// Ensure that digest readers get no per-article job but urgent articles,
// that the 07:00 run lists each reader's articles once, survives a restart
// without starting twice, and leaves out readers with nothing to read.
func TestDigestRun(t *testing.T) {
	ctx := context.Background()
	zone := content.VietnamZone()
	now := time.Date(2026, 3, 11, 15, 0, 0, 0, zone)
	open := clockDB(t, &now)
	db := open()
	subscribe(t, db, 1, 2, 3)
	setDigest(t, db, 2, true, now)
	setDigest(t, db, 3, true, now)
	if _, err := db.SetPreferences(ctx, 3, func(s *content.Subscriber) {
		s.Categories = []content.Category{content.CategoryConference}
	}); err != nil {
		t.Fatal(err)
	}
	// The first run ever only records its time.
	if _, started, err := db.StartDigest(ctx, content.DigestDue(now, zone), now); err != nil || !started {
		t.Fatalf("first run: started=%v err=%v", started, err)
	}

	now = now.Add(time.Hour)
	res, err := db.PublishArticle(ctx, article("Tin thường", now))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pendingIDs(t, db, res.Job.ID), []int64{1}; len(got) != 1 || got[0] != want[0] {
		t.Fatalf("recipients of an ordinary article=%v, want %v", got, want)
	}
	now = now.Add(time.Hour)
	res, err = db.PublishArticle(ctx, article("Hỏa tốc: lịch họp", now))
	if err != nil {
		t.Fatal(err)
	}
	if got := pendingIDs(t, db, res.Job.ID); len(got) != 2 {
		t.Fatalf("recipients of an urgent article=%v, want 1 and the reader 2", got)
	}

	// Before 07:00 nothing is due.
	now = time.Date(2026, 3, 12, 6, 59, 0, 0, zone)
	if _, started, err := db.StartDigest(ctx, content.DigestDue(now, zone), now); err != nil || started {
		t.Fatalf("run at 06:59: started=%v err=%v", started, err)
	}
	now = time.Date(2026, 3, 12, 7, 0, 5, 0, zone)
	job, started, err := db.StartDigest(ctx, content.DigestDue(now, zone), now)
	if err != nil || !started {
		t.Fatalf("run at 07:00: started=%v err=%v", started, err)
	}
	if got := pendingIDs(t, db, job.ID); len(got) != 1 || got[0] != 2 {
		t.Fatalf("digest recipients=%v, want only chat 2 (3 wants no news)", got)
	}
	as, err := db.DigestArticles(ctx, job.ID, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(as); len(got) != 1 || got[0] != "Tin thường" {
		t.Fatalf("digest of chat 2=%q, want only the ordinary article", got)
	}

	// A restart at 07:01 starts no second run.
	now = now.Add(time.Minute)
	db = open()
	if _, started, err := db.StartDigest(ctx, content.DigestDue(now, zone), now); err != nil || started {
		t.Fatalf("run after restart: started=%v err=%v", started, err)
	}
	if last, err := db.LastDigest(ctx); err != nil || !last.Equal(time.Date(2026, 3, 12, 7, 0, 5, 0, zone)) {
		t.Fatalf("last digest=%v err=%v", last, err)
	}

	// Articles that arrive while the digest was on reach a reader who
	// turns it off before the next run; nothing is listed twice.
	now = now.Add(time.Hour)
	if _, err := db.PublishArticle(ctx, article("Tin buổi sáng", now)); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour)
	setDigest(t, db, 2, false, now)
	now = now.Add(time.Hour)
	if _, err := db.PublishArticle(ctx, article("Tin buổi trưa", now)); err != nil {
		t.Fatal(err)
	}
	now = time.Date(2026, 3, 13, 7, 0, 0, 0, zone)
	job, _, err = db.StartDigest(ctx, content.DigestDue(now, zone), now)
	if err != nil {
		t.Fatal(err)
	}
	as, err = db.DigestArticles(ctx, job.ID, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(as); len(got) != 1 || got[0] != "Tin buổi sáng" {
		t.Fatalf("last digest of chat 2=%q, want the morning article only", got)
	}

	// A day without articles starts a run with nobody to send to.
	now = now.Add(24 * time.Hour)
	job, started, err = db.StartDigest(ctx, content.DigestDue(now, zone), now)
	if err != nil || !started || job.ID != 0 {
		t.Fatalf("empty run: job=%+v started=%v err=%v", job, started, err)
	}
}

// Ensure that a new /start keeps the language and digest chosen in
// /settings, and that Language prefers the choice to Telegram's.
func TestSubscribeKeepsSettings(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	subscribe(t, db, 7)
	if _, err := db.SetPreferences(ctx, 7, func(s *content.Subscriber) {
		s.LangChoice = "en"
		s.SetDigest(true, fixedNow)
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Subscribe(ctx, content.Subscriber{ChatID: 7, Lang: "vi"}); err != nil {
		t.Fatal(err)
	}
	s, err := db.Subscriber(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	if s.Language() != "en" || !s.Digest || len(s.DigestSpans) != 1 || !s.DigestSpans[0].From.Equal(fixedNow) {
		t.Fatalf("after /start: %+v", s)
	}
	rs, err := db.PendingRecipients(ctx, mustUrgentJob(t, db), 10)
	if err != nil || len(rs) != 1 || rs[0].Lang != "en" {
		t.Fatalf("push recipients=%+v %v, want chat 7 in English", rs, err)
	}
}

func mustUrgentJob(t *testing.T, db *store.DB) uint64 {
	t.Helper()
	res, err := db.PublishArticle(context.Background(), article("Thượng khẩn: họp", fixedNow))
	if err != nil || res.Job.ID == 0 {
		t.Fatalf("urgent article: %+v %v", res, err)
	}
	return res.Job.ID
}
