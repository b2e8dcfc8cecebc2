package main

import (
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot/telegramtest"
)

// Ensure that an admin's /post to a unit is previewed with the number of
// people it reaches and, once a category is chosen, pushed to exactly that
// unit's people (even one who turned the category off) and to owners of a
// matching keyword alert, with the "Đã nhận" button of a directive and
// /receipts counting only those recipients; that the article is listed and
// searchable for everyone; that a reply "/post @a,b" reaches both units; and
// that unknown units, or a non-admin, publish nothing.
func TestEndToEndPostToUnits(t *testing.T) {
	h := newHarness(t)
	h.createDB()
	unitsFile := h.writeUnits()
	if code := h.cli("admin", "add", "951"); code != 0 {
		t.Fatal(h.logs.String())
	}
	admin := h.api.User(951, "vi")
	inUnit, otherUnit, noUnit, alerted := h.api.User(952, "vi"), h.api.User(953, "vi"), h.api.User(954, "vi"), h.api.User(955, "vi")
	adminChat := h.api.PrivateChat(admin)
	chat := func(u tgbotapi.User) tgbotapi.Chat { return h.api.PrivateChat(u) }
	stop := h.start("--units", unitsFile)
	defer stop()
	for _, u := range []tgbotapi.User{admin, inUnit, otherUnit, noUnit, alerted} {
		h.api.SendText(u, chat(u), "/start")
		h.waitText(u.ID, "Xin chào", 1)
	}
	for _, p := range []struct {
		u    tgbotapi.User
		slug string
	}{{inUnit, "hoang-tien"}, {otherUnit, "chi-bo-3"}} {
		h.api.SendText(p.u, chat(p.u), "/myunits")
		h.waitText(p.u.ID, "Đơn vị của bạn", 1)
		h.api.PressButton(p.u, chat(p.u), lastMessageWith(h, p.u.ID, "Đơn vị của bạn"), "u:t:"+p.slug)
	}
	h.api.SendText(inUnit, chat(inUnit), "/subscribe") // turns directives off
	h.waitText(inUnit.ID, "Chọn chuyên mục", 1)
	kb, _ := h.lastWithButton(inUnit.ID, "c:")
	h.api.PressButton(inUnit, chat(inUnit), kb, "c:chi-dao")
	h.api.SendText(alerted, chat(alerted), "/alert họp chi bộ")
	h.waitText(alerted.ID, "Đã lưu theo dõi", 1)
	h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool { // the three presses are saved
		n := 0
		for _, k := range answered(calls) {
			n += k
		}
		return n >= 3
	})

	const forged = "Tin không được đăng"
	h.api.SendText(noUnit, chat(noUnit), "/post @hoang-tien "+forged)
	h.waitText(noUnit.ID, "chỉ dành cho quản trị viên", 1)
	h.api.SendText(admin, adminChat, "/post @khong-co "+forged)
	h.api.SendText(admin, adminChat, "/post @hoang-tien,khong-co "+forged)
	const known = "Các đơn vị hiện có: <code>@chi-bo-3</code> (Chi bộ 3), <code>@hoang-tien</code> (Xã Hoằng Tiến)"
	h.waitText(adminChat.ID, "Không có đơn vị <code>khong-co</code>, bài chưa được đăng. "+known, 2)
	for _, m := range h.api.Messages(adminChat.ID) {
		if m.ReplyMarkup != nil {
			t.Fatalf("a preview was shown for unknown units: %q", m.Text)
		}
	}

	// A unit deleted between the preview and the press: nothing is published.
	h.api.SendText(admin, adminChat, "/units add doan-tn Đoàn Thanh niên")
	h.waitText(adminChat.ID, "Đã lưu đơn vị <code>doan-tn</code>", 1)
	h.api.SendText(admin, adminChat, "/post @doan-tn "+forged)
	h.waitText(adminChat.ID, "Sẽ chỉ gửi đến <b>0 người</b> thuộc: Đoàn Thanh niên", 1)
	gone, _ := h.lastWithButton(adminChat.ID, "post:")
	h.api.SendText(admin, adminChat, "/units remove doan-tn")
	h.waitText(adminChat.ID, "Đã xóa đơn vị <code>doan-tn</code>", 1)
	h.api.PressButton(admin, adminChat, gone, "post:tin-tuc")
	h.waitAnswer("Một đơn vị của bài này vừa bị xóa, bài chưa được đăng. Hãy gửi lại /post.", 1)

	const title = "Họp chi bộ xã Hoằng Tiến tháng 4"
	h.api.SendText(admin, adminChat, "/post @hoang-tien "+title+"\nHọp lúc 14:00 thứ Sáu tại hội trường xã.")
	h.waitText(adminChat.ID, "Sẽ chỉ gửi đến <b>1 người</b> thuộc: Xã Hoằng Tiến", 1)
	preview, _ := h.lastWithButton(adminChat.ID, "post:")
	h.api.PressButton(admin, adminChat, preview, "post:chi-dao")
	h.waitAnswer("✅ Đã đăng vào chuyên mục Chỉ đạo – Văn bản; đang gửi đến 2 người (Xã Hoằng Tiến).", 1)
	h.waitText(inUnit.ID, title, 1)
	h.waitText(alerted.ID, title, 1) // keyword alerts are personal: they still bring it
	// The job has exactly those two recipients (the answer above), both
	// served: nobody else can get the article from it.
	msg, ack := h.lastWithButton(inUnit.ID, "ack:")
	h.api.PressButton(inUnit, chat(inUnit), msg, ack)
	h.waitAnswer("Đã ghi nhận. Cảm ơn!", 1)
	h.api.SendText(admin, adminChat, "/receipts")
	h.waitText(adminChat.ID, "1/2 đã nhận", 1)
	h.api.SendText(noUnit, chat(noUnit), "/search hop chi bo hoang tien")
	h.waitText(noUnit.ID, title, 1) // listed and searchable for everyone

	// A reply "/post @a,b" to a message publishes that message to both units.
	const second = "Ra quân vệ sinh môi trường"
	orig := tgbotapi.Message{MessageID: 700, From: &admin, Chat: &adminChat, Text: second + "\nSáng Chủ nhật, đoàn viên ra quân."}
	h.api.AddUpdate(tgbotapi.Update{Message: &orig})
	h.api.AddUpdate(tgbotapi.Update{Message: &tgbotapi.Message{From: &admin, Chat: &adminChat, Text: "/post @hoang-tien,chi-bo-3",
		Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Offset: 0, Length: 5}}, ReplyToMessage: &orig}})
	h.waitText(adminChat.ID, "Sẽ chỉ gửi đến <b>2 người</b> thuộc: Xã Hoằng Tiến, Chi bộ 3", 1)
	preview, _ = h.lastWithButton(adminChat.ID, "post:")
	h.api.PressButton(admin, adminChat, preview, "post:tin-tuc")
	h.waitAnswer("✅ Đã đăng vào chuyên mục Tin tức; đang gửi đến 2 người (Xã Hoằng Tiến, Chi bộ 3).", 1)
	h.waitText(inUnit.ID, second, 1)
	h.waitText(otherUnit.ID, second, 1)

	calls := h.api.Calls()
	for _, u := range []tgbotapi.User{noUnit, alerted} {
		if n := countContaining(textsTo(calls, u.ID), second); n != 0 {
			t.Errorf("chat %d, outside both units, got the second post %d times", u.ID, n)
		}
	}
	if n := countContaining(textsTo(calls, otherUnit.ID), title); n != 0 {
		t.Errorf("a member of another unit got the first post %d times", n)
	}
	if n := countContaining(textsTo(calls, noUnit.ID), title); n != 1 { // the /search answer only
		t.Errorf("a person in no unit saw the first post %d times, want once (their /search)", n)
	}
	if n := countContaining(textsTo(calls, inUnit.ID), title); n != 1 {
		t.Errorf("the unit's member got the first post %d times, want once", n)
	}
	for _, c := range calls {
		if c.Params["chat_id"] != "951" && strings.Contains(c.Params["text"]+c.Params["caption"], forged) {
			t.Fatalf("a refused /post reached someone: %s %v", c.Method, c.Params)
		}
	}
	h.api.SendText(noUnit, chat(noUnit), "/latest")
	h.waitText(noUnit.ID, "tin mới nhất", 1)
	if n := countContaining(textsTo(h.api.Calls(), noUnit.ID), forged); n != 0 {
		t.Fatalf("a refused /post was published: /latest lists it")
	}
}
