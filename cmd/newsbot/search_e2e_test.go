package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot/telegramtest"
	"newsbot/content"
)

// importFixtures stores every valid export fixture through `newsbot import`.
func (h *harness) importFixtures() {
	h.t.Helper()
	files, err := filepath.Glob(filepath.Join(fixtures, "*.txt"))
	if err != nil {
		h.t.Fatal(err)
	}
	args := []string{"import"}
	for _, f := range files {
		switch filepath.Base(f) {
		case "bad-date.txt", "empty.txt", "no-title.txt", "whitespace-only.txt":
			continue
		}
		args = append(args, f)
	}
	if code := h.cli(args...); code != 0 {
		h.t.Fatalf("import exit=%d:\n%s", code, h.logs.String())
	}
}

// resultsMessage returns the chat's message that lists search results.
func (h *harness) resultsMessage(chat int64) tgbotapi.Message {
	h.t.Helper()
	for _, m := range h.api.Messages(chat) {
		if strings.HasPrefix(m.Text, "🔎 ") {
			return m
		}
	}
	h.t.Fatalf("no results message in chat %d", chat)
	return tgbotapi.Message{}
}

// Ensure that /search finds articles, pages through them by editing the
// message, explains itself, says when nothing matched, refuses forged
// buttons politely, and answers inline queries.
func TestEndToEndSearch(t *testing.T) {
	h := newHarness(t)
	h.importFixtures()
	u := h.api.User(301, "vi")
	chat := h.api.PrivateChat(u)
	stop := h.start()

	h.api.SendText(u, chat, "/search nong thon moi")
	h.waitText(chat.ID, "1 kết quả", 1)
	first := h.resultsMessage(chat.ID)
	if !strings.Contains(first.Text, "1. "+articleTitle) {
		t.Fatalf("the article about nông thôn mới is not first:\n%s", first.Text)
	}

	h.api.SendText(u, chat, "/search huyện")
	h.waitText(chat.ID, "🔎 huyện", 1)
	var paged tgbotapi.Message
	for _, m := range h.api.Messages(chat.ID) {
		if strings.HasPrefix(m.Text, "🔎 huyện") {
			paged = m
		}
	}
	if paged.ReplyMarkup == nil || len(paged.ReplyMarkup.InlineKeyboard) != 2 {
		t.Fatalf("no page buttons on a search with many results:\n%s", paged.Text)
	}
	kb := paged.ReplyMarkup.InlineKeyboard
	next := kb[len(kb)-1][0]
	h.api.PressButton(u, chat, paged.MessageID, *next.CallbackData)
	h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool {
		for _, c := range calls {
			if c.Method == "editMessageText" && c.Status == 200 && strings.Contains(c.Params["text"], "Kết quả 6–") {
				return true
			}
		}
		return false
	})

	// Opening a result sends the whole article.
	open := first.ReplyMarkup.InlineKeyboard[0][0]
	h.api.PressButton(u, chat, first.MessageID, *open.CallbackData)
	h.waitText(chat.ID, "Minh Anh – Trung tâm Văn hóa", 1)

	h.api.SendText(u, chat, "/search xyzzy qwerty")
	h.waitText(chat.ID, "Không tìm thấy bài nào", 1)
	h.api.SendText(u, chat, "/search")
	h.waitText(chat.ID, "Gõ /search và các từ cần tìm", 1)

	for _, forged := range []string{"s:999", "s:-1", "s:x", "zz:1", "a:nosuchid", "a:"} {
		h.api.PressButton(u, chat, paged.MessageID, forged)
	}
	h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool {
		n := 0
		for _, c := range calls {
			if c.Method == "answerCallbackQuery" && (strings.Contains(c.Params["text"], "không còn dùng được") ||
				strings.Contains(c.Params["text"], "Không tìm thấy bài viết")) {
				n++
			}
		}
		return n == 6
	})

	h.api.InlineQuery(u, "nông thôn")
	calls := h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool {
		for _, c := range calls {
			if c.Method == "answerInlineQuery" {
				return true
			}
		}
		return false
	})
	for _, c := range calls {
		if c.Method == "answerInlineQuery" && (c.Status != 200 || !strings.Contains(c.Params["results"], "nông thôn mới")) {
			t.Fatalf("inline answer: status %d, results %s", c.Status, c.Params["results"])
		}
	}

	// Opening the result counted as a view of that article.
	stop()
	h.out = newSyncBuffer()
	if code := h.cli("stats", "--json"); code != 0 {
		t.Fatalf("stats: %s", h.logs.String())
	}
	var got struct {
		Admin content.AdminStats `json:"admin"`
	}
	if err := json.Unmarshal([]byte(h.out.String()), &got); err != nil {
		t.Fatal(err)
	}
	if mv := got.Admin.MostViewed; len(mv) != 1 || mv[0].Title != articleTitle || mv[0].Views != 1 {
		t.Fatalf("the view was not counted: %+v", mv)
	}
}

// Ensure that links from the portal (t.me/<bot>?start=...) open the right
// screen: the newest articles, a search, or one article in full.
func TestEndToEndDeepLinks(t *testing.T) {
	h := newHarness(t)
	h.importFixtures()
	u := h.api.User(351, "vi")
	chat := h.api.PrivateChat(u)
	stop := h.start()
	defer stop()
	h.api.SendText(u, chat, "/start latest")
	h.waitText(chat.ID, "Xin chào", 1)
	h.waitText(chat.ID, "tin mới nhất", 1)
	h.api.SendText(u, chat, "/start search_nong_thon_moi")
	h.waitText(chat.ID, "🔎 nong thon moi", 1)
	first := h.resultsMessage(chat.ID)
	id := strings.TrimPrefix(*first.ReplyMarkup.InlineKeyboard[0][0].CallbackData, "a:")
	h.api.SendText(u, chat, "/start a_"+id)
	h.waitText(chat.ID, "Minh Anh – Trung tâm Văn hóa", 1)
	h.api.SendText(u, chat, "/start a_forged")
	h.waitText(chat.ID, "Không tìm thấy bài viết này nữa", 1)
	if n := countContaining(textsTo(h.api.Calls(), chat.ID), "Xin chào"); n != 1 {
		t.Fatalf("greeted %d times, want once (only when newly subscribed)", n)
	}
}
