package bot_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/content/contenttest"
)

// bcEnv is a polling bot with its delivery worker, an admin (ID 100,
// reading lang) and three subscribers (2000-2002, the first two in unit
// "hoang-tien"), for the broadcast tests.
type bcEnv struct {
	*pushEnv
	admin tgbotapi.User
	chat  tgbotapi.Chat
}

func newBroadcastEnv(t *testing.T, lang string, cfg bot.Config) *bcEnv {
	t.Helper()
	cfg.Delivery = fastDelivery()
	if cfg.PollTimeout == 0 {
		cfg.PollTimeout = time.Second
	}
	e := &bcEnv{pushEnv: newPushEnv(t, cfg)}
	ctx := context.Background()
	if _, err := e.db.AddAdmin(ctx, 100, 0); err != nil {
		t.Fatal(err)
	}
	if err := e.db.PutUnit(ctx, content.Unit{Slug: "hoang-tien", Name: "Xã Hoằng Tiến"}); err != nil {
		t.Fatal(err)
	}
	subs := people(2000, 3, "vi")
	subs[0].Units, subs[1].Units = []string{"hoang-tien"}, []string{"hoang-tien"}
	e.subscribe(subs...)
	e.admin = e.api.User(100, lang)
	e.chat = e.api.PrivateChat(e.admin)
	startPolling(t, e.bot)
	e.run()
	return e
}

// preview waits for the bot's preview of notice (the message with that text
// and buttons) in the admin's chat and returns its ID.
func (e *bcEnv) preview(t *testing.T, notice string) int {
	t.Helper()
	var id int
	e.api.WaitCalls(t, pushWait, func([]telegramtest.Call) bool {
		for _, m := range e.api.Messages(e.chat.ID) {
			if m.Text == notice && m.ReplyMarkup != nil && m.From != nil && m.From.IsBot {
				id = m.MessageID
			}
		}
		return id != 0
	})
	return id
}

// answered waits until a button press was answered with text containing
// sub n times.
func (e *bcEnv) answered(t *testing.T, sub string, n int) {
	t.Helper()
	e.api.WaitCalls(t, pushWait, func(calls []telegramtest.Call) bool { return count(answers(calls), sub) >= n })
}

// jobs returns the jobs in the store, newest first.
func (e *bcEnv) jobs(t *testing.T) []content.Job {
	t.Helper()
	jobs, err := e.db.RecentJobs(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	return jobs
}

// received returns the texts chat received.
func (e *bcEnv) received(chat int64) []string {
	var out []string
	for _, m := range e.api.Messages(chat) {
		if m.From != nil && m.From.IsBot {
			out = append(out, m.Text)
		}
	}
	return out
}

// longNotice returns a notice of n characters, none of them cut.
func longNotice(n int) string {
	s := strings.Repeat("Mời các đồng chí dự hội nghị lúc 14 giờ tại hội trường UBND huyện. ", n/60+1)
	return strings.TrimSpace(string([]rune(s)[:n-1])) + "."
}

// Ensure that a broadcast typed as a command, to everyone or to a unit,
// reaches its recipients whole, however much longer than a command's
// capped arguments it is.
func TestBroadcastLongTextArrivesWhole(t *testing.T) {
	for _, tc := range []struct {
		name, target string
		to           []int64
	}{
		{"to everyone", "", []int64{2000, 2001, 2002}},
		{"to a unit", "@hoang-tien ", []int64{2000, 2001}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newBroadcastEnv(t, "vi", bot.Config{})
			notice := longNotice(2000)
			if n := utf8.RuneCountInString(notice); n != 2000 {
				t.Fatalf("the notice has %d characters, want 2000", n)
			}
			e.api.SendText(e.admin, e.chat, "/broadcast "+tc.target+notice)
			data := "b:send"
			if tc.target != "" {
				_, data = unitSendButtonIn(t, e.api, e.chat.ID, notice)
			}
			e.api.PressButton(e.admin, e.chat, e.preview(t, notice), data)
			e.answered(t, "Đã bắt đầu gửi.", 1)
			jobs := e.jobs(t)
			if len(jobs) != 1 {
				t.Fatalf("%d jobs, want 1", len(jobs))
			}
			e.waitJob(jobs[0].ID)
			for _, chat := range tc.to {
				if got := e.received(chat); len(got) != 1 || got[0] != notice {
					t.Errorf("chat %d received %d messages; the first has %d characters, want the whole notice",
						chat, len(got), utf8.RuneCountInString(strings.Join(got, "")))
				}
			}
		})
	}
}

// Ensure that a broadcast over 3 500 characters is refused with a message
// saying by how much, and nothing is previewed or sent; one of exactly
// 3 500 is previewed.
func TestBroadcastTooLongRefused(t *testing.T) {
	e := newBroadcastEnv(t, "vi", bot.Config{})
	for _, target := range []string{"", "@hoang-tien "} {
		e.api.SendText(e.admin, e.chat, "/broadcast "+target+longNotice(3512))
	}
	e.api.WaitCalls(t, pushWait, func([]telegramtest.Call) bool {
		return count(e.received(e.chat.ID), "tối đa 3500 ký tự (hiện có 3512, thừa 12)") == 2
	})
	for _, m := range e.api.Messages(e.chat.ID) {
		if m.ReplyMarkup != nil {
			t.Fatalf("a notice over the limit was previewed: %.60q…", m.Text)
		}
	}
	notice := longNotice(3500)
	e.api.SendText(e.admin, e.chat, "/broadcast "+notice)
	e.preview(t, notice)
}

// unitSendButtonIn returns the message ID of the latest preview of notice in
// chat and the data of its Gửi button.
func unitSendButtonIn(t *testing.T, api *telegramtest.Server, chat int64, notice string) (int, string) {
	t.Helper()
	var id int
	var send string
	api.WaitCalls(t, pushWait, func([]telegramtest.Call) bool {
		for _, m := range api.Messages(chat) {
			if m.Text != notice || m.ReplyMarkup == nil {
				continue
			}
			for _, row := range m.ReplyMarkup.InlineKeyboard {
				for _, b := range row {
					if d := b.CallbackData; d != nil && strings.HasPrefix(*d, "u:send:") {
						id, send = m.MessageID, *d
					}
				}
			}
		}
		return send != ""
	})
	return id, send
}

// failOnce makes the fake API answer the first call for which match is true
// with a 500, and reports through the returned channel when it did.
func failOnce(api *telegramtest.Server, match func(method string, params map[string]string) bool) <-chan struct{} {
	failed := make(chan struct{})
	var once sync.Once
	api.Intercept(func(method string, params map[string]string) *telegramtest.Reply {
		var reply *telegramtest.Reply
		if match(method, params) {
			once.Do(func() {
				reply = telegramtest.ErrorReply(http.StatusInternalServerError, "Internal Server Error")
				close(failed)
			})
		}
		return reply
	})
	return failed
}

// Ensure that a Gửi press that fails before its job exists (the progress
// message cannot be posted) loses nothing: the preview keeps its buttons,
// the next press starts the broadcast, and everyone gets it once. A press
// whose only failure is removing the buttons afterwards starts it too, and
// a further press answers that it was sent.
func TestBroadcastFailedSendCanBePressedAgain(t *testing.T) {
	for _, tc := range []struct {
		name  string
		match func(method string, params map[string]string) bool
		// again is the answer to the second press.
		again string
	}{
		{"the progress message fails", func(method string, params map[string]string) bool {
			return method == "sendMessage" && params["text"] == "Đang chuẩn bị gửi…"
		}, "Đã bắt đầu gửi."},
		{"removing the buttons fails", func(method string, _ map[string]string) bool {
			return method == "editMessageReplyMarkup"
		}, "Thông báo này đã được gửi."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newBroadcastEnv(t, "vi", bot.Config{})
			const notice = "Họp khẩn lúc 14 giờ tại hội trường"
			failed := failOnce(e.api, tc.match)
			e.api.SendText(e.admin, e.chat, "/broadcast "+notice)
			preview := e.preview(t, notice)
			e.api.PressButton(e.admin, e.chat, preview, "b:send")
			select {
			case <-failed:
			case <-time.After(pushWait):
				t.Fatal("the fault was never injected")
			}
			e.handled(t, e.api.PressButton(e.admin, e.chat, preview, "b:send"))
			e.answered(t, tc.again, 1)
			jobs := e.jobs(t)
			if len(jobs) != 1 {
				t.Fatalf("%d jobs, want 1", len(jobs))
			}
			e.waitJob(jobs[0].ID)
			for _, chat := range []int64{2000, 2001, 2002} {
				if got := e.received(chat); len(got) != 1 || got[0] != notice {
					t.Errorf("chat %d received %q, want the notice once", chat, got)
				}
			}
			if m := e.message(t, preview); m.ReplyMarkup != nil && len(m.ReplyMarkup.InlineKeyboard) > 0 {
				t.Errorf("the preview of a started broadcast still has buttons: %+v", m.ReplyMarkup)
			}
		})
	}
}

// handled waits until the bot has handled and committed update id.
func (e *bcEnv) handled(t *testing.T, id int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), pushWait)
	defer cancel()
	if err := e.api.WaitOffset(ctx, id+1); err != nil {
		t.Fatal(err)
	}
}

// client returns a client of the fake Bot API with the bot's token, to send
// messages as the bot (of an earlier run, say).
func (e *bcEnv) client(t *testing.T) *bot.Client {
	t.Helper()
	hc := bot.NewHTTPClient()
	t.Cleanup(hc.CloseIdleConnections)
	c, err := bot.NewClient(context.Background(), e.api.URL(), pushToken, hc)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// message returns message id of the admin's chat as it is now.
func (e *bcEnv) message(t *testing.T, id int) tgbotapi.Message {
	t.Helper()
	for _, m := range e.api.Messages(e.chat.ID) {
		if m.MessageID == id {
			return m
		}
	}
	t.Fatalf("no message %d in the admin's chat", id)
	return tgbotapi.Message{}
}

// Ensure that Gửi sends only a preview the bot sent in this run: pressed
// (forged data) on another of the bot's messages it is a stale button; on a
// preview from before a restart, or one over 24 hours old, it asks for a
// new /broadcast. Nothing is sent in any of these cases, and a fresh
// preview still works.
func TestBroadcastSendOnlyOnKnownPreview(t *testing.T) {
	clk := contenttest.NewClock(middayVN)
	e := newBroadcastEnv(t, "vi", bot.Config{Now: clk.Now})
	ctx := context.Background()

	// A preview the bot sent before a restart: same text and buttons.
	old := tgbotapi.NewMessage(e.chat.ID, "Thông báo trước khi khởi động lại")
	old.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData("📤 Gửi", "b:send"), tgbotapi.NewInlineKeyboardButtonData("✖ Hủy", "b:cancel")))
	oldPreview, err := e.client(t).Send(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	e.handled(t, e.api.PressButton(e.admin, e.chat, oldPreview.MessageID, "b:send"))
	e.answered(t, "Bản xem trước này đã hết hạn. Hãy gửi lại /broadcast.", 1)

	// Another of the bot's messages: the line above a preview.
	const notice = "Họp dân lúc 8 giờ"
	e.api.SendText(e.admin, e.chat, "/broadcast "+notice)
	preview := e.preview(t, notice)
	head := 0
	for _, m := range e.api.Messages(e.chat.ID) {
		if strings.Contains(m.Text, "Xem trước thông báo") {
			head = m.MessageID
		}
	}
	e.handled(t, e.api.PressButton(e.admin, e.chat, head, "b:send"))
	e.handled(t, e.api.PressButton(e.admin, e.chat, head, "b:sendack"))
	e.answered(t, "Nút này không còn dùng được.", 2)
	// The Gửi of a unit broadcast, with the data of a real preview, on
	// another message.
	const unitNotice = "Họp chi bộ lúc 8 giờ"
	e.api.SendText(e.admin, e.chat, "/broadcast @hoang-tien "+unitNotice)
	_, unitSend := unitSendButtonIn(t, e.api, e.chat.ID, unitNotice)
	e.handled(t, e.api.PressButton(e.admin, e.chat, head, unitSend))
	e.answered(t, "Nút này không còn dùng được.", 3)

	// A preview over 24 hours old.
	clk.Advance(24*time.Hour + time.Minute)
	e.handled(t, e.api.PressButton(e.admin, e.chat, preview, "b:send"))
	e.answered(t, "Bản xem trước này đã hết hạn. Hãy gửi lại /broadcast.", 2)
	if jobs := e.jobs(t); len(jobs) != 0 {
		t.Fatalf("%d jobs, want none", len(jobs))
	}

	const fresh = "Họp dân lúc 9 giờ"
	e.api.SendText(e.admin, e.chat, "/broadcast "+fresh)
	e.api.PressButton(e.admin, e.chat, e.preview(t, fresh), "b:send")
	e.answered(t, "Đã bắt đầu gửi.", 1)
	if jobs := e.jobs(t); len(jobs) != 1 || jobs[0].Text != fresh {
		t.Fatalf("jobs %+v, want one of %q", jobs, fresh)
	}
}

// runProgress runs b's Progress loop, editing every few milliseconds, until
// the test ends.
func runProgress(t *testing.T, b *bot.Bot) {
	b.SetProgressEveryForTest(5 * time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Progress(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
}

// progressEdits waits until the progress message msgID of the admin's chat
// was edited to a text containing final, and returns the texts of every
// edit it had.
func (e *bcEnv) progressEdits(t *testing.T, msgID int, final string) []string {
	t.Helper()
	var texts []string
	e.api.WaitCalls(t, pushWait, func(calls []telegramtest.Call) bool {
		texts = texts[:0]
		done := false
		for _, c := range calls {
			if c.Method == "editMessageText" && c.Status == 200 && c.Params["message_id"] == strconv.Itoa(msgID) {
				texts = append(texts, c.Params["text"])
				done = done || strings.Contains(c.Params["text"], final)
			}
		}
		return done
	})
	return texts
}

// Ensure that an English-speaking admin's broadcast shows its progress in
// English from the first edit to the final report, and that after a
// restart the progress of a job is shown in the language of the admin who
// created it.
func TestBroadcastProgressInAdminsLanguage(t *testing.T) {
	e := newBroadcastEnv(t, "en", bot.Config{})
	runProgress(t, e.bot)
	const notice = "Họp khẩn lúc 14 giờ"
	e.api.SendText(e.admin, e.chat, "/broadcast "+notice)
	e.api.PressButton(e.admin, e.chat, e.preview(t, notice), "b:send")
	e.answered(t, "Sending has started.", 1)
	jobs := e.jobs(t)
	if len(jobs) != 1 {
		t.Fatalf("%d jobs, want 1", len(jobs))
	}
	for _, text := range e.progressEdits(t, jobs[0].ProgressMessageID, "done: 3/3") {
		if !strings.HasPrefix(text, "Push #") && !strings.HasPrefix(text, "✅ Push #") {
			t.Errorf("progress shown as %q, want English", text)
		}
	}

	// A job this bot did not start (as after a restart): the language
	// comes from the admin's record (their choice in /settings).
	ctx := context.Background()
	if _, err := e.db.Subscribe(ctx, content.Subscriber{ChatID: 100, UserID: 100, Lang: "vi", LangChoice: "en"}); err != nil {
		t.Fatal(err)
	}
	progress, err := e.client(t).Send(ctx, tgbotapi.NewMessage(e.chat.ID, "…"))
	if err != nil {
		t.Fatal(err)
	}
	job, err := e.db.CreateBroadcast(ctx, content.Job{Text: "Thông báo", CreatedBy: 100, Created: middayVN,
		ProgressChatID: e.chat.ID, ProgressMessageID: progress.MessageID}, []int64{2000})
	if err != nil {
		t.Fatal(err)
	}
	e.bot.Notify()
	for _, text := range e.progressEdits(t, job.ProgressMessageID, "done: 1/1") {
		if !strings.HasPrefix(text, "Push #") && !strings.HasPrefix(text, "✅ Push #") {
			t.Errorf("progress of a job started before shown as %q, want English", text)
		}
	}
}

// Ensure that a preview is confirmed only by its own kind of Gửi: b:send
// or b:sendack (forged) on a unit broadcast's preview does not send it to
// everyone, and a unit Gửi (forged, with the data of a real unit preview)
// on a preview to everyone does not send it to the units. Both get the
// stale-button answer and send nothing; the previews' own buttons still
// work afterwards.
func TestBroadcastSendMatchesPreviewKind(t *testing.T) {
	e := newBroadcastEnv(t, "vi", bot.Config{})

	const unitNotice = "Họp chi bộ lúc 8 giờ"
	e.api.SendText(e.admin, e.chat, "/broadcast @hoang-tien "+unitNotice)
	unitPreview, unitSend := unitSendButtonIn(t, e.api, e.chat.ID, unitNotice)
	const notice = "Họp dân lúc 8 giờ"
	e.api.SendText(e.admin, e.chat, "/broadcast "+notice)
	preview := e.preview(t, notice)

	e.handled(t, e.api.PressButton(e.admin, e.chat, unitPreview, "b:send"))
	e.handled(t, e.api.PressButton(e.admin, e.chat, unitPreview, "b:sendack"))
	e.handled(t, e.api.PressButton(e.admin, e.chat, preview, unitSend))
	e.answered(t, "Nút này không còn dùng được.", 3)
	if jobs := e.jobs(t); len(jobs) != 0 {
		t.Fatalf("jobs %+v, want none", jobs)
	}

	e.handled(t, e.api.PressButton(e.admin, e.chat, unitPreview, unitSend))
	e.handled(t, e.api.PressButton(e.admin, e.chat, preview, "b:send"))
	e.answered(t, "Đã bắt đầu gửi.", 2)
	jobs := e.jobs(t) // newest first
	if len(jobs) != 2 || jobs[1].Text != unitNotice || jobs[1].Total != 2 || jobs[0].Text != notice || jobs[0].Total != 3 {
		t.Fatalf("jobs %+v, want %q to the unit's 2 people, then %q to all 3", jobs, unitNotice, notice)
	}
}

// Ensure that "/broadcast @unit" sent as a reply to a message previews
// that message's text to the unit (as /post does), and that its Gửi sends
// it to the unit's people only.
func TestBroadcastUnitReplyUsesRepliedText(t *testing.T) {
	e := newBroadcastEnv(t, "vi", bot.Config{})
	const notice = "Họp chi bộ lúc 8 giờ sáng mai"
	e.api.AddUpdate(tgbotapi.Update{Message: &tgbotapi.Message{From: &e.admin, Chat: &e.chat,
		Text: "/broadcast @hoang-tien", Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Length: 10}},
		ReplyToMessage: &tgbotapi.Message{MessageID: 1, From: &e.admin, Chat: &e.chat, Text: notice}}})
	id, send := unitSendButtonIn(t, e.api, e.chat.ID, notice)
	e.api.PressButton(e.admin, e.chat, id, send)
	e.answered(t, "Đã bắt đầu gửi.", 1)
	if jobs := e.jobs(t); len(jobs) != 1 || jobs[0].Text != notice || jobs[0].Total != 2 {
		t.Fatalf("jobs %+v, want one of %q to the unit's 2 people", jobs, notice)
	}
}
