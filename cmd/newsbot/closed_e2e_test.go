package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot/telegramtest"
	"newsbot/content"
)

// Ensure that in closed mode (NEWSBOT_CLOSED=1) a newcomer's request
// reaches the admin, the approved person gets pushes from then on, the
// rejected one and the one still waiting get nothing, and waiting people
// cannot use /latest; every decision is in `newsbot audit`.
func TestEndToEndClosedMode(t *testing.T) {
	h := newHarness(t)
	h.createDB()
	h.env["NEWSBOT_CLOSED"] = "1"
	if code := h.cli("admin", "add", "801"); code != 0 {
		t.Fatal(h.logs.String())
	}
	admin, lan, binh, chi, old := h.api.User(801, "vi"), h.api.User(802, "vi"), h.api.User(803, "vi"), h.api.User(804, "vi"), h.api.User(805, "vi")
	adminChat := h.api.PrivateChat(admin)

	// Someone who subscribed while the bot was open stays a member.
	delete(h.env, "NEWSBOT_CLOSED")
	stop := h.start()
	h.api.SendText(old, h.api.PrivateChat(old), "/start")
	h.waitText(old.ID, "Xin chào", 1)
	h.api.SendText(admin, adminChat, "/start")
	h.waitText(admin.ID, "Xin chào", 1)
	// A group a member subscribed then waits for an admin's approval.
	group := tgbotapi.Chat{ID: -100805, Type: "supergroup", Title: "Chi bộ thôn 5"}
	h.api.SendText(old, group, "/start")
	h.waitText(group.ID, "Xin chào", 1)
	stop()
	h.env["NEWSBOT_CLOSED"] = "1"

	stop = h.start()
	stopped := false
	defer func() {
		if !stopped {
			stop()
		}
	}()
	h.waitText(admin.ID, "Nhóm xin nhận tin", 1)
	h.api.SendText(old, group, "/latest")
	h.waitText(group.ID, "chưa được quản trị viên duyệt", 1)
	for _, u := range []int64{lan.ID, binh.ID, chi.ID} {
		user := h.api.User(u, "vi")
		h.api.SendText(user, h.api.PrivateChat(user), "/start")
		h.waitText(u, "đã được gửi đến quản trị viên", 1)
	}
	h.waitText(admin.ID, "Yêu cầu tham gia", 3)
	notices := map[int64]int{}
	for _, m := range h.api.Messages(adminChat.ID) {
		for _, u := range []int64{lan.ID, binh.ID, chi.ID} {
			if strings.Contains(m.Text, fmt.Sprintf("ID: %d", u)) {
				notices[u] = m.MessageID
			}
		}
	}
	h.api.PressButton(admin, adminChat, notices[lan.ID], fmt.Sprintf("ap:y:%d", lan.ID))
	h.api.PressButton(admin, adminChat, notices[binh.ID], fmt.Sprintf("ap:n:%d", binh.ID))
	h.waitText(lan.ID, "đã được duyệt", 1)
	h.waitText(binh.ID, "chưa được chấp thuận", 1)

	h.api.SendText(chi, h.api.PrivateChat(chi), "/latest")
	h.waitText(chi.ID, "Bạn chưa được duyệt tham gia", 1)

	h.dropArticle("typical-one-image.txt")
	h.waitText(lan.ID, articleTitle, 1)
	h.waitText(old.ID, articleTitle, 1)
	h.waitText(admin.ID, articleTitle, 1)
	marker := h.api.SendText(lan, h.api.PrivateChat(lan), "/latest")
	h.waitText(lan.ID, "tin mới nhất", 1)
	if err := h.api.WaitOffset(t.Context(), marker+1); err != nil {
		t.Fatal(err)
	}
	h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool {
		return h.api.DeliveredCount() >= 3
	})
	calls := h.api.Calls()
	for _, u := range []int64{binh.ID, chi.ID} {
		if n := countContaining(textsTo(calls, u), articleTitle); n != 0 {
			t.Errorf("%d, not a member, got the article %d times", u, n)
		}
	}
	stop()
	stopped = true

	var actions []string
	for _, e := range h.auditEntries() {
		actions = append(actions, fmt.Sprintf("%s by %d", e.Action, e.UserID))
	}
	if got, want := strings.Join(actions, ", "), "member.reject by 801, member.approve by 801, admin.add by 0"; got != want {
		t.Errorf("audit: %s, want %s", got, want)
	}
}

// Ensure that `newsbot audit` prints the log newest first with who and
// what, limited by --n, and refuses bad arguments.
func TestAuditCommand(t *testing.T) {
	h := newHarness(t)
	h.createDB()
	if code := h.cli("audit"); code != 0 || !strings.Contains(h.out.String(), "The audit log is empty.") {
		t.Fatalf("empty log: exit=%d:\n%s%s", code, h.out.String(), h.logs.String())
	}
	for _, args := range [][]string{{"admin", "add", "4242"}, {"admin", "add", "4343"}, {"admin", "remove", "4242"}} {
		if code := h.cli(args...); code != 0 {
			t.Fatalf("%v: %s", args, h.logs.String())
		}
	}
	h.out = newSyncBuffer()
	if code := h.cli("audit", "--n", "2"); code != 0 {
		t.Fatalf("exit=%d: %s", code, h.logs.String())
	}
	lines := strings.Split(strings.TrimSpace(h.out.String()), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "WHEN (VIETNAM)") ||
		!strings.Contains(lines[1], "admin.remove") || !strings.Contains(lines[1], "4242") ||
		!strings.Contains(lines[1], "command line") || !strings.Contains(lines[2], "admin.add") || !strings.Contains(lines[2], "4343") {
		t.Fatalf("audit --n 2:\n%s", h.out.String())
	}
	for _, args := range [][]string{{"audit", "--n", "-1"}, {"audit", "extra"}, {"audit", "--n", "x"}} {
		if code := h.cli(args...); code != 2 {
			t.Errorf("%q: exit=%d, want 2", args, code)
		}
	}
	h.env["NEWSBOT_CLOSED"] = "perhaps"
	if code := h.cli("run"); code != 2 || !strings.Contains(h.logs.String(), "NEWSBOT_CLOSED") {
		t.Errorf("a bad NEWSBOT_CLOSED: exit=%d:\n%s", code, h.logs.String())
	}
}

// Ensure that, on a server whose clock runs in another zone, `newsbot
// audit` shows Vietnam time and `newsbot audit --json` UTC, as the README
// says.
func TestAuditTimesWhateverTheClockZone(t *testing.T) {
	h := newHarness(t)
	h.createDB()
	h.now = time.Date(2026, 11, 26, 15, 49, 52, 0, time.FixedZone("PST", -8*3600)) // 23:49:52Z
	if code := h.cli("admin", "add", "987654321"); code != 0 {
		t.Fatal(h.logs.String())
	}
	if code := h.cli("audit"); code != 0 || !strings.Contains(h.out.String(), "2026-11-27 06:49:52") {
		t.Fatalf("audit: exit=%d, want Vietnam time 2026-11-27 06:49:52:\n%s%s", code, h.out.String(), h.logs.String())
	}
	h.out = newSyncBuffer()
	if code := h.cli("audit", "--json"); code != 0 || !strings.Contains(h.out.String(), `"at": "2026-11-26T23:49:52Z"`) {
		t.Fatalf("audit --json: exit=%d, want the time in UTC 2026-11-26T23:49:52Z:\n%s%s", code, h.out.String(), h.logs.String())
	}
}

// auditEntries reads the audit log through `newsbot audit --json`, newest
// first; the bot must be stopped.
func (h *harness) auditEntries() []content.AuditEntry {
	h.t.Helper()
	h.out = newSyncBuffer()
	if code := h.cli("audit", "--json"); code != 0 {
		h.t.Fatalf("audit exit=%d: %s", code, h.logs.String())
	}
	var entries []content.AuditEntry
	if err := json.Unmarshal([]byte(h.out.String()), &entries); err != nil {
		h.t.Fatalf("%v:\n%s", err, h.out.String())
	}
	return entries
}
