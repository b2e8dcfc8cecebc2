package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"newsbot/content"
	"newsbot/store"
)

// publishDirective publishes a directive to the subscribed chats and returns
// its push job.
func publishDirective(t *testing.T, db *store.DB, title string) content.Job {
	t.Helper()
	a := article(title, fixedNow)
	a.Category = content.CategoryDirective
	a.ID = a.DeriveID()
	res, err := db.PublishArticle(context.Background(), a)
	if err != nil || !res.Created || res.Job.ID == 0 {
		t.Fatalf("publish: %+v %v", res, err)
	}
	return res.Job
}

// Ensure that a directive's push asks for acknowledgement and a news
// article's does not.
func TestDirectivePushAsksForAck(t *testing.T) {
	db := openTestDB(t)
	subscribe(t, db, 1, 2)
	if job := publishDirective(t, db, "Chỉ thị số 5"); !job.Ack {
		t.Fatal("the directive's job does not ask for acknowledgement")
	}
	res, err := db.PublishArticle(context.Background(), article("Tin thường", fixedNow))
	if err != nil {
		t.Fatal(err)
	}
	if res.Job.Ack {
		t.Fatal("a news article's job asks for acknowledgement")
	}
}

// Ensure that an acknowledgement pressed many times, one after another and
// at the same time, counts once per chat.
func TestRecordAckCountsOncePerChat(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	subscribe(t, db, 1, 2, 3)
	job := publishDirective(t, db, "Chỉ thị khẩn")
	if _, err := db.RecordDeliveries(ctx, job.ID, []content.Delivery{{ChatID: 1, Outcome: content.OutcomeSent}}); err != nil {
		t.Fatal(err)
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		recorded = map[int64]int{}
	)
	for i := 0; i < 40; i++ {
		chat := int64(1 + i%2) // chat 1 delivered, chat 2 still pending
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := db.RecordAck(ctx, job.ID, content.Ack{ChatID: chat, UserID: chat, Name: "Cán bộ"})
			if err != nil {
				t.Error(err)
				return
			}
			if ok {
				mu.Lock()
				recorded[chat]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if again, err := db.RecordAck(ctx, job.ID, content.Ack{ChatID: 1}); err != nil || again {
		t.Fatalf("a later press: recorded=%v err=%v", again, err)
	}
	if recorded[1] != 1 || recorded[2] != 1 {
		t.Fatalf("recorded %v, want each chat once", recorded)
	}
	rcs, err := db.Receipts(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rcs) != 1 || rcs[0].Acked != 2 || rcs[0].Job.Total != 3 || rcs[0].Title != "Chỉ thị khẩn" {
		t.Fatalf("receipts=%+v, want one with 2/3", rcs)
	}
}

// Ensure that forged acknowledgements (unknown job, a job that asks for
// none, a chat that was not sent the notice) record nothing.
func TestRecordAckRejectsForgeries(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	subscribe(t, db, 1, 2)
	job := publishDirective(t, db, "Chỉ thị")
	news, err := db.PublishArticle(ctx, article("Tin tức", fixedNow))
	if err != nil {
		t.Fatal(err)
	}
	subscribe(t, db, 9) // joined after the directive went out
	for _, tc := range []struct {
		name string
		job  uint64
		chat int64
		want error
	}{
		{"an unknown job", 999, 1, content.ErrNoReceipt},
		{"a job that asks for no acknowledgement", news.Job.ID, 1, content.ErrNoReceipt},
		{"a chat that was not a recipient", job.ID, 9, content.ErrNotRecipient},
		{"a chat nobody knows", job.ID, 12345, content.ErrNotRecipient},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, err := db.RecordAck(ctx, tc.job, content.Ack{ChatID: tc.chat})
			if ok || !errors.Is(err, tc.want) {
				t.Fatalf("recorded=%v err=%v, want %v", ok, err, tc.want)
			}
		})
	}
	d, err := db.Receipt(ctx, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Acked != 0 {
		t.Fatalf("acked=%d after forgeries, want 0", d.Acked)
	}
}

// Ensure that a receipt lists who acknowledged first, then the others, and
// that the one reminder goes only to reachable chats that have not
// acknowledged, once.
func TestReceiptAndReminder(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	for _, s := range []content.Subscriber{{ChatID: 1, Name: "An"}, {ChatID: 2, Name: "Bình"}, {ChatID: 3, Name: "Chi"}, {ChatID: 4, Name: "Dũng"}} {
		if _, err := db.Subscribe(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	job := publishDirective(t, db, "Chỉ thị")
	if _, err := db.RecordDeliveries(ctx, job.ID, []content.Delivery{
		{ChatID: 1, Outcome: content.OutcomeSent}, {ChatID: 2, Outcome: content.OutcomeSent},
		{ChatID: 3, Outcome: content.OutcomeBlocked}, {ChatID: 4, Outcome: content.OutcomeSent},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordAck(ctx, job.ID, content.Ack{ChatID: 2, Name: "Bình"}); err != nil {
		t.Fatal(err)
	}
	d, err := db.Receipt(ctx, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, e := range d.Entries {
		order = append(order, e.Name)
	}
	if got, want := len(d.Entries), 4; got != want || !d.Entries[0].Acked || d.Entries[0].Name != "Bình" || !d.Entries[2].Unreachable || d.Entries[3].Name != "Dũng" {
		t.Fatalf("entries %v (%+v)", order, d.Entries)
	}
	rem, err := db.RemindUnacknowledged(ctx, job.ID, 77)
	if err != nil {
		t.Fatal(err)
	}
	if rem.RemindOf != job.ID || rem.Total != 2 || rem.CreatedBy != 77 {
		t.Fatalf("reminder %+v, want 2 recipients of job %d", rem, job.ID)
	}
	got := pendingIDs(t, db, rem.ID)
	if len(got) != 2 || got[0] != 1 || got[1] != 4 {
		t.Fatalf("reminder recipients %v, want [1 4]", got)
	}
	if _, err := db.RemindUnacknowledged(ctx, job.ID, 77); !errors.Is(err, content.ErrAlreadyReminded) {
		t.Fatalf("second reminder: %v, want ErrAlreadyReminded", err)
	}
	rcs, err := db.Receipts(ctx, 10)
	if err != nil || len(rcs) != 1 || rcs[0].Reminder != rem.ID {
		t.Fatalf("receipts %+v %v, want the reminder recorded (the reminder itself is no receipt)", rcs, err)
	}
}

// Ensure that the receipt tells recipients the notice never reached (send
// blocked or failed after retries: Unreachable) from those it was not sent
// to (still pending, or spared when the push was cancelled: NotSent), and
// that the reminder goes to none of them: it would deliver what they were
// never sent.
func TestReminderOnlyToThoseTheNoticeReached(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	subscribe(t, db, 1, 2, 3, 4, 5)
	job := publishDirective(t, db, "Chỉ thị số 9")
	if _, err := db.RecordDeliveries(ctx, job.ID, []content.Delivery{
		{ChatID: 1, Outcome: content.OutcomeSent},
		{ChatID: 2, Outcome: content.OutcomeFailed, Reason: "Bad Request: message is too long"},
		{ChatID: 3, Outcome: content.OutcomeBlocked, Reason: "Forbidden: bot was blocked by the user"},
	}); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		d, err := db.Receipt(ctx, job.ID)
		if err != nil {
			t.Fatal(err)
		}
		type flags struct{ unreachable, notSent, remindable bool }
		got := map[int64]flags{}
		for _, e := range d.Entries {
			got[e.ChatID] = flags{e.Unreachable, e.NotSent, e.Remindable()}
		}
		want := map[int64]flags{
			1: {remindable: true},
			2: {unreachable: true}, 3: {unreachable: true},
			4: {notSent: true}, 5: {notSent: true},
		}
		for chat, w := range want {
			if got[chat] != w {
				t.Errorf("%s: chat %d: %+v, want %+v", when, chat, got[chat], w)
			}
		}
	}
	check("while 4 and 5 are pending")
	if _, err := db.CancelJob(ctx, job.ID); err != nil {
		t.Fatal(err)
	}
	check("after the push was cancelled")

	rem, err := db.RemindUnacknowledged(ctx, job.ID, 77)
	if err != nil {
		t.Fatal(err)
	}
	if got := pendingIDs(t, db, rem.ID); len(got) != 1 || got[0] != 1 || rem.Total != 1 {
		t.Fatalf("reminder recipients %v (total %d), want [1]", got, rem.Total)
	}

	// Only chats the notice was not sent to are left: nobody to remind.
	other := publishDirective(t, db, "Chỉ thị số 10")
	if _, err := db.CancelJob(ctx, other.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RemindUnacknowledged(ctx, other.ID, 77); !errors.Is(err, content.ErrNobodyToRemind) {
		t.Fatalf("reminder of a push cancelled before any send: %v, want ErrNobodyToRemind", err)
	}
}

// Ensure that the reminder leaves out recipients who no longer receive
// pushes (unsubscribed, or found blocked by a later push), that the receipt
// marks them, and that nobody is reminded when only they are left.
func TestReminderSkipsThoseWhoLeft(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	subscribe(t, db, 1, 2, 3, 4)
	job := publishDirective(t, db, "Chỉ thị số 7")
	quiet := publishDirective(t, db, "Chỉ thị số 8")
	for _, j := range []content.Job{job, quiet} {
		if _, err := db.RecordDeliveries(ctx, j.ID, []content.Delivery{
			{ChatID: 1, Outcome: content.OutcomeSent}, {ChatID: 2, Outcome: content.OutcomeSent},
			{ChatID: 3, Outcome: content.OutcomeSent}, {ChatID: 4, Outcome: content.OutcomeSent},
		}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Unsubscribe(ctx, 2); err != nil {
		t.Fatal(err)
	}
	later, err := db.CreateBroadcast(ctx, content.Job{Text: "Thông báo"}, []int64{3})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordDeliveries(ctx, later.ID, []content.Delivery{{ChatID: 3, Outcome: content.OutcomeBlocked}}); err != nil {
		t.Fatal(err)
	}

	rem, err := db.RemindUnacknowledged(ctx, job.ID, 77)
	if err != nil {
		t.Fatal(err)
	}
	if got := pendingIDs(t, db, rem.ID); len(got) != 2 || got[0] != 1 || got[1] != 4 || rem.Total != 2 {
		t.Fatalf("reminder recipients %v (total %d), want [1 4]", got, rem.Total)
	}
	d, err := db.Receipt(ctx, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	left := map[int64]bool{}
	for _, e := range d.Entries {
		left[e.ChatID] = e.Left
	}
	if !left[2] || !left[3] || left[1] || left[4] {
		t.Fatalf("entries marked left: %v, want 2 and 3", left)
	}

	for _, chat := range []int64{1, 4} {
		if _, err := db.RecordAck(ctx, quiet.ID, content.Ack{ChatID: chat}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.RemindUnacknowledged(ctx, quiet.ID, 77); !errors.Is(err, content.ErrNobodyToRemind) {
		t.Fatalf("reminder with only those who left unacknowledged: %v, want ErrNobodyToRemind", err)
	}
}

// Ensure that no reminder is sent, or counted as sent, when everyone has
// acknowledged.
func TestReminderWithNobodyLeft(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	subscribe(t, db, 1)
	job := publishDirective(t, db, "Chỉ thị")
	if _, err := db.RecordAck(ctx, job.ID, content.Ack{ChatID: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RemindUnacknowledged(ctx, job.ID, 7); !errors.Is(err, content.ErrNobodyToRemind) {
		t.Fatalf("err=%v, want ErrNobodyToRemind", err)
	}
	if rcs, _ := db.Receipts(ctx, 10); len(rcs) != 1 || rcs[0].Reminder != 0 {
		t.Fatalf("receipts %+v", rcs)
	}
}

// Ensure that a broadcast marked for acknowledgement is a receipt too.
func TestAckBroadcastIsReceipt(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	job, err := db.CreateBroadcast(ctx, content.Job{Text: "Họp chi bộ\nlúc 14:00", Ack: true}, []int64{5, 6})
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := db.RecordAck(ctx, job.ID, content.Ack{ChatID: 6}); !ok || err != nil {
		t.Fatalf("recorded=%v err=%v", ok, err)
	}
	rcs, err := db.Receipts(ctx, 10)
	if err != nil || len(rcs) != 1 || rcs[0].Title != "Họp chi bộ" || rcs[0].Acked != 1 {
		t.Fatalf("receipts %+v %v", rcs, err)
	}
}

// Ensure that a member removed after a directive reached them shows as no
// longer receiving news and gets no reminder; a migrated group does.
func TestRemovedMemberNotReminded(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	subscribe(t, db, 1, 2, -100500)
	job := publishDirective(t, db, "Chỉ thị về phòng chống bão")
	sent := []content.Delivery{{ChatID: 1, Outcome: content.OutcomeSent}, {ChatID: 2, Outcome: content.OutcomeSent},
		{ChatID: -100500, Outcome: content.OutcomeSent}}
	if _, err := db.RecordDeliveries(ctx, job.ID, sent); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RemoveMember(ctx, 2, 0); err != nil {
		t.Fatal(err)
	}
	if err := db.MigrateChat(ctx, -100500, -100600); err != nil {
		t.Fatal(err)
	}
	d, err := db.Receipt(ctx, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	left := map[int64]bool{}
	for _, e := range d.Entries {
		left[e.ChatID] = e.Left
	}
	if !left[2] || left[1] || left[-100500] {
		t.Errorf("left %v: want only the removed member 2", left)
	}
	rem, err := db.RemindUnacknowledged(ctx, job.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := pendingIDs(t, db, rem.ID); len(got) != 2 || got[0] != 1 {
		t.Errorf("reminded %v, want 1 and the group, not the removed member", got)
	}
}
