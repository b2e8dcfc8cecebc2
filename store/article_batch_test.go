package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/content/vi"
	"newsbot/store"
)

// Ensure that PublishArticles stores a batch in one call: each article with
// its search entries, a push job only for those not Quiet, a duplicate
// (stored before or earlier in the batch) reported as not created, and an
// article naming an unknown unit refused alone.
func TestPublishArticlesStoresABatch(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	if _, err := db.Subscribe(ctx, content.Subscriber{ChatID: 1, Subscribed: true, JoinedAt: fixedNow}); err != nil {
		t.Fatal(err)
	}
	before := article("Hội nghị tổng kết nông thôn mới", fixedNow.Add(-time.Hour))
	if _, err := db.PublishArticle(ctx, before); err != nil {
		t.Fatal(err)
	}
	pushed := article("Thông báo lịch tiếp công dân", fixedNow)
	quiet := article("Lưu trữ: đại hội thanh niên 2019", fixedNow.AddDate(-5, 0, 0))
	badUnit := article("Tin của chi bộ lạ", fixedNow)
	res, err := db.PublishArticles(ctx, []store.Publication{
		{Article: pushed},
		{Article: quiet, Options: store.PublishOptions{Quiet: true}},
		{Article: before},
		{Article: pushed},
		{Article: badUnit, Options: store.PublishOptions{Units: []string{"khong-co"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	created := make([]bool, len(res))
	jobs := make([]bool, len(res))
	for i, r := range res {
		created[i], jobs[i] = r.Created, r.Job.ID != 0
	}
	if got, want := created, []bool{true, true, false, false, false}; !reflect.DeepEqual(got, want) {
		t.Errorf("created = %v, want %v", got, want)
	}
	if got, want := jobs, []bool{true, false, false, false, false}; !reflect.DeepEqual(got, want) {
		t.Errorf("push jobs = %v, want %v", got, want)
	}
	for i, r := range res[:4] {
		if r.Err != nil {
			t.Errorf("result %d: err = %v", i, r.Err)
		}
	}
	if !errors.Is(res[4].Err, content.ErrUnknownUnit) {
		t.Errorf("unknown unit: err = %v, want one wrapping content.ErrUnknownUnit", res[4].Err)
	}
	if ok, _ := db.HasArticle(ctx, badUnit.ID); ok {
		t.Error("the refused article was stored")
	}
	if n, _ := db.CountArticles(ctx); n != 3 {
		t.Errorf("count = %d, want 3", n)
	}
	if got := searchIDs(t, db, "đại hội thanh niên"); !reflect.DeepEqual(got, []string{quiet.ID}) {
		t.Errorf("search found %v, want the quiet article %s", got, quiet.ID)
	}
	if got := searchIDs(t, db, "tiếp công dân"); !reflect.DeepEqual(got, []string{pushed.ID}) {
		t.Errorf("search found %v, want %s", got, pushed.ID)
	}
}

// Ensure that a batch larger than the search index's tail is indexed
// completely (the tail merge runs inside the batch's transaction) and that
// an empty batch writes nothing.
func TestPublishArticlesIndexesPastTheTailMerge(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	if res, err := db.PublishArticles(ctx, nil); err != nil || res != nil {
		t.Fatalf("empty batch: %v %v", res, err)
	}
	const n = 1500 // more than the tail's 1024 documents
	ps := make([]store.Publication, n)
	for i := range ps {
		a := article("Bản tin số "+string(rune('a'+i%26))+time.Duration(i).String(), fixedNow.Add(time.Duration(i)*time.Minute))
		a.Lead = "Tóm tắt chung hợp tác xã"
		a.ID = a.DeriveID()
		ps[i] = store.Publication{Article: a, Options: store.PublishOptions{Quiet: true}}
	}
	res, err := db.PublishArticles(ctx, ps)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if !r.Created {
			t.Fatalf("article %d not created", i)
		}
	}
	got, err := db.Search(ctx, vi.ParseQuery("hợp tác xã", 0), 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got.Total != n {
		t.Errorf("search total = %d, want %d", got.Total, n)
	}
}

// Ensure that a cancelled context fails the batch and writes nothing.
func TestPublishArticlesHonoursContext(t *testing.T) {
	db := openTestDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := db.PublishArticles(ctx, []store.Publication{{Article: article("Tin", fixedNow)}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n, _ := db.CountArticles(context.Background()); n != 0 {
		t.Fatalf("count = %d, want 0", n)
	}
}
