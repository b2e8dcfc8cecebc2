package bot_test

import (
	"context"
	"slices"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot"
	"newsbot/content"
)

// Ensure that when admins assign units (self_service = false), /myunits
// only shows a person's units and an old picker's toggle changes nothing;
// that an admin places a person with /units assign as a reply to their
// message, or by ID, and takes them out with /units unassign; that unknown
// units and strangers change nothing; and that each change is audited.
func TestUnitsAssignedByAdmins(t *testing.T) {
	e := newMemEnv(t, false, func(c *bot.Config) { c.UnitsByAdmins = true })
	ctx := context.Background()
	for _, u := range []content.Unit{{Slug: "hoang-tien", Name: "Xã Hoằng Tiến"}, {Slug: "chi-bo-3", Name: "Chi bộ 3"}} {
		if err := e.db.PutUnit(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	lan := e.api.User(301, "vi")
	lanChat := e.api.PrivateChat(lan)
	e.api.SendText(lan, lanChat, "/start")
	e.waitSent(t, lanChat.ID, "Xin chào", 1)

	e.api.SendText(lan, lanChat, "/myunits")
	e.waitSent(t, lanChat.ID, "Đơn vị của bạn</b>: chưa có", 1)
	e.api.PressButton(lan, lanChat, e.lastMessage(lanChat.ID), "u:t:hoang-tien")
	e.waitAnswer(t, "Đơn vị do quản trị viên xếp", 1)
	e.api.SendText(lan, lanChat, "/units assign 301 @hoang-tien") // not an admin: /units is /myunits
	e.waitSent(t, lanChat.ID, "Đơn vị của bạn</b>: chưa có", 2)
	if s, _ := e.db.Subscriber(ctx, lan.ID); len(s.Units) != 0 {
		t.Fatalf("a person placed themselves in %v", s.Units)
	}

	group := tgbotapi.Chat{ID: -1009, Type: "supergroup", Title: "Cán bộ xã"}
	said := e.api.SendText(lan, group, "Tôi ở xã Hoằng Tiến")
	reply := tgbotapi.Message{MessageID: said, From: &lan, Chat: &group, Text: "Tôi ở xã Hoằng Tiến"}
	e.api.AddUpdate(tgbotapi.Update{Message: &tgbotapi.Message{MessageID: said + 1, From: &e.admin, Chat: &group,
		Text: "/units assign @hoang-tien @chi-bo-3", ReplyToMessage: &reply,
		Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Offset: 0, Length: 6}}}})
	e.waitSent(t, group.ID, "thuộc: Chi bộ 3, Xã Hoằng Tiến", 1)
	e.api.SendText(e.admin, e.chat, "/units unassign 301 @chi-bo-3")
	e.waitSent(t, e.chat.ID, "thuộc: Xã Hoằng Tiến.", 1)
	e.api.SendText(e.admin, e.chat, "/units assign 301 @khong-co")
	e.waitSent(t, e.chat.ID, "Có mã đơn vị không tồn tại", 1)
	e.api.SendText(e.admin, e.chat, "/units assign 999 @chi-bo-3")
	e.waitSent(t, e.chat.ID, "chưa dùng bot", 1)
	e.api.SendText(e.admin, e.chat, "/units assign @chi-bo-3") // neither a reply nor an ID
	e.waitSent(t, e.chat.ID, "Cách dùng: trả lời một tin nhắn", 1)

	if s, _ := e.db.Subscriber(ctx, lan.ID); !slices.Equal(s.Units, []string{"hoang-tien"}) {
		t.Errorf("units %v, want [hoang-tien]", s.Units)
	}
	e.api.SendText(lan, lanChat, "/myunits")
	e.waitSent(t, lanChat.ID, "Đơn vị của bạn</b>: Xã Hoằng Tiến", 1)
	entries, err := e.db.Audit(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, a := range entries {
		actions = append(actions, a.Action+" "+a.Detail)
	}
	if want := []string{"unit.unassign 301 chi-bo-3", "unit.assign 301 hoang-tien chi-bo-3"}; !slices.Equal(actions, want) {
		t.Errorf("audit %q, want %q", actions, want)
	}
}
