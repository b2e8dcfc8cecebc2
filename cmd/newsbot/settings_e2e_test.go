package main

import (
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot/telegramtest"
	"newsbot/content"
)

// messageWith returns the chat's last message containing sub.
func (h *harness) messageWith(chat int64, sub string) tgbotapi.Message {
	h.t.Helper()
	var found *tgbotapi.Message
	for _, m := range h.api.Messages(chat) {
		if strings.Contains(m.Text, sub) {
			found = &m
		}
	}
	if found == nil {
		h.t.Fatalf("no message with %q in chat %d", sub, chat)
	}
	return *found
}

// waitAnswers waits until n button presses were answered.
func (h *harness) waitAnswers(n int) {
	h.t.Helper()
	h.api.WaitCalls(h.t, wait, func(calls []telegramtest.Call) bool {
		k := 0
		for _, c := range calls {
			if c.Method == "answerCallbackQuery" {
				k++
			}
		}
		return k >= n
	})
}

// waitLogCount waits until the logs hold sub at least n times.
func (h *harness) waitLogCount(sub string, n int) {
	h.t.Helper()
	deadline := time.After(wait)
	for strings.Count(h.logs.String(), sub) < n {
		select {
		case <-h.logs.wrote:
		case <-deadline:
			h.t.Fatalf("%q logged %d times, want %d:\n%s", sub, strings.Count(h.logs.String(), sub), n, h.logs.String())
		}
	}
}

// Ensure that /settings changes the language of every reply and push, that
// a person who chooses the daily digest gets no message per article but one
// digest after 07:00, once even across restarts, and that forged settings
// buttons change nothing.
func TestEndToEndLanguageAndDigest(t *testing.T) {
	h := newHarness(t)
	zone := content.VietnamZone()
	h.now = time.Date(2026, 3, 12, 15, 0, 0, 0, zone)
	an, binh := h.api.User(701, "vi"), h.api.User(702, "vi")
	anChat, binhChat := h.api.PrivateChat(an), h.api.PrivateChat(binh)
	stop := h.start()
	h.api.SendText(an, anChat, "/start")
	h.api.SendText(binh, binhChat, "/start")
	h.waitText(binhChat.ID, "Xin chào", 1)
	h.api.SendText(an, anChat, "/settings")
	h.waitText(anChat.ID, "Ngôn ngữ: <b>Tiếng Việt</b>", 1)
	settings := h.messageWith(anChat.ID, "Ngôn ngữ")

	h.api.PressButton(an, anChat, settings.MessageID, "lang:en")
	h.api.PressButton(an, anChat, settings.MessageID, "dg:on")
	h.api.PressButton(an, anChat, settings.MessageID, "lang:xx")
	h.api.PressButton(an, anChat, settings.MessageID, "dg:zz")
	h.waitAnswers(4)
	shown := h.messageWith(anChat.ID, "Language").Text
	if !strings.Contains(shown, "Language: English") || !strings.Contains(shown, "a daily digest at 07:00") {
		t.Fatalf("settings after choosing English and the digest:\n%s", shown)
	}
	h.api.SendText(an, anChat, "/latest")
	h.waitText(anChat.ID, "No articles yet", 1)
	h.api.PressButton(an, anChat, settings.MessageID, "dg:cats")
	h.waitText(anChat.ID, "Choose your categories", 1)
	if kb := h.messageWith(anChat.ID, "Choose your categories").ReplyMarkup; kb == nil ||
		!strings.HasPrefix(*kb.InlineKeyboard[0][0].CallbackData, "c:") {
		t.Fatalf("categories button did not show the category toggles: %+v", kb)
	}

	h.dropArticle("typical-one-image.txt")
	h.waitText(binhChat.ID, articleTitle, 1)
	h.dropArticle("crlf.txt")
	h.waitText(binhChat.ID, "Huyện đoàn ra quân", 1)
	stop()
	if n := countContaining(textsTo(h.api.Calls(), anChat.ID), articleTitle); n != 0 {
		t.Fatalf("a digest reader got the article as a message of its own (%d times)", n)
	}

	h.now = time.Date(2026, 3, 13, 7, 0, 30, 0, zone)
	stop = h.start()
	h.waitText(anChat.ID, "Daily digest", 1)
	stop()
	digest := textsTo(h.api.Calls(), anChat.ID)
	last := digest[len(digest)-1]
	if !strings.Contains(last, "2 new articles") || !strings.Contains(last, articleTitle) || !strings.Contains(last, "Huyện đoàn ra quân") {
		t.Fatalf("digest:\n%s", last)
	}
	if n := countContaining(textsTo(h.api.Calls(), binhChat.ID), "Daily digest") +
		countContaining(textsTo(h.api.Calls(), binhChat.ID), "Tóm tắt tin"); n != 0 {
		t.Fatal("a person without the digest got one")
	}

	h.now = h.now.Add(time.Minute)
	stop = h.start()
	h.waitLogCount("daily digest not due", 1)
	stop()
	if n := countContaining(textsTo(h.api.Calls(), anChat.ID), "Daily digest"); n != 1 {
		t.Fatalf("the digest was sent %d times, want once", n)
	}
}

// Ensure that an article's full view offers related articles as buttons,
// never itself, and that a group that became a supergroup (Telegram's
// service message with migrate_to_chat_id) keeps its subscription under its
// new ID.
func TestEndToEndRelatedAndMigration(t *testing.T) {
	h := newHarness(t)
	h.importFixtures()
	u := h.api.User(801, "vi")
	chat := h.api.PrivateChat(u)
	group := tgbotapi.Chat{ID: -4001, Type: "group", Title: "Chi bộ 1"}
	super := tgbotapi.Chat{ID: -1004001, Type: "supergroup", Title: "Chi bộ 1"}
	h.api.AddChat(group)
	h.api.AddChat(super)
	stop := h.start()
	defer stop()

	h.api.SendText(u, chat, "/search nong thon moi")
	h.waitText(chat.ID, "1 kết quả", 1)
	first := h.resultsMessage(chat.ID)
	id := strings.TrimPrefix(*first.ReplyMarkup.InlineKeyboard[0][0].CallbackData, "a:")
	h.api.PressButton(u, chat, first.MessageID, "a:"+id)
	h.waitText(chat.ID, "Các tin khác", 1)
	full := h.messageWith(chat.ID, "Các tin khác")
	related := 0
	for _, row := range full.ReplyMarkup.InlineKeyboard {
		if d := row[0].CallbackData; d != nil && strings.HasPrefix(*d, "a:") {
			related++
			if *d == "a:"+id {
				t.Fatal("an article is offered as related to itself")
			}
		}
	}
	if related == 0 || related > 5 {
		t.Fatalf("%d related articles offered, want 1 to 5", related)
	}

	h.api.SendText(u, group, "/start")
	h.waitText(group.ID, "Xin chào", 1)
	h.api.AddUpdate(tgbotapi.Update{Message: &tgbotapi.Message{From: &u, Chat: &group, MigrateToChatID: super.ID}})
	h.waitLogCount("group became a supergroup", 1)
	// The record moved: the supergroup is subscribed, the old group is not.
	h.api.SendText(u, super, "/settings")
	h.waitText(super.ID, "Giờ yên lặng", 1)
	h.api.SendText(u, group, "/settings")
	h.waitText(group.ID, "chưa đăng ký", 1)
}

// Ensure that each admin's private chat gets a command menu with the admin
// commands, in both languages, while everyone's menu has none of them.
func TestEndToEndAdminMenu(t *testing.T) {
	h := newHarness(t)
	h.createDB()
	if code := h.cli("admin", "add", "901"); code != 0 {
		t.Fatalf("admin add exit=%d:\n%s", code, h.logs.String())
	}
	stop := h.start()
	defer stop()
	calls := h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool {
		n := 0
		for _, c := range calls {
			if c.Method == "setMyCommands" && strings.Contains(c.Params["scope"], `"chat_id":901`) {
				n++
			}
		}
		return n == 2
	})
	langs := map[string]bool{}
	for _, c := range calls {
		if c.Method != "setMyCommands" {
			continue
		}
		admin := strings.Contains(c.Params["scope"], `"type":"chat"`)
		if got := strings.Contains(c.Params["commands"], `"broadcast"`); got != admin {
			t.Fatalf("menu with scope %q lists /broadcast: %v", c.Params["scope"], got)
		}
		if admin {
			langs[c.Params["language_code"]] = true
			for _, cmd := range []string{"latest", "broadcast", "jobs", "sources", "post", "receipts", "units",
				"admins", "members", "invite", "invites", "audit"} {
				if !strings.Contains(c.Params["commands"], `"`+cmd+`"`) {
					t.Fatalf("admin menu lacks /%s: %s", cmd, c.Params["commands"])
				}
			}
		}
	}
	if !langs[""] || !langs["en"] {
		t.Fatalf("admin menu languages=%v, want default and en", langs)
	}
}
