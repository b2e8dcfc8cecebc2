package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/store"
)

// addAlert saves an alert and fails t on error.
func addAlert(t *testing.T, db *store.DB, chatID int64, text string) content.Alert {
	t.Helper()
	a, err := db.AddAlert(context.Background(), chatID, text)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// recipientAlerts returns job id's pending recipients with the alert text
// each shows ("" for category only).
func recipientAlerts(t *testing.T, db *store.DB, id uint64) map[int64]string {
	t.Helper()
	rs, err := db.PendingRecipients(context.Background(), id, 1000)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]string{}
	for _, r := range rs {
		if _, dup := out[r.ChatID]; dup {
			t.Fatalf("chat %d listed twice", r.ChatID)
		}
		out[r.ChatID] = r.Alert
	}
	return out
}

// Ensure that alerts are saved, listed oldest first and deleted by their
// owner only; a forged ID deletes nothing.
func TestAlertsAddListDelete(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	first := addAlert(t, db, 7, "  nông thôn mới ")
	second := addAlert(t, db, 7, `"Hoằng Tiến"`)
	other := addAlert(t, db, 8, "cựu chiến binh")
	if first.Text != "nông thôn mới" || !first.Created.Equal(fixedNow) {
		t.Fatalf("saved %+v", first)
	}
	got, err := db.Alerts(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != first.ID || got[1].ID != second.ID {
		t.Fatalf("alerts of 7: %+v", got)
	}
	if _, err := db.DeleteAlert(ctx, 7, other.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleting another chat's alert: %v, want ErrNotFound", err)
	}
	if _, err := db.DeleteAlert(ctx, 7, 9999); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleting an unknown alert: %v, want ErrNotFound", err)
	}
	if got, _ := db.Alerts(ctx, 8); len(got) != 1 {
		t.Fatalf("the other chat's alert is gone: %+v", got)
	}
	if d, err := db.DeleteAlert(ctx, 7, first.ID); err != nil || d.Text != first.Text {
		t.Fatalf("DeleteAlert=%+v, %v", d, err)
	}
	if got, _ := db.Alerts(ctx, 7); len(got) != 1 || got[0].ID != second.ID {
		t.Fatalf("alerts of 7 after deleting: %+v", got)
	}
	if n, chats, err := db.CountAlerts(ctx); err != nil || n != 2 || chats != 2 {
		t.Fatalf("CountAlerts=%d, %d, %v; want 2, 2", n, chats, err)
	}
}

// Ensure that bad alerts, duplicates and a 21st alert are refused and
// change nothing.
func TestAlertsRefused(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	for i := range content.MaxAlertsPerChat {
		addAlert(t, db, 7, fmt.Sprintf("từ khoá %d", i))
	}
	for _, tc := range []struct {
		chat int64
		text string
		want error
	}{
		{7, "thêm một", content.ErrTooManyAlerts},
		{8, "  ", content.ErrAlertEmpty},
		{8, string(make([]rune, content.MaxAlertRunes+1)), content.ErrAlertTooLong},
		{7, "Từ  khoá 3", content.ErrAlertDuplicate},
	} {
		if _, err := db.AddAlert(ctx, tc.chat, tc.text); !errors.Is(err, tc.want) {
			t.Errorf("AddAlert(%d, %q)=%v, want %v", tc.chat, tc.text, err, tc.want)
		}
	}
	addAlert(t, db, 8, "hoà bình")
	if _, err := db.AddAlert(ctx, 8, "Hòa Bình"); !errors.Is(err, content.ErrAlertDuplicate) {
		t.Errorf("the same alert in the old tone style: %v, want ErrAlertDuplicate", err)
	}
	if n, _, _ := db.CountAlerts(ctx); n != content.MaxAlertsPerChat+1 {
		t.Fatalf("%d alerts stored, want %d", n, content.MaxAlertsPerChat+1)
	}
}

// Ensure that a published article reaches the active owners of matching
// alerts once each, with their oldest matching alert, besides the chats that
// want its category; inactive owners and non-matching alerts get nothing.
func TestPublishAddsAlertRecipients(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	subscribe(t, db, 1, 2, 3, 4, 5)
	onlyConferences := func(s *content.Subscriber) { s.Categories = []content.Category{content.CategoryConference} }
	for _, id := range []int64{2, 3, 4, 5} {
		if _, err := db.SetPreferences(ctx, id, onlyConferences); err != nil {
			t.Fatal(err)
		}
	}
	addAlert(t, db, 1, "nong thon moi")         // 1 wants news anyway
	addAlert(t, db, 2, `"nông thôn mới"`)       // matches
	addAlert(t, db, 2, "Hoằng Tiến")            // matches too: still once
	addAlert(t, db, 3, "hoa")                   // "hoằng" is not "hoa"
	addAlert(t, db, 4, "nông thôn mới")         // but 4 unsubscribes
	addAlert(t, db, 99, "nông thôn mới")        // 99 never subscribed
	addAlert(t, db, 5, `"mới nông thôn" hoằng`) // words out of order
	if _, err := db.Unsubscribe(ctx, 4); err != nil {
		t.Fatal(err)
	}
	a := article("Xã Hoằng Tiến đạt chuẩn nông thôn mới", fixedNow)
	res, err := db.PublishArticle(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(recipientAlerts(t, db, res.Job.ID))
	if want := `map[1:nong thon moi 2:"nông thôn mới"]`; got != want {
		t.Fatalf("recipients=%s, want %s", got, want)
	}
	if res.Job.Total != 2 {
		t.Fatalf("job total=%d, want 2", res.Job.Total)
	}
}

// Ensure that a deleted alert brings no more articles, that sources'
// publishing path matches alerts too, and that alerts survive reopening the
// file.
func TestAlertDeleteAndReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "newsbot.db")
	db, err := store.Open(path, store.Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	subscribe(t, db, 2)
	if _, err := db.SetPreferences(ctx, 2, func(s *content.Subscriber) {
		s.Categories = []content.Category{content.CategoryConference}
	}); err != nil {
		t.Fatal(err)
	}
	kept := addAlert(t, db, 2, "cựu chiến binh")
	gone := addAlert(t, db, 2, "tiêm chủng")
	if _, err := db.DeleteAlert(ctx, 2, gone.ID); err != nil {
		t.Fatal(err)
	}
	res, err := db.PublishArticleWith(ctx, article("Tiêm chủng mở rộng", fixedNow), store.PublishOptions{})
	if err != nil || res.Job.ID != 0 {
		t.Fatalf("an article matching only a deleted alert made job %+v (%v)", res.Job, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = store.Open(path, store.Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err = db.PublishArticleWith(ctx, article("Hội Cựu chiến binh xã", fixedNow.Add(time.Hour)), store.PublishOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := recipientAlerts(t, db, res.Job.ID); len(got) != 1 || got[2] != kept.Text {
		t.Fatalf("after reopening, recipients=%v, want chat 2 by %q", got, kept.Text)
	}
	rest, err := db.Alerts(ctx, 2)
	if err != nil || !slices.EqualFunc(rest, []content.Alert{kept}, func(a, b content.Alert) bool { return a.ID == b.ID }) {
		t.Fatalf("alerts after reopening: %+v, %v", rest, err)
	}
}

// Ensure that a digest reader whose alert matches an article gets it once:
// in the digest when they want its category and it is queued, by an alert
// push at once when they do not want the category, and at once when the
// article is never queued (urgent, or addressed to units).
func TestAlertSkipsDigestReaderWhoGetsItInDigest(t *testing.T) {
	ctx := context.Background()
	zone := content.VietnamZone()
	now := time.Date(2026, 3, 11, 15, 0, 0, 0, zone)
	open := clockDB(t, &now)
	db := open()
	if err := db.PutUnit(ctx, content.Unit{Slug: "chi-bo-3", Name: "Chi bộ 3"}); err != nil {
		t.Fatal(err)
	}
	subscribe(t, db, 1, 2, 3)
	setDigest(t, db, 1, true, now) // reads the digest, every category
	setDigest(t, db, 2, true, now) // reads the digest, conferences only
	onlyConferences := func(s *content.Subscriber) { s.Categories = []content.Category{content.CategoryConference} }
	for _, id := range []int64{2, 3} { // 3: no digest, conferences only
		if _, err := db.SetPreferences(ctx, id, onlyConferences); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []int64{1, 2, 3} {
		addAlert(t, db, id, "nông thôn mới")
	}
	if _, started, err := db.StartDigest(ctx, content.DigestDue(now, zone), now); err != nil || !started {
		t.Fatalf("first digest run: started=%v err=%v", started, err)
	}

	now = now.Add(time.Hour)
	res, err := db.PublishArticle(ctx, article("Xã Hoằng Tiến đạt chuẩn nông thôn mới", now))
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(recipientAlerts(t, db, res.Job.ID))
	if want := `map[2:nông thôn mới 3:nông thôn mới]`; got != want {
		t.Fatalf("recipients=%s, want %s (1 reads it in the digest)", got, want)
	}

	now = now.Add(time.Hour)
	res, err = db.PublishArticle(ctx, article("Hỏa tốc: họp về nông thôn mới", now))
	if err != nil {
		t.Fatal(err)
	}
	if got := recipientAlerts(t, db, res.Job.ID); got[1] != "nông thôn mới" {
		t.Fatalf("urgent article's recipients=%v, want 1 alerted at once", got)
	}

	now = now.Add(time.Hour)
	post := content.Article{ID: content.PostID(99, 7), Title: "Chi bộ bàn về nông thôn mới", Lead: "Họp lúc 14:00.",
		Category: content.CategoryNews, Published: now, Source: content.SourceTelegram}
	_, job, err := db.PublishPost(ctx, post, []string{"chi-bo-3"})
	if err != nil {
		t.Fatal(err)
	}
	if got := recipientAlerts(t, db, job.ID); got[1] != "nông thôn mới" {
		t.Fatalf("recipients of a post to a unit=%v, want 1 alerted at once", got)
	}

	now = time.Date(2026, 3, 12, 7, 0, 0, 0, zone)
	digest, _, err := db.StartDigest(ctx, content.DigestDue(now, zone), now)
	if err != nil {
		t.Fatal(err)
	}
	as, err := db.DigestArticles(ctx, digest.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(as); len(got) != 1 || got[0] != "Xã Hoằng Tiến đạt chuẩn nông thôn mới" {
		t.Fatalf("digest of chat 1=%q, want the article its alert was not pushed", got)
	}
	if as, err := db.DigestArticles(ctx, digest.ID, 2); err != nil || len(as) != 0 {
		t.Fatalf("digest of chat 2=%q, %v; want none (alerted at once instead)", titles(as), err)
	}
}
