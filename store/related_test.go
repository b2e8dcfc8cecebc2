package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/store"
)

// Ensure that related articles share words of the title, come most related
// first, never include the article itself, and are fewer when the store
// has fewer.
func TestRelated(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	publish := func(title string, c content.Category, age time.Duration) content.Article {
		t.Helper()
		a := article(title, fixedNow.Add(-age))
		a.Category = c
		res, err := db.PublishArticle(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		return res.Article
	}
	target := publish("Hội nghị tổng kết xây dựng nông thôn mới năm 2025", content.CategoryConference, time.Hour)
	if got, err := db.Related(ctx, target.ID, 5); err != nil || len(got) != 0 {
		t.Fatalf("related with no other article: %q %v", titles(got), err)
	}
	best := publish("Tổng kết xây dựng nông thôn mới ở xã Tân Lập", content.CategoryNews, 50*time.Hour)
	good := publish("Xã Hòa Bình đạt chuẩn nông thôn mới", content.CategoryNews, 2*time.Hour)
	sameCat := publish("Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 12", content.CategoryConference, 3*time.Hour)
	publish("Phòng chống dịch sốt xuất huyết", content.CategoryNews, 4*time.Hour)
	publish("Lịch tiếp công dân tháng 4", content.CategoryAnnouncement, 5*time.Hour)

	got, err := db.Related(ctx, target.ID, 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range got {
		if a.ID == target.ID {
			t.Fatalf("the article is related to itself: %q", titles(got))
		}
	}
	if len(got) < 3 || got[0].ID != best.ID || got[1].ID != good.ID {
		t.Fatalf("related=%q, want %q then %q first", titles(got), best.Title, good.Title)
	}
	found := false
	for _, a := range got[2:] {
		found = found || a.ID == sameCat.ID
		if a.Category != content.CategoryConference && a.ID != sameCat.ID {
			t.Fatalf("an unrelated article of another category was offered: %q", titles(got))
		}
	}
	if !found || len(got) != 3 {
		t.Fatalf("related=%q, want the two sharing words and the one of the same category", titles(got))
	}
	if got, err := db.Related(ctx, target.ID, 1); err != nil || len(got) != 1 || got[0].ID != best.ID {
		t.Fatalf("the one most related=%q %v", titles(got), err)
	}
	if _, err := db.Related(ctx, "no-such-article", 5); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("related to an unknown article: %v", err)
	}
}

// Ensure that Related adds up the relevance of the hits, not their ranking
// tiers: an article sharing many of the title's word pairs in its text comes
// before one whose short title holds a single pair (a whole title match for
// that one pair's search).
func TestRelatedSumsRelevanceNotTiers(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	target := newsItem("Sửa chữa đường giao thông nông thôn", fixedNow.Add(-time.Hour), "Huyện sửa chữa đường giao thông nông thôn.")
	many := newsItem("Tin tức trong tuần", fixedNow.Add(-2*time.Hour),
		"Xã sửa chữa đường giao thông nông thôn trước mùa mưa.",
		"Việc sửa chữa đường giao thông nông thôn xong trong tháng.")
	one := newsItem("Nông thôn", fixedNow.Add(-2*time.Hour), "Bài viết về đời sống.")
	publishAll(t, db, target, many, one)
	got, err := db.Related(ctx, target.ID, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != many.ID || got[1].ID != one.ID {
		t.Fatalf("related=%q, want %q (five pairs) then %q (one pair, in its title)", titles(got), many.Title, one.Title)
	}
}
