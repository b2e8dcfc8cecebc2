package bot_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/content/contenttest"
	"newsbot/store"
)

// retractFixture is an article's push already delivered, by hand, through
// the fake: each chat's messages sent at a time of the fake's clock and
// recorded with their IDs and Telegram's date, as the delivery worker
// records them.
type retractFixture struct {
	e     *pushEnv
	clock *contenttest.Clock
	job   content.Job
	// sent maps each chat to the IDs of the messages it got.
	sent map[int64][]int
}

// deliverByHand sends chat's copy of the notice at the fake's time at: parts
// texts, or a picture with its caption and one text when photo is set.
func (f *retractFixture) deliverByHand(api *tgbotapi.BotAPI, chat int64, at time.Time, parts int, photo bool) content.Delivery {
	f.e.t.Helper()
	f.clock.Set(at)
	var ids []int
	if photo {
		p := tgbotapi.NewPhoto(chat, tgbotapi.FileID("AgADphoto"))
		p.Caption = "Ảnh: quang cảnh"
		m, err := api.Send(p)
		if err != nil {
			f.e.t.Fatal(err)
		}
		ids = append(ids, m.MessageID)
	}
	for i := range parts {
		m, err := api.Send(tgbotapi.NewMessage(chat, "Phần "+strconv.Itoa(i+1)))
		if err != nil {
			f.e.t.Fatal(err)
		}
		ids = append(ids, m.MessageID)
	}
	f.sent[chat] = ids
	return content.Delivery{ChatID: chat, Outcome: content.OutcomeSent, Messages: ids, Sent: at.Truncate(time.Second).UTC()}
}

// newRetractFixture publishes an article to subs and delivers it by hand:
// to the chats in old 49 hours before retraction time, to the others an
// hour before; chat photo gets a picture and a text, every third chat a
// text in three parts. The chats in undated are recorded without the date,
// as before dates were kept.
func newRetractFixture(t testing.TB, cfg bot.Config, subs []content.Subscriber, old map[int64]bool, photo int64, undated map[int64]bool) *retractFixture {
	e := newPushEnv(t, cfg)
	clock := contenttest.NewClock(time.Time{})
	e.api.SetNow(clock.Now)
	e.subscribe(subs...)
	ctx := context.Background()
	res, err := e.db.PublishArticle(ctx, news("Chỉ thị số 12 ghi sai ngày", ""))
	if err != nil || res.Job.ID == 0 {
		t.Fatalf("publish: %+v %v", res, err)
	}
	f := &retractFixture{e: e, clock: clock, job: res.Job, sent: map[int64][]int{}}
	api, err := tgbotapi.NewBotAPIWithClient(pushToken, e.api.URL()+"/bot%s/%s", http.DefaultClient)
	if err != nil {
		t.Fatal(err)
	}
	retractAt := middayVN
	var ds []content.Delivery
	for i, s := range subs {
		at := retractAt.Add(-time.Hour)
		if old[s.ChatID] {
			at = retractAt.Add(-49 * time.Hour)
		}
		parts := 1
		if i%3 == 0 {
			parts = 3
		}
		d := f.deliverByHand(api, s.ChatID, at, parts, s.ChatID == photo)
		if undated[s.ChatID] {
			d.Sent = time.Time{}
		}
		ds = append(ds, d)
	}
	if _, err := e.db.RecordDeliveries(ctx, f.job.ID, ds); err != nil {
		t.Fatal(err)
	}
	clock.Set(retractAt)
	return f
}

// Ensure that a retraction of a push delivered to a few hundred chats
// deletes every chat's messages, replaces by the notice (in the chat's
// language, a picture's caption too, the picture staying) those past
// Telegram's 48 hours — without asking Telegram to delete them first when
// their date is on record, after its refusal when not — records blocked
// chats and a migrated group as not taken back, touches each message once,
// and reports the counts.
func TestRetractDeletesOrReplacesEachMessageOnce(t *testing.T) {
	o := fastDelivery()
	o.Workers, o.Batch = 4, 25
	subs := append(people(1, 250, "vi"), people(1001, 50, "en")...)
	group := content.Subscriber{ChatID: -500, Group: true}
	subs = append(subs, group)
	old := map[int64]bool{}
	for id := int64(1); id <= 250; id += 5 {
		old[id] = true // 50 Vietnamese chats past 48 hours
	}
	for id := int64(1001); id <= 1050; id += 10 {
		old[id] = true // 5 English ones
	}
	const photo = 6 // past 48 hours, a picture and a text
	old[photo] = true
	undated := map[int64]bool{11: true, 16: true, 31: true, 1011: true} // old, recorded without a date
	f := newRetractFixture(t, bot.Config{SendRate: 1000, Delivery: o}, subs, old, photo, undated)
	e := f.e
	blocked := []int64{2, 3, 1002}
	for _, id := range blocked {
		e.api.Blocked(id)
	}
	e.api.Migrate(group.ChatID, -1000000000500)

	ctx := context.Background()
	if n, err := e.db.RetractionReach(ctx, f.job.ArticleID, 0); err != nil || n != len(subs) {
		t.Fatalf("reach = %d, %v; want %d", n, err, len(subs))
	}
	_, rj, err := e.db.RetractArticle(ctx, f.job.ArticleID, 100)
	if err != nil {
		t.Fatal(err)
	}
	e.run()
	e.bot.Notify()
	got := e.waitJob(rj.ID)

	wantReplaced := len(old)
	wantFailed := len(blocked) + 1 // and the migrated group
	wantDeleted := len(subs) - wantReplaced - wantFailed
	if got.Deleted != wantDeleted || got.Replaced != wantReplaced || got.Blocked+got.Failed != wantFailed || got.Total != len(subs) {
		t.Fatalf("deleted %d replaced %d blocked %d failed %d of %d; want %d, %d, %d failed",
			got.Deleted, got.Replaced, got.Blocked, got.Failed, got.Total, wantDeleted, wantReplaced, wantFailed)
	}
	isBlocked := map[int64]bool{blocked[0]: true, blocked[1]: true, blocked[2]: true, group.ChatID: true}
	touched := map[[2]int64]int{} // (chat, message) → successful deletions and edits
	refused := map[int64]int{}    // chat → deletions refused
	for _, c := range e.api.Calls() {
		chat, _ := strconv.ParseInt(c.Params["chat_id"], 10, 64)
		if c.Status != 200 {
			if strings.HasPrefix(c.Method, "deleteMessage") {
				refused[chat]++
			}
			continue
		}
		switch c.Method {
		case "deleteMessage", "editMessageText", "editMessageCaption":
			id, _ := strconv.Atoi(c.Params["message_id"])
			touched[[2]int64{chat, int64(id)}]++
		case "deleteMessages":
			for _, id := range strings.Split(strings.Trim(c.Params["message_ids"], "[]"), ",") {
				n, _ := strconv.Atoi(id)
				touched[[2]int64{chat, int64(n)}]++
			}
		}
	}
	for _, s := range subs {
		if want := 0; old[s.ChatID] && !isBlocked[s.ChatID] {
			if undated[s.ChatID] {
				want = 1 // the batch, then each message edited at once
			}
			if refused[s.ChatID] != want {
				t.Errorf("old chat %d: %d deletions refused, want %d", s.ChatID, refused[s.ChatID], want)
			}
		}
		msgs := e.api.Messages(s.ChatID)
		for _, id := range f.sent[s.ChatID] {
			if n := touched[[2]int64{s.ChatID, int64(id)}]; n != 1 && !isBlocked[s.ChatID] {
				t.Errorf("chat %d message %d changed %d times, want once", s.ChatID, id, n)
			}
		}
		switch {
		case isBlocked[s.ChatID]:
			if len(msgs) != len(f.sent[s.ChatID]) {
				t.Errorf("unreachable chat %d: %d messages left, want %d", s.ChatID, len(msgs), len(f.sent[s.ChatID]))
			}
		case old[s.ChatID]:
			at := rj.Retract.At.In(content.VietnamZone()).Format("15:04 02/01/2006")
			want := "Bài này đã được gỡ lúc " + at + "."
			if s.Language() == "en" {
				want = "This article was taken down at " + at + " (Vietnam time)."
			}
			if len(msgs) != len(f.sent[s.ChatID]) {
				t.Fatalf("chat %d: %d messages, want %d replaced", s.ChatID, len(msgs), len(f.sent[s.ChatID]))
			}
			for _, m := range msgs {
				if m.Text != want && m.Caption != want {
					t.Errorf("chat %d message %d = %q / %q, want %q", s.ChatID, m.MessageID, m.Text, m.Caption, want)
				}
			}
		default:
			if len(msgs) != 0 {
				t.Errorf("chat %d still shows %d messages", s.ChatID, len(msgs))
			}
		}
	}
	if ms := e.api.Messages(photo); len(ms) != 2 || ms[0].Photo == nil || !strings.HasPrefix(ms[0].Caption, "Bài này đã được gỡ") {
		t.Fatalf("the picture's caption was not replaced: %+v", ms)
	}
	if _, err := e.db.Article(ctx, f.job.ArticleID); err == nil {
		t.Fatal("the retracted article is still stored")
	}
	var _ bot.Retractions = (*store.DB)(nil)
	_ = telegramtest.BotID
}
