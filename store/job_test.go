package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"newsbot/content"
	"newsbot/store"
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

// pendingIDs lists the chats still pending in job id.
func pendingIDs(t *testing.T, db interface {
	PendingRecipients(context.Context, uint64, int) ([]content.Recipient, error)
}, id uint64) []int64 {
	t.Helper()
	rs, err := db.PendingRecipients(context.Background(), id, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, r := range rs {
		out = append(out, r.ChatID)
	}
	return out
}

// Ensure that paging with PendingRecipientsAfter visits every pending chat
// once, groups included, in the same order as PendingRecipients.
func TestPendingRecipientsAfterPages(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	chats := []int64{5, -100200, 1, 3, -7, 2, 4}
	subscribe(t, db, chats...)
	job, err := db.CreateBroadcast(ctx, content.Job{Text: "x"}, chats)
	if err != nil {
		t.Fatal(err)
	}
	all := pendingIDs(t, db, job.ID)
	var paged []int64
	var after int64
	for {
		rs, err := db.PendingRecipientsAfter(ctx, job.ID, after, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) == 0 {
			break
		}
		for _, r := range rs {
			paged = append(paged, r.ChatID)
			if r.Group != (r.ChatID < 0) {
				t.Errorf("recipient %+v: Group wrong", r)
			}
		}
		after = rs[len(rs)-1].ChatID
	}
	if fmt.Sprint(paged) != fmt.Sprint(all) || len(all) != len(chats) {
		t.Fatalf("paged %v, all %v", paged, all)
	}
}

// Ensure that a broadcast snapshots its recipients, deduplicated, keeps its
// text and admin, and that one for nobody is stored already done.
func TestCreateBroadcast(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	job, err := db.CreateBroadcast(ctx, content.Job{Text: "Họp lúc 14:00", CreatedBy: 701, Urgent: true}, []int64{3, 1, 3, -5})
	if err != nil {
		t.Fatal(err)
	}
	if job.ID == 0 || job.Total != 3 || job.Done || !job.Created.Equal(fixedNow) {
		t.Fatalf("job %+v", job)
	}
	stored, err := db.Job(ctx, job.ID)
	if err != nil || stored.Text != "Họp lúc 14:00" || stored.CreatedBy != 701 || !stored.Urgent {
		t.Fatalf("stored %+v, %v", stored, err)
	}
	if got := pendingIDs(t, db, job.ID); len(got) != 3 {
		t.Fatalf("pending %v", got)
	}
	empty, err := db.CreateBroadcast(ctx, content.Job{Text: "Không ai"}, nil)
	if err != nil || empty.ID == 0 || !empty.Done || empty.Total != 0 {
		t.Fatalf("broadcast to nobody: %+v, %v", empty, err)
	}
	if open, _ := db.OpenJobs(ctx); len(open) != 1 || open[0].ID != job.ID {
		t.Fatalf("open jobs %+v", open)
	}
	for _, bad := range []content.Job{{}, {Text: "x", ArticleID: "a"}} {
		if _, err := db.CreateBroadcast(ctx, bad, []int64{1}); !errors.Is(err, store.ErrNotBroadcast) {
			t.Errorf("CreateBroadcast(%+v) = %v, want ErrNotBroadcast", bad, err)
		}
	}
}

// Ensure that a broadcast reaches the active chats, or those wanting a
// category.
func TestBroadcastRecipients(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	subscribe(t, db, 1, 2, 3, 4)
	if _, err := db.Unsubscribe(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetPreferences(ctx, 3, func(s *content.Subscriber) {
		s.Categories = []content.Category{content.CategoryDirective}
	}); err != nil {
		t.Fatal(err)
	}
	job, _ := db.CreateBroadcast(ctx, content.Job{Text: "x"}, []int64{4})
	if _, err := db.RecordDeliveries(ctx, job.ID, []content.Delivery{{ChatID: 4, Outcome: content.OutcomeBlocked}}); err != nil {
		t.Fatal(err)
	}
	for c, want := range map[content.Category]string{"": "[1 3]", content.CategoryNews: "[1]", content.CategoryDirective: "[1 3]"} {
		got, err := db.BroadcastRecipients(ctx, c)
		if err != nil || fmt.Sprint(got) != want {
			t.Errorf("BroadcastRecipients(%q) = %v, %v; want %s", c, got, err, want)
		}
	}
}

// Ensure that a cancelled job is closed at once, keeps what was recorded,
// records the outcomes of the sends in flight, and stays closed.
func TestCancelJob(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	job, _ := db.CreateBroadcast(ctx, content.Job{Text: "x"}, []int64{1, 2, 3, 4})
	if _, err := db.RecordDeliveries(ctx, job.ID, []content.Delivery{{ChatID: 1, Outcome: content.OutcomeSent}}); err != nil {
		t.Fatal(err)
	}
	c, err := db.CancelJob(ctx, job.ID)
	if err != nil || !c.Cancelled || !c.Done || c.Sent != 1 || c.Pending() != 3 {
		t.Fatalf("cancelled %+v, %v", c, err)
	}
	if open, _ := db.OpenJobs(ctx); len(open) != 0 {
		t.Fatalf("open jobs after cancel: %+v", open)
	}
	// A send in flight when the job was cancelled is still counted.
	after, err := db.RecordDeliveries(ctx, job.ID, []content.Delivery{{ChatID: 2, Outcome: content.OutcomeSent}})
	if err != nil || after.Sent != 2 || !after.Cancelled || !after.Done {
		t.Fatalf("after %+v, %v", after, err)
	}
	if open, _ := db.OpenJobs(ctx); len(open) != 0 {
		t.Fatalf("a cancelled job reopened: %+v", open)
	}
	again, err := db.CancelJob(ctx, job.ID)
	if !errors.Is(err, content.ErrJobDone) || again != after {
		t.Fatalf("second cancel: %+v, %v", again, err)
	}
	if _, err := db.CancelJob(ctx, 999); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("cancel of an unknown job: %v", err)
	}
}

// Ensure that RecentJobs lists the newest jobs first, done ones included.
func TestRecentJobs(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	subscribe(t, db, 1)
	var ids []uint64
	for i := range 4 {
		j, err := db.CreateBroadcast(ctx, content.Job{Text: fmt.Sprint("tin ", i)}, []int64{1})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, j.ID)
	}
	if _, err := db.CancelJob(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	jobs, err := db.RecentJobs(ctx, 3)
	if err != nil || len(jobs) != 3 {
		t.Fatalf("RecentJobs = %+v, %v", jobs, err)
	}
	if jobs[0].ID != ids[3] || jobs[1].ID != ids[2] || jobs[2].ID != ids[1] || !jobs[2].Cancelled || jobs[0].Text != "tin 3" {
		t.Fatalf("RecentJobs = %+v", jobs)
	}
}

// Ensure that a group migrated to a supergroup keeps its subscription and
// preferences under the new ID, and that its pending entries in open jobs
// move, while done jobs and recorded outcomes stay.
func TestMigrateChat(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	const oldID, newID = -500, -1000000000500
	quiet := content.QuietHours{From: 20 * 60, To: 8 * 60}
	if _, err := db.SubscribeMany(ctx, []content.Subscriber{{ChatID: oldID, Group: true, Lang: "vi", Name: "Chi bộ 3",
		Categories: []content.Category{content.CategoryDirective}, Quiet: &quiet}, {ChatID: 1}}); err != nil {
		t.Fatal(err)
	}
	open1, _ := db.CreateBroadcast(ctx, content.Job{Text: "a"}, []int64{1, oldID})
	open2, _ := db.CreateBroadcast(ctx, content.Job{Text: "b"}, []int64{oldID})
	done, _ := db.CreateBroadcast(ctx, content.Job{Text: "c"}, []int64{oldID})
	if _, err := db.RecordDeliveries(ctx, done.ID, []content.Delivery{{ChatID: oldID, Outcome: content.OutcomeSent}}); err != nil {
		t.Fatal(err)
	}

	if err := db.MigrateChat(ctx, oldID, newID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Subscriber(ctx, oldID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("old record: %v", err)
	}
	s, err := db.Subscriber(ctx, newID)
	if err != nil || s.Name != "Chi bộ 3" || !s.Group || !s.Active() || len(s.Categories) != 1 || *s.Quiet != quiet || !s.JoinedAt.Equal(fixedNow) {
		t.Fatalf("new record %+v, %v", s, err)
	}
	if got := pendingIDs(t, db, open1.ID); fmt.Sprint(got) != fmt.Sprint([]int64{1, newID}) {
		t.Fatalf("job 1 pending %v", got)
	}
	if got := pendingIDs(t, db, open2.ID); fmt.Sprint(got) != fmt.Sprint([]int64{newID}) {
		t.Fatalf("job 2 pending %v", got)
	}
	rs, _ := db.PendingRecipients(ctx, open2.ID, 10)
	if len(rs) != 1 || !rs[0].Group || rs[0].Quiet != quiet {
		t.Fatalf("the moved recipient %+v", rs)
	}
	if j, _ := db.Job(ctx, done.ID); j.Sent != 1 || !j.Done {
		t.Fatalf("done job changed: %+v", j)
	}
	// Migrating again (a second send told the same) changes nothing.
	if err := db.MigrateChat(ctx, oldID, newID); err != nil {
		t.Fatal(err)
	}
	if got := pendingIDs(t, db, open2.ID); len(got) != 1 {
		t.Fatalf("job 2 pending after a second migration %v", got)
	}
	if err := db.MigrateChat(ctx, 0, newID); err == nil {
		t.Fatal("migrating chat 0 was accepted")
	}
}

// Ensure that when the supergroup is already a recipient, or already has a
// record, migration merges rather than duplicates.
func TestMigrateChatMerges(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	const oldID, newID = -600, -1000000000600
	quiet := content.QuietHours{From: 21 * 60, To: 6 * 60}
	if _, err := db.SubscribeMany(ctx, []content.Subscriber{
		{ChatID: oldID, Group: true, Categories: []content.Category{content.CategoryNews}, Quiet: &quiet},
		{ChatID: newID, Group: true, Name: "Siêu nhóm"}}); err != nil {
		t.Fatal(err)
	}
	both, _ := db.CreateBroadcast(ctx, content.Job{Text: "a"}, []int64{oldID, newID})
	onlyOld, _ := db.CreateBroadcast(ctx, content.Job{Text: "b"}, []int64{oldID})
	if _, err := db.RecordDeliveries(ctx, both.ID, []content.Delivery{{ChatID: newID, Outcome: content.OutcomeSent}}); err != nil {
		t.Fatal(err)
	}
	if err := db.MigrateChat(ctx, oldID, newID); err != nil {
		t.Fatal(err)
	}
	j, _ := db.Job(ctx, both.ID)
	if j.Total != 1 || j.Sent != 1 || !j.Done || len(pendingIDs(t, db, both.ID)) != 0 {
		t.Fatalf("a job that had reached the supergroup: %+v", j)
	}
	if open, _ := db.OpenJobs(ctx); len(open) != 1 || open[0].ID != onlyOld.ID {
		t.Fatalf("open jobs %+v", open)
	}
	s, _ := db.Subscriber(ctx, newID)
	if s.Name != "Siêu nhóm" || len(s.Categories) != 1 || s.Quiet == nil || *s.Quiet != quiet {
		t.Fatalf("merged record %+v: want the newer record with the old preferences", s)
	}
}
