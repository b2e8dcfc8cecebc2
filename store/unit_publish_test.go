package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/content/vi"
)

// Ensure that an article published to units is pushed to every active
// member of those units (whatever their categories or digest setting) and to
// matching keyword alerts' owners, to nobody else, is not queued for other
// digest readers, is listed and searchable as usual, and that /receipts
// counts only its recipients.
func TestPublishToUnits(t *testing.T) {
	ctx := context.Background()
	zone := content.VietnamZone()
	now := time.Date(2026, 3, 11, 15, 0, 0, 0, zone)
	open := clockDB(t, &now)
	db := open()
	for _, u := range []content.Unit{{Slug: "hoang-tien", Name: "Xã Hoằng Tiến"}, {Slug: "chi-bo-3", Name: "Chi bộ 3"}} {
		if err := db.PutUnit(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	subscribe(t, db, 1, 2, 3, 4, 5, 6)
	set := func(chat int64, fn func(*content.Subscriber)) {
		if _, err := db.SetPreferences(ctx, chat, fn); err != nil {
			t.Fatal(err)
		}
	}
	set(1, func(s *content.Subscriber) { s.Units = []string{"hoang-tien"} })
	set(2, func(s *content.Subscriber) { // wants no directives: addressed to its unit, gets it anyway
		s.Units = []string{"hoang-tien", "chi-bo-3"}
		s.Categories = []content.Category{content.CategoryNews}
	})
	set(3, func(s *content.Subscriber) { s.Units = []string{"chi-bo-3"} })
	set(4, func(s *content.Subscriber) { s.Units = []string{"hoang-tien"} })
	setDigest(t, db, 4, true, now) // a digest reader of the unit: pushed at once
	setDigest(t, db, 5, true, now) // a digest reader outside: never gets it
	if _, err := db.AddAlert(ctx, 6, "chi bộ"); err != nil {
		t.Fatal(err)
	}
	if _, started, err := db.StartDigest(ctx, content.DigestDue(now, zone), now); err != nil || !started {
		t.Fatalf("first digest run: started=%v err=%v", started, err)
	}

	now = now.Add(time.Hour)
	a := content.Article{ID: content.PostID(99, 7), Title: "Họp chi bộ tháng 4", Lead: "Chi bộ họp lúc 14:00.",
		Category: content.CategoryDirective, Published: now, Source: content.SourceTelegram}
	created, job, err := db.PublishPost(ctx, a, []string{"hoang-tien"})
	if err != nil || !created {
		t.Fatalf("publish to a unit: created=%v err=%v", created, err)
	}
	if got, want := fmt.Sprint(pendingIDs(t, db, job.ID)), "[1 2 4 6]"; got != want {
		t.Fatalf("recipients=%s, want %s (the unit's people and the alert's owner)", got, want)
	}
	if !job.Ack {
		t.Fatal("a directive to a unit does not ask for acknowledgement")
	}
	rs, err := db.Receipts(ctx, 10)
	if err != nil || len(rs) != 1 || rs[0].Job.Total != 4 || rs[0].Acked != 0 {
		t.Fatalf("receipts=%+v (%v), want one notice 0/4", rs, err)
	}
	if res, err := db.Search(ctx, vi.ParseQuery("hop chi bo", 100), 0, 10); err != nil || res.Total != 1 {
		t.Fatalf("search found %d (%v), want the article, searchable for everyone", res.Total, err)
	}

	now = time.Date(2026, 3, 12, 7, 0, 5, 0, zone)
	if dj, started, err := db.StartDigest(ctx, content.DigestDue(now, zone), now); err != nil || !started || dj.ID != 0 {
		t.Fatalf("digest run: job=%+v started=%v err=%v, want no digest (the unit's article is not queued)", dj, started, err)
	}

	// The same article again is reported as already stored.
	if created, _, err := db.PublishPost(ctx, a, []string{"hoang-tien"}); err != nil || created {
		t.Fatalf("publish twice: created=%v err=%v", created, err)
	}
}

// Ensure that an article addressed to a unit that does not exist stores
// nothing and pushes to nobody.
func TestPublishToUnknownUnitStoresNothing(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	if err := db.PutUnit(ctx, content.Unit{Slug: "hoang-tien", Name: "Xã Hoằng Tiến"}); err != nil {
		t.Fatal(err)
	}
	subscribe(t, db, 1)
	a := article("Họp chi bộ", fixedNow)
	created, job, err := db.PublishPost(ctx, a, []string{"hoang-tien", "khong-co"})
	if !errors.Is(err, content.ErrUnknownUnit) || created || job.ID != 0 {
		t.Fatalf("publish to an unknown unit: created=%v job=%d err=%v, want ErrUnknownUnit", created, job.ID, err)
	}
	if ok, err := db.HasArticle(ctx, a.ID); err != nil || ok {
		t.Fatalf("the article was stored (%v)", err)
	}
	if res, err := db.Search(ctx, vi.ParseQuery("hop chi bo", 100), 0, 10); err != nil || res.Total != 0 {
		t.Fatalf("search found %d (%v), want nothing indexed", res.Total, err)
	}
}
