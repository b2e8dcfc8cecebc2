package bot_test

import (
	"context"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
)

// waitMessage waits for a message from the bot in chat whose text contains
// sub and returns it.
func waitMessage(t *testing.T, e *bcEnv, chat int64, sub string) tgbotapi.Message {
	t.Helper()
	var got tgbotapi.Message
	e.api.WaitCalls(t, pushWait, func([]telegramtest.Call) bool {
		for _, m := range e.api.Messages(chat) {
			if m.From != nil && m.From.IsBot && strings.Contains(m.Text, sub) {
				got = m
				return true
			}
		}
		return false
	})
	return got
}

// hasData reports whether m carries a button with callback data data.
func hasData(m tgbotapi.Message, data string) bool {
	if m.ReplyMarkup == nil {
		return false
	}
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData != nil && *b.CallbackData == data {
				return true
			}
		}
	}
	return false
}

// Ensure that an admin who opens a pushed article gets 🗑 Gỡ, whose preview
// says how many chats received it and that it cannot be undone, and that
// only the preview's own button retracts it: the article leaves /latest and
// search, every delivered message is deleted, and the retraction is
// audited and shown in /jobs. A subscriber and a stranger pressing the same
// buttons, forged, and the admin pressing the confirm data on another
// message change nothing.
func TestRetractFromTheArticleAdminOnly(t *testing.T) {
	e := newBroadcastEnv(t, "vi", bot.Config{})
	ctx := context.Background()
	job := e.publish(news("Quyết định bổ nhiệm ghi sai tên", ""))
	e.waitJob(job.ID)
	id := job.ArticleID
	subscriber := e.api.User(2000, "vi")
	subChat := e.api.PrivateChat(subscriber)
	notices := e.api.Messages(subChat.ID)
	if len(notices) != 1 {
		t.Fatalf("subscriber got %+v", notices)
	}
	stranger := e.api.User(9999, "vi")
	strangerChat := e.api.PrivateChat(stranger)

	// The subscriber opens the article: no 🗑 Gỡ; forged presses are refused.
	e.api.PressButton(subscriber, subChat, notices[0].MessageID, "a:"+id)
	full := waitMessage(t, e, subChat.ID, "Nội dung.")
	if hasData(full, "rt:a:"+id) {
		t.Fatal("a subscriber sees the retract button")
	}
	for _, data := range []string{"rt:a:" + id, "rt:y:a:" + id} {
		e.api.PressButton(subscriber, subChat, full.MessageID, data)
		e.api.PressButton(stranger, strangerChat, 1, data)
	}
	e.api.SendText(stranger, strangerChat, "/retract "+id)
	e.answered(t, "chỉ dành cho quản trị viên", 4)

	// The admin opens it and asks; a confirm pressed elsewhere is refused.
	e.api.PressButton(e.admin, e.chat, 1, "a:"+id)
	adminFull := waitMessage(t, e, e.chat.ID, "Nội dung.")
	if !hasData(adminFull, "rt:a:"+id) {
		t.Fatalf("the admin's article lacks 🗑 Gỡ: %+v", adminFull.ReplyMarkup)
	}
	e.api.PressButton(e.admin, e.chat, adminFull.MessageID, "rt:y:a:"+id)
	e.answered(t, "không còn dùng được", 1)
	if _, err := e.db.Article(ctx, id); err != nil {
		t.Fatalf("a forged or misplaced press retracted the article: %v", err)
	}
	e.api.PressButton(e.admin, e.chat, adminFull.MessageID, "rt:a:"+id)
	preview := waitMessage(t, e, e.chat.ID, "Không thể hoàn tác")
	if want := "Gỡ bài này khỏi /latest, tìm kiếm và 3 cuộc trò chuyện đã nhận? Không thể hoàn tác."; !strings.Contains(preview.Text, want) {
		t.Fatalf("preview = %q, want %q", preview.Text, want)
	}
	e.api.PressButton(e.admin, e.chat, preview.MessageID, "rt:y:a:"+id)
	waitMessage(t, e, e.chat.ID, "Đã gỡ bài khỏi /latest")
	jobs := e.jobs(t)
	rj := jobs[0]
	if rj.Retract == nil || rj.Retract.ArticleID != id {
		t.Fatalf("newest job %+v, want the retraction", rj)
	}
	rj = e.waitJob(rj.ID)
	if rj.Deleted != 3 || rj.Total != 3 {
		t.Fatalf("%+v, want 3 deleted", rj)
	}
	for _, s := range people(2000, 3, "vi") {
		if ms := e.api.Messages(s.ChatID); len(ms) != 0 && ms[0].MessageID == notices[0].MessageID {
			t.Errorf("chat %d still shows the notice", s.ChatID)
		}
	}
	if _, err := e.db.Article(ctx, id); err == nil {
		t.Fatal("the article is still stored")
	}
	e.api.SendText(subscriber, subChat, "/search bổ nhiệm")
	waitMessage(t, e, subChat.ID, "Không tìm thấy bài nào")
	e.api.PressButton(subscriber, subChat, full.MessageID, "a:"+id)
	e.answered(t, "Không tìm thấy bài viết", 1)
	// A second press of the same confirm does nothing more.
	e.api.PressButton(e.admin, e.chat, preview.MessageID, "rt:y:a:"+id)
	e.answered(t, "", 1)
	entries, err := e.db.Audit(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range entries {
		if a.Action == content.AuditArticleRetract && a.UserID == 100 && strings.Contains(a.Detail, "3 chats") {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("audit %+v, want one retraction by 100 of 3 chats", entries)
	}
	e.api.SendText(e.admin, e.chat, "/jobs")
	waitMessage(t, e, e.chat.ID, "Đợt gỡ #")
	retractions := 0
	for _, j := range e.jobs(t) {
		if j.Retract != nil {
			retractions++
		}
	}
	if retractions != 1 {
		t.Fatalf("%d retraction jobs, want 1", retractions)
	}
}

// Ensure that /correct as a reply to the corrected text previews the
// correction, that a subscriber or stranger pressing its buttons (forged)
// changes nothing, and that the admin's "Sửa và thông báo lại" replaces the
// stored article and edits each delivered notice in place, with one
// "Đính chính:" reply in each chat, audited.
func TestCorrectFromTelegramAdminOnly(t *testing.T) {
	e := newBroadcastEnv(t, "vi", bot.Config{})
	ctx := context.Background()
	job := e.publish(news("Bổ nhiệm đồng chí Lê Văn Tám", ""))
	e.waitJob(job.ID)
	id := job.ArticleID
	subscriber := e.api.User(2000, "vi")
	subChat := e.api.PrivateChat(subscriber)
	stranger := e.api.User(9999, "vi")
	strangerChat := e.api.PrivateChat(stranger)

	e.api.PressButton(e.admin, e.chat, 1, "cr:a:"+id)
	waitMessage(t, e, e.chat.ID, "/correct "+id)
	e.api.AddUpdate(tgbotapi.Update{Message: &tgbotapi.Message{From: &e.admin, Chat: &e.chat,
		Text: "/correct " + id, Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Length: 8}},
		ReplyToMessage: &tgbotapi.Message{MessageID: 1, From: &e.admin, Chat: &e.chat,
			Text: "Bổ nhiệm đồng chí Lê Văn Tâm\nSáng nay, Huyện uỷ trao quyết định.\nNội dung đã sửa."}}})
	preview := waitMessage(t, e, e.chat.ID, "3 cuộc trò chuyện")
	if !strings.Contains(preview.Text, "Lê Văn Tâm") || !hasData(preview, "cr:yn") {
		t.Fatalf("preview %+v", preview)
	}
	e.api.PressButton(subscriber, subChat, 1, "cr:yn")
	e.api.PressButton(stranger, strangerChat, 1, "cr:y")
	e.answered(t, "chỉ dành cho quản trị viên", 2)
	if a, _ := e.db.Article(ctx, id); a.Title != "Bổ nhiệm đồng chí Lê Văn Tám" {
		t.Fatalf("a forged press changed the article: %q", a.Title)
	}
	e.api.PressButton(e.admin, e.chat, preview.MessageID, "cr:yn")
	waitMessage(t, e, e.chat.ID, "Đã sửa bài")
	var cj content.Job
	for _, j := range e.jobs(t) {
		if j.Correct != nil {
			cj = j
		}
	}
	if cj.ID == 0 {
		t.Fatal("no correction job")
	}
	cj = e.waitJob(cj.ID)
	if cj.Edited != 3 {
		t.Fatalf("%+v, want 3 edited", cj)
	}
	if a, _ := e.db.Article(ctx, id); a.Title != "Bổ nhiệm đồng chí Lê Văn Tâm" || a.Lead != "Sáng nay, Huyện uỷ trao quyết định." {
		t.Fatalf("stored %+v", a)
	}
	for _, s := range people(2000, 3, "vi") {
		ms := e.api.Messages(s.ChatID)
		if len(ms) < 2 || !strings.Contains(ms[0].Text, "Lê Văn Tâm") || !strings.Contains(ms[0].Text, "(đã sửa lúc") ||
			!strings.HasPrefix(ms[len(ms)-1].Text, "Đính chính: Bổ nhiệm đồng chí Lê Văn Tâm") {
			t.Fatalf("chat %d: %+v", s.ChatID, ms)
		}
	}
	entries, err := e.db.Audit(ctx, 10)
	if err != nil || len(entries) == 0 || entries[0].Action != content.AuditArticleCorrect || entries[0].UserID != 100 {
		t.Fatalf("audit %+v %v", entries, err)
	}
}
