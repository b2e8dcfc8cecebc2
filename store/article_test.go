package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/store"
)

func article(title string, published time.Time) content.Article {
	a := content.Article{Title: title, Lead: "Tóm tắt " + title, Body: []string{"Nội dung."},
		Category: content.CategoryNews, Published: published}
	a.ID = a.DeriveID()
	return a
}

// Ensure that publishing the same article twice stores it once.
func TestPublishArticleDeduplicates(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	a := article("Hội nghị tổng kết", fixedNow)
	first, err := db.PublishArticle(ctx, a)
	if err != nil || !first.Created {
		t.Fatalf("first: %+v %v", first, err)
	}
	second, err := db.PublishArticle(ctx, a)
	if err != nil || second.Created {
		t.Fatalf("second: created=%v err=%v", second.Created, err)
	}
	n, _ := db.CountArticles(ctx)
	if got, want := n, 1; got != want {
		t.Fatalf("count=%d, want %d", got, want)
	}
}

// Ensure that two articles with the same source URL are one article.
func TestPublishArticleDeduplicatesByURL(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	a := article("Tin A", fixedNow)
	a.SourceURL, a.ID = "https://portal.example/tin/1", "first-id"
	b := article("Tin A (sửa)", fixedNow)
	b.SourceURL, b.ID = a.SourceURL, "other-id"
	if _, err := db.PublishArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	res, err := db.PublishArticle(ctx, b)
	if err != nil || res.Created {
		t.Fatalf("created=%v err=%v", res.Created, err)
	}
}

// Ensure that Latest lists newest first and Article finds by ID.
func TestLatestNewestFirst(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	for i, title := range []string{"Cũ", "Mới nhất", "Giữa"} {
		days := map[int]int{0: -10, 1: 0, 2: -5}[i]
		if _, err := db.PublishArticle(ctx, article(title, fixedNow.AddDate(0, 0, days))); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.Latest(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Title != "Mới nhất" || got[1].Title != "Giữa" {
		t.Fatalf("latest=%v", titles(got))
	}
	one, err := db.Article(ctx, got[0].ID)
	if err != nil || one.Title != "Mới nhất" {
		t.Fatalf("article=%q err=%v", one.Title, err)
	}
	if _, err := db.Article(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown: err=%v, want ErrNotFound", err)
	}
}

func titles(as []content.Article) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Title)
	}
	return out
}
