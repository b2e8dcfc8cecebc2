package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/store"
)

// Ensure that a correction changes the article's words only, merged into
// the article as stored when it is confirmed: a picture added between the
// preview and the confirmation stays, and so do the time and category.
func TestCorrectArticleMergesIntoTheStoredArticle(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 6, 9, 12, 0, 0, content.VietnamZone())
	db := clockDB(t, &now)()
	res, err := db.PublishArticle(ctx, article("Bổ nhiệm đồng chí Nguyễn Văn Nam", now))
	if err != nil {
		t.Fatal(err)
	}
	seen := res.Article // what the admin's preview was made from
	meanwhile := seen
	meanwhile.Images = []content.Image{{URL: "https://example.vn/anh.jpg"}}
	meanwhile.Author = "Phòng Văn hóa"
	if _, err := db.UpdateArticle(ctx, meanwhile); err != nil {
		t.Fatal(err)
	}
	fix := content.ArticleFix{ID: seen.ID, Title: "Bổ nhiệm đồng chí Nguyễn Văn Năm", Lead: seen.Lead, Body: []string{"Đã sửa."}}
	got, job, err := db.CorrectArticle(ctx, fix, 100, false)
	if err != nil || job.Correct == nil || job.Correct.Title != fix.Title {
		t.Fatalf("correct: %+v %+v %v", got, job, err)
	}
	stored, err := db.Article(ctx, seen.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Title != fix.Title || !slices.Equal(stored.Body, fix.Body) || len(stored.Images) != 1 ||
		stored.Author != "Phòng Văn hóa" || !stored.Published.Equal(seen.Published) || stored.Category != seen.Category {
		t.Fatalf("stored %+v", stored)
	}
	if got.Title != stored.Title || len(got.Images) != 1 {
		t.Fatalf("returned %+v, want the stored article", got)
	}
	if _, _, err := db.CorrectArticle(ctx, content.ArticleFix{ID: "khong-co", Title: "x"}, 100, false); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown article: %v", err)
	}
}

// Ensure that a correction made while the article's push is still going
// out reaches the chats the push gets to afterwards: each is handed to the
// correction as it is recorded (and a correction already done opens
// again), with its messages, so that its notice is corrected too.
func TestCorrectionTakesLaterDeliveriesOfItsPush(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 6, 9, 12, 0, 0, content.VietnamZone())
	db := clockDB(t, &now)()
	subscribe(t, db, 1, 2, 3)
	res, err := db.PublishArticle(ctx, article("Lịch tiếp dân tháng 12", now))
	if err != nil {
		t.Fatal(err)
	}
	push := res.Job.ID
	if _, err := db.RecordDeliveries(ctx, push, []content.Delivery{{ChatID: 1, Outcome: content.OutcomeSent, Messages: []int{5}}}); err != nil {
		t.Fatal(err)
	}
	a := res.Article
	_, cj, err := db.CorrectArticle(ctx, content.ArticleFix{ID: a.ID, Title: "Lịch tiếp công dân tháng 12", Lead: a.Lead, Body: a.Body}, 100, false)
	if err != nil || cj.Total != 1 {
		t.Fatalf("correction %+v %v", cj, err)
	}
	if p, _ := db.Job(ctx, push); p.CorrectedBy != cj.ID {
		t.Fatalf("push CorrectedBy = %d, want %d", p.CorrectedBy, cj.ID)
	}
	if _, err := db.RecordDeliveries(ctx, cj.ID, []content.Delivery{{ChatID: 1, Outcome: content.OutcomeEdited}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Job(ctx, cj.ID); !got.Done {
		t.Fatalf("correction %+v, want done", got)
	}
	// The push goes on: chat 2 gets it, chat 3 has blocked the bot.
	if _, err := db.RecordDeliveries(ctx, push, []content.Delivery{
		{ChatID: 2, Outcome: content.OutcomeSent, Messages: []int{8, 9}},
		{ChatID: 3, Outcome: content.OutcomeBlocked, Reason: "blocked"}}); err != nil {
		t.Fatal(err)
	}
	got, err := db.Job(ctx, cj.ID)
	if err != nil || got.Done || got.Total != 2 || got.Edited != 1 {
		t.Fatalf("correction after the push went on: %+v %v", got, err)
	}
	rs, err := db.PendingRecipients(ctx, cj.ID, 10)
	if err != nil || len(rs) != 1 || rs[0].ChatID != 2 || !slices.Equal(rs[0].Messages, []int{8, 9}) {
		t.Fatalf("pending %+v %v", rs, err)
	}
}

// Ensure that correcting a broadcast replaces its text and queues the edit
// of its notice in the chats it reached, and that only a broadcast still
// standing can be corrected.
func TestCorrectJobOfABroadcast(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 6, 9, 12, 0, 0, content.VietnamZone())
	db := clockDB(t, &now)()
	b, err := db.CreateBroadcast(ctx, content.Job{Text: "Họp chi bộ lúc 14:00 thứ Hai", CreatedBy: 100}, []int64{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordDeliveries(ctx, b.ID, []content.Delivery{
		{ChatID: 1, Outcome: content.OutcomeSent, Messages: []int{3}},
		{ChatID: 2, Outcome: content.OutcomeSent, Messages: []int{4}}}); err != nil {
		t.Fatal(err)
	}
	cj, err := db.CorrectJob(ctx, b.ID, "  Họp chi bộ lúc 15:00 thứ Hai ", 100, true)
	if err != nil || cj.Correct == nil || cj.Total != 2 || !cj.Correct.Renotify || cj.Correct.ArticleID != "" ||
		!slices.Equal(cj.Correct.Jobs, []uint64{b.ID}) {
		t.Fatalf("correction %+v %v", cj, err)
	}
	if got, _ := db.Job(ctx, b.ID); got.Text != "Họp chi bộ lúc 15:00 thứ Hai" || got.CorrectedBy != cj.ID {
		t.Fatalf("broadcast %+v", got)
	}
	if _, err := db.CorrectJob(ctx, cj.ID, "x", 100, false); !errors.Is(err, store.ErrNotCorrectable) {
		t.Fatalf("correct a correction: %v", err)
	}
	if _, err := db.CorrectJob(ctx, b.ID, " ", 100, false); err == nil {
		t.Fatal("an empty text was accepted")
	}
	if _, err := db.RetractJob(ctx, b.ID, 100); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CorrectJob(ctx, b.ID, "Họp lúc 16:00", 100, false); !errors.Is(err, store.ErrNotCorrectable) {
		t.Fatalf("correct a withdrawn broadcast: %v", err)
	}
	if _, err := db.CorrectJob(ctx, 999, "x", 100, false); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown job: %v", err)
	}
}
