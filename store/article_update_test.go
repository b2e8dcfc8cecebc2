package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/content/vi"
	"newsbot/store"
)

// searchIDs returns the IDs of the articles matching query.
func searchIDs(t *testing.T, db *store.DB, query string) []string {
	t.Helper()
	res, err := db.Search(context.Background(), vi.ParseQuery(query, 0), 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.Article.ID)
	}
	return ids
}

// Ensure that an updated article is found by its new words only, in the
// search index's tail and in its main postings alike, and after a restart.
func TestUpdateArticleReindexes(t *testing.T) {
	for _, tailMax := range []int{1, 100} {
		ctx := context.Background()
		path := filepath.Join(t.TempDir(), "newsbot.db")
		db, err := store.Open(path, store.Options{Now: func() time.Time { return fixedNow }})
		if err != nil {
			t.Fatal(err)
		}
		store.SetSearchTailMax(db, tailMax)
		a := content.Article{Title: "Tin huyện", Lead: "Mưa lớn gây lũ lụt ở xã ven sông", Body: []string{},
			Category: content.CategoryNews, Published: fixedNow, SourceURL: "https://huyen.example.vn/a.html"}
		a.ID = a.DeriveID()
		other := article("Tin lũ lụt khác", fixedNow.Add(-time.Hour))
		for _, x := range []content.Article{a, other} {
			if _, err := db.PublishArticle(ctx, x); err != nil {
				t.Fatal(err)
			}
		}
		b := a
		b.Lead, b.Body = "Nắng nóng kéo dài gây hạn hán", []string{"Các xã chống hạn."}
		changed, err := db.UpdateArticle(ctx, b)
		if err != nil || !changed {
			t.Fatalf("tail %d: changed=%v err=%v", tailMax, changed, err)
		}
		check := func(db *store.DB, when string) {
			t.Helper()
			if got := searchIDs(t, db, "hạn hán"); len(got) != 1 || got[0] != a.ID {
				t.Errorf("tail %d, %s: new words found %v", tailMax, when, got)
			}
			if got := searchIDs(t, db, "lũ lụt"); len(got) != 1 || got[0] != other.ID {
				t.Errorf("tail %d, %s: old words found %v, want only the other article", tailMax, when, got)
			}
			stored, err := db.Article(ctx, a.ID)
			if err != nil || stored.Lead != b.Lead || len(stored.Body) != 1 {
				t.Errorf("tail %d, %s: stored %+v, %v", tailMax, when, stored, err)
			}
		}
		check(db, "at once")
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		db, err = store.Open(path, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		check(db, "after a restart")
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		checkConsistency(t, path)
	}
}

// Ensure that an unchanged article writes nothing, a zero date keeps the
// stored one, a new date moves the article in time order, and no push job
// is ever created.
func TestUpdateArticleDatesAndNoPush(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	if _, err := db.Subscribe(ctx, content.Subscriber{ChatID: 1, Subscribed: true, JoinedAt: fixedNow}); err != nil {
		t.Fatal(err)
	}
	a := article("Hội nghị tổng kết", fixedNow)
	b := article("Thông báo", fixedNow.Add(time.Hour))
	for _, x := range []content.Article{a, b} {
		if _, err := db.PublishArticle(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	same := a
	same.Published = a.Published.UTC() // the same instant in another zone
	if changed, err := db.UpdateArticle(ctx, same); err != nil || changed {
		t.Fatalf("unchanged article: changed=%v err=%v", changed, err)
	}
	undated := a
	undated.Published, undated.Lead = time.Time{}, "Tóm tắt mới"
	if changed, err := db.UpdateArticle(ctx, undated); err != nil || !changed {
		t.Fatalf("undated update: changed=%v err=%v", changed, err)
	}
	if got, _ := db.Article(ctx, a.ID); !got.Published.Equal(a.Published) || got.Lead != "Tóm tắt mới" {
		t.Fatalf("stored %+v", got)
	}
	later := a
	later.Published = fixedNow.Add(2 * time.Hour)
	if _, err := db.UpdateArticle(ctx, later); err != nil {
		t.Fatal(err)
	}
	latest, err := db.Latest(ctx, 5)
	if err != nil || len(latest) != 2 || latest[0].ID != a.ID || latest[1].ID != b.ID {
		t.Fatalf("latest after the date moved: %+v, %v", latest, err)
	}
	jobs, err := db.RecentJobs(ctx, 10)
	if err != nil || len(jobs) != 2 {
		t.Fatalf("jobs %+v, %v; want the two publications' only", jobs, err)
	}
}

// linked returns an article with its own ID and the given source URL.
func linked(title, url string) content.Article {
	a := article(title, fixedNow)
	a.SourceURL = url
	return a
}

// Ensure that updating an article that is not stored is ErrNotFound, and
// a new source URL moves the by-URL lookup without taking another's.
func TestUpdateArticleURLs(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	if _, err := db.UpdateArticle(ctx, article("Không có", fixedNow)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
	a := article("Bài một", fixedNow)
	a.ID = "guid-a"
	a.SourceURL = "https://x.vn/1"
	b := article("Bài hai", fixedNow)
	b.SourceURL = "https://x.vn/2"
	for _, x := range []content.Article{a, b} {
		if _, err := db.PublishArticle(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	moved := a
	moved.SourceURL = "https://x.vn/1-moi"
	if changed, err := db.UpdateArticle(ctx, moved); err != nil || !changed {
		t.Fatal(changed, err)
	}
	res, err := db.PublishArticle(ctx, linked("Bài khác, link mới", "https://x.vn/1-moi"))
	if err != nil || res.Created {
		t.Fatalf("the new URL is not known: created=%v err=%v", res.Created, err)
	}
	res, err = db.PublishArticle(ctx, linked("Bài khác, link cũ", "https://x.vn/1"))
	if err != nil || !res.Created {
		t.Fatalf("the old URL is still taken: created=%v err=%v", res.Created, err)
	}
	steal := a
	steal.SourceURL = "https://x.vn/2"
	if _, err := db.UpdateArticle(ctx, steal); err != nil {
		t.Fatal(err)
	}
	res, err = db.PublishArticle(ctx, linked("Bài hai, bản khác", "https://x.vn/2"))
	if err != nil || res.Created {
		t.Fatalf("created=%v err=%v", res.Created, err)
	}
	if _, err := db.DeleteArticle(ctx, a.ID, 0); err != nil {
		t.Fatal(err)
	}
	res, err = db.PublishArticle(ctx, linked("Bài hai, bản nữa", "https://x.vn/2"))
	if err != nil || res.Created {
		t.Fatalf("deleting the article that borrowed the URL freed b's: created=%v err=%v", res.Created, err)
	}
}
