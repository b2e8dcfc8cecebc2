package store_test

import (
	"context"
	"testing"

	"newsbot/content"
)

func subscribe(t *testing.T, db interface {
	Subscribe(context.Context, content.Subscriber) (bool, error)
}, ids ...int64) {
	t.Helper()
	for _, id := range ids {
		if _, err := db.Subscribe(context.Background(), content.Subscriber{ChatID: id, Lang: "vi"}); err != nil {
			t.Fatal(err)
		}
	}
}

// Ensure that a new article creates a job for exactly the subscribed chats.
func TestPublishCreatesJobForSubscribers(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	subscribe(t, db, 1, 2, -100123)
	if _, err := db.Unsubscribe(ctx, 2); err != nil {
		t.Fatal(err)
	}
	res, err := db.PublishArticle(ctx, article("Thông báo", fixedNow))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Job.Total, 2; got != want {
		t.Fatalf("job total=%d, want %d", got, want)
	}
	rs, err := db.PendingRecipients(ctx, res.Job.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]bool{}
	for _, r := range rs {
		got[r.ChatID] = true
	}
	if len(got) != 2 || !got[1] || !got[-100123] {
		t.Fatalf("recipients=%v, want 1 and -100123", rs)
	}
}

// Ensure that recorded outcomes close the job, count once, and unsubscribe
// blocked chats.
func TestRecordDeliveries(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	subscribe(t, db, 1, 2, 3)
	res, err := db.PublishArticle(ctx, article("Chỉ thị", fixedNow))
	if err != nil {
		t.Fatal(err)
	}
	batch := []content.Delivery{
		{ChatID: 1, Outcome: content.OutcomeSent},
		{ChatID: 2, Outcome: content.OutcomeBlocked, Reason: "blocked"},
	}
	for range 2 { // recording the same batch twice counts it once
		if _, err := db.RecordDeliveries(ctx, res.Job.ID, batch); err != nil {
			t.Fatal(err)
		}
	}
	open, _ := db.OpenJobs(ctx)
	if len(open) != 1 || open[0].Sent != 1 || open[0].Blocked != 1 || open[0].Done {
		t.Fatalf("open jobs=%+v", open)
	}
	job, err := db.RecordDeliveries(ctx, res.Job.ID, []content.Delivery{{ChatID: 3, Outcome: content.OutcomeFailed, Reason: "5xx"}})
	if err != nil {
		t.Fatal(err)
	}
	if !job.Done || job.Pending() != 0 || job.Failed != 1 {
		t.Fatalf("job=%+v, want done", job)
	}
	if open, _ := db.OpenJobs(ctx); len(open) != 0 {
		t.Fatalf("open jobs after done=%+v", open)
	}
	s, err := db.Subscriber(ctx, 2)
	if err != nil || !s.Blocked || s.Active() {
		t.Fatalf("blocked chat: %+v err=%v, want blocked", s, err)
	}
	if newly, _ := db.Subscribe(ctx, content.Subscriber{ChatID: 2}); !newly {
		t.Fatal("/start did not reactivate a blocked chat")
	}
}
