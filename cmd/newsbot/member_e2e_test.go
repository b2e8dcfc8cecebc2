package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"newsbot/content"
)

var inviteLink = regexp.MustCompile(`\?start=(i_[A-Za-z0-9_-]{22})`)

// Ensure that `newsbot member list` shows the pending requests and the
// member count, and that `newsbot member remove` removes a member for good:
// the next run sends them no article (nor their keyword alert's), their
// /start is refused without bothering the admins, and only an invite link
// lets them back in; admins, unknown IDs and bad arguments are refused, and
// the removal is in the audit log.
func TestEndToEndMemberListAndRemove(t *testing.T) {
	h := newHarness(t)
	h.createDB()
	h.env["NEWSBOT_CLOSED"] = "1"
	if code := h.cli("admin", "add", "801"); code != 0 {
		t.Fatal(h.logs.String())
	}
	admin, lan, binh := h.api.User(801, "vi"), h.api.User(802, "vi"), h.api.User(803, "vi")
	adminChat, lanChat := h.api.PrivateChat(admin), h.api.PrivateChat(lan)

	stop := h.start()
	h.api.SendText(admin, adminChat, "/start")
	h.waitText(admin.ID, "Xin chào", 1)
	h.api.SendText(lan, lanChat, "/start")
	h.waitText(lan.ID, "đã được gửi đến quản trị viên", 1)
	h.api.SendText(binh, h.api.PrivateChat(binh), "/start")
	h.waitText(binh.ID, "đã được gửi đến quản trị viên", 1)
	h.waitText(admin.ID, "🙋", 2)
	h.api.PressButton(admin, adminChat, lastMessageWith(h, admin.ID, "ID: 802"), "ap:y:802")
	h.waitText(lan.ID, "đã được duyệt", 1)
	h.api.SendText(lan, lanChat, "/alert nông thôn mới")
	h.waitText(lan.ID, "Đã lưu theo dõi", 1)
	stop()

	h.out = newSyncBuffer()
	if code := h.cli("member", "list"); code != 0 {
		t.Fatalf("member list exit=%d: %s", code, h.logs.String())
	}
	list := h.out.String()
	row := regexp.MustCompile(`(?m)^803\s+User803\s+@user803\s+\d{4}-\d\d-\d\d \d\d:\d\d$`)
	if !strings.Contains(list, "Pending join requests: 1\n") || !row.MatchString(list) ||
		!strings.Contains(list, "Members: 2 (2 receiving news)") {
		t.Fatalf("member list:\n%s", list)
	}

	h.out = newSyncBuffer()
	if code := h.cli("member", "remove", "802"); code != 0 {
		t.Fatalf("member remove exit=%d: %s", code, h.logs.String())
	}
	if got, want := h.out.String(), "Removed member 802 User802 (@user802): 1 keyword alert deleted, 0 notices not yet sent dropped, 0 unapproved groups unsubscribed\n"; got != want {
		t.Fatalf("member remove printed %q, want %q", got, want)
	}
	h.out = newSyncBuffer()
	if code := h.cli("member", "remove", "802"); code != 0 || h.out.String() != "Not a member: 802 (nothing changed)\n" {
		t.Fatalf("removing twice: exit=%d, %q", code, h.out.String())
	}
	if code := h.cli("member", "remove", "801"); code != 1 || !strings.Contains(h.logs.String(), "801 is an admin; remove the admin first") {
		t.Fatalf("removing an admin: exit=%d:\n%s", code, h.logs.String())
	}
	for _, args := range [][]string{{"member"}, {"member", "remove"}, {"member", "remove", "abc"}, {"member", "remove", "-5"},
		{"member", "remove", "1", "2"}, {"member", "list", "extra"}, {"member", "frobnicate"}, {"member", "list", "--nope"}} {
		if code := h.cli(args...); code != 2 {
			t.Errorf("%q: exit=%d, want 2", args, code)
		}
	}
	h.out = newSyncBuffer()
	if code := h.cli("member", "list"); code != 0 || !strings.Contains(h.out.String(), "Members: 1 (1 receiving news)") {
		t.Fatalf("member list after removal: exit=%d:\n%s", code, h.out.String())
	}

	// The next run: no article for the removed member, a refused /start,
	// then an invite link readmits them.
	stop = h.start()
	stopped := false
	defer func() {
		if !stopped {
			stop()
		}
	}()
	h.api.SendText(lan, lanChat, "/start")
	h.waitText(lan.ID, "Yêu cầu tham gia của bạn chưa được chấp thuận", 1)
	h.dropArticle("typical-one-image.txt")
	h.waitText(admin.ID, articleTitle, 1)
	if n := countContaining(textsTo(h.api.Calls(), lan.ID), articleTitle); n != 0 {
		t.Errorf("the removed member got the article %d times", n)
	}
	if n := countContaining(textsTo(h.api.Calls(), admin.ID), "🙋"); n != 2 {
		t.Errorf("the admin got %d join notices, want 2 (none for the removed member)", n)
	}
	h.api.SendText(admin, adminChat, "/invite")
	h.waitText(admin.ID, "?start=i_", 1)
	m := inviteLink.FindStringSubmatch(strings.Join(textsTo(h.api.Calls(), admin.ID), "\n"))
	if m == nil {
		t.Fatal("no invite link")
	}
	h.api.SendText(lan, lanChat, "/start "+m[1])
	h.waitText(lan.ID, "Xin chào", 1)
	stop()
	stopped = true

	var actions []string
	for _, e := range h.auditEntries() {
		actions = append(actions, fmt.Sprintf("%s by %d: %s", e.Action, e.UserID, e.Detail))
	}
	want := []string{"member.remove by 0: 802 User802 (@user802)", "member.approve by 801: 802 User802 (@user802)", "admin.add by 0: 801"}
	if got := strings.Join(actions, "\n"); !strings.HasSuffix(got, strings.Join(want, "\n")) || len(actions) != 4 {
		t.Errorf("audit:\n%s\nwant invite.create, then:\n%s", got, strings.Join(want, "\n"))
	}
}

// Ensure that `newsbot member list` with a mistyped --db fails, saying the
// file does not exist, instead of creating an empty database and printing
// "Members: 0".
func TestMemberListMissingDatabase(t *testing.T) {
	h := newHarness(t)
	missing := filepath.Join(h.dir, "nham.db")
	if code := h.cli("member", "list", "--db", missing); code != 1 {
		t.Fatalf("member list --db %s: exit=%d, want 1", missing, code)
	}
	if !strings.Contains(h.logs.String(), "no database at "+missing) || strings.Contains(h.out.String(), "Members:") {
		t.Fatalf("member list on a missing file said:\n%s%s", h.out.String(), h.logs.String())
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("member list created %s: %v", missing, err)
	}
}

// Ensure that when the audit entry of a removal cannot be written, the
// output still says first that the member was removed, and the failure is
// a warning that says so too.
func TestMemberRemovedAuditFailure(t *testing.T) {
	out := newSyncBuffer()
	app := &App{Stdout: out}
	rm := content.MemberRemoval{Member: content.Subscriber{ChatID: 802, Name: "Lan"}, Alerts: 1}
	err := app.memberRemoved(rm, errors.New("store: append audit: disk full"))
	if got := out.String(); !strings.HasPrefix(got, "Removed member 802 Lan: 1 keyword alert deleted") {
		t.Fatalf("printed %q, want the removal first", got)
	}
	if err == nil || !strings.Contains(err.Error(), "warning: member 802 was removed, but the removal is not in the audit log: store: append audit: disk full") {
		t.Fatalf("err = %v", err)
	}
}
