package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
)

const adminOnlyVI = "Lệnh này chỉ dành cho quản trị viên."

// guardEnv is a bot with an admin, an open broadcast job and two sources,
// for checking what non-admins can do to them.
type guardEnv struct {
	*pushEnv
	sources *fakeSources
	job     content.Job
}

func newGuardEnv(t *testing.T) *guardEnv {
	t.Helper()
	srcs := someSources()
	// The rate limit is raised: the table grows with every admin feature.
	e := &guardEnv{pushEnv: newPushEnv(t, bot.Config{Sources: srcs, PollTimeout: time.Second,
		RateLimit: bot.RateLimit{Burst: 10_000}}), sources: srcs}
	ctx := context.Background()
	if _, err := e.db.AddAdmin(ctx, 100, 0); err != nil {
		t.Fatal(err)
	}
	e.subscribe(people(2000, 3, "vi")...)
	if _, err := e.db.AddAlert(ctx, 2000, "nông thôn mới"); err != nil { // /members remove would delete it
		t.Fatal(err)
	}
	job, err := e.db.CreateBroadcast(ctx, content.Job{Text: "Thông báo thật", CreatedBy: 100}, []int64{2000, 2001, 2002})
	if err != nil {
		t.Fatal(err)
	}
	e.job = job
	startPolling(t, e.bot)
	return e
}

// handled waits until the bot has handled and committed update id.
func (e *guardEnv) handled(t *testing.T, id int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), pushWait)
	defer cancel()
	if err := e.api.WaitOffset(ctx, id+1); err != nil {
		t.Fatal(err)
	}
}

// snapshot renders everything an admin action could change: subscribers
// (with their alerts and join requests), the membership, jobs, the audit
// log, the admins and the sources' pauses. Other features append
// their state here.
func (e *guardEnv) snapshot(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	jobs, err := e.db.RecentJobs(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	audit, err := e.db.Audit(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	admins, err := e.db.Admins(ctx)
	if err != nil {
		t.Fatal(err)
	}
	chats, err := e.db.BroadcastRecipients(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	members, err := e.db.Membership(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, id := range chats {
		s, err := e.db.Subscriber(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		alerts, err := e.db.Alerts(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		req, _ := e.db.JoinRequest(ctx, id)
		// JSON, not %+v: the record holds pointers (quiet hours), whose
		// addresses differ from one read to the next.
		rec, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s\nalerts %d, join request %+v\n", rec, len(alerts), req)
	}
	fmt.Fprintf(&b, "members %+v\n", members)
	for _, j := range jobs {
		fmt.Fprintln(&b, describeJob(j))
	}
	fmt.Fprintf(&b, "audit %d\nadmins %v\nsources %v\n", len(audit), admins, e.sources.changed())
	return b.String()
}

// adminCase is one thing only admins may do, sent by someone else: a
// command (text) or a button press (callback data, pressed on a message
// with text onMessage). {job} in either is replaced by the open job's ID.
// check, when set, adds assertions on the calls made for this case.
type adminCase struct {
	name      string
	text      string
	callback  string
	onMessage string
	check     func(t *testing.T, calls []telegramtest.Call)
}

// adminCases lists every admin command and every kind of admin button.
// Features that add admin commands or buttons add rows here.
var adminCases = []adminCase{
	{name: "/broadcast with a text", text: "/broadcast Họp khẩn lúc 14 giờ"},
	{name: "/broadcast as a reply", text: "/broadcast"},
	{name: "/jobs", text: "/jobs"},
	{name: "/sources", text: "/sources"},
	{name: "the Gửi button of a broadcast preview", callback: "b:send", onMessage: "Thông báo giả mạo"},
	{name: "the Hủy button of a broadcast preview", callback: "b:cancel", onMessage: "Thông báo giả mạo"},
	{name: "a forged broadcast button", callback: "b:send:all", onMessage: "Thông báo giả mạo"},
	{name: "the Gửi button of a unit broadcast preview", callback: "u:send:abc123", onMessage: "Thông báo giả mạo"},
	{name: "the cancel button of a running job", callback: "j:{job}"},
	{name: "a job cancel with a forged ID", callback: "j:999999"},
	{name: "the pause button of a source", callback: "src:p:portal"},
	{name: "the resume button of a source", callback: "src:r:trang"},
	// Adding and removing sources (Bot.handleSourcesEdit).
	{name: "/sources add", text: "/sources add moi2 https://a.vn/rss rss"},
	{name: "/sources remove of a bot-added source", text: "/sources remove xa"},
	{name: "the 🗑 button of a source", callback: "src:d:xa"},
	{name: "the confirmation of a source's removal", callback: "src:dy:xa"},
	{name: "keeping a source", callback: "src:dn:xa"},
	// Publishing, acknowledgements, people and invites.
	{name: "/post with a text", text: "/post Tin giả mạo\nNội dung giả mạo"},
	{name: "/post to a unit", text: "/post @hoang-tien Tin giả mạo"},
	{name: "the category button of a post preview", callback: "post:" + string(content.CategoryDirective), onMessage: "Tin giả mạo"},
	{name: "the Hủy button of a post preview", callback: "post:cancel", onMessage: "Tin giả mạo"},
	{name: "/receipts", text: "/receipts"},
	{name: "the view button of a notice's receipts", callback: "rc:v{job}"},
	{name: "the remind button of a notice", callback: "rc:r{job}"},
	{name: "/admins", text: "/admins"},
	{name: "/admins add", text: "/admins add 555"},
	{name: "the remove button of an admin", callback: "adm:rm:100"},
	{name: "the confirmation of an admin's removal", callback: "adm:rmy:100"},
	{name: "/audit", text: "/audit"},
	{name: "/invite", text: "/invite 5 7"},
	{name: "/invites", text: "/invites"},
	{name: "the revoke button of an invite", callback: "inv:r:1"},
	{name: "the approve button of a join request", callback: "ap:y:555"},
	{name: "the reject button of a join request", callback: "ap:n:555"},
	{name: "/broadcast to a unit", text: "/broadcast @hoang-tien Họp khẩn"},
	// Members (Roll).
	{name: "/members", text: "/members"},
	{name: "/members remove", text: "/members remove 2000"},
	{name: "the confirmation of a member's removal", callback: "mem:rmy:2000"},
	{name: "keeping a member", callback: "mem:no"},
}

// Ensure that every admin command and button, sent by someone who is not
// an admin, is refused politely and changes nothing: no job created or
// cancelled, no source paused or resumed, nothing audited, no admin view.
func TestAdminCommandsRefuseNonAdmins(t *testing.T) {
	e := newGuardEnv(t)
	// The people refused; features with other roles add them here.
	nonAdmins := []struct {
		name string
		user tgbotapi.User
	}{
		{"a stranger", e.api.User(555, "vi")},
		{"a subscriber", e.api.User(2000, "vi")},
	}
	before := e.snapshot(t)
	for _, who := range nonAdmins {
		stranger := who.user
		chat := e.api.PrivateChat(stranger)
		for _, tc := range adminCases {
			t.Run(who.name+" sends "+tc.name, func(t *testing.T) {
				mark := len(e.api.Calls())
				var id int
				if tc.text != "" {
					text := strings.ReplaceAll(tc.text, "{job}", fmt.Sprint(e.job.ID))
					e.api.SendText(stranger, chat, "Thông báo giả mạo")
					msgs := e.api.Messages(chat.ID)
					reply := msgs[len(msgs)-1]
					m := &tgbotapi.Message{From: &stranger, Chat: &chat, Text: text, ReplyToMessage: &reply}
					id = e.api.AddUpdate(tgbotapi.Update{Message: m})
				} else {
					data := strings.ReplaceAll(tc.callback, "{job}", fmt.Sprint(e.job.ID))
					e.api.SendText(stranger, chat, tc.onMessage)
					msgs := e.api.Messages(chat.ID)
					id = e.api.PressButton(stranger, chat, msgs[len(msgs)-1].MessageID, data)
				}
				e.handled(t, id)
				e.api.WaitCalls(t, pushWait, func(calls []telegramtest.Call) bool {
					for _, c := range calls[mark:] {
						if c.Params["text"] == adminOnlyVI {
							return true
						}
					}
					return false
				})
				calls := e.api.Calls()[mark:]
				refused := false
				for _, c := range calls {
					switch {
					case c.Method == "answerCallbackQuery" && tc.callback != "":
						refused = refused || c.Params["text"] == adminOnlyVI
					case c.Method == "sendMessage" && tc.text != "":
						refused = refused || c.Params["text"] == adminOnlyVI
					}
					if c.Method != "answerCallbackQuery" && c.Method != "getUpdates" && c.Params["text"] != adminOnlyVI &&
						!strings.Contains(c.Params["text"], "Gõ /latest") {
						t.Errorf("unexpected call %s", c)
					}
				}
				if !refused {
					t.Errorf("no polite refusal among:\n%v", calls)
				}
				if tc.check != nil {
					t.Run("check", func(t *testing.T) { tc.check(t, calls) })
				}
				if after := e.snapshot(t); after != before {
					t.Fatalf("state changed:\nbefore:\n%s\nafter:\n%s", before, after)
				}
			})
		}
	}
}

// Ensure that /stats from someone who is not an admin shows the public
// figures only: no admin figures, no chart.
func TestStatsHidesAdminPartFromNonAdmins(t *testing.T) {
	e := newGuardEnv(t)
	stranger := e.api.User(556, "en")
	admin := e.api.User(100, "en")
	for _, u := range []tgbotapi.User{stranger, admin} {
		e.handled(t, e.api.SendText(u, e.api.PrivateChat(u), "/stats"))
	}
	adminPart := func(chat int64) (text bool, chart bool) {
		for _, c := range e.api.Sent(chat) {
			text = text || strings.Contains(c.Params["text"], "For admins")
			chart = chart || c.Method == "sendPhoto"
		}
		return text, chart
	}
	if text, chart := adminPart(stranger.ID); text || chart {
		t.Errorf("a non-admin saw admin figures (%v) or the chart (%v)", text, chart)
	}
	if text, chart := adminPart(admin.ID); !text || !chart {
		t.Errorf("the admin did not see the admin figures (%v) and the chart (%v): the test checks nothing", text, chart)
	}
}

// Ensure that /help lists the admin commands to admins only.
func TestHelpListsAdminCommandsToAdminsOnly(t *testing.T) {
	e := newGuardEnv(t)
	stranger := e.api.User(557, "vi")
	admin := e.api.User(100, "vi")
	for _, u := range []tgbotapi.User{stranger, admin} {
		e.handled(t, e.api.SendText(u, e.api.PrivateChat(u), "/help"))
	}
	listsPost := func(chat int64) (help, post bool) {
		for _, c := range e.api.Sent(chat) {
			help = help || strings.Contains(c.Params["text"], "/alert từ khóa")
			post = post || strings.Contains(c.Params["text"], "/post — đăng bài")
		}
		return help, post
	}
	if help, post := listsPost(stranger.ID); !help || post {
		t.Errorf("a non-admin's help: shown %v, with admin commands %v", help, post)
	}
	if help, post := listsPost(admin.ID); !help || !post {
		t.Errorf("an admin's help: shown %v, with admin commands %v", help, post)
	}
}
