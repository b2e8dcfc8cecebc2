package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
)

// Ensure that /post with a document, or replying /post to one, that is not
// of an accepted type (by its name) is refused with a message naming the
// file and the types taken, and that nothing is previewed or stored.
func TestPostRefusesOtherFiles(t *testing.T) {
	e := newPushEnv(t, bot.Config{PollTimeout: time.Second, Delivery: fastDelivery()})
	ctx := context.Background()
	if _, err := e.db.AddAdmin(ctx, 100, 0); err != nil {
		t.Fatal(err)
	}
	startPolling(t, e.bot)
	e.run()
	admin, english := e.api.User(100, "vi"), e.api.User(100, "en")
	chat := e.api.PrivateChat(admin)
	e.api.SendDocument(admin, chat, "cai-dat.exe", []byte("MZ\x90\x00"), "/post Phần mềm mới\nCài ngay.")
	_, id := e.api.SendDocument(admin, chat, "bao-cao.txt", []byte("Báo cáo"), "Báo cáo tháng 4")
	var reply tgbotapi.Message
	for _, m := range e.api.Messages(chat.ID) {
		if m.Document != nil && m.Document.FileID == id {
			reply = m
		}
	}
	e.api.AddUpdate(tgbotapi.Update{Message: &tgbotapi.Message{From: &english, Chat: &chat, Text: "/post",
		Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Length: 5}}, ReplyToMessage: &reply}})

	wants := []string{
		"Không đăng được tệp «cai-dat.exe»: bot chỉ gửi văn bản PDF, DOC, DOCX, XLS, XLSX, ODT, ZIP, RAR. Bài chưa được đăng",
		"The file «bao-cao.txt» cannot be posted: the bot sends only PDF, DOC, DOCX, XLS, XLSX, ODT, ZIP, RAR documents. Nothing was published",
	}
	e.api.WaitCalls(t, pushWait, func(calls []telegramtest.Call) bool {
		n := 0
		for _, m := range e.api.Messages(chat.ID) {
			for _, w := range wants {
				if strings.HasPrefix(m.Text, w) {
					n++
				}
			}
		}
		return n == len(wants)
	})
	for _, m := range e.api.Messages(chat.ID) {
		if m.ReplyMarkup != nil {
			t.Errorf("a preview with buttons was sent: %q", m.Text)
		}
	}
	if n, err := e.db.CountArticles(ctx); err != nil || n != 0 {
		t.Errorf("%d articles stored (%v), want none", n, err)
	}
}
