package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot"
	"newsbot/content"
)

// Ensure that an announcement is corrected as an article is: /jobs offers
// ✏️ Sửa thông báo #N, which says how; /correct #N as a reply to the new
// text previews it, and its own button replaces the announcement's text
// and edits each delivered message in place, marked, audited as
// broadcast.correct; /retract #N then previews its withdrawal. A
// subscriber's forged press changes nothing.
func TestCorrectAndRetractABroadcastFromTelegram(t *testing.T) {
	e := newBroadcastEnv(t, "vi", bot.Config{})
	ctx := context.Background()
	subs := people(2000, 3, "vi")
	chats := []int64{subs[0].ChatID, subs[1].ChatID, subs[2].ChatID}
	b := e.waitJob(e.broadcast("Họp chi bộ lúc 14:00 thứ Hai", chats).ID)
	ref := "#" + strconv.FormatUint(b.ID, 10)

	e.api.PressButton(e.admin, e.chat, 1, "cr:j:"+strconv.FormatUint(b.ID, 10))
	waitMessage(t, e, e.chat.ID, "/correct "+ref)
	e.api.AddUpdate(tgbotapi.Update{Message: &tgbotapi.Message{From: &e.admin, Chat: &e.chat,
		Text: "/correct " + ref, Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Length: 8}},
		ReplyToMessage: &tgbotapi.Message{MessageID: 1, From: &e.admin, Chat: &e.chat, Text: "Họp chi bộ lúc 15:00 thứ Hai"}}})
	preview := waitMessage(t, e, e.chat.ID, "Sửa thông báo "+ref)
	if !strings.Contains(preview.Text, "3 cuộc trò chuyện") || !strings.Contains(preview.Text, "15:00") || !hasData(preview, "cr:y") {
		t.Fatalf("preview %+v", preview)
	}
	subscriber := e.api.User(2000, "vi")
	e.api.PressButton(subscriber, e.api.PrivateChat(subscriber), preview.MessageID, "cr:y")
	e.answered(t, "chỉ dành cho quản trị viên", 1)
	if j, _ := e.db.Job(ctx, b.ID); j.Text != "Họp chi bộ lúc 14:00 thứ Hai" {
		t.Fatalf("a forged press changed the announcement: %q", j.Text)
	}
	e.api.PressButton(e.admin, e.chat, preview.MessageID, "cr:y")
	waitMessage(t, e, e.chat.ID, "Đã sửa thông báo "+ref)
	var cj content.Job
	for _, j := range e.jobs(t) {
		if j.Correct != nil {
			cj = j
		}
	}
	if cj = e.waitJob(cj.ID); cj.Edited != 3 {
		t.Fatalf("%+v, want 3 edited", cj)
	}
	for _, c := range chats {
		ms := e.api.Messages(c)
		if len(ms) != 1 || !strings.HasPrefix(ms[0].Text, "Họp chi bộ lúc 15:00 thứ Hai") || !strings.Contains(ms[0].Text, "(đã sửa lúc") {
			t.Fatalf("chat %d: %+v", c, ms)
		}
	}
	entries, err := e.db.Audit(ctx, 10)
	if err != nil || len(entries) == 0 || entries[0].Action != content.AuditBroadcastCorrect || entries[0].UserID != 100 {
		t.Fatalf("audit %+v %v", entries, err)
	}
	e.api.AddUpdate(tgbotapi.Update{Message: &tgbotapi.Message{From: &e.admin, Chat: &e.chat,
		Text: "/retract " + ref, Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Length: 8}}}})
	if p := waitMessage(t, e, e.chat.ID, "Thu hồi thông báo "+ref); !strings.Contains(p.Text, "15:00") {
		t.Fatalf("retraction preview %+v", p)
	}
}
