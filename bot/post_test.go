package bot_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/store"
)

// flakyPublish is a store whose next PublishPost fails when failNext is
// set.
type flakyPublish struct {
	*store.DB
	failNext atomic.Bool
}

func (s *flakyPublish) PublishPost(ctx context.Context, a content.Article, units []string) (bool, content.Job, error) {
	if s.failNext.CompareAndSwap(true, false) {
		return false, content.Job{}, errDisk
	}
	return s.DB.PublishPost(ctx, a, units)
}

// Ensure that a category press whose publication fails in the store leaves
// the preview with working buttons: the next press publishes the article
// once, removes the buttons, and a further press publishes nothing more.
func TestPostFailedPublishCanBePressedAgain(t *testing.T) {
	flaky := &flakyPublish{}
	e := newPushEnvWrapped(t, bot.Config{PollTimeout: time.Second},
		func(db *store.DB) bot.Store { flaky.DB = db; return flaky })
	ctx := context.Background()
	if _, err := e.db.AddAdmin(ctx, 100, 0); err != nil {
		t.Fatal(err)
	}
	e.subscribe(people(2000, 2, "vi")...)
	startPolling(t, e.bot)
	admin := e.api.User(100, "vi")
	chat := e.api.PrivateChat(admin)

	e.api.SendText(admin, chat, "/post Họp chi bộ tháng 4\nChi bộ họp lúc 14:00 thứ Sáu.")
	var preview int
	e.api.WaitCalls(t, pushWait, func([]telegramtest.Call) bool {
		for _, m := range e.api.Messages(chat.ID) {
			if m.ReplyMarkup != nil && strings.Contains(m.Text, "Họp chi bộ tháng 4") {
				preview = m.MessageID
			}
		}
		return preview != 0
	})
	buttons := func() int {
		for _, m := range e.api.Messages(chat.ID) {
			if m.MessageID == preview && m.ReplyMarkup != nil {
				return len(m.ReplyMarkup.InlineKeyboard)
			}
		}
		return 0
	}
	press := "post:" + string(content.CategoryNews)

	flaky.failNext.Store(true)
	e.api.PressButton(admin, chat, preview, press)
	e.api.WaitCalls(t, pushWait, func(calls []telegramtest.Call) bool {
		return count(textsSent(calls, chat.ID), "bot đang gặp sự cố") == 1
	})
	if buttons() == 0 {
		t.Fatal("the preview lost its buttons when publishing failed")
	}
	e.api.PressButton(admin, chat, preview, press)
	e.api.PressButton(admin, chat, preview, press) // a double press publishes once
	e.api.WaitCalls(t, pushWait, func(calls []telegramtest.Call) bool {
		a := answers(calls)
		return count(a, "Đã đăng vào chuyên mục") == 1 && count(a, "Bài này đã được đăng rồi.") == 1
	})
	if n := buttons(); n != 0 {
		t.Fatalf("the published preview still has %d rows of buttons", n)
	}
	if _, err := e.db.Article(ctx, content.PostID(chat.ID, preview)); err != nil {
		t.Fatalf("the article was not published: %v", err)
	}
	if jobs, err := e.db.RecentJobs(ctx, 10); err != nil || len(jobs) != 1 {
		t.Fatalf("jobs %+v (%v), want one push", jobs, err)
	}
}

// textsSent returns the texts of the messages sent to chat among calls.
func textsSent(calls []telegramtest.Call, chat int64) []string {
	var out []string
	for _, c := range telegramtest.SentTo(calls, chat) {
		out = append(out, c.Params["text"])
	}
	return out
}

// Ensure that a /post preview addressed to a unit says first, before the
// title, how many people it will reach, so that the line survives when a
// long text is cut to fit a photo's caption.
func TestPostUnitsReachSurvivesLongCaption(t *testing.T) {
	e := newBroadcastEnv(t, "vi", bot.Config{})
	const title = "Họp chi bộ tháng 4"
	body := longNotice(3000)
	e.api.AddUpdate(tgbotapi.Update{Message: &tgbotapi.Message{From: &e.admin, Chat: &e.chat,
		Text: "/post @hoang-tien", Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Length: 5}},
		ReplyToMessage: &tgbotapi.Message{MessageID: 1, From: &e.admin, Chat: &e.chat, Caption: title + "\n" + body,
			Photo: []tgbotapi.PhotoSize{{FileID: "photo-1", Width: 800, Height: 600}}}}})
	calls := e.api.WaitCalls(t, pushWait, func(calls []telegramtest.Call) bool {
		for _, c := range calls {
			if c.Method == "sendPhoto" {
				return true
			}
		}
		return false
	})
	for _, c := range calls {
		if c.Method != "sendPhoto" {
			continue
		}
		caption := c.Params["caption"]
		const reach = "🏘 Sẽ chỉ gửi đến <b>2 người</b> thuộc: Xã Hoằng Tiến"
		if !strings.HasPrefix(caption, reach) || !strings.Contains(caption, "<b>"+title+"</b>") {
			t.Fatalf("the preview's caption does not start with the reach line, then the title:\n%s", caption)
		}
		if n := utf8.RuneCountInString(caption); n > 1024 {
			t.Fatalf("the caption has %d characters, over Telegram's 1024", n)
		}
	}
}

// Ensure that an admin's document with a "/post" caption, and a document an
// admin replies /post to, become articles with that document, which the
// push sends after the card by its file_id: nothing is uploaded.
func TestPostDocumentKeepsItsFileID(t *testing.T) {
	e := newPushEnv(t, bot.Config{PollTimeout: time.Second, Delivery: fastDelivery()})
	ctx := context.Background()
	if _, err := e.db.AddAdmin(ctx, 100, 0); err != nil {
		t.Fatal(err)
	}
	e.subscribe(people(2000, 3, "vi")...)
	startPolling(t, e.bot)
	e.run()
	admin := e.api.User(100, "vi")
	chat := e.api.PrivateChat(admin)

	_, fileID := e.api.SendDocument(admin, chat, "../../cong-van-112.pdf", []byte("%PDF-1.4\n%%EOF\n"), "/post Công văn số 112/UBND-VP\nVề phòng chống bão.")
	_, replied := e.api.SendDocument(admin, chat, "ke-hoach.docx", []byte("PK\x03\x04"), "Kế hoạch 45/KH-UBND")
	var reply tgbotapi.Message
	for _, m := range e.api.Messages(chat.ID) {
		if m.Document != nil && m.Document.FileID == replied {
			reply = m
		}
	}
	u := tgbotapi.Update{Message: &tgbotapi.Message{From: &admin, Chat: &chat, Text: "/post",
		Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Length: 5}}, ReplyToMessage: &reply}}
	e.api.AddUpdate(u)

	previews := map[string]int{}
	e.api.WaitCalls(t, pushWait, func([]telegramtest.Call) bool {
		for _, m := range e.api.Messages(chat.ID) {
			for _, name := range []string{"📎 cong-van-112.pdf", "📎 ke-hoach.docx"} {
				if m.ReplyMarkup != nil && strings.Contains(m.Text, name) {
					previews[name] = m.MessageID
				}
			}
		}
		return len(previews) == 2
	})
	for name, id := range previews {
		e.api.PressButton(admin, chat, id, "post:"+string(content.CategoryDirective))
		a, err := waitArticle(e, content.PostID(chat.ID, id))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := fileID
		if strings.Contains(name, "ke-hoach") {
			want = replied
		}
		if len(a.Attachments) != 1 || a.Attachments[0].FileID != want || strings.Contains(a.Attachments[0].Name, "/") {
			t.Errorf("%s: article's documents %+v, want its file_id %s and a clean name", name, a.Attachments, want)
		}
	}
	jobs, err := e.db.RecentJobs(ctx, 10)
	if err != nil || len(jobs) != 2 {
		t.Fatalf("jobs %+v, %v; want two pushes", jobs, err)
	}
	for _, j := range jobs {
		e.waitJob(j.ID)
	}
	if got := e.api.DocumentCounts(); got.Uploads != 0 || got.ByFileID != 6 {
		t.Errorf("documents %+v, want 6 sent by file_id and no upload", got)
	}
	ms := e.api.Messages(2000)
	if len(ms) != 4 || ms[1].Document == nil || ms[3].Document == nil {
		t.Errorf("subscriber shows %+v, want two cards each followed by its document", ms)
	}
}

// waitArticle waits until article id is stored.
func waitArticle(e *pushEnv, id string) (content.Article, error) {
	deadline := time.Now().Add(pushWait)
	for {
		a, err := e.db.Article(context.Background(), id)
		if err == nil || time.Now().After(deadline) {
			return a, err
		}
		tick := time.NewTimer(5 * time.Millisecond)
		<-tick.C
	}
}
