package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot/telegramtest"
)

// writeUnits writes a units file with two units, hoang-tien (Xã Hoằng
// Tiến) and chi-bo-3 (Chi bộ 3), and returns its path.
func (h *harness) writeUnits() string {
	h.t.Helper()
	path := filepath.Join(h.dir, "units.toml")
	if err := os.WriteFile(path, []byte("[[units]]\nslug = \"hoang-tien\"\nname = \"Xã Hoằng Tiến\"\n\n"+
		"[[units]]\nslug = \"chi-bo-3\"\nname = \"Chi bộ 3\"\n"), 0o600); err != nil {
		h.t.Fatal(err)
	}
	return path
}

// Ensure that people pick units (from /myunits and from /settings), an
// admin's broadcast to one unit reaches exactly that unit's people with the
// count stated in the preview, forged or unknown units do nothing, and
// /stats breaks subscribers down by unit.
func TestEndToEndUnitBroadcast(t *testing.T) {
	h := newHarness(t)
	h.createDB()
	unitsFile := h.writeUnits()
	if code := h.cli("admin", "add", "901"); code != 0 {
		t.Fatal(h.logs.String())
	}
	admin, m1, m2, m3 := h.api.User(901, "vi"), h.api.User(902, "vi"), h.api.User(903, "vi"), h.api.User(904, "vi")
	adminChat := h.api.PrivateChat(admin)
	stop := h.start("--units", unitsFile)
	defer stop()
	for _, u := range []tgbotapi.User{admin, m1, m2, m3} {
		h.api.SendText(u, h.api.PrivateChat(u), "/start")
		h.waitText(u.ID, "Xin chào", 1)
	}

	h.api.SendText(m1, h.api.PrivateChat(m1), "/myunits")
	h.waitText(m1.ID, "Đơn vị của bạn", 1)
	h.api.PressButton(m1, h.api.PrivateChat(m1), lastMessageWith(h, m1.ID, "Đơn vị của bạn"), "u:t:hoang-tien")
	h.api.SendText(m2, h.api.PrivateChat(m2), "/settings")
	h.waitText(m2.ID, "Giờ yên lặng", 1)
	h.api.PressButton(m2, h.api.PrivateChat(m2), lastMessageWith(h, m2.ID, "Giờ yên lặng"), "u:menu")
	h.waitText(m2.ID, "Đơn vị của bạn", 1)
	h.api.PressButton(m2, h.api.PrivateChat(m2), lastMessageWith(h, m2.ID, "Đơn vị của bạn"), "u:t:chi-bo-3")
	h.api.PressButton(m3, h.api.PrivateChat(m3), 1, "u:t:khong-co")
	h.api.PressButton(m3, h.api.PrivateChat(m3), 1, "u:send:chi-bo-3") // forged: not an admin
	h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool {
		saved, stale, refused := 0, 0, 0
		for _, c := range calls {
			if c.Method != "answerCallbackQuery" {
				continue
			}
			switch {
			case strings.Contains(c.Params["text"], "Đã lưu"):
				saved++
			case strings.Contains(c.Params["text"], "quản trị viên"):
				refused++
			case c.Params["text"] != "":
				stale++
			}
		}
		return saved == 2 && stale == 1 && refused == 1
	})

	h.api.SendText(admin, adminChat, "/units add doan-tn Đoàn Thanh niên")
	h.waitText(adminChat.ID, "Đã lưu đơn vị <code>doan-tn</code>", 1)
	h.api.SendText(admin, adminChat, "/units add hoằng-tiến Xã Hoằng Tiến")
	h.waitText(adminChat.ID, "không hợp lệ", 1)
	h.api.SendText(admin, adminChat, "/broadcast @khong-co Họp")
	h.waitText(adminChat.ID, "Không có đơn vị <code>khong-co</code>", 1)

	const notice = "Họp dân xã Hoằng Tiến lúc 8 giờ sáng mai"
	h.api.SendText(admin, adminChat, "/broadcast @hoang-tien "+notice)
	h.waitText(adminChat.ID, "gửi đến 1 người thuộc: Xã Hoằng Tiến", 1)
	h.waitText(adminChat.ID, notice, 1)
	var preview int
	var send string
	for _, m := range h.api.Messages(adminChat.ID) {
		if m.Text == notice && m.ReplyMarkup != nil {
			preview, send = m.MessageID, *m.ReplyMarkup.InlineKeyboard[0][0].CallbackData
		}
	}
	if !strings.HasPrefix(send, "u:send:") {
		t.Fatalf("the preview's first button is %q, want Gửi", send)
	}
	h.api.PressButton(admin, adminChat, preview, send)
	h.waitText(m1.ID, notice, 1)
	h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool {
		for _, c := range calls {
			if c.Method == "editMessageText" && strings.Contains(c.Params["text"], "xong: 1/1") {
				return true
			}
		}
		return false
	})
	calls := h.api.Calls()
	for _, u := range []tgbotapi.User{m2, m3} {
		if n := countContaining(textsTo(calls, u.ID), notice); n != 0 {
			t.Errorf("chat %d, outside the unit, got the broadcast %d times", u.ID, n)
		}
	}
	if n := countContaining(textsTo(calls, m1.ID), notice); n != 1 {
		t.Errorf("the unit's member got the broadcast %d times, want once", n)
	}

	h.api.SendText(admin, adminChat, "/stats")
	h.waitText(adminChat.ID, "Người nhận tin theo đơn vị", 1)
	stats := textsTo(h.api.Calls(), adminChat.ID)
	var text string
	for _, s := range stats {
		if strings.Contains(s, "Người nhận tin theo đơn vị") {
			text = s
		}
	}
	for _, want := range []string{"Xã Hoằng Tiến: 1 người", "Chi bộ 3: 1 người", "Đoàn Thanh niên: 0 người", "Chưa chọn đơn vị: 2 người"} {
		if !strings.Contains(text, want) {
			t.Errorf("/stats lacks %q:\n%s", want, text)
		}
	}

	// /units from someone who is not an admin is /myunits: it creates nothing.
	h.api.SendText(m3, h.api.PrivateChat(m3), "/units add gia-mao Đơn vị giả")
	h.waitText(m3.ID, "Đơn vị của bạn", 1)
	h.api.SendText(admin, adminChat, "/units")
	h.waitText(adminChat.ID, "Đơn vị</b> (3)", 1)
	for _, s := range textsTo(h.api.Calls(), adminChat.ID) {
		if strings.Contains(s, "gia-mao") {
			t.Errorf("a non-admin created a unit:\n%s", s)
		}
	}
}

// Ensure that a units file with self_service = false makes /myunits
// read-only, and that `newsbot unit assign|unassign` places people in units
// (audited), refusing unknown units and people who never used the bot.
func TestEndToEndUnitsAssignedByAdmins(t *testing.T) {
	h := newHarness(t)
	unitsFile := filepath.Join(h.dir, "units.toml")
	if err := os.WriteFile(unitsFile, []byte("self_service = false\n\n[[units]]\nslug = \"hoang-tien\"\nname = \"Xã Hoằng Tiến\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	lan := h.api.User(902, "vi")
	stop := h.start("--units", unitsFile)
	h.api.SendText(lan, h.api.PrivateChat(lan), "/start")
	h.waitText(lan.ID, "Xin chào", 1)
	h.api.SendText(lan, h.api.PrivateChat(lan), "/myunits")
	h.waitText(lan.ID, "Quản trị viên xếp đơn vị", 1)
	stop()

	if code := h.cli("unit", "assign", "902", "@hoang-tien"); code != 0 {
		t.Fatalf("unit assign: exit %d\n%s", code, h.logs.String())
	}
	if code := h.cli("unit", "assign", "902", "khong-co"); code != 1 {
		t.Errorf("unit assign of an unknown unit: exit %d, want 1", code)
	}
	if code := h.cli("unit", "assign", "903", "hoang-tien"); code != 1 {
		t.Errorf("unit assign of someone who never used the bot: exit %d, want 1", code)
	}
	if code := h.cli("unit", "assign", "902"); code != 2 {
		t.Errorf("unit assign without a unit: exit %d, want 2", code)
	}
	if code := h.cli("audit"); code != 0 || !strings.Contains(h.out.String(), "unit.assign") {
		t.Errorf("audit (exit %d) lacks unit.assign:\n%s", code, h.out.String())
	}

	stop = h.start("--units", unitsFile)
	defer stop()
	h.api.SendText(lan, h.api.PrivateChat(lan), "/myunits")
	h.waitText(lan.ID, "Đơn vị của bạn</b>: Xã Hoằng Tiến", 1)
}
