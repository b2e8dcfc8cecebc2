package main

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/store"
)

// Ensure that `newsbot article list`, `show` and `delete` work through the
// real wiring: an article published by mistake, whose push has not gone
// out yet, is listed and shown with its pending push; deleted, its push is
// cancelled (the person never gets it), /latest, /search and inline mode no
// longer show it, it is kept and shown as deleted, and the deletion is in
// the audit log. Unknown IDs exit 1, bad arguments 2, and nothing creates
// a missing database.
func TestEndToEndArticleListShowDelete(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{{"article", "list"}, {"article", "show", "x"}, {"article", "delete", "x"}} {
		h.logs = newSyncBuffer()
		if code := h.cli(args...); code != 1 || !strings.Contains(h.logs.String(), "no database at "+h.env["NEWSBOT_DB"]) {
			t.Fatalf("%q without a database: exit=%d:\n%s", args, code, h.logs.String())
		}
	}
	if _, err := os.Stat(h.env["NEWSBOT_DB"]); !os.IsNotExist(err) {
		t.Fatalf("article created the database (stat err=%v)", err)
	}

	chat := h.subscribedChat()
	u := h.api.User(501, "vi")

	// Published by mistake while the bot was stopped: its push is pending.
	wrong := content.Article{Title: "Lịch cắt điện toàn huyện (đăng nhầm)", Lead: "Bản nháp chưa duyệt.",
		Body: []string{"Đoạn một.", "Đoạn hai.", "Đoạn ba."}, Category: content.CategoryAnnouncement,
		Published: time.Now(), SourceURL: "https://portal.example/nham"}
	res := h.publishWithJob(wrong)
	id := res.Article.ID

	h.out = newSyncBuffer()
	if code := h.cli("article", "list"); code != 0 {
		t.Fatalf("article list exit=%d:\n%s", code, h.logs.String())
	}
	list := h.out.String()
	row := regexp.MustCompile(`(?m)^` + id + `\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+thong-bao\s+Lịch cắt điện toàn huyện \(đăng nhầm\)$`)
	if !strings.HasPrefix(list, "ID ") || !strings.Contains(list, "PUBLISHED (VIETNAM)") || !row.MatchString(list) ||
		!strings.Contains(list, articleTitle) {
		t.Fatalf("article list:\n%s", list)
	}
	h.out = newSyncBuffer()
	if code := h.cli("article", "list", "--n", "1", "--json"); code != 0 {
		t.Fatalf("article list --json exit=%d:\n%s", code, h.logs.String())
	}
	var newest []content.Article
	if err := json.Unmarshal([]byte(h.out.String()), &newest); err != nil || len(newest) != 1 || newest[0].ID != id {
		t.Fatalf("article list --n 1 --json: %v\n%s", err, h.out.String())
	}

	h.out = newSyncBuffer()
	if code := h.cli("article", "show", id); code != 0 {
		t.Fatalf("article show exit=%d:\n%s", code, h.logs.String())
	}
	show := h.out.String()
	for _, want := range []string{"Title:       Lịch cắt điện", "(Vietnam time)", "Category:    thong-bao",
		"Source:      https://portal.example/nham", "Lead:        Bản nháp chưa duyệt.", "Paragraphs:  3",
		"#1 sending", "1 recipient, 0 sent, 0 blocked, 0 failed, 1 not sent"} {
		if !strings.Contains(show, want) {
			t.Errorf("article show lacks %q:\n%s", want, show)
		}
	}
	if strings.Contains(show, "DELETED") {
		t.Errorf("a stored article is shown as deleted:\n%s", show)
	}

	h.out = newSyncBuffer()
	if code := h.cli("article", "delete", id); code != 0 {
		t.Fatalf("article delete exit=%d:\n%s", code, h.logs.String())
	}
	if got, want := h.out.String(), "Deleted article "+id+` "Lịch cắt điện toàn huyện (đăng nhầm)": 1 push job cancelled, 1 notice not yet sent dropped.`+
		"\nIt is kept, marked deleted: newsbot article show "+id+"\n"; got != want {
		t.Fatalf("article delete printed\n%q, want\n%q", got, want)
	}
	h.out = newSyncBuffer()
	if code := h.cli("article", "delete", id); code != 0 || !strings.Contains(h.out.String(), "was already deleted on ") {
		t.Fatalf("deleting twice: exit=%d %q", code, h.out.String())
	}
	for _, args := range [][]string{{"article", "delete", "nosuchid"}, {"article", "show", "nosuchid"}, {"article", "delete", "../x y"}} {
		h.logs = newSyncBuffer()
		if code := h.cli(args...); code != 1 || !strings.Contains(h.logs.String(), `no article with ID "`+args[2]+`"`) {
			t.Errorf("%q: exit=%d, want 1:\n%s", args, code, h.logs.String())
		}
	}
	for _, args := range [][]string{{"article"}, {"article", "frob"}, {"article", "show"}, {"article", "delete", id, id},
		{"article", "list", "x"}, {"article", "list", "--n", "-1"}, {"article", "delete", "--json", id}, {"article", "show", ""}} {
		if code := h.cli(args...); code != 2 {
			t.Errorf("%q: exit=%d, want 2", args, code)
		}
	}

	h.out = newSyncBuffer()
	if code := h.cli("article", "show", id, "--json"); code != 0 { // flags after the ID
		t.Fatalf("article show --json exit=%d:\n%s", code, h.logs.String())
	}
	var view struct {
		Article content.Article          `json:"article"`
		Deleted *content.ArticleDeletion `json:"deleted"`
		Jobs    []content.Job            `json:"jobs"`
	}
	if err := json.Unmarshal([]byte(h.out.String()), &view); err != nil || view.Deleted == nil || view.Article.Lead != wrong.Lead ||
		len(view.Jobs) != 1 || !view.Jobs[0].Cancelled {
		t.Fatalf("article show --json of the deleted article: %v\n%s", err, h.out.String())
	}
	h.out = newSyncBuffer()
	if code := h.cli("article", "show", id); code != 0 || !strings.Contains(h.out.String(), "DELETED:") ||
		!strings.Contains(h.out.String(), "by the command line") || !strings.Contains(h.out.String(), "#1 cancelled") {
		t.Fatalf("article show of the deleted article: exit=%d:\n%s", code, h.out.String())
	}
	h.out = newSyncBuffer()
	if code := h.cli("article", "list"); code != 0 || strings.Contains(h.out.String(), id) {
		t.Fatalf("article list after delete: exit=%d:\n%s", code, h.out.String())
	}
	h.out = newSyncBuffer()
	deleted := regexp.MustCompile(`(?m)^` + id + `\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+command line\s+thong-bao\s+Lịch cắt điện`)
	if code := h.cli("article", "list", "--deleted"); code != 0 || !strings.Contains(h.out.String(), "DELETED (VIETNAM)") ||
		!deleted.MatchString(h.out.String()) {
		t.Fatalf("article list --deleted: exit=%d:\n%s", code, h.out.String())
	}
	h.out = newSyncBuffer()
	if code := h.cli("audit", "--json"); code != 0 {
		t.Fatal(h.logs.String())
	}
	var audit []content.AuditEntry
	if err := json.Unmarshal([]byte(h.out.String()), &audit); err != nil || len(audit) != 1 ||
		audit[0].Action != content.AuditArticleDelete || audit[0].UserID != 0 || audit[0].Detail != id+" "+wrong.Title {
		t.Fatalf("audit log: %v\n%s", err, h.out.String())
	}

	// The bot: the cancelled push never goes out, nor is it tried (the
	// worker takes jobs oldest first, so once the next article's push
	// arrives, it would have been); /latest, /search and inline mode do not
	// show the article.
	right := wrong
	right.Title, right.Lead, right.SourceURL, right.ID = "Lịch tiếp dân tuần này", "Đã duyệt.", "https://portal.example/dung", ""
	h.publishWithJob(right)
	stop := h.start()
	h.waitText(chat.ID, right.Title, 1)
	h.api.SendText(u, chat, "/latest")
	h.waitText(chat.ID, "tin mới nhất", 1)
	h.api.SendText(u, chat, "/search cắt điện")
	h.waitText(chat.ID, "Không tìm thấy bài nào", 1)
	h.api.InlineQuery(u, "cắt điện")
	calls := h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool {
		for _, c := range calls {
			if c.Method == "answerInlineQuery" {
				return true
			}
		}
		return false
	})
	h.api.InlineQuery(u, "")
	calls = h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool {
		n := 0
		for _, c := range calls {
			if c.Method == "answerInlineQuery" && c.Status == 200 {
				n++
			}
		}
		return n == 2
	})
	stop()
	for _, c := range calls {
		if c.Method == "answerInlineQuery" && strings.Contains(c.Params["results"], "Lịch cắt điện") {
			t.Errorf("inline mode shows the deleted article: %s", c.Params["results"])
		}
	}
	if strings.Contains(h.logs.String(), "push job stopped") {
		t.Errorf("the worker tried the cancelled job:\n%s", h.logs.String())
	}
	texts := textsTo(calls, chat.ID)
	if n := countContaining(texts, "Lịch cắt điện"); n != 0 {
		t.Fatalf("the deleted article reached the chat %d times (push or /latest):\n%s", n, strings.Join(texts, "\n---\n"))
	}
}

// subscribedChat imports the fixtures and has person 501 /start the bot,
// which is then stopped; it returns that person's private chat.
func (h *harness) subscribedChat() tgbotapi.Chat {
	h.t.Helper()
	h.importFixtures()
	chat := h.api.PrivateChat(h.api.User(501, "vi"))
	stop := h.start()
	h.api.SendText(h.api.User(501, "vi"), chat, "/start")
	h.waitText(chat.ID, "Xin chào", 1)
	stop()
	return chat
}

// publishWithJob stores a, with its push job, while the bot is stopped.
func (h *harness) publishWithJob(a content.Article) store.Published {
	h.t.Helper()
	db := h.openDB(store.Options{})
	res, err := db.PublishArticle(context.Background(), a)
	if err != nil || res.Job.ID == 0 {
		h.t.Fatalf("publish: %+v %v", res, err)
	}
	if err := db.Close(); err != nil {
		h.t.Fatal(err)
	}
	return res
}
