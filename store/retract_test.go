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

// Ensure that retracting an article deletes it and, in the same
// transaction, queues a retraction of its push to exactly the chats with
// messages on record, each handed out with its message IDs; that the push
// is marked retracted and cannot be retracted twice; and that the outcomes
// count as deleted and replaced.
func TestRetractArticleQueuesTheChatsReached(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 6, 9, 12, 0, 0, content.VietnamZone())
	db := clockDB(t, &now)()
	subscribe(t, db, 1, 2, 3, 4)
	a := article("Chỉ thị ghi sai ngày", now)
	res, err := db.PublishArticle(ctx, a)
	if err != nil || res.Job.ID == 0 {
		t.Fatalf("publish: %+v %v", res, err)
	}
	push := res.Job.ID
	_, err = db.RecordDeliveries(ctx, push, []content.Delivery{
		{ChatID: 1, Outcome: content.OutcomeSent, Messages: []int{10, 11}},
		{ChatID: 2, Outcome: content.OutcomeSent, Messages: []int{7}},
		{ChatID: 3, Outcome: content.OutcomeBlocked, Reason: "blocked"},
		{ChatID: 4, Outcome: content.OutcomeSent}, // older record: no IDs
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := db.RetractionReach(ctx, res.Article.ID, 0); err != nil || n != 2 {
		t.Fatalf("reach = %d, %v; want 2", n, err)
	}
	del, job, err := db.RetractArticle(ctx, res.Article.ID, 77)
	if err != nil {
		t.Fatal(err)
	}
	if del.By != 77 || job.Retract == nil || job.Total != 2 || job.CreatedBy != 77 ||
		!slices.Equal(job.Retract.Jobs, []uint64{push}) || job.Retract.Title != a.Title {
		t.Fatalf("deletion %+v, job %+v", del, job)
	}
	if _, err := db.Article(ctx, res.Article.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("article still there: %v", err)
	}
	if got, _ := db.Job(ctx, push); got.RetractedBy != job.ID {
		t.Fatalf("push RetractedBy = %d, want %d", got.RetractedBy, job.ID)
	}
	rs, err := db.PendingRecipients(ctx, job.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].ChatID != 1 || !slices.Equal(rs[0].Messages, []int{10, 11}) ||
		rs[1].ChatID != 2 || !slices.Equal(rs[1].Messages, []int{7}) {
		t.Fatalf("recipients = %+v", rs)
	}
	got, err := db.RecordDeliveries(ctx, job.ID, []content.Delivery{
		{ChatID: 1, Outcome: content.OutcomeDeleted}, {ChatID: 2, Outcome: content.OutcomeReplaced}})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Done || got.Deleted != 1 || got.Replaced != 1 || got.Pending() != 0 {
		t.Fatalf("after outcomes %+v", got)
	}
	if _, err := db.RetractJob(ctx, push, 77); !errors.Is(err, store.ErrNotRetractable) {
		t.Fatalf("second retraction: %v", err)
	}
	if _, _, err := db.RetractArticle(ctx, res.Article.ID, 77); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("retract a deleted article: %v", err)
	}
}

// Ensure that retracting a broadcast that is still going out cancels it,
// and that a broadcast that reached nobody gives a retraction already done.
func TestRetractJobOfABroadcast(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 6, 9, 12, 0, 0, content.VietnamZone())
	db := clockDB(t, &now)()
	b, err := db.CreateBroadcast(ctx, content.Job{Text: "Họp lúc 14 giờ", CreatedBy: 5}, []int64{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordDeliveries(ctx, b.ID, []content.Delivery{{ChatID: 1, Outcome: content.OutcomeSent, Messages: []int{3}}}); err != nil {
		t.Fatal(err)
	}
	r, err := db.RetractJob(ctx, b.ID, 5)
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != 1 || r.Done || r.Retract.Title != "Họp lúc 14 giờ" {
		t.Fatalf("retraction %+v", r)
	}
	if got, _ := db.Job(ctx, b.ID); !got.Cancelled || got.RetractedBy != r.ID {
		t.Fatalf("broadcast after retraction %+v", got)
	}
	empty, err := db.CreateBroadcast(ctx, content.Job{Text: "Không ai nhận", CreatedBy: 5}, []int64{9})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := db.RetractJob(ctx, empty.ID, 5)
	if err != nil || !r2.Done || r2.Total != 0 {
		t.Fatalf("empty retraction %+v %v", r2, err)
	}
	if _, err := db.RetractJob(ctx, r2.ID, 5); !errors.Is(err, store.ErrNotRetractable) {
		t.Fatalf("retracting a retraction: %v", err)
	}
}

// Ensure that a retracted notice that asked for acknowledgement keeps its
// acknowledgements and gets no reminder.
func TestRetractedNoticeIsNotReminded(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 6, 9, 12, 0, 0, content.VietnamZone())
	db := clockDB(t, &now)()
	subscribe(t, db, 1, 2)
	b, err := db.CreateBroadcast(ctx, content.Job{Text: "Họp khẩn", Ack: true, CreatedBy: 5}, []int64{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordDeliveries(ctx, b.ID, []content.Delivery{
		{ChatID: 1, Outcome: content.OutcomeSent, Messages: []int{4}}, {ChatID: 2, Outcome: content.OutcomeSent, Messages: []int{9}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RetractJob(ctx, b.ID, 5); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RemindUnacknowledged(ctx, b.ID, 5); !errors.Is(err, content.ErrRetracted) {
		t.Fatalf("remind a retracted notice: %v, want ErrRetracted", err)
	}
	rcs, err := db.Receipts(ctx, 10)
	if err != nil || len(rcs) != 1 || rcs[0].Job.RetractedBy == 0 {
		t.Fatalf("receipts %+v %v, want the notice marked retracted", rcs, err)
	}
}

// Ensure that a notice sent while the retraction was being created (a send
// in flight, recorded after its job was cancelled) joins the retraction,
// also one already done, so that it is taken back too.
func TestRetractionTakesLateDeliveries(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 6, 9, 12, 0, 0, content.VietnamZone())
	db := clockDB(t, &now)()
	subscribe(t, db, 1, 2, 3)
	res, err := db.PublishArticle(ctx, article("Lịch họp ghi nhầm", now))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordDeliveries(ctx, res.Job.ID, []content.Delivery{{ChatID: 1, Outcome: content.OutcomeSent, Messages: []int{5}}}); err != nil {
		t.Fatal(err)
	}
	_, rj, err := db.RetractArticle(ctx, res.Article.ID, 0)
	if err != nil || rj.Total != 1 {
		t.Fatalf("retract: %+v %v", rj, err)
	}
	if _, err := db.RecordDeliveries(ctx, rj.ID, []content.Delivery{{ChatID: 1, Outcome: content.OutcomeDeleted}}); err != nil {
		t.Fatal(err)
	}
	if j, _ := db.Job(ctx, rj.ID); !j.Done {
		t.Fatalf("retraction not done: %+v", j)
	}
	// Chat 2's send was in flight: its outcome comes after the cancellation.
	if _, err := db.RecordDeliveries(ctx, res.Job.ID, []content.Delivery{{ChatID: 2, Outcome: content.OutcomeSent, Messages: []int{8, 9}}}); err != nil {
		t.Fatal(err)
	}
	j, err := db.Job(ctx, rj.ID)
	if err != nil || j.Done || j.Total != 2 || j.Pending() != 1 || j.Deleted != 1 {
		t.Fatalf("retraction after a late delivery %+v %v", j, err)
	}
	open, _ := db.OpenJobs(ctx)
	if len(open) != 1 || open[0].ID != rj.ID {
		t.Fatalf("open jobs %+v, want the retraction again", open)
	}
	rs, err := db.PendingRecipients(ctx, rj.ID, 10)
	if err != nil || len(rs) != 1 || rs[0].ChatID != 2 || !slices.Equal(rs[0].Messages, []int{8, 9}) {
		t.Fatalf("pending %+v %v", rs, err)
	}
}
