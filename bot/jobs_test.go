package bot_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/store"
)

// brokenCancel is a store that cannot cancel jobs.
type brokenCancel struct{ *store.DB }

func (brokenCancel) CancelJob(context.Context, uint64) (content.Job, error) {
	return content.Job{}, errDisk
}

// Ensure that the cancel button of a job that has already finished, or was
// already cancelled, says so, changes nothing and audits nothing, while a
// running job's is cancelled and audited once.
func TestCancelFinishedJob(t *testing.T) {
	e := newPushEnv(t, bot.Config{PollTimeout: time.Second})
	ctx := context.Background()
	if _, err := e.db.AddAdmin(ctx, 100, 0); err != nil {
		t.Fatal(err)
	}
	e.subscribe(people(2000, 2, "vi")...)
	finished := e.broadcast("Thông báo đã gửi xong", []int64{2000})
	if j, err := e.db.RecordDeliveries(ctx, finished.ID, []content.Delivery{{ChatID: 2000, Outcome: content.OutcomeSent}}); err != nil || !j.Done {
		t.Fatalf("the job did not finish: %+v %v", j, err)
	}
	running := e.broadcast("Thông báo đang gửi", []int64{2000, 2001})
	startPolling(t, e.bot)
	admin := e.api.User(100, "vi")
	chat := e.api.PrivateChat(admin)
	e.api.SendText(admin, chat, "Thông báo")
	msg := e.api.Messages(chat.ID)[0].MessageID

	e.api.PressButton(admin, chat, msg, fmt.Sprintf("j:%d", finished.ID))
	e.api.PressButton(admin, chat, msg, fmt.Sprintf("j:%d", running.ID))
	e.api.PressButton(admin, chat, msg, fmt.Sprintf("j:%d", running.ID)) // a stale button, pressed again
	e.api.WaitCalls(t, pushWait, func(calls []telegramtest.Call) bool { return len(answers(calls)) == 3 })
	got := answers(e.api.Calls())
	want := []string{fmt.Sprintf("Đợt gửi #%d đã xong từ trước, không còn gì để hủy.", finished.ID),
		fmt.Sprintf("Đã hủy đợt gửi #%d.", running.ID), fmt.Sprintf("Đợt gửi #%d đã được hủy từ trước.", running.ID)}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("answers %q, want %q", got, want)
	}
	j, err := e.db.Job(ctx, finished.ID)
	if err != nil || j.Cancelled || !j.Done {
		t.Fatalf("the finished job became %+v (%v)", j, err)
	}
	audit, err := e.db.Audit(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	var cancels []string
	for _, a := range audit {
		if a.Action == content.AuditJobCancel {
			cancels = append(cancels, a.Detail)
		}
	}
	if len(cancels) != 1 || cancels[0] != fmt.Sprintf("#%d", running.ID) {
		t.Fatalf("cancellations audited: %q, want only #%d", cancels, running.ID)
	}
}

// Ensure that a store failure when cancelling a job is reported as one,
// not disguised as a stale button.
func TestCancelJobStoreFailure(t *testing.T) {
	e := newPushEnvWrapped(t, bot.Config{PollTimeout: time.Second},
		func(db *store.DB) bot.Store { return brokenCancel{db} })
	ctx := context.Background()
	if _, err := e.db.AddAdmin(ctx, 100, 0); err != nil {
		t.Fatal(err)
	}
	e.subscribe(people(2000, 1, "vi")...)
	job := e.broadcast("Thông báo", []int64{2000})
	startPolling(t, e.bot)
	admin := e.api.User(100, "vi")
	chat := e.api.PrivateChat(admin)
	e.api.SendText(admin, chat, "Thông báo")
	e.api.PressButton(admin, chat, e.api.Messages(chat.ID)[0].MessageID, fmt.Sprintf("j:%d", job.ID))
	e.api.WaitCalls(t, pushWait, func(calls []telegramtest.Call) bool {
		return count(textsSent(calls, chat.ID), "bot đang gặp sự cố") == 1
	})
	if n := count(answers(e.api.Calls()), "Nút này không còn dùng được."); n != 0 {
		t.Fatal("a store failure was answered as a stale button")
	}
}
