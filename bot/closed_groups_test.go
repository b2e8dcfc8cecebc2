package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot/telegramtest"
	"newsbot/content"
)

// Ensure that in closed mode a member's /start@bot in a group asks the
// admins instead of subscribing it; that the group is answered only once an
// admin approved it; that a non-member is sent to ask privately; that an
// admin's /start subscribes a group at once; and that inline results are
// not given in groups, whose members may not be.
func TestClosedModeGroups(t *testing.T) {
	e := newMemEnv(t, true)
	ctx := context.Background()
	lan, stranger := e.api.User(301, "vi"), e.api.User(302, "vi")
	if _, err := e.db.Subscribe(ctx, content.Subscriber{ChatID: lan.ID, UserID: lan.ID, Name: "Lan"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.PublishArticle(ctx, news("Hội nghị tổng kết công tác", "")); err != nil {
		t.Fatal(err)
	}
	group := tgbotapi.Chat{ID: -1001234, Type: "supergroup", Title: "Chi bộ 3"}

	e.api.SendText(lan, group, "/start")
	e.waitSent(t, group.ID, "Đề nghị cho nhóm <b>Chi bộ 3</b> nhận tin đã được gửi", 1)
	e.waitSent(t, e.chat.ID, "Nhóm xin nhận tin", 1)
	notice := e.sent(e.chat.ID)[0]
	if !strings.Contains(notice, "Chi bộ 3") || !strings.Contains(notice, "-1001234") || !strings.Contains(notice, "Lan") {
		t.Errorf("the admins' notice does not say which group and who asked: %q", notice)
	}
	if s, err := e.db.Subscriber(ctx, group.ID); err == nil && s.Active() {
		t.Fatal("a member's /start subscribed the group without approval")
	}
	e.api.SendText(lan, group, "/latest")
	e.waitSent(t, group.ID, "chưa được quản trị viên duyệt", 1)
	e.api.SendText(stranger, group, "/start")
	e.waitSent(t, group.ID, "Bot này chỉ dành cho thành viên", 1)
	e.api.SendText(lan, group, "/start") // asking again does not bother the admins again
	e.waitSent(t, group.ID, "đang chờ quản trị viên duyệt", 1)

	e.api.PressButton(e.admin, e.chat, e.lastMessage(e.chat.ID), fmt.Sprintf("ap:y:%d", group.ID))
	e.waitSent(t, group.ID, "Quản trị viên đã duyệt", 1)
	if s, err := e.db.Subscriber(ctx, group.ID); err != nil || !s.Active() || !s.Approved {
		t.Fatalf("approved group %+v, %v; want active and approved", s, err)
	}
	e.api.SendText(lan, group, "/latest")
	e.waitSent(t, group.ID, "Hội nghị tổng kết", 1)
	e.api.SendText(stranger, group, "/latest") // a non-member in an approved group
	e.waitSent(t, group.ID, textMembersOnly, 1)

	adminGroup := tgbotapi.Chat{ID: -1005678, Type: "group", Title: "Ban Tuyên giáo"}
	e.api.SendText(e.admin, adminGroup, "/start")
	e.api.WaitCalls(t, srcWait, func([]telegramtest.Call) bool { return len(e.sent(adminGroup.ID)) > 0 })
	if s, err := e.db.Subscriber(ctx, adminGroup.ID); err != nil || !s.Active() || !s.Approved {
		t.Fatalf("the admin's group %+v, %v; want active and approved", s, err)
	}

	inGroup, private := e.api.NewInlineQuery(lan, "hội nghị"), e.api.NewInlineQuery(lan, "hội nghị")
	inGroup.ChatType = "supergroup"
	e.api.AddUpdate(tgbotapi.Update{InlineQuery: &inGroup})
	e.api.AddUpdate(tgbotapi.Update{InlineQuery: &private})
	e.api.WaitCalls(t, srcWait, func(calls []telegramtest.Call) bool { return len(inlineAnswers(calls)) == 2 })
	answers := inlineAnswers(e.api.Calls())
	if got := answers[inGroup.ID]; got != "[]" {
		t.Errorf("inline results in a group: %s, want none", got)
	}
	if got := answers[private.ID]; !strings.Contains(got, "Hội nghị tổng kết") {
		t.Errorf("inline results in the member's own chat: %s, want the article", got)
	}
}

// inlineAnswers maps each answered inline query's ID to its results.
func inlineAnswers(calls []telegramtest.Call) map[string]string {
	out := map[string]string{}
	for _, c := range calls {
		if c.Method == "answerInlineQuery" {
			out[c.Params["inline_query_id"]] = c.Params["results"]
		}
	}
	return out
}
