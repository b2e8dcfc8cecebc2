package main

import (
	"strings"
	"testing"

	"newsbot/bot/telegramtest"
)

// Ensure that a person who turns a category off no longer receives its
// articles while others still do, and that quiet hours can be changed.
func TestEndToEndCategoriesAndSettings(t *testing.T) {
	h := newHarness(t)
	an, binh := h.api.User(601, "vi"), h.api.User(602, "vi")
	anChat, binhChat := h.api.PrivateChat(an), h.api.PrivateChat(binh)
	stop := h.start()
	defer stop()
	h.api.SendText(binh, binhChat, "/start")
	h.api.SendText(an, anChat, "/subscribe")
	h.waitText(anChat.ID, "Chọn chuyên mục", 1)
	var kbMsg int
	for _, m := range h.api.Messages(anChat.ID) {
		if m.ReplyMarkup != nil && strings.Contains(m.Text, "Chọn chuyên mục") {
			kbMsg = m.MessageID
		}
	}
	h.api.PressButton(an, anChat, kbMsg, "c:tin-tuc")
	h.api.PressButton(an, anChat, kbMsg, "c:nonsense")
	h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool {
		answers := 0
		for _, c := range calls {
			if c.Method == "answerCallbackQuery" {
				answers++
			}
		}
		return answers == 2
	})
	msgs := h.api.Messages(anChat.ID)
	var kb string
	for _, m := range msgs {
		if m.MessageID == kbMsg {
			for _, row := range m.ReplyMarkup.InlineKeyboard {
				kb += row[0].Text + "|"
			}
		}
	}
	if !strings.Contains(kb, "⬜ Tin tức") || !strings.Contains(kb, "✅ Hội nghị") {
		t.Fatalf("keyboard after turning news off: %s", kb)
	}

	h.dropArticle("crlf.txt") // Tin tức
	h.waitText(binhChat.ID, "Huyện đoàn ra quân", 1)
	h.dropArticle("typical-one-image.txt") // Hội nghị
	h.waitText(anChat.ID, articleTitle, 1)
	h.waitText(binhChat.ID, articleTitle, 1)
	if n := countContaining(textsTo(h.api.Calls(), anChat.ID), "Huyện đoàn ra quân"); n != 0 {
		t.Fatalf("a news article reached a person who turned news off (%d times)", n)
	}

	h.api.SendText(an, anChat, "/settings")
	h.waitText(anChat.ID, "Giờ yên lặng: <b>22:00–06:00</b>", 1)
	var settingsMsg int
	for _, m := range h.api.Messages(anChat.ID) {
		if strings.Contains(m.Text, "Giờ yên lặng") {
			settingsMsg = m.MessageID
		}
	}
	h.api.PressButton(an, anChat, settingsMsg, "q:3")
	h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool {
		for _, c := range calls {
			if c.Method == "editMessageText" && strings.Contains(c.Params["text"], "Giờ yên lặng: <b>tắt</b>") {
				return true
			}
		}
		return false
	})
}
