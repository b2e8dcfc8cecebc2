package bot_test

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"go.uber.org/goleak"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/store"
)

const memToken = "123456:AAmembersMEMBERSmembersMEM_x-1"

// Texts the tests look for.
const (
	textAdminOnly   = "Lệnh này chỉ dành cho quản trị viên."
	textMembersOnly = "Bạn chưa được duyệt tham gia."
)

// memEnv is a polling bot in closed or open mode with a real store, the
// fake Bot API, one admin and a settable clock.
type memEnv struct {
	api   *telegramtest.Server
	db    *store.DB
	admin tgbotapi.User
	chat  tgbotapi.Chat
	mu    sync.Mutex
	now   time.Time
}

func (e *memEnv) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *memEnv) advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(d)
}

func newMemEnv(t *testing.T, closed bool, configure ...func(*bot.Config)) *memEnv {
	t.Helper()
	leakOpt := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, leakOpt) })
	e := &memEnv{api: telegramtest.New(t, memToken), now: time.Date(2026, 3, 15, 12, 0, 0, 0, content.VietnamZone())}
	db, err := store.Open(filepath.Join(t.TempDir(), "mem.db"), store.Options{Now: e.clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e.db = db
	hc := bot.NewHTTPClient()
	t.Cleanup(hc.CloseIdleConnections)
	client, err := bot.NewClient(context.Background(), e.api.URL(), memToken, hc)
	if err != nil {
		t.Fatal(err)
	}
	// The rate limit is raised: TestAdminCommandsRefusedToOthers sends one
	// person more commands and presses than a burst allows.
	cfg := bot.Config{Client: client, Store: db, Now: e.clock, PollTimeout: time.Second, Closed: closed,
		RateLimit: bot.RateLimit{Burst: 10_000}, Delivery: bot.DeliveryOptions{Unpaced: true}}
	for _, f := range configure {
		f(&cfg)
	}
	b := bot.New(cfg)
	e.admin = e.api.User(101, "vi")
	e.admin.FirstName = "Quản trị <An>"
	e.chat = e.api.PrivateChat(e.admin)
	ctx := context.Background()
	if _, err := db.AddAdmin(ctx, e.admin.ID, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Subscribe(ctx, content.Subscriber{ChatID: e.admin.ID, UserID: e.admin.ID, Name: e.admin.FirstName, Lang: "vi"}); err != nil {
		t.Fatal(err)
	}
	startPolling(t, b)
	return e
}

// sent returns the texts of successful messages to chat.
func (e *memEnv) sent(chat int64) []string {
	var out []string
	for _, c := range e.api.Sent(chat) {
		if c.Status == 200 {
			out = append(out, c.Params["text"])
		}
	}
	return out
}

func count(texts []string, sub string) int {
	n := 0
	for _, s := range texts {
		if strings.Contains(s, sub) {
			n++
		}
	}
	return n
}

// waitSent waits until chat has received n messages containing sub.
func (e *memEnv) waitSent(t *testing.T, chat int64, sub string, n int) {
	t.Helper()
	e.api.WaitCalls(t, srcWait, func([]telegramtest.Call) bool { return count(e.sent(chat), sub) >= n })
}

// answers returns the texts of the answers to button presses.
func answers(calls []telegramtest.Call) []string {
	var out []string
	for _, c := range calls {
		if c.Method == "answerCallbackQuery" {
			out = append(out, c.Params["text"])
		}
	}
	return out
}

// waitAnswer waits until n answers to button presses contain sub.
func (e *memEnv) waitAnswer(t *testing.T, sub string, n int) {
	t.Helper()
	e.api.WaitCalls(t, srcWait, func(calls []telegramtest.Call) bool { return count(answers(calls), sub) >= n })
}

// lastMessage is the ID of the latest message in chat.
func (e *memEnv) lastMessage(chat int64) int {
	ms := e.api.Messages(chat)
	if len(ms) == 0 {
		return 1
	}
	return ms[len(ms)-1].MessageID
}

// Ensure that neither a member who is not an admin nor a person awaiting
// approval can use any admin command or press any admin button: each gets
// a polite refusal and nothing changes.
func TestAdminCommandsRefusedToOthers(t *testing.T) {
	e := newMemEnv(t, true)
	ctx := context.Background()
	member, pending := e.api.User(201, "vi"), e.api.User(202, "vi")
	if _, err := e.db.Subscribe(ctx, content.Subscriber{ChatID: member.ID, UserID: member.ID, Name: "Hội viên"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.db.RequestJoin(ctx, content.JoinRequest{UserID: pending.ID, ChatID: pending.ID}); err != nil {
		t.Fatal(err)
	}
	victim := e.api.User(203, "vi")
	if _, _, err := e.db.RequestJoin(ctx, content.JoinRequest{UserID: victim.ID, ChatID: victim.ID}); err != nil {
		t.Fatal(err)
	}
	inv, err := e.db.CreateInvite(ctx, content.NewInviteCode(), content.Invite{Uses: 3, Expires: e.clock().Add(time.Hour), CreatedBy: e.admin.ID})
	if err != nil {
		t.Fatal(err)
	}
	auditBefore, _ := e.db.Audit(ctx, 0)

	commands := []string{"/admins", "/admins add 999", "/admins add " + fmt.Sprint(member.ID), "/audit", "/invite", "/invite 5 3", "/invites",
		"/members", "/members remove " + fmt.Sprint(member.ID)}
	buttons := []string{
		fmt.Sprintf("ap:y:%d", victim.ID), fmt.Sprintf("ap:n:%d", victim.ID), fmt.Sprintf("ap:y:%d", member.ID),
		fmt.Sprintf("adm:rm:%d", e.admin.ID), fmt.Sprintf("adm:rmy:%d", e.admin.ID), "adm:no",
		fmt.Sprintf("inv:r:%d", inv.ID), "inv:r:999", "ap:", "adm:", "inv:",
		fmt.Sprintf("mem:rmy:%d", member.ID), "mem:no", "mem:",
	}
	for _, tc := range []struct {
		name    string
		who     tgbotapi.User
		refusal string
	}{
		{"a member who is not an admin", member, textAdminOnly},
		{"a person awaiting approval", pending, textMembersOnly},
	} {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			chat := e.api.PrivateChat(tc.who)
			before := len(answers(e.api.Calls()))
			for _, c := range commands {
				e.api.SendText(tc.who, chat, c)
			}
			for _, data := range buttons {
				e.api.PressButton(tc.who, chat, 1, data)
			}
			e.waitSent(t, chat.ID, tc.refusal, len(commands))
			e.api.WaitCalls(t, srcWait, func(calls []telegramtest.Call) bool { return len(answers(calls))-before >= len(buttons) })
			got := answers(e.api.Calls())[before:]
			if n := count(got, tc.refusal); n != len(buttons) {
				t.Errorf("%d of %d presses refused politely: %q", n, len(buttons), got)
			}
			if texts := e.sent(chat.ID); len(texts) != len(commands) {
				t.Errorf("got %d messages for %d commands: %q", len(texts), len(commands), texts)
			}
		})
	}

	if ok, _ := e.db.IsAdmin(ctx, e.admin.ID); !ok {
		t.Error("the admin was removed")
	}
	if ok, _ := e.db.IsMember(ctx, member.ID); !ok {
		t.Error("the member was removed")
	}
	if _, err := e.db.JoinRequest(ctx, member.ID); err == nil {
		t.Error("the member got a (rejected) join request")
	}
	for _, id := range []int64{999, member.ID, pending.ID} {
		if ok, _ := e.db.IsAdmin(ctx, id); ok {
			t.Errorf("%d became an admin", id)
		}
	}
	for _, id := range []int64{victim.ID, pending.ID} {
		if req, err := e.db.JoinRequest(ctx, id); err != nil || req.Status != content.JoinPending {
			t.Errorf("request of %d is %+v, %v; want still pending", id, req, err)
		}
	}
	if invs, _ := e.db.Invites(ctx); len(invs) != 1 || invs[0].ID != inv.ID {
		t.Errorf("invites now %+v, want only the one made", invs)
	}
	if after, _ := e.db.Audit(ctx, 0); len(after) != len(auditBefore) {
		t.Errorf("the audit log grew from %d to %d entries", len(auditBefore), len(after))
	}
	if len(e.sent(e.chat.ID)) != 0 {
		t.Errorf("the admin was sent %q", e.sent(e.chat.ID))
	}
}

// Ensure that in closed mode a newcomer's /start becomes a request the
// admin approves once; until then the newcomer can use only /start and
// /help; a rejected person is told so once and stays out.
func TestClosedModeJoinRequests(t *testing.T) {
	e := newMemEnv(t, true)
	ctx := context.Background()
	lan, binh := e.api.User(301, "vi"), e.api.User(302, "en")
	lanChat, binhChat := e.api.PrivateChat(lan), e.api.PrivateChat(binh)

	e.api.SendText(lan, lanChat, "/start")
	e.waitSent(t, lanChat.ID, "Yêu cầu tham gia của bạn đã được gửi", 1)
	e.waitSent(t, e.chat.ID, "Yêu cầu tham gia", 1)
	req := e.sent(e.chat.ID)[0]
	if !strings.Contains(req, "User301 (@user301)") || !strings.Contains(req, "301") {
		t.Errorf("the admin's notice does not say who: %q", req)
	}
	noticeID := e.lastMessage(e.chat.ID)

	// Until approved: /latest, /subscribe, buttons and inline queries are refused.
	e.api.SendText(lan, lanChat, "/latest")
	e.api.SendText(lan, lanChat, "/subscribe")
	e.api.SendText(lan, lanChat, "xin chào")
	e.api.PressButton(lan, lanChat, 1, "c:news")
	e.api.InlineQuery(lan, "nông thôn")
	e.api.SendText(lan, lanChat, "/help")
	e.waitSent(t, lanChat.ID, "Hướng dẫn", 1)
	e.waitSent(t, lanChat.ID, textMembersOnly, 3)
	e.waitAnswer(t, textMembersOnly, 1)
	e.api.WaitCalls(t, srcWait, func(calls []telegramtest.Call) bool {
		for _, c := range calls {
			if c.Method == "answerInlineQuery" && c.Params["results"] == "[]" {
				return true
			}
		}
		return false
	})
	e.api.SendText(lan, lanChat, "/start") // asking again does not bother the admins again
	e.waitSent(t, lanChat.ID, "đang chờ quản trị viên duyệt", 1)
	if ok, _ := e.db.IsMember(ctx, lan.ID); ok {
		t.Fatal("a pending person is a member")
	}

	e.api.PressButton(e.admin, e.chat, noticeID, "ap:y:999999") // forged request ID
	e.waitAnswer(t, "Không tìm thấy yêu cầu này", 1)
	e.api.PressButton(e.admin, e.chat, noticeID, fmt.Sprintf("ap:y:%d", lan.ID))
	e.waitSent(t, lanChat.ID, "đã được duyệt", 1)
	e.waitAnswer(t, "Đã duyệt User301", 1)
	e.api.PressButton(e.admin, e.chat, noticeID, fmt.Sprintf("ap:n:%d", lan.ID)) // second press
	e.waitAnswer(t, "đã được xử lý rồi", 1)
	if s, err := e.db.Subscriber(ctx, lan.ID); err != nil || !s.Active() {
		t.Fatalf("approved person %+v, %v; want subscribed", s, err)
	}
	e.api.SendText(lan, lanChat, "/latest")
	e.waitSent(t, lanChat.ID, "Chưa có bài viết nào", 1)

	e.api.SendText(binh, binhChat, "/start")
	e.waitSent(t, binhChat.ID, "has been sent to the admins", 1)
	e.waitSent(t, e.chat.ID, "Yêu cầu tham gia", 2)
	e.api.PressButton(e.admin, e.chat, e.lastMessage(e.chat.ID), fmt.Sprintf("ap:n:%d", binh.ID))
	e.waitSent(t, binhChat.ID, "was not accepted", 1)
	e.api.SendText(binh, binhChat, "/start")
	e.waitSent(t, binhChat.ID, "was not accepted", 2)
	e.api.SendText(binh, binhChat, "/latest")
	e.waitSent(t, binhChat.ID, "You have not been approved yet", 1)
	if ok, _ := e.db.IsMember(ctx, binh.ID); ok {
		t.Fatal("a rejected person is a member")
	}
	if n := count(e.sent(e.chat.ID), "Yêu cầu tham gia"); n != 2 {
		t.Errorf("the admin got %d notices, want one per person", n)
	}
	entries, _ := e.db.Audit(ctx, 0)
	if len(entries) != 2 || entries[0].Action != content.AuditMemberReject || entries[1].Action != content.AuditMemberApprove ||
		entries[1].UserID != e.admin.ID {
		t.Errorf("audit %+v", entries)
	}
}

var linkPattern = regexp.MustCompile(`https://t\.me/[A-Za-z0-9_]+\?start=i_([A-Za-z0-9_-]{22})`)

// invite has the admin make an invite link and returns its code.
func (e *memEnv) invite(t *testing.T, args string) string {
	t.Helper()
	n := count(e.sent(e.chat.ID), "Liên kết mời #")
	e.api.SendText(e.admin, e.chat, strings.TrimSpace("/invite "+args))
	e.waitSent(t, e.chat.ID, "Liên kết mời #", n+1)
	texts := e.sent(e.chat.ID)
	m := linkPattern.FindStringSubmatch(texts[len(texts)-1])
	if m == nil {
		t.Fatalf("no link in %q", texts[len(texts)-1])
	}
	return m[1]
}

// Ensure that invite links admit as many people as they allow and no
// more, even when two use a one-use link at once, and that expired,
// revoked and forged links admit nobody.
func TestInviteLinks(t *testing.T) {
	e := newMemEnv(t, true)
	ctx := context.Background()
	start := func(id int64, text string) tgbotapi.Chat {
		u := e.api.User(id, "vi")
		c := e.api.PrivateChat(u)
		e.api.SendText(u, c, text)
		return c
	}

	// Two people race for a one-use link: exactly one gets in.
	code := e.invite(t, "")
	a, b := start(401, "/start i_"+code), start(402, "/start i_"+code)
	e.api.WaitCalls(t, srcWait, func([]telegramtest.Call) bool { return len(e.sent(a.ID)) > 0 && len(e.sent(b.ID)) > 0 })
	welcomed, usedUp := 0, 0
	for _, c := range []tgbotapi.Chat{a, b} {
		welcomed += count(e.sent(c.ID), "Xin chào")
		usedUp += count(e.sent(c.ID), "đã được dùng hết lượt")
		if ok, _ := e.db.IsMember(ctx, c.ID); ok != (count(e.sent(c.ID), "Xin chào") == 1) {
			t.Errorf("chat %d: member=%v but was told %q", c.ID, ok, e.sent(c.ID))
		}
	}
	if welcomed != 1 || usedUp != 1 {
		t.Fatalf("welcomed %d, used up %d; want exactly one admitted", welcomed, usedUp)
	}

	// Expired.
	code = e.invite(t, "3 1")
	e.advance(24*time.Hour + time.Minute)
	c := start(403, "/start i_"+code)
	e.waitSent(t, c.ID, "đã hết hạn", 1)

	// Revoked through /invites.
	code = e.invite(t, "2 7")
	e.api.SendText(e.admin, e.chat, "/invites")
	e.waitSent(t, e.chat.ID, "Liên kết mời còn hiệu lực", 1)
	invs, _ := e.db.Invites(ctx)
	if len(invs) != 1 {
		t.Fatalf("active invites %+v", invs)
	}
	list := e.lastMessage(e.chat.ID)
	e.api.PressButton(e.admin, e.chat, list, fmt.Sprintf("inv:r:%d", invs[0].ID))
	e.waitAnswer(t, fmt.Sprintf("Đã thu hồi liên kết mời #%d", invs[0].ID), 1)
	e.api.PressButton(e.admin, e.chat, list, fmt.Sprintf("inv:r:%d", invs[0].ID))
	e.waitAnswer(t, "đã hết hiệu lực", 1)
	c = start(404, "/start i_"+code)
	e.waitSent(t, c.ID, "không hợp lệ hoặc đã bị thu hồi", 1)

	// Forged and malformed codes.
	for i, forged := range []string{content.NewInviteCode(), "short", strings.Repeat("x", 60), "<b>"} {
		c := start(int64(410+i), "/start i_"+forged)
		e.waitSent(t, c.ID, "không hợp lệ", 1)
	}
	for _, id := range []int64{403, 404, 410, 411, 412, 413} {
		if ok, _ := e.db.IsMember(ctx, id); ok {
			t.Errorf("%d was admitted", id)
		}
	}

	// An invite link is a secret: not made in a group, and /invite checks its numbers.
	group := tgbotapi.Chat{ID: -500, Type: "group", Title: "Chi bộ"}
	e.api.AddChat(group)
	e.api.SendText(e.admin, group, "/invite")
	e.waitSent(t, group.ID, "cuộc trò chuyện riêng", 1)
	for _, bad := range []string{"0", "1001", "1 91", "x", "1 2 3", "-1"} {
		e.api.SendText(e.admin, e.chat, "/invite "+bad)
	}
	e.waitSent(t, e.chat.ID, "Cách dùng: /invite", 6)

	entries, _ := e.db.Audit(ctx, 0)
	creates, revokes := 0, 0
	for _, en := range entries {
		creates += map[bool]int{true: 1}[en.Action == content.AuditInviteCreate]
		revokes += map[bool]int{true: 1}[en.Action == content.AuditInviteRevoke]
	}
	if creates != 3 || revokes != 1 {
		t.Errorf("audit has %d creates and %d revokes, want 3 and 1", creates, revokes)
	}
}

// Ensure that in open mode an invite link simply subscribes and spends
// nothing, and everybody may use the bot as before.
func TestOpenModeIgnoresInvites(t *testing.T) {
	e := newMemEnv(t, false)
	ctx := context.Background()
	code := e.invite(t, "")
	u := e.api.User(601, "vi")
	c := e.api.PrivateChat(u)
	e.api.SendText(u, c, "/start i_"+code)
	e.waitSent(t, c.ID, "Xin chào", 1)
	e.api.SendText(u, c, "/latest")
	e.waitSent(t, c.ID, "Chưa có bài viết nào", 1)
	invs, _ := e.db.Invites(ctx)
	if len(invs) != 1 || invs[0].Left != 1 {
		t.Errorf("invites %+v; want the one use unspent", invs)
	}
	if len(e.sent(e.chat.ID)) != 1 {
		t.Errorf("the admin was told of an open-mode /start: %q", e.sent(e.chat.ID))
	}
}

// Ensure that /admins lists admins by name, adds one by ID or by replying
// to their message, removes one after confirmation, never the last one,
// and that /audit shows who did what.
func TestAdminsAndAudit(t *testing.T) {
	e := newMemEnv(t, false)
	ctx := context.Background()
	e.api.SendText(e.admin, e.chat, "/admins")
	e.waitSent(t, e.chat.ID, "Quản trị viên", 1)
	if list := e.sent(e.chat.ID)[0]; !strings.Contains(list, "Quản trị &lt;An&gt;") {
		t.Errorf("the list does not name the admin (escaped): %q", list)
	}
	last := e.lastMessage(e.chat.ID)
	e.api.PressButton(e.admin, e.chat, last, fmt.Sprintf("adm:rm:%d", e.admin.ID))
	e.waitSent(t, e.chat.ID, "Bỏ quyền quản trị của", 1)
	e.api.PressButton(e.admin, e.chat, e.lastMessage(e.chat.ID), fmt.Sprintf("adm:rmy:%d", e.admin.ID))
	e.waitAnswer(t, "quản trị viên cuối cùng", 1)

	e.api.SendText(e.admin, e.chat, "/admins add 777")
	e.waitSent(t, e.chat.ID, "777 đã trở thành quản trị viên", 1)
	menu777 := tgbotapi.BotCommandScope{Type: "chat", ChatID: 777}
	for _, lang := range []string{"", "en"} {
		if cmds := fmt.Sprint(e.api.Commands(menu777, lang)); !strings.Contains(cmds, "broadcast") {
			t.Errorf("the new admin's menu (%q) lacks the admin commands: %s", lang, cmds)
		}
	}
	e.api.SendText(e.admin, e.chat, "/admins add 777")
	e.waitSent(t, e.chat.ID, "777 đã là quản trị viên", 1)
	e.api.SendText(e.admin, e.chat, "/admins add abc")
	e.waitSent(t, e.chat.ID, "Cách dùng: /admins", 1)

	// In a group, reply to someone's message with /admins add.
	group := tgbotapi.Chat{ID: -600, Type: "group", Title: "Ban tuyên giáo"}
	e.api.AddChat(group)
	cuong := e.api.User(778, "vi")
	e.api.SendText(cuong, group, "tôi là Cường")
	e.api.AddUpdate(tgbotapi.Update{Message: &tgbotapi.Message{MessageID: 50, From: &e.admin, Chat: &group, Date: 1,
		Text: "/admins add", Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Length: 7}},
		ReplyToMessage: &tgbotapi.Message{MessageID: 1, From: &cuong, Chat: &group, Text: "tôi là Cường"}}})
	e.waitSent(t, group.ID, "778 đã trở thành quản trị viên", 1)

	e.api.PressButton(e.admin, e.chat, last, "adm:rm:777")
	e.waitSent(t, e.chat.ID, "Bỏ quyền quản trị của 777?", 1)
	confirm := e.lastMessage(e.chat.ID)
	e.api.PressButton(e.admin, e.chat, confirm, "adm:rmy:777")
	e.waitAnswer(t, "Đã bỏ quyền quản trị của 777", 1)
	for _, lang := range []string{"", "en"} {
		if cmds := e.api.Commands(menu777, lang); cmds != nil {
			t.Errorf("the former admin's menu (%q) is still set: %v", lang, cmds)
		}
	}
	e.api.PressButton(e.admin, e.chat, confirm, "adm:rmy:777") // second press
	e.waitAnswer(t, "không còn là quản trị viên", 1)
	e.api.PressButton(e.admin, e.chat, last, "adm:rm:778")
	e.waitSent(t, e.chat.ID, "Bỏ quyền quản trị của 778?", 1)
	e.api.PressButton(e.admin, e.chat, e.lastMessage(e.chat.ID), "adm:no")
	e.waitAnswer(t, "Đã hủy", 1)
	for id, want := range map[int64]bool{777: false, 778: true, e.admin.ID: true} {
		if ok, _ := e.db.IsAdmin(ctx, id); ok != want {
			t.Errorf("admin %d: %v, want %v", id, ok, want)
		}
	}

	e.api.SendText(e.admin, e.chat, "/audit")
	e.waitSent(t, e.chat.ID, "Nhật ký quản trị", 1)
	texts := e.sent(e.chat.ID)
	log := texts[len(texts)-1]
	for _, want := range []string{"admin.add", "admin.remove", "Quản trị &lt;An&gt;", "777", "778", "12:00 15/03/2026"} {
		if !strings.Contains(log, want) {
			t.Errorf("/audit lacks %q:\n%s", want, log)
		}
	}
	if n := strings.Count(log, "admin.add"); n != 2 {
		t.Errorf("/audit shows %d additions, want 2 (adding twice records once):\n%s", n, log)
	}
}

// Ensure that /audit shows Vietnam time, and the log keeps UTC, when the
// server's clock runs in another zone.
func TestAuditInVietnamTimeWhateverTheClockZone(t *testing.T) {
	e := newMemEnv(t, false)
	ctx := context.Background()
	e.mu.Lock()
	e.now = time.Date(2026, 3, 14, 14, 5, 0, 0, time.FixedZone("PST", -8*3600)) // 05:05 15/03 in Vietnam
	e.mu.Unlock()
	e.api.SendText(e.admin, e.chat, "/admins add 777")
	e.waitSent(t, e.chat.ID, "777 đã trở thành quản trị viên", 1)
	entries, err := e.db.Audit(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].At.Location() != time.UTC || !entries[0].At.Equal(e.clock()) {
		t.Fatalf("audit entries %+v, want one at %v in UTC", entries, e.clock())
	}
	e.api.SendText(e.admin, e.chat, "/audit")
	e.waitSent(t, e.chat.ID, "Nhật ký quản trị", 1)
	texts := e.sent(e.chat.ID)
	if log := texts[len(texts)-1]; !strings.Contains(log, "05:05 15/03/2026") {
		t.Errorf("/audit does not show Vietnam time 05:05 15/03/2026:\n%s", log)
	}
}

// keyboardData returns the callback data of the buttons message id of
// chat now shows, row by row.
func (e *memEnv) keyboardData(chat int64, id int) [][]string {
	for _, m := range e.api.Messages(chat) {
		if m.MessageID != id || m.ReplyMarkup == nil {
			continue
		}
		var rows [][]string
		for _, row := range m.ReplyMarkup.InlineKeyboard {
			var data []string
			for _, b := range row {
				if b.CallbackData != nil {
					data = append(data, *b.CallbackData)
				}
			}
			rows = append(rows, data)
		}
		return rows
	}
	return nil
}

// keyboardLabels returns the texts of the buttons message id of chat now
// shows, row by row.
func (e *memEnv) keyboardLabels(chat int64, id int) string {
	for _, m := range e.api.Messages(chat) {
		if m.MessageID == id && m.ReplyMarkup != nil {
			var rows [][]string
			for _, row := range m.ReplyMarkup.InlineKeyboard {
				var labels []string
				for _, b := range row {
					labels = append(labels, b.Text)
				}
				rows = append(rows, labels)
			}
			return fmt.Sprint(rows)
		}
	}
	return ""
}

// Ensure that /members lists the pending requests with their buttons and
// the member count, that a request is approved from the list (its row
// alone leaves the list), and that a member is removed only after
// confirmation: record and alerts gone, their /start refused, the removal
// audited; forged, repeated and cancelled presses change nothing, and an
// admin cannot be removed this way.
func TestMembersListApproveAndRemove(t *testing.T) {
	e := newMemEnv(t, true)
	ctx := context.Background()
	lan, binh := e.api.User(301, "vi"), e.api.User(302, "vi")
	lanChat, binhChat := e.api.PrivateChat(lan), e.api.PrivateChat(binh)
	for _, u := range []tgbotapi.User{lan, binh} {
		e.api.SendText(u, e.api.PrivateChat(u), "/start")
		e.waitSent(t, u.ID, "Yêu cầu tham gia của bạn đã được gửi", 1)
	}
	e.waitSent(t, e.chat.ID, "Yêu cầu tham gia", 2)

	e.api.SendText(e.admin, e.chat, "/members")
	e.waitSent(t, e.chat.ID, "Yêu cầu tham gia đang chờ</b> (2)", 1)
	list := e.lastMessage(e.chat.ID)
	texts := e.sent(e.chat.ID)
	text := texts[len(texts)-1]
	for _, want := range []string{"Thành viên</b>: 1 người (1 đang nhận tin)", "User301 (@user301) · ID <code>301</code> · 12:00 15/03/2026",
		"User302 (@user302) · ID <code>302</code>", "/members remove ID"} {
		if !strings.Contains(text, want) {
			t.Errorf("/members lacks %q:\n%s", want, text)
		}
	}
	if got := fmt.Sprint(e.keyboardData(e.chat.ID, list)); got != "[[ap:y:301 ap:n:301] [ap:y:302 ap:n:302]]" {
		t.Fatalf("the list's buttons: %s", got)
	}
	if got := e.keyboardLabels(e.chat.ID, list); got != "[[✅ Duyệt User301 ❌ Từ chối User301] [✅ Duyệt User302 ❌ Từ chối User302]]" {
		t.Errorf("the list's button labels: %s", got)
	}

	e.api.PressButton(e.admin, e.chat, list, "ap:y:301")
	e.waitSent(t, lanChat.ID, "đã được duyệt", 1)
	e.waitAnswer(t, "Đã duyệt User301", 1)
	if got := fmt.Sprint(e.keyboardData(e.chat.ID, list)); got != "[[ap:y:302 ap:n:302]]" {
		t.Errorf("the list's buttons after approving 301: %s, want only 302's", got)
	}
	e.api.SendText(lan, lanChat, "/alert nông thôn mới")
	e.waitSent(t, lanChat.ID, "Đã lưu theo dõi", 1)

	// Removal: asked, cancelled, asked again, confirmed.
	e.api.SendText(e.admin, e.chat, "/members remove 301")
	e.waitSent(t, e.chat.ID, "Xóa User301 (@user301) (ID <code>301</code>) khỏi danh sách thành viên?", 1)
	ask := e.lastMessage(e.chat.ID)
	if got := fmt.Sprint(e.keyboardData(e.chat.ID, ask)); got != "[[mem:rmy:301 mem:no]]" {
		t.Fatalf("the confirmation's buttons: %s", got)
	}
	e.api.PressButton(e.admin, e.chat, ask, "mem:no")
	e.waitAnswer(t, "Đã hủy, không xóa ai.", 1)
	if ok, _ := e.db.IsMember(ctx, lan.ID); !ok {
		t.Fatal("cancelling removed the member")
	}
	e.api.SendText(e.admin, e.chat, "/members remove 301")
	e.waitSent(t, e.chat.ID, "khỏi danh sách thành viên?", 2)
	ask = e.lastMessage(e.chat.ID)
	e.api.PressButton(e.admin, e.chat, ask, "mem:rmy:301")
	e.waitAnswer(t, "Đã xóa User301 (@user301) khỏi danh sách thành viên.", 1)
	if ok, _ := e.db.IsMember(ctx, lan.ID); ok {
		t.Fatal("the removed person is still a member")
	}
	if as, _ := e.db.Alerts(ctx, lan.ID); len(as) != 0 {
		t.Errorf("the removed person's alerts %+v", as)
	}
	if req, _ := e.db.JoinRequest(ctx, lan.ID); req.Status != content.JoinRejected || req.DecidedBy != e.admin.ID {
		t.Errorf("join request %+v, want rejected by the admin", req)
	}
	e.api.PressButton(e.admin, e.chat, ask, "mem:rmy:301") // second press
	e.waitAnswer(t, "Không có thành viên nào có ID 301", 1)

	// The removed person is refused and the admins are not bothered again.
	e.api.SendText(lan, lanChat, "/start")
	e.waitSent(t, lanChat.ID, "Yêu cầu tham gia của bạn chưa được chấp thuận", 1)
	e.api.SendText(lan, lanChat, "/latest")
	e.waitSent(t, lanChat.ID, textMembersOnly, 1)

	// Refusals: an admin, an unknown ID, forged data, bad arguments.
	e.api.SendText(e.admin, e.chat, fmt.Sprintf("/members remove %d", e.admin.ID))
	e.waitSent(t, e.chat.ID, "là quản trị viên nên không thể xóa", 1)
	e.api.SendText(e.admin, e.chat, "/members remove 999")
	e.waitSent(t, e.chat.ID, "Không có thành viên nào có ID 999", 1)
	e.api.SendText(e.admin, e.chat, "/members remove abc")
	e.api.SendText(e.admin, e.chat, "/members frobnicate")
	e.waitSent(t, e.chat.ID, "Cách dùng: /members", 2)
	e.api.PressButton(e.admin, e.chat, ask, fmt.Sprintf("mem:rmy:%d", e.admin.ID))
	e.waitAnswer(t, "là quản trị viên nên không thể xóa", 1)
	for _, forged := range []string{"mem:rmy:abc", "mem:rmy:-5", "mem:rm:302", "mem:rmy:302:x", "mem:"} {
		e.api.PressButton(e.admin, e.chat, ask, forged)
	}
	e.api.PressButton(e.admin, e.chat, ask, "mem:rmy:302") // a pending request is not a member
	e.waitAnswer(t, "Nút này không còn dùng được", 5)
	e.waitAnswer(t, "Không có thành viên nào có ID 302", 1)
	if ok, _ := e.db.IsMember(ctx, e.admin.ID); !ok {
		t.Error("the admin lost their membership")
	}
	if req, _ := e.db.JoinRequest(ctx, binh.ID); req.Status != content.JoinPending {
		t.Errorf("302's request %+v, want still pending", req)
	}
	if n := count(e.sent(e.chat.ID), "🙋 <b>Yêu cầu tham gia</b>"); n != 2 {
		t.Errorf("the admin got %d join notices, want 2 (none for the removed person's /start)", n)
	}
	if len(e.sent(binhChat.ID)) != 1 {
		t.Errorf("302 was told %q", e.sent(binhChat.ID))
	}

	entries, _ := e.db.Audit(ctx, 0)
	var got []string
	for _, en := range entries {
		got = append(got, fmt.Sprintf("%s by %d: %s", en.Action, en.UserID, en.Detail))
	}
	if want := "member.remove by 101: 301 User301 (@user301)|member.approve by 101: 301 User301 (@user301)"; strings.Join(got, "|") != want {
		t.Errorf("audit:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.ReplaceAll(want, "|", "\n"))
	}
}

// Ensure that "/members remove" in reply to someone's message in a group
// names that person, and that in open mode /members says the bot is open
// and still removes: the removed person gets nothing more until a new
// /start subscribes them again.
func TestMembersOpenModeAndReply(t *testing.T) {
	e := newMemEnv(t, false)
	ctx := context.Background()
	cuong := e.api.User(778, "vi")
	cuongChat := e.api.PrivateChat(cuong)
	e.api.SendText(cuong, cuongChat, "/start")
	e.waitSent(t, cuongChat.ID, "Xin chào", 1)

	e.api.SendText(e.admin, e.chat, "/members")
	e.waitSent(t, e.chat.ID, "chế độ mở", 1)
	if text := e.sent(e.chat.ID)[0]; !strings.Contains(text, "2 người (2 đang nhận tin)") || strings.Contains(text, "đang chờ") {
		t.Errorf("/members in open mode:\n%s", text)
	}

	group := tgbotapi.Chat{ID: -700, Type: "group", Title: "Chi bộ"}
	e.api.AddChat(group)
	e.api.SendText(cuong, group, "tôi chuyển công tác rồi")
	e.api.AddUpdate(tgbotapi.Update{Message: &tgbotapi.Message{MessageID: 50, From: &e.admin, Chat: &group, Date: 1,
		Text: "/members remove", Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Length: 8}},
		ReplyToMessage: &tgbotapi.Message{MessageID: 1, From: &cuong, Chat: &group, Text: "tôi chuyển công tác rồi"}}})
	e.waitSent(t, group.ID, "Xóa User778 (@user778) (ID <code>778</code>)", 1)
	if text := e.sent(group.ID)[0]; !strings.Contains(text, "nếu họ gửi /start") {
		t.Errorf("the open-mode confirmation does not say /start readmits: %q", text)
	}
	e.api.PressButton(e.admin, group, e.lastMessage(group.ID), "mem:rmy:778")
	e.waitAnswer(t, "Đã xóa User778", 1)
	if _, err := e.db.Subscriber(ctx, cuong.ID); err == nil {
		t.Fatal("the removed person still has a record")
	}
	e.api.SendText(cuong, cuongChat, "/start")
	e.waitSent(t, cuongChat.ID, "Xin chào", 2)
	if ok, _ := e.db.IsMember(ctx, cuong.ID); !ok {
		t.Error("in open mode /start did not subscribe the removed person again")
	}
}
