package bot_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/content/vi"
)

// Ensure that a correction edits each chat's notice in place — a picture's
// caption and a text alike — into the corrected article, marked with the
// time of the correction and keeping its buttons, without a new message;
// and that "Sửa và thông báo lại" adds one "Đính chính:" reply to each.
func TestCorrectEditsEachNoticeInPlace(t *testing.T) {
	for _, renotify := range []bool{false, true} {
		e := newPushEnv(t, bot.Config{Delivery: fastDelivery()})
		subs := people(1, 20, "vi")
		e.subscribe(subs...)
		e.run()
		a := news("Bổ nhiệm đồng chí Nguyễn Văn Nam", "")
		if renotify {
			a = news("Bổ nhiệm đồng chí Nguyễn Văn Nam", "https://example.vn/anh.jpg")
		}
		job := e.publish(a)
		e.waitJob(job.ID)
		ctx := context.Background()
		stored, err := e.db.Article(ctx, job.ArticleID)
		if err != nil {
			t.Fatal(err)
		}
		before := e.api.DeliveredCount()
		fix := content.ArticleFix{ID: stored.ID, Title: "Bổ nhiệm đồng chí Nguyễn Văn Năm", Lead: stored.Lead, Body: stored.Body}
		_, cj, err := e.db.CorrectArticle(ctx, fix, 100, renotify)
		if err != nil || cj.Total != len(subs) {
			t.Fatalf("correct: %+v %v", cj, err)
		}
		e.bot.Notify()
		got := e.waitJob(cj.ID)
		if got.Edited != len(subs) {
			t.Fatalf("renotify=%v: %+v, want %d edited", renotify, got, len(subs))
		}
		for _, s := range subs {
			ms := e.api.Messages(s.ChatID)
			notice := ms[0]
			shown := notice.Text + notice.Caption
			if !strings.Contains(shown, "Nguyễn Văn Năm") || !strings.Contains(shown, "(đã sửa lúc "+cj.Correct.At.In(content.VietnamZone()).Format("15:04")+")") ||
				notice.ReplyMarkup == nil || notice.EditDate == 0 {
				t.Fatalf("renotify=%v chat %d: %+v", renotify, s.ChatID, notice)
			}
			if renotify && notice.Photo == nil {
				t.Fatalf("chat %d: the picture is gone: %+v", s.ChatID, ms)
			}
		}
		extra := e.api.DeliveredCount() - before
		if want := 0; renotify {
			want = len(subs)
			if extra != want {
				t.Fatalf("%d new messages, want one Đính chính reply per chat", extra)
			}
			last := e.api.Messages(1)
			if r := last[len(last)-1]; !strings.HasPrefix(r.Text, "Đính chính: ") || r.ReplyToMessage == nil {
				t.Fatalf("reply %+v", r)
			}
		} else if extra != want {
			t.Fatalf("%d new messages after a silent correction", extra)
		}
		if res, err := e.db.Search(ctx, vi.ParseQuery("Nguyễn Văn Năm", 0), 0, 10); err != nil || res.Total == 0 {
			t.Fatalf("search for the corrected title: %+v %v", res, err)
		}
	}
}

// Ensure that a correction confirmed while the article's push is still
// going out — the push rendered its notice before it — reaches the chats
// the push gets to afterwards too: every chat ends with the corrected
// title, marked, and the correction counts each once.
func TestCorrectionDuringAPushReachesTheRest(t *testing.T) {
	o := fastDelivery()
	o.Workers = 1
	e := newPushEnv(t, bot.Config{Delivery: o})
	subs := people(1, 6, "vi")
	e.subscribe(subs...)
	held, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	e.api.Intercept(func(method string, p map[string]string) *telegramtest.Reply {
		if method == "sendMessage" && p["chat_id"] == "4" {
			once.Do(func() {
				close(held)
				<-release
			})
		}
		return nil
	})
	e.run()
	job := e.publish(news("Lịch tiếp công dân ngày 8/12", ""))
	<-held // chats 1 to 3 have the notice; the push waits on chat 4
	ctx := context.Background()
	a, err := e.db.Article(ctx, job.ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	_, cj, err := e.db.CorrectArticle(ctx, content.ArticleFix{ID: a.ID, Title: "Lịch tiếp công dân ngày 9/12", Lead: a.Lead, Body: a.Body}, 100, false)
	if err != nil {
		t.Fatal(err)
	}
	close(release)
	e.waitJob(job.ID)
	e.bot.Notify()
	got := e.waitJob(cj.ID)
	if got.Edited != len(subs) || got.Total != len(subs) {
		t.Fatalf("%+v, want all %d chats edited", got, len(subs))
	}
	for _, s := range subs {
		ms := e.api.Messages(s.ChatID)
		if len(ms) != 1 || !strings.Contains(ms[0].Text, "ngày 9/12") || !strings.Contains(ms[0].Text, "(đã sửa lúc") {
			t.Fatalf("chat %d: %+v", s.ChatID, ms)
		}
	}
}
