package bot_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/store"
)

// isSend reports whether a fake API method sends to a chat.
func isSend(method string) bool { return method == "sendMessage" || method == "sendPhoto" }

// Ensure that a push to 2 000 chats, of which 10% cannot be reached (blocked
// the bot, deactivated, not found) and with 5% of sends failing on the way
// (5xx, broken connections, answers too slow), reaches every other chat
// exactly once, marks the unreachable ones blocked, and fails nobody.
func TestPushReachesEveryActiveRecipientOnce(t *testing.T) {
	o := fastDelivery()
	o.SendTimeout = time.Second // well above a loaded machine's latency: a timeout is a lost answer
	e := newPushEnv(t, bot.Config{Delivery: o})
	subs := people(1, 1900, "vi")
	for i := range 100 {
		subs = append(subs, content.Subscriber{ChatID: -int64(1000 + i), Group: true, Lang: "en"})
	}
	e.subscribe(subs...)
	unreachable := map[string]*telegramtest.Reply{}
	for i, s := range subs {
		if i%10 != 3 {
			continue
		}
		r := telegramtest.BlockedReply()
		switch i % 3 {
		case 1:
			r = telegramtest.ErrorReply(http.StatusForbidden, "Forbidden: user is deactivated")
		case 2:
			r = telegramtest.ErrorReply(http.StatusBadRequest, "Bad Request: chat not found")
		}
		unreachable[strconv.FormatInt(s.ChatID, 10)] = r
	}
	e.api.Intercept(func(method string, p map[string]string) *telegramtest.Reply {
		if isSend(method) {
			return unreachable[p["chat_id"]]
		}
		return nil
	})
	// A slow answer is held far longer than the worker waits, so that even
	// a busy machine sees the worker give up first (and the fake drops it).
	e.api.InjectFaults(telegramtest.Faults{Seed: 42, ServerErrors: 0.03, Resets: 0.015,
		Delay: 3 * time.Second, Slow: 0.003})
	e.run()

	job := e.waitJob(e.publish(news("Hội nghị tổng kết năm 2025", "https://example.vn/anh.jpg")).ID)

	if job.Total != 2000 || job.Sent != 1800 || job.Blocked != 200 || job.Failed != 0 {
		t.Fatalf("%s, want 1800 sent and 200 blocked of 2000", describeJob(job))
	}
	for _, s := range subs {
		id := strconv.FormatInt(s.ChatID, 10)
		want := 1
		if unreachable[id] != nil {
			want = 0
		}
		if got := e.api.DeliveredTo(s.ChatID); got != want {
			t.Errorf("chat %d received %d notices, want %d", s.ChatID, got, want)
		}
		stored, err := e.db.Subscriber(context.Background(), s.ChatID)
		if err != nil || stored.Blocked != (want == 0) {
			t.Errorf("chat %d: stored %+v (err %v), want blocked=%v", s.ChatID, stored, err, want == 0)
		}
	}
	st := e.api.FaultStats()
	if st.ServerErrors < 30 || st.Resets < 15 || st.Abandoned < 2 {
		t.Fatalf("faults injected: %+v; the test did not exercise them", st)
	}
	for _, d := range e.api.Deliveries() {
		if d.Method != "sendPhoto" {
			t.Fatalf("a %s, want only photo cards: %+v", d.Method, d)
		}
	}
}

// Ensure that a 429 pauses every sender for the time Telegram asks, after
// which the push goes on, and that nothing is dropped.
func TestFloodControlPausesAllSendsAndDropsNothing(t *testing.T) {
	o := bot.DeliveryOptions{Workers: 4, RetryBase: time.Millisecond, CommitEvery: 20 * time.Millisecond}
	e := newPushEnv(t, bot.Config{SendRate: 400, Delivery: o})
	subs := people(1, 50, "vi")
	e.subscribe(subs...)
	e.api.EnforceLimits(telegramtest.Limits{Global: 20})
	e.run()

	job := e.waitJob(e.publish(news("Chỉ thị về phòng chống bão", "")).ID)

	if job.Sent != 50 {
		t.Fatalf("%s, want all 50 sent", describeJob(job))
	}
	for _, s := range subs {
		if n := e.api.DeliveredTo(s.ChatID); n != 1 {
			t.Errorf("chat %d received %d notices, want 1", s.ChatID, n)
		}
	}
	tooMany := e.api.TooManyAnswers()
	if len(tooMany) == 0 {
		t.Fatal("the fake never answered 429: the test proves nothing")
	}
	// After a 429 at T asking for R seconds, only the sends already on their
	// way (at most one per other worker) may arrive before T+R.
	first := tooMany[0]
	until := first.At.Add(time.Duration(first.RetryAfter) * time.Second)
	during := 0
	for _, d := range e.api.Deliveries() {
		if d.At.After(first.At) && d.At.Before(until.Add(-20*time.Millisecond)) {
			during++
		}
	}
	if during > o.Workers-1 {
		t.Fatalf("%d sends accepted during the %ds pause after the 429 at %v", during, first.RetryAfter, first.At.Format("15:04:05.000"))
	}
}

// Ensure that a worker pacing at the fake's limits (global, per chat, per
// group, scaled down in time) trips no flood control, though each chat gets
// two messages (a picture, then the rest of a long card).
func TestPacedPushTripsNoFloodControl(t *testing.T) {
	o := bot.DeliveryOptions{ChatWindow: 200 * time.Millisecond, GroupCount: 2, GroupWindow: 600 * time.Millisecond,
		Jitter: 100 * time.Millisecond, CommitEvery: 50 * time.Millisecond}
	e := newPushEnv(t, bot.Config{SendRate: 60, Delivery: o})
	subs := people(1, 24, "vi")
	for i := range 6 {
		subs = append(subs, content.Subscriber{ChatID: -int64(100 + i), Group: true, Lang: "vi"})
	}
	e.subscribe(subs...)
	e.api.EnforceLimits(telegramtest.Limits{Global: 60, PerChat: 1, ChatWindow: 200 * time.Millisecond,
		PerGroup: 2, GroupWindow: 600 * time.Millisecond})
	e.run()
	a := news("Thông báo lịch tiếp công dân", "https://example.vn/lich.jpg")
	a.Lead = strings.Repeat("& ", 199) // "&amp;" makes the card too long for a caption
	start := time.Now()
	job := e.waitJob(e.publish(a).ID)
	elapsed := time.Since(start)

	if job.Sent != len(subs) {
		t.Fatalf("%s", describeJob(job))
	}
	if tm := e.api.TooManyAnswers(); len(tm) != 0 {
		t.Fatalf("%d 429 answers, first %+v", len(tm), tm[0])
	}
	for _, s := range subs {
		if n := e.api.DeliveredTo(s.ChatID); n != 2 {
			t.Errorf("chat %d received %d messages, want the picture and the rest", s.ChatID, n)
		}
	}
	// 60 messages at under 60 a second take most of a second.
	if elapsed < 900*time.Millisecond {
		t.Fatalf("60 messages went out in %v: the global limit was not kept", elapsed)
	}
}

// Ensure that a group that became a supergroup gets its notices under its
// new ID, once, and that its record and its place in other open jobs move.
func TestMigratedGroupGetsNoticeUnderNewID(t *testing.T) {
	const oldID, newID = -500, -1000000000500
	e := newPushEnv(t, bot.Config{Delivery: fastDelivery()})
	quiet := content.QuietHours{From: 21 * 60, To: 7 * 60}
	e.subscribe(content.Subscriber{ChatID: oldID, Group: true, Lang: "vi",
		Categories: []content.Category{content.CategoryNews}, Quiet: &quiet})
	e.subscribe(people(1, 3, "vi")...)
	e.api.Migrate(oldID, newID)
	// Two jobs wait for the group before the worker starts.
	j1 := e.publish(news("Tin thứ nhất", ""))
	j2 := e.broadcast("Họp chi bộ lúc 14:00", []int64{1, 2, 3, oldID})
	e.run()

	for _, id := range []uint64{j1.ID, j2.ID} {
		if j := e.waitJob(id); j.Sent != 4 || j.Failed+j.Blocked != 0 {
			t.Fatalf("%s, want 4 sent", describeJob(j))
		}
	}
	if n := e.api.DeliveredTo(newID); n != 2 {
		t.Fatalf("the supergroup received %d notices, want 2", n)
	}
	if n := e.api.DeliveredTo(oldID); n != 0 {
		t.Fatalf("the old group received %d notices", n)
	}
	if _, err := e.db.Subscriber(context.Background(), oldID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the old group's record is still there: %v", err)
	}
	s, err := e.db.Subscriber(context.Background(), newID)
	if err != nil || !s.Group || !s.Active() || len(s.Categories) != 1 || s.Quiet == nil || *s.Quiet != quiet {
		t.Fatalf("the supergroup's record: %+v (err %v), want the group's preferences", s, err)
	}
}

// Ensure that notices go silently in a person's quiet hours unless urgent.
func TestQuietHoursSilentUnlessUrgent(t *testing.T) {
	late := time.Date(2026, 3, 2, 23, 0, 0, 0, content.VietnamZone())
	e := newPushEnv(t, bot.Config{Delivery: fastDelivery(), Now: func() time.Time { return late }})
	never := content.QuietHours{}
	e.subscribe(content.Subscriber{ChatID: 1}, content.Subscriber{ChatID: 2, Quiet: &never})
	e.run()
	e.waitJob(e.publish(news("Tin buổi tối", "")).ID)
	e.waitJob(e.broadcast("HOẢ TỐC: họp khẩn lúc 7:00", []int64{1, 2}).ID)

	ds := e.api.Deliveries()
	if len(ds) != 4 {
		t.Fatalf("%d messages, want 4: %+v", len(ds), ds)
	}
	for _, d := range ds {
		urgent := strings.Contains(e.textOf(d), "HOẢ TỐC")
		want := d.ChatID == 1 && !urgent
		if d.Silent != want {
			t.Errorf("chat %d, urgent %v: disable_notification=%v, want %v", d.ChatID, urgent, d.Silent, want)
		}
	}
}

// textOf returns the text or caption of the message a delivery made.
func (e *pushEnv) textOf(d telegramtest.Delivery) string {
	for _, c := range e.api.Sent(d.ChatID) {
		if c.At.Equal(d.At) && c.Status == http.StatusOK {
			return c.Params["text"] + c.Params["caption"]
		}
	}
	return ""
}

// Ensure that cancelling a job stops it within a batch, records the sends
// made, and that the worker goes on with the next job.
func TestCancelStopsWithinABatch(t *testing.T) {
	o := bot.DeliveryOptions{Workers: 2, Batch: 10, ChatWindow: time.Millisecond, CommitEvery: 20 * time.Millisecond}
	e := newPushEnv(t, bot.Config{SendRate: 200, Delivery: o})
	subs := people(1, 300, "vi")
	e.subscribe(subs...)
	e.run()
	job := e.broadcast("Thông báo dài", chatIDs(subs))
	e.waitDelivered(30)
	cancelled, err := e.db.CancelJob(context.Background(), job.ID)
	if err != nil || !cancelled.Cancelled || !cancelled.Done {
		t.Fatalf("CancelJob: %+v %v", cancelled, err)
	}
	atCancel := e.api.DeliveredCount()
	next := e.broadcast("Thông báo sau", []int64{1})
	e.waitJob(next.ID)
	e.waitDelivered(atCancel + 1)

	total := e.api.DeliveredCount() - 1 // the next job's one
	if extra := total - atCancel; extra > o.Batch+o.Workers {
		t.Fatalf("%d notices went out after the cancel, want at most a batch and the sends in flight (%d)", extra, o.Batch+o.Workers)
	}
	j, err := e.db.Job(context.Background(), job.ID)
	if err != nil || !j.Cancelled || !j.Done || j.Sent != total || j.Pending() == 0 {
		t.Fatalf("%s (err %v), want cancelled with the %d sends recorded", describeJob(j), err, total)
	}
}

// Ensure that a broadcast's plain text arrives exactly as written, however
// many messages it takes.
func TestBroadcastTextArrivesAsWritten(t *testing.T) {
	e := newPushEnv(t, bot.Config{Delivery: fastDelivery()})
	e.subscribe(content.Subscriber{ChatID: 7})
	e.run()
	text := "Họp <b>chi bộ</b> & \"đoàn thể\" lúc 14:00 <script>\n" + strings.Repeat("Nội dung thông báo. ", 300)
	e.waitJob(e.broadcast(text, []int64{7}).ID)
	var got []string
	for _, m := range e.api.Messages(7) {
		got = append(got, m.Text)
		if m.ReplyMarkup != nil {
			t.Errorf("a broadcast came with buttons: %+v", m.ReplyMarkup)
		}
	}
	if len(got) < 2 || strings.Join(strings.Fields(strings.Join(got, " ")), " ") != strings.Join(strings.Fields(text), " ") {
		t.Fatalf("the chat shows %d messages:\n%q\nwant the text as written", len(got), got)
	}
}

// Ensure that an article's picture goes with its card and buttons, and that
// a picture Telegram refuses gives way to the text card.
func TestArticlePictureCardAndFallback(t *testing.T) {
	e := newPushEnv(t, bot.Config{Delivery: fastDelivery()})
	e.subscribe(content.Subscriber{ChatID: 1}, content.Subscriber{ChatID: 2})
	e.api.Intercept(func(method string, p map[string]string) *telegramtest.Reply {
		if method == "sendPhoto" && p["chat_id"] == "2" {
			return telegramtest.ErrorReply(http.StatusBadRequest, "Bad Request: failed to get HTTP URL content")
		}
		return nil
	})
	e.run()
	a := news("Đại hội Đoàn thanh niên", "https://example.vn/dai-hoi.jpg")
	e.waitJob(e.publish(a).ID)

	m1, m2 := e.api.Messages(1), e.api.Messages(2)
	if len(m1) != 1 || len(m1[0].Photo) == 0 || !strings.Contains(m1[0].Caption, a.Title) || m1[0].ReplyMarkup == nil {
		t.Fatalf("chat 1 shows %+v, want one picture with the card and buttons", m1)
	}
	if len(m2) != 1 || len(m2[0].Photo) != 0 || !strings.Contains(m2[0].Text, a.Title) || m2[0].ReplyMarkup == nil {
		t.Fatalf("chat 2 shows %+v, want the text card with buttons", m2)
	}
	buttons := m1[0].ReplyMarkup.InlineKeyboard[0]
	if len(buttons) != 2 || buttons[1].URL == nil || *buttons[1].URL != a.SourceURL {
		t.Fatalf("buttons %+v", buttons)
	}
}

// Ensure that a chat whose sends keep failing is marked failed, with the
// reason, after the bounded tries, and does not hold up the others.
func TestPersistentServerErrorsFailOneChat(t *testing.T) {
	o := fastDelivery()
	o.Attempts = 3
	e := newPushEnv(t, bot.Config{Delivery: o})
	e.subscribe(people(1, 20, "vi")...)
	var tries atomic.Int32
	e.api.Intercept(func(method string, p map[string]string) *telegramtest.Reply {
		if isSend(method) && p["chat_id"] == "5" {
			tries.Add(1)
			return telegramtest.ErrorReply(http.StatusBadGateway, "Bad Gateway")
		}
		return nil
	})
	e.run()
	job := e.waitJob(e.publish(news("Tin", "")).ID)
	if job.Sent != 19 || job.Failed != 1 || tries.Load() != 3 {
		t.Fatalf("%s after %d tries to chat 5, want 19 sent, 1 failed after 3 tries", describeJob(job), tries.Load())
	}
	s, err := e.db.Subscriber(context.Background(), 5)
	if err != nil || !s.Active() {
		t.Fatalf("a failed chat was deactivated: %+v %v", s, err)
	}
}

// Ensure that a token Telegram refuses fails nobody: the job waits, and
// goes out once the token works again.
func TestRefusedTokenLosesNoNotice(t *testing.T) {
	e := newPushEnv(t, bot.Config{Delivery: fastDelivery()})
	e.subscribe(people(1, 10, "vi")...)
	var refused atomic.Int32
	remove := e.api.Intercept(func(method string, p map[string]string) *telegramtest.Reply {
		if isSend(method) {
			refused.Add(1)
			return telegramtest.ErrorReply(http.StatusUnauthorized, "Unauthorized")
		}
		return nil
	})
	e.run()
	job := e.publish(news("Tin", ""))
	e.api.WaitCalls(t, pushWait, func([]telegramtest.Call) bool { return refused.Load() > 0 })
	remove()
	e.bot.Notify()
	if j := e.waitJob(job.ID); j.Sent != 10 {
		t.Fatalf("%s, want all 10 sent", describeJob(j))
	}
}

// Ensure that a clean stop commits every send made, and that the next run
// sends the rest, each once.
func TestCleanStopCommitsAndResumes(t *testing.T) {
	o := bot.DeliveryOptions{Workers: 3, Batch: 20, CommitEvery: time.Hour}
	e := newPushEnv(t, bot.Config{SendRate: 300, Delivery: o})
	subs := people(1, 200, "vi")
	e.subscribe(subs...)
	stop := e.run()
	job := e.publish(news("Tin dài", ""))
	e.waitDelivered(50)
	// Progress shows the sends not yet committed too.
	live, running := e.bot.JobProgress(job.ID)
	stored, _ := e.db.Job(context.Background(), job.ID)
	if !running || live.ID != job.ID || live.Sent < stored.Sent || live.Sent < 40 {
		t.Fatalf("JobProgress = %s, %v; stored %s", describeJob(live), running, describeJob(stored))
	}
	stop()
	j, err := e.db.Job(context.Background(), job.ID)
	if err != nil || j.Sent != e.api.DeliveredCount() || j.Done {
		t.Fatalf("after a clean stop: %s (err %v), with %d accepted", describeJob(j), err, e.api.DeliveredCount())
	}
	e.run()
	e.bot.Notify()
	if j := e.waitJob(job.ID); j.Sent != 200 {
		t.Fatalf("%s", describeJob(j))
	}
	e.waitIdle(job.ID)
	for _, s := range subs {
		if n := e.api.DeliveredTo(s.ChatID); n != 1 {
			t.Fatalf("chat %d received %d notices", s.ChatID, n)
		}
	}
}
