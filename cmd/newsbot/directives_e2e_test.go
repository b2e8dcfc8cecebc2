package main

import (
	"encoding/csv"
	"fmt"
	"regexp"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot/telegramtest"
)

const directiveTitle = "Chỉ thị 12-CT/HU về phòng chống bão số 3"

// answered counts the button answers with each text among calls.
func answered(calls []telegramtest.Call) map[string]int {
	out := map[string]int{}
	for _, c := range calls {
		if c.Method == "answerCallbackQuery" && c.Status == 200 {
			out[c.Params["text"]]++
		}
	}
	return out
}

// waitAnswer waits until n button presses were answered with text.
func (h *harness) waitAnswer(text string, n int) {
	h.t.Helper()
	h.api.WaitCalls(h.t, wait, func(calls []telegramtest.Call) bool { return answered(calls)[text] >= n })
}

// lastWithButton returns the newest message in chat with a button whose
// data starts with prefix, and that data.
func (h *harness) lastWithButton(chat int64, prefix string) (int, string) {
	h.t.Helper()
	id, data := 0, ""
	for _, m := range h.api.Messages(chat) {
		if m.ReplyMarkup == nil {
			continue
		}
		for _, row := range m.ReplyMarkup.InlineKeyboard {
			for _, b := range row {
				if b.CallbackData != nil && strings.HasPrefix(*b.CallbackData, prefix) {
					id, data = m.MessageID, *b.CallbackData
				}
			}
		}
	}
	if id == 0 {
		h.t.Fatalf("no message in chat %d has a %q button", chat, prefix)
	}
	return id, data
}

// Ensure the directive's whole path: an admin's /post is previewed, published
// once in the chosen category (a second press, and non-admins' presses, do
// nothing), pushed only to that category's subscribers with an "Đã nhận"
// button, listed by /latest and /search; acknowledgements count once per
// recipient and never for others; /receipts shows the counts and names; the
// one reminder reaches only who has not acknowledged; and `newsbot receipts
// ID --csv` exports the same.
func TestEndToEndPostDirectiveAcknowledgeRemind(t *testing.T) {
	h := newHarness(t)
	h.createDB()
	if code := h.cli("admin", "add", "801"); code != 0 {
		t.Fatal(h.logs.String())
	}
	admin, an, binh, chi := h.api.User(801, "vi"), h.api.User(802, "vi"), h.api.User(803, "vi"), h.api.User(804, "vi")
	adminChat, anChat, binhChat, chiChat := h.api.PrivateChat(admin), h.api.PrivateChat(an), h.api.PrivateChat(binh), h.api.PrivateChat(chi)
	stop := h.start()
	for _, u := range []tgbotapi.User{an, binh, chi} {
		h.api.SendText(u, h.api.PrivateChat(u), "/start")
		h.waitText(u.ID, "Xin chào", 1)
	}
	h.api.SendText(binh, binhChat, "/subscribe") // Bình turns directives off
	h.waitText(binhChat.ID, "Chọn chuyên mục", 1)
	kb, _ := h.lastWithButton(binhChat.ID, "c:")
	h.api.PressButton(binh, binhChat, kb, "c:chi-dao")
	h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool { return len(answered(calls)) > 0 })

	h.api.SendText(an, anChat, "/post Giả mạo\nkhông được đăng")
	h.waitText(anChat.ID, "chỉ dành cho quản trị viên", 1)
	h.api.SendText(admin, adminChat, "/post "+directiveTitle+"\nCác chi bộ triển khai ngay.\nBáo cáo trước 17:00 <hôm nay>.")
	h.waitText(adminChat.ID, "Chọn chuyên mục để đăng", 1)
	preview, _ := h.lastWithButton(adminChat.ID, "post:")
	h.api.PressButton(an, adminChat, preview, "post:chi-dao") // not an admin
	h.api.PressButton(an, anChat, preview, "rc:v1")           // not an admin
	h.api.PressButton(an, anChat, preview, "rc:r1")           // not an admin
	h.api.PressButton(admin, adminChat, preview, "post:nonsense")
	h.api.PressButton(admin, adminChat, preview, "post:chi-dao")
	h.api.PressButton(admin, adminChat, preview, "post:chi-dao") // a second press publishes nothing
	h.waitAnswer("Bài này đã được đăng rồi.", 1)
	h.waitText(anChat.ID, directiveTitle, 1)
	h.waitText(chiChat.ID, directiveTitle, 1)

	// Acknowledgements: An presses three times, Bình (not sent it) and
	// forged data record nothing.
	pushMsg, ack := h.lastWithButton(anChat.ID, "ack:")
	for i := 0; i < 3; i++ {
		h.api.PressButton(an, anChat, pushMsg, ack)
	}
	h.api.PressButton(binh, binhChat, pushMsg, ack)
	h.api.PressButton(chi, chiChat, pushMsg, "ack:j999")
	h.api.PressButton(chi, chiChat, pushMsg, "ack:jx")
	h.waitAnswer("Đã ghi nhận. Cảm ơn!", 1)
	h.waitAnswer("Đã ghi nhận (bạn đã xác nhận trước đó).", 2)
	h.waitAnswer("Thông báo này không gửi cho bạn, hoặc không cần xác nhận.", 2)
	h.waitAnswer("Nút này không còn dùng được. Hãy gửi lại lệnh.", 2) // post:nonsense, ack:jx

	h.api.SendText(admin, adminChat, "/receipts")
	h.waitText(adminChat.ID, "1/2 đã nhận", 1)
	list, view := h.lastWithButton(adminChat.ID, "rc:v")
	h.api.PressButton(admin, adminChat, list, view)
	h.waitText(adminChat.ID, "Chưa nhận (1)", 1)
	msgs := h.api.Messages(adminChat.ID)
	last := msgs[len(msgs)-1].Text // as Telegram shows it
	if !strings.Contains(last, "Đã nhận (1):\n• User802 (@user802)") || !strings.Contains(last, "Chưa nhận (1):\n• User804 (@user804)") {
		t.Fatalf("receipt detail:\n%s", last)
	}
	detailMsg, remind := h.lastWithButton(adminChat.ID, "rc:r")
	h.api.PressButton(admin, adminChat, detailMsg, remind)
	h.api.PressButton(admin, adminChat, detailMsg, remind)
	h.waitAnswer("Đã gửi lời nhắc cho thông báo này rồi (mỗi thông báo chỉ nhắc một lần).", 1)
	h.waitText(chiChat.ID, "Nhắc nhở", 1)
	h.api.SendText(admin, adminChat, "/jobs")
	h.waitText(adminChat.ID, "Nhắc xác nhận #"+strings.TrimPrefix(ack, "ack:j"), 1)

	h.api.SendText(chi, chiChat, "/latest")
	h.waitText(chiChat.ID, "tin mới nhất", 1)
	h.api.SendText(chi, chiChat, "/search phòng chống bão")
	h.waitText(chiChat.ID, directiveTitle, 4) // push, reminder, /latest, /search
	marker := h.api.SendText(an, anChat, "/latest")
	h.waitText(anChat.ID, "tin mới nhất", 1)
	if err := h.api.WaitOffset(t.Context(), marker+1); err != nil {
		t.Fatal(err)
	}
	stop()

	calls := h.api.Calls()
	if n := countContaining(textsTo(calls, anChat.ID), "Nhắc nhở"); n != 0 {
		t.Errorf("An, who acknowledged, was reminded %d times", n)
	}
	if n := countContaining(textsTo(calls, chiChat.ID), "Nhắc nhở"); n != 1 {
		t.Errorf("Chi was reminded %d times, want once", n)
	}
	if n := len(textsTo(calls, binhChat.ID)); countContaining(textsTo(calls, binhChat.ID), directiveTitle) != 0 {
		t.Errorf("Bình, who turned directives off, got the directive (%d messages)", n)
	}
	if n := countContaining(textsTo(calls, anChat.ID), directiveTitle); n != 2 { // push and /latest
		t.Errorf("An saw the directive %d times, want 2 (published once)", n)
	}
	if n := countContaining(textsTo(calls, anChat.ID), "Giả mạo"); n != 0 {
		t.Errorf("a non-admin's /post was published")
	}
	if got := answered(calls)["Lệnh này chỉ dành cho quản trị viên."]; got != 3 {
		t.Errorf("non-admin presses answered %d times with the refusal, want 3", got)
	}
	if got := answered(calls)["Đã gửi lời nhắc đến 1 người."]; got != 1 {
		t.Errorf("the reminder was confirmed %d times, want once", got)
	}

	h.out = newSyncBuffer()
	id := strings.TrimPrefix(ack, "ack:j")
	if code := h.cli("receipts", id, "--csv"); code != 0 {
		t.Fatalf("receipts --csv: exit %d\n%s", code, h.logs.String())
	}
	rows, err := csv.NewReader(strings.NewReader(h.out.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"chat_id", "name", "username", "acknowledged"},
		{"802", "User802", "user802", "yes"},
		{"804", "User804", "user804", "no"},
	}
	if len(rows) != len(want) {
		t.Fatalf("csv:\n%s", h.out.String())
	}
	for i, w := range want {
		if got := strings.Join(rows[i][:4], ","); got != strings.Join(w, ",") {
			t.Errorf("row %d = %s, want %s", i, got, strings.Join(w, ","))
		}
	}
	if rows[1][4] == "" || rows[2][4] != "" {
		t.Errorf("acknowledgement times: %q, %q", rows[1][4], rows[2][4])
	}
	if rows[0][6] != "status" || rows[1][6] != "acknowledged" || rows[2][6] != "pending" {
		t.Errorf("status column: %q, %q, %q", rows[0][6], rows[1][6], rows[2][6])
	}
	h.out = newSyncBuffer()
	if code := h.cli("receipts", id); code != 0 {
		t.Fatalf("receipts %s: exit %d\n%s", id, code, h.logs.String())
	}
	table := h.out.String()
	if !strings.Contains(table, "STATUS") || !regexp.MustCompile(`(?m)^802 .* acknowledged$`).MatchString(table) ||
		!regexp.MustCompile(`(?m)^804 .* pending$`).MatchString(table) {
		t.Errorf("receipts table without the status:\n%s", table)
	}
	h.out = newSyncBuffer()
	if code := h.cli("receipts"); code != 0 || !strings.Contains(h.out.String(), "1/2") || !strings.Contains(h.out.String(), directiveTitle) {
		t.Fatalf("receipts: exit %d\n%s", code, h.out.String())
	}
	if code := h.cli("receipts", "abc"); code != 2 {
		t.Fatalf("receipts abc: exit %d, want 2", code)
	}
}

// Ensure that /post sent as a reply to a photo keeps the photo: the
// preview and every push are sent as that photo (its largest size, by
// file_id) with the caption's first line as the title.
func TestEndToEndPostReplyKeepsPhoto(t *testing.T) {
	h := newHarness(t)
	h.createDB()
	if code := h.cli("admin", "add", "811"); code != 0 {
		t.Fatal(h.logs.String())
	}
	admin, an := h.api.User(811, "vi"), h.api.User(812, "vi")
	adminChat, anChat := h.api.PrivateChat(admin), h.api.PrivateChat(an)
	stop := h.start()
	defer stop()
	h.api.SendText(an, anChat, "/start")
	h.waitText(anChat.ID, "Xin chào", 1)

	const title = "Ra quân vệ sinh môi trường"
	photo := tgbotapi.Message{MessageID: 500, From: &admin, Chat: &adminChat, Caption: title + "\nSáng Chủ nhật, đoàn viên ra quân.",
		Photo: []tgbotapi.PhotoSize{{FileID: "AgADsmall", Width: 90, Height: 60}, {FileID: "AgADlarge", Width: 1280, Height: 960}, {FileID: "AgADmid", Width: 320, Height: 240}}}
	h.api.AddUpdate(tgbotapi.Update{Message: &photo})
	h.api.AddUpdate(tgbotapi.Update{Message: &tgbotapi.Message{From: &admin, Chat: &adminChat, Text: "/post",
		Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Offset: 0, Length: 5}}, ReplyToMessage: &photo}})
	h.waitText(adminChat.ID, "Chọn chuyên mục để đăng", 1)
	preview, _ := h.lastWithButton(adminChat.ID, "post:")
	h.api.PressButton(admin, adminChat, preview, "post:tin-tuc")
	h.waitText(anChat.ID, title, 1)
	var photos []string
	for _, c := range telegramtest.SentTo(h.api.Calls(), anChat.ID) {
		if c.Method == "sendPhoto" && c.Status == 200 {
			photos = append(photos, c.Params["photo"])
		}
	}
	if len(photos) != 1 || photos[0] != "AgADlarge" {
		t.Fatalf("photos pushed: %v, want the largest size once", photos)
	}
	if strings.Contains(strings.Join(textsTo(h.api.Calls(), anChat.ID), "\n"), "Đã nhận") {
		t.Fatal("a news article asked for acknowledgement")
	}
}

// Ensure that a broadcast sent with "Gửi, yêu cầu xác nhận" carries the
// "Đã nhận" button and is listed by /receipts, while a plain one is not.
func TestEndToEndBroadcastAskingForAck(t *testing.T) {
	h := newHarness(t)
	h.createDB()
	if code := h.cli("admin", "add", "821"); code != 0 {
		t.Fatal(h.logs.String())
	}
	admin, an := h.api.User(821, "vi"), h.api.User(822, "vi")
	adminChat, anChat := h.api.PrivateChat(admin), h.api.PrivateChat(an)
	stop := h.start()
	defer stop()
	h.api.SendText(an, anChat, "/start")
	h.waitText(anChat.ID, "Xin chào", 1)
	for i, data := range []string{"b:send", "b:sendack"} {
		notice := fmt.Sprintf("Thông báo số %d", i+1)
		h.api.SendText(admin, adminChat, "/broadcast "+notice)
		h.waitText(adminChat.ID, notice, 1)
		preview, _ := h.lastWithButton(adminChat.ID, "b:")
		h.api.PressButton(admin, adminChat, preview, data)
		h.waitText(anChat.ID, notice, 1)
	}
	msg, ack := h.lastWithButton(anChat.ID, "ack:")
	h.api.PressButton(an, anChat, msg, ack)
	h.waitAnswer("Đã ghi nhận. Cảm ơn!", 1)
	h.api.SendText(admin, adminChat, "/receipts")
	h.waitText(adminChat.ID, "Thông báo số 2 — 1/1 đã nhận", 1)
	if n := countContaining(textsTo(h.api.Calls(), adminChat.ID), "Thông báo số 1 —"); n != 0 {
		t.Fatal("a plain broadcast is listed by /receipts")
	}
	for _, m := range h.api.Messages(anChat.ID) {
		if m.Text == "Thông báo số 1" && m.ReplyMarkup != nil {
			t.Fatal("a plain broadcast carries buttons")
		}
	}
}

// Ensure that /post without a title, or with a title or text over the
// limits, gets a clear message and publishes nothing.
func TestEndToEndPostRefusesBadInput(t *testing.T) {
	h := newHarness(t)
	h.createDB()
	if code := h.cli("admin", "add", "831"); code != 0 {
		t.Fatal(h.logs.String())
	}
	admin := h.api.User(831, "vi")
	chat := h.api.PrivateChat(admin)
	stop := h.start()
	defer stop()
	h.api.SendText(admin, chat, "/post")
	h.waitText(chat.ID, "Cách dùng: /post", 1)
	h.api.SendText(admin, chat, "/post "+strings.Repeat("Dài ", 60))
	h.waitText(chat.ID, "Tiêu đề dài quá: tối đa 200 ký tự (hiện có 239)", 1)
	h.api.SendText(admin, chat, "/post Tiêu đề\n"+strings.Repeat("🙂", 1800))
	h.waitText(chat.ID, "Nội dung dài quá: tối đa 3500 ký tự (hiện có 3600)", 1)
	h.api.SendText(admin, chat, "/latest")
	h.waitText(chat.ID, "Chưa có bài viết nào", 1)
	for _, m := range h.api.Messages(chat.ID) {
		if m.ReplyMarkup != nil {
			t.Fatalf("a preview was shown for bad input: %q", m.Text)
		}
	}
}
