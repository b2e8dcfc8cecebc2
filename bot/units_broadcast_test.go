package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"newsbot/bot/telegramtest"
	"newsbot/content"
)

// Ensure that a broadcast to the most units a broadcast may name, each
// with a slug of the greatest allowed length, is previewed (its Gửi button
// fits Telegram's 64 bytes of callback data) and, once confirmed, reaches
// exactly the people of those units, once.
func TestUnitBroadcastLongestSlugs(t *testing.T) {
	e := newMemEnv(t, false)
	ctx := context.Background()
	var slugs []string
	for i := range 5 {
		slug := fmt.Sprintf("%s-%d", strings.Repeat("x", content.MaxUnitSlugLen-2), i)
		if err := e.db.PutUnit(ctx, content.Unit{Slug: slug, Name: fmt.Sprintf("Chi bộ %d", i)}); err != nil {
			t.Fatal(err)
		}
		slugs = append(slugs, slug)
	}
	if len(slugs[0]) != content.MaxUnitSlugLen {
		t.Fatalf("slug %q is not of the greatest length", slugs[0])
	}
	// One member in each unit, two in none of them.
	for i := range 7 {
		chat := int64(201 + i)
		sub := content.Subscriber{ChatID: chat, UserID: chat, Name: "Người " + fmt.Sprint(i), Lang: "vi"}
		if i < len(slugs) {
			sub.Units = []string{slugs[i]}
		}
		if _, err := e.db.Subscribe(ctx, sub); err != nil {
			t.Fatal(err)
		}
	}

	// The members' unit picker names every unit in its buttons' data.
	member := e.api.User(201, "vi")
	e.api.SendText(member, e.api.PrivateChat(member), "/myunits")
	picker := e.api.WaitCalls(t, srcWait, func(calls []telegramtest.Call) bool {
		return len(telegramtest.SentTo(calls, member.ID)) > 0
	})
	if c := telegramtest.SentTo(picker, member.ID)[0]; c.Status != 200 || !strings.Contains(c.Params["reply_markup"], `"u:t:`+slugs[4]+`"`) {
		t.Fatalf("the unit picker: %v", c)
	}

	const notice = "Họp chi bộ lúc 8 giờ sáng mai"
	e.api.SendText(e.admin, e.chat, "/broadcast @"+strings.Join(slugs, " @")+" "+notice)
	calls := e.api.WaitCalls(t, srcWait, func(calls []telegramtest.Call) bool {
		for _, c := range telegramtest.SentTo(calls, e.chat.ID) {
			if c.Params["text"] == notice {
				return true
			}
		}
		return false
	})
	var preview telegramtest.Call
	for _, c := range telegramtest.SentTo(calls, e.chat.ID) {
		if c.Params["text"] == notice {
			preview = c
		}
	}
	if preview.Status != 200 {
		t.Fatalf("the preview was refused: %v", preview)
	}
	id, send := unitSendButton(t, e, notice)

	e.api.PressButton(e.admin, e.chat, id, send)
	e.waitAnswer(t, "Đã bắt đầu gửi.", 1)
	e.api.PressButton(e.admin, e.chat, id, send) // a second press sends nothing more
	e.waitAnswer(t, "Thông báo này đã được gửi.", 1)
	jobs, err := e.db.RecentJobs(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 1 || jobs[0].Text != notice || jobs[0].Total != len(slugs) {
		t.Fatalf("jobs %+v, want one of %q to %d people", jobs, notice, len(slugs))
	}
}

// Ensure that a Gửi button whose units the bot does not keep (forged data,
// or a preview from before a restart) sends nothing and asks for a new
// /broadcast, and leaves the preview's own button working.
func TestUnitBroadcastUnknownPreview(t *testing.T) {
	e := newMemEnv(t, false)
	ctx := context.Background()
	if err := e.db.PutUnit(ctx, content.Unit{Slug: "hoang-tien", Name: "Xã Hoằng Tiến"}); err != nil {
		t.Fatal(err)
	}
	const notice = "Họp dân lúc 8 giờ"
	e.api.SendText(e.admin, e.chat, "/broadcast @hoang-tien "+notice)
	e.waitSent(t, e.chat.ID, notice, 1)
	id, send := unitSendButton(t, e, notice)
	for _, data := range []string{"u:send:hoang-tien", "u:send:zzzzzz", "u:send:"} {
		e.api.PressButton(e.admin, e.chat, id, data)
	}
	e.waitAnswer(t, "Hãy gửi lại /broadcast.", 3)
	if jobs, err := e.db.RecentJobs(ctx, 10); err != nil || len(jobs) != 0 {
		t.Fatalf("jobs %+v (%v), want none", jobs, err)
	}
	e.api.PressButton(e.admin, e.chat, id, send)
	e.waitAnswer(t, "Đã bắt đầu gửi.", 1)
}

// unitSendButton returns the message ID of the latest preview of notice in
// the admin's chat and the data of its Gửi button.
func unitSendButton(t *testing.T, e *memEnv, notice string) (int, string) {
	t.Helper()
	var id int
	var send string
	for _, m := range e.api.Messages(e.chat.ID) {
		if m.Text != notice || m.ReplyMarkup == nil {
			continue
		}
		id = m.MessageID
		for _, row := range m.ReplyMarkup.InlineKeyboard {
			for _, b := range row {
				if d := b.CallbackData; d != nil && strings.HasPrefix(*d, "u:send:") {
					send = *d
				}
			}
		}
	}
	if send == "" || len(send) > 64 {
		t.Fatalf("Gửi button data %q (%d bytes), want u:send:… of at most 64 bytes", send, len(send))
	}
	return id, send
}
