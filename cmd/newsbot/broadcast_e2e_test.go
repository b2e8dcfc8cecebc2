package main

import (
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot/telegramtest"
)

// Ensure that an admin's broadcast is previewed, sent once to every active
// subscriber on Gửi, followed by a progress report, listed by /jobs, and
// that members can neither broadcast nor confirm a broadcast.
func TestEndToEndBroadcast(t *testing.T) {
	h := newHarness(t)
	h.createDB()
	if code := h.cli("admin", "add", "701"); code != 0 {
		t.Fatal(h.logs.String())
	}
	admin, m1, m2 := h.api.User(701, "vi"), h.api.User(702, "vi"), h.api.User(703, "vi")
	adminChat := h.api.PrivateChat(admin)
	stop := h.start()
	defer stop()
	for _, u := range []tgbotapi.User{m1, m2} {
		h.api.SendText(u, h.api.PrivateChat(u), "/start")
		h.waitText(u.ID, "Xin chào", 1)
	}

	h.api.SendText(m1, h.api.PrivateChat(m1), "/broadcast tin giả")
	h.waitText(m1.ID, "chỉ dành cho quản trị viên", 1)

	const notice = "Họp chi bộ lúc 14:00 chiều nay tại hội trường UBND huyện"
	h.api.SendText(admin, adminChat, "/broadcast "+notice)
	h.waitText(adminChat.ID, "gửi đến 2 người", 1)
	h.waitText(adminChat.ID, notice, 1)
	var preview int
	for _, m := range h.api.Messages(adminChat.ID) {
		if m.Text == notice {
			preview = m.MessageID
		}
	}
	h.api.PressButton(m1, h.api.PrivateChat(m1), preview, "b:send") // forged: not an admin
	h.api.PressButton(admin, adminChat, preview, "b:send")
	h.api.PressButton(admin, adminChat, preview, "b:send") // a second press sends nothing more
	for _, id := range []int64{m1.ID, m2.ID} {
		h.waitText(id, notice, 1)
	}
	h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool {
		for _, c := range calls {
			if c.Method == "editMessageText" && strings.Contains(c.Params["text"], "xong: 2/2") {
				return true
			}
		}
		return false
	})
	h.api.SendText(admin, adminChat, "/jobs")
	h.waitText(adminChat.ID, "Các đợt gửi gần đây", 1)
	calls := h.api.Calls()
	for _, id := range []int64{m1.ID, m2.ID} {
		if n := countContaining(textsTo(calls, id), notice); n != 1 {
			t.Errorf("chat %d got the broadcast %d times, want once", id, n)
		}
	}
	answers := map[string]int{}
	for _, c := range calls {
		if c.Method == "answerCallbackQuery" {
			answers[c.Params["text"]]++
		}
	}
	if answers["Lệnh này chỉ dành cho quản trị viên."] != 1 || answers["Thông báo này đã được gửi."] != 1 {
		t.Errorf("button answers: %v", answers)
	}
}
