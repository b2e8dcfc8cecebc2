package main

import (
	"fmt"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot/telegramtest"
)

// crlfTitle is the title of content/inbox/testdata/export/crlf.txt, a news
// article that mentions "chuyển đổi số", "Tháng Thanh niên", "hiến máu" and
// "học bổng".
const crlfTitle = "Huyện đoàn ra quân Tháng Thanh niên"

// alertButtons returns the callback data of the delete buttons on the
// newest /alerts list sent to chat.
func alertButtons(h *harness, chat int64) []string {
	var out []string
	for _, m := range h.api.Messages(chat) {
		if m.ReplyMarkup == nil || !strings.Contains(m.Text, "Từ khóa bạn theo dõi") {
			continue
		}
		out = out[:0]
		for _, row := range m.ReplyMarkup.InlineKeyboard {
			if row[0].CallbackData != nil {
				out = append(out, *row[0].CallbackData)
			}
		}
	}
	return out
}

// lastMessageWith returns the ID of the newest message to chat containing sub.
func lastMessageWith(h *harness, chat int64, sub string) int {
	id := 0
	for _, m := range h.api.Messages(chat) {
		if strings.Contains(m.Text, sub) {
			id = m.MessageID
		}
	}
	return id
}

// waitAnswer waits for a button answer whose text contains sub.
func waitAnswer(t *testing.T, h *harness, sub string) {
	t.Helper()
	h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool {
		for _, c := range calls {
			if c.Method == "answerCallbackQuery" && strings.Contains(c.Params["text"], sub) {
				return true
			}
		}
		return false
	})
}

// Ensure that keyword alerts work end to end: a person who turned the
// article's category off still gets it, once, naming their oldest matching
// alert; a deleted alert brings nothing; forged delete buttons delete
// nothing of anyone else's; the 21st alert, an overlong one and alerts in a
// group are refused with a clear message.
func TestEndToEndAlerts(t *testing.T) {
	h := newHarness(t)
	an, binh, chi := h.api.User(801, "vi"), h.api.User(802, "vi"), h.api.User(803, "vi")
	anChat, binhChat, chiChat := h.api.PrivateChat(an), h.api.PrivateChat(binh), h.api.PrivateChat(chi)
	group := tgbotapi.Chat{ID: -100801, Type: "group", Title: "Chi bộ 3"}
	h.api.AddChat(group)
	stop := h.start("--user-burst", "100") // An sends 24 commands in a row
	defer stop()

	// An and Chi receive conferences only; Binh receives everything.
	for _, u := range []tgbotapi.User{an, binh, chi} {
		h.api.SendText(u, h.api.PrivateChat(u), "/start")
		h.waitText(u.ID, "Xin chào", 1)
	}
	for _, u := range []tgbotapi.User{an, chi} {
		chat := h.api.PrivateChat(u)
		h.api.SendText(u, chat, "/subscribe")
		h.waitText(u.ID, "Chọn chuyên mục", 1)
		h.api.PressButton(u, chat, lastMessageWith(h, u.ID, "Chọn chuyên mục"), "c:tin-tuc")
	}
	waitAnswer(t, h, "Đã lưu")

	h.api.SendText(an, anChat, "/alert")
	h.waitText(anChat.ID, "/alert nông thôn mới", 1)
	h.api.SendText(an, anChat, `/alert "chuyển đổi số"`)
	h.waitText(anChat.ID, "Đã lưu theo dõi «&quot;chuyển đổi số&quot;»", 1)
	h.api.SendText(an, anChat, "/alert thang thanh nien")
	h.waitText(anChat.ID, "Đã lưu theo dõi «thang thanh nien»", 1)
	h.api.SendText(an, anChat, "/alert Thang  thanh NIEN")
	h.waitText(anChat.ID, "Bạn đã theo dõi «Thang  thanh NIEN» rồi", 1)
	h.api.SendText(an, anChat, "/alert "+strings.Repeat("dài ", 30))
	h.waitText(anChat.ID, "Từ khóa quá dài: tối đa 100 ký tự", 1)

	h.api.SendText(chi, chiChat, "/alert hiến máu")
	h.waitText(chiChat.ID, "Đã lưu theo dõi", 1)
	h.api.SendText(chi, chiChat, "/alert hoa")
	h.waitText(chiChat.ID, "Đã lưu theo dõi «hoa»", 1)
	h.api.SendText(chi, chiChat, "/alerts")
	h.waitText(chiChat.ID, "Từ khóa bạn theo dõi", 1)
	chiButtons := alertButtons(h, chiChat.ID)
	if len(chiButtons) != 2 {
		t.Fatalf("Chi's delete buttons: %v", chiButtons)
	}
	h.api.PressButton(chi, chiChat, lastMessageWith(h, chiChat.ID, "Từ khóa bạn theo dõi"), chiButtons[0])
	waitAnswer(t, h, "Đã xóa «hiến máu»")

	// Binh forges Chi's and An's delete buttons: nothing is deleted.
	h.api.SendText(an, anChat, "/alerts")
	h.waitText(anChat.ID, "Từ khóa bạn theo dõi", 1)
	anButtons := alertButtons(h, anChat.ID)
	h.api.SendText(binh, binhChat, "/alerts")
	h.waitText(binhChat.ID, "Bạn chưa theo dõi từ khóa nào", 1)
	h.api.PressButton(binh, binhChat, lastMessageWith(h, binhChat.ID, "chưa theo dõi"), anButtons[0])
	h.api.PressButton(binh, binhChat, lastMessageWith(h, binhChat.ID, "chưa theo dõi"), chiButtons[1])
	h.api.PressButton(binh, anChat, lastMessageWith(h, anChat.ID, "Từ khóa bạn theo dõi"), anButtons[0])
	h.api.PressButton(binh, binhChat, 1, "al:nonsense")
	h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool {
		n := 0
		for _, c := range calls {
			if c.Method == "answerCallbackQuery" && c.Params["text"] != "" && !strings.Contains(c.Params["text"], "Đã") {
				n++
			}
		}
		return n == 4
	})

	h.api.SendText(binh, group, "/alert chuyển đổi số")
	h.waitText(group.ID, "chỉ dùng trong tin nhắn riêng", 1)

	h.dropArticle("crlf.txt")
	h.waitText(anChat.ID, "🔔 Theo dõi: «&quot;chuyển đổi số&quot;»", 1)
	h.waitText(binhChat.ID, crlfTitle, 1)

	// A marker after the push: Chi's chat is served in order, so once she
	// has her reply, a push to her would have been sent already.
	h.dropArticle("typical-one-image.txt")
	h.waitText(chiChat.ID, articleTitle, 1)
	calls := h.api.Calls()
	if n := countContaining(textsTo(calls, anChat.ID), crlfTitle); n != 1 {
		t.Errorf("An got the article %d times, want once", n)
	}
	if n := countContaining(textsTo(calls, anChat.ID), "🔔 Theo dõi"); n != 1 {
		t.Errorf("An's alert line appeared %d times, want once", n)
	}
	if n := countContaining(textsTo(calls, binhChat.ID), "🔔 Theo dõi"); n != 0 {
		t.Errorf("Binh, who has no alert, was shown an alert line %d times", n)
	}
	if n := countContaining(textsTo(calls, chiChat.ID), crlfTitle); n != 0 {
		t.Errorf("Chi got the article of her deleted alert %d times", n)
	}

	// Limits: the 21st alert is refused.
	for i := 2; i <= 20; i++ {
		h.api.SendText(an, anChat, fmt.Sprintf("/alert từ khóa %d", i))
	}
	h.waitText(anChat.ID, "(20/20)", 1)
	h.api.SendText(an, anChat, "/alert một nữa")
	h.waitText(anChat.ID, "Bạn đã có 20 từ khóa theo dõi, là số tối đa", 1)
}
