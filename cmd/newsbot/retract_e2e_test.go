package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/store"
)

// Ensure that `newsbot article retract ID` through the real wiring takes
// back a push already delivered: the article leaves the store at once, the
// bot deletes the notice from the chat when it next starts, the take-down
// job ends with the chat counted deleted, and the audit log has it.
func TestEndToEndArticleRetract(t *testing.T) {
	h := newHarness(t)
	chat := h.subscribedChat()

	wrong := content.Article{Title: "Chỉ thị ghi sai ngày họp", Lead: "Ngày họp ghi nhầm.",
		Body: []string{"Đoạn một."}, Category: content.CategoryAnnouncement,
		Published: time.Now(), SourceURL: "https://portal.example/sai-ngay"}
	res := h.publishWithJob(wrong)
	stop := h.start()
	h.waitText(chat.ID, wrong.Title, 1)
	stop()
	before := len(h.api.Messages(chat.ID))

	h.out = newSyncBuffer()
	if code := h.cli("article", "retract", res.Article.ID); code != 0 {
		t.Fatalf("article retract exit=%d:\n%s", code, h.logs.String())
	}
	if !strings.Contains(h.out.String(), "will delete its messages in 1 chat") {
		t.Fatalf("article retract printed %q", h.out.String())
	}
	stop = h.start()
	h.api.WaitCalls(t, 30*time.Second, func([]telegramtest.Call) bool {
		for _, m := range h.api.Messages(chat.ID) {
			if strings.Contains(m.Text, wrong.Title) {
				return false
			}
		}
		return true
	})
	stop()
	if got := len(h.api.Messages(chat.ID)); got != before-1 {
		t.Fatalf("%d messages in the chat, want %d", got, before-1)
	}
	db := h.openDB(store.Options{ReadOnly: true})
	defer db.Close()
	jobs, err := db.RecentJobs(context.Background(), 1)
	if err != nil || len(jobs) != 1 || jobs[0].Retract == nil || !jobs[0].Done || jobs[0].Deleted != 1 {
		t.Fatalf("take-down job %+v %v", jobs, err)
	}
	audit, err := db.Audit(context.Background(), 5)
	if err != nil || len(audit) == 0 || audit[0].Action != content.AuditArticleRetract {
		t.Fatalf("audit %+v %v", audit, err)
	}
}

// Ensure that `newsbot article edit ID FILE` through the real wiring
// corrects a push already delivered: the stored article and search take
// the new title at once, and the bot, when it next starts, edits the
// notice in place, marked as corrected, without sending a new message.
func TestEndToEndArticleEdit(t *testing.T) {
	h := newHarness(t)
	chat := h.subscribedChat()

	wrong := content.Article{Title: "Bổ nhiệm đồng chí Nguyễn Văn Nam", Lead: "Quyết định bổ nhiệm.",
		Body: []string{"Đoạn một."}, Category: content.CategoryAnnouncement,
		Published: time.Now(), SourceURL: "https://portal.example/bo-nhiem"}
	res := h.publishWithJob(wrong)
	stop := h.start()
	h.waitText(chat.ID, wrong.Title, 1)
	stop()
	before := h.api.DeliveredCount()

	file := filepath.Join(t.TempDir(), "sua.txt")
	text := "Bổ nhiệm đồng chí Nguyễn Văn Năm\nĐăng lúc: 08:00:00 01/03/2026 (GMT+7)\n\nQuyết định bổ nhiệm.\n\nĐoạn một.\n"
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	h.out = newSyncBuffer()
	if code := h.cli("article", "edit", res.Article.ID, file); code != 0 {
		t.Fatalf("article edit exit=%d:\n%s", code, h.logs.String())
	}
	if !strings.Contains(h.out.String(), "will edit its notices in 1 chat") {
		t.Fatalf("article edit printed %q", h.out.String())
	}
	stop = h.start()
	h.api.WaitCalls(t, 30*time.Second, func([]telegramtest.Call) bool {
		for _, m := range h.api.Messages(chat.ID) {
			if strings.Contains(m.Text, "Nguyễn Văn Năm") && strings.Contains(m.Text, "(đã sửa lúc ") && m.ReplyMarkup != nil {
				return true
			}
		}
		return false
	})
	stop()
	if got := h.api.DeliveredCount(); got != before {
		t.Fatalf("%d new messages, want none (a silent correction)", got-before)
	}
	for _, args := range [][]string{{"article", "edit", res.Article.ID}, {"article", "edit", res.Article.ID, file, "x"}} {
		if code := h.cli(args...); code != 2 {
			t.Errorf("%q: exit=%d, want 2", args, code)
		}
	}
}

// Ensure that an announcement is corrected and withdrawn from the command
// line as an article is: `newsbot article edit --job N FILE` replaces its
// text and the bot, when it next starts, edits the message in place;
// `newsbot article retract --job N` then has it delete the message; both
// are audited, and a job that is not an announcement is refused.
func TestEndToEndBroadcastEditAndRetract(t *testing.T) {
	h := newHarness(t)
	chat := h.subscribedChat()
	ctx := context.Background()
	db := h.openDB(store.Options{})
	b, err := db.CreateBroadcast(ctx, content.Job{Text: "Họp chi bộ lúc 14:00 thứ Hai", CreatedBy: 1}, []int64{chat.ID})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	stop := h.start()
	h.waitText(chat.ID, "Họp chi bộ lúc 14:00", 1)
	stop()
	ref := strconv.FormatUint(b.ID, 10)

	file := filepath.Join(t.TempDir(), "thong-bao.txt")
	if err := os.WriteFile(file, []byte("Họp chi bộ lúc 15:00 thứ Hai\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.out = newSyncBuffer()
	if code := h.cli("article", "edit", "--job", ref, file); code != 0 {
		t.Fatalf("article edit --job exit=%d:\n%s", code, h.logs.String())
	}
	if !strings.Contains(h.out.String(), "will edit its messages in 1 chat") {
		t.Fatalf("article edit --job printed %q", h.out.String())
	}
	stop = h.start()
	h.api.WaitCalls(t, 30*time.Second, func([]telegramtest.Call) bool {
		ms := h.api.Messages(chat.ID)
		return strings.Contains(ms[len(ms)-1].Text, "(đã sửa lúc ")
	})
	stop()
	if ms := h.api.Messages(chat.ID); !strings.HasPrefix(ms[len(ms)-1].Text, "Họp chi bộ lúc 15:00 thứ Hai") {
		t.Fatalf("the announcement reads %q", ms[len(ms)-1].Text)
	}
	before := len(h.api.Messages(chat.ID))
	h.out = newSyncBuffer()
	if code := h.cli("article", "retract", "--job", ref); code != 0 {
		t.Fatalf("article retract --job exit=%d:\n%s", code, h.logs.String())
	}
	stop = h.start()
	h.api.WaitCalls(t, 30*time.Second, func([]telegramtest.Call) bool { return len(h.api.Messages(chat.ID)) == before-1 })
	stop()
	db = h.openDB(store.Options{ReadOnly: true})
	audit, err := db.Audit(ctx, 5)
	db.Close()
	if err != nil || len(audit) < 2 || audit[0].Action != content.AuditBroadcastRetract || audit[1].Action != content.AuditBroadcastCorrect {
		t.Fatalf("audit %+v %v", audit, err)
	}
	for _, args := range [][]string{{"article", "retract", "--job", ref}, {"article", "edit", "--job", ref, file}, {"article", "retract", "--job", "999"}} {
		if code := h.cli(args...); code != 1 {
			t.Errorf("%q: exit=%d, want 1", args, code)
		}
	}
	if code := h.cli("article", "retract", "--job", ref, "abc"); code != 2 {
		t.Errorf("retract --job with an article ID too: exit=%d, want 2", code)
	}
}
