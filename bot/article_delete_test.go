package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/store"
)

// Ensure that an article deleted while the bot runs and its push is going
// out stops within a batch, with the sends made recorded; that /latest,
// /search and inline mode no longer show it; and that the "Đọc toàn văn"
// button of a notice already received says the article is gone.
func TestDeletedArticleLeavesTheBot(t *testing.T) {
	o := bot.DeliveryOptions{Workers: 2, Batch: 10, ChatWindow: time.Millisecond, CommitEvery: 20 * time.Millisecond}
	e := newPushEnv(t, bot.Config{SendRate: 200, Delivery: o, PollTimeout: time.Second})
	ctx := context.Background()
	subs := people(1, 300, "vi")
	e.subscribe(subs...)
	keep := news("Hội nghị tổng kết công tác năm", "")
	if _, err := e.db.PublishArticleWith(ctx, keep, store.PublishOptions{Quiet: true}); err != nil {
		t.Fatal(err)
	}
	e.run()
	wrong := news("Lịch cắt điện toàn huyện đăng nhầm", "")
	wrong.SourceURL = "https://example.vn/nham"
	job := e.publish(wrong)
	e.waitDelivered(30)
	del, err := e.db.DeleteArticle(ctx, job.ArticleID, 0)
	if err != nil || len(del.Cancelled) != 1 || del.Cancelled[0] != job.ID {
		t.Fatalf("delete: %+v %v", del, err)
	}
	atDelete := e.api.DeliveredCount()
	e.waitIdle(job.ID)
	if extra := e.api.DeliveredCount() - atDelete; extra > o.Batch+o.Workers {
		t.Fatalf("%d notices went out after the delete, want at most a batch and the sends in flight (%d)", extra, o.Batch+o.Workers)
	}
	j, err := e.db.Job(ctx, job.ID)
	if err != nil || !j.Cancelled || j.Sent != e.api.DeliveredCount() || j.Pending() == 0 {
		t.Fatalf("%s (err %v), want cancelled with the %d sends recorded", describeJob(j), err, e.api.DeliveredCount())
	}

	startPolling(t, e.bot)
	u := e.api.User(1, "vi")
	chat := e.api.PrivateChat(u)
	got := e.api.Messages(chat.ID)
	if len(got) != 1 || !strings.Contains(got[0].Text, wrong.Title) {
		t.Fatalf("chat 1 did not get the notice before the delete: %+v", got)
	}
	e.api.SendText(u, chat, "/latest")
	e.api.SendText(u, chat, "/search cắt điện")
	e.api.PressButton(u, chat, got[0].MessageID, "a:"+job.ArticleID)
	e.api.InlineQuery(u, "")
	e.api.InlineQuery(u, "cắt điện")
	calls := e.api.WaitCalls(t, pushWait, func(calls []telegramtest.Call) bool {
		texts, inline := textsSent(calls, chat.ID), 0
		for _, c := range calls {
			if c.Method == "answerInlineQuery" && c.Status == 200 {
				inline++
			}
		}
		return count(texts, "tin mới nhất") == 1 && count(texts, "Không tìm thấy bài nào") == 1 &&
			count(answers(calls), "Không tìm thấy bài viết") == 1 && inline == 2
	})
	latest := ""
	for _, s := range textsSent(calls, chat.ID) {
		if strings.Contains(s, "tin mới nhất") {
			latest = s
		}
	}
	if strings.Contains(latest, wrong.Title) || !strings.Contains(latest, keep.Title) {
		t.Fatalf("/latest after the delete:\n%s", latest)
	}
	for _, c := range calls {
		if c.Method == "answerInlineQuery" && strings.Contains(c.Params["results"], "cắt điện") {
			t.Errorf("inline mode shows the deleted article: %s", c.Params["results"])
		}
	}
}
