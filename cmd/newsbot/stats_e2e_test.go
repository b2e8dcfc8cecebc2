package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot/telegramtest"
	"newsbot/content"
)

// Ensure that every interaction from a person counts once, across a
// restart: N interactions from M people give /stats N and M, admins get the
// extra figures and a chart, and the command line agrees.
func TestEndToEndVisitCounting(t *testing.T) {
	h := newHarness(t)
	h.createDB()
	if code := h.cli("admin", "add", "501"); code != 0 {
		t.Fatalf("admin add: %s", h.logs.String())
	}
	h.now = time.Date(2026, 3, 12, 23, 0, 0, 0, content.VietnamZone())
	users := []tgbotapi.User{h.api.User(501, "vi"), h.api.User(502, "en"), h.api.User(503, "vi")}
	admin, p2 := users[0], users[1]
	send := func(i int, text string) int { return h.api.SendText(users[i], h.api.PrivateChat(users[i]), text) }

	stop := h.start()
	send(0, "/latest")
	send(0, "xin chào")
	send(1, "/help")
	send(2, "/start")
	last := send(2, "/khong-co")
	if err := h.api.WaitOffset(t.Context(), last+1); err != nil {
		t.Fatal(err)
	}
	stop()

	stop = h.start()
	send(1, "/latest 2")
	last = send(0, "/help")
	if err := h.api.WaitOffset(t.Context(), last+1); err != nil {
		t.Fatal(err)
	}
	send(0, "/stats")
	h.waitText(admin.ID, "Truy cập", 1)
	text := textsTo(h.api.Calls(), admin.ID)
	got := text[len(text)-1]
	for _, want := range []string{"Hôm nay: 7", "Tất cả: 7", "Số người dùng hôm nay: 3 · tháng này: 3", "Đang nhận tin: 1"} {
		if !strings.Contains(got, want) {
			t.Errorf("admin /stats lacks %q:\n%s", want, got)
		}
	}
	h.api.WaitCalls(t, wait, func(calls []telegramtest.Call) bool {
		for _, c := range telegramtest.SentTo(calls, admin.ID) {
			if c.Method == "sendPhoto" && c.Status == 200 {
				return true
			}
		}
		return false
	})
	send(1, "/stats")
	h.waitText(p2.ID, "Visits", 1)
	texts := textsTo(h.api.Calls(), p2.ID)
	if got := texts[len(texts)-1]; strings.Contains(got, "admins") || !strings.Contains(got, "Today: 8") {
		t.Errorf("a member's /stats:\n%s", got)
	}
	stop()

	h.out = newSyncBuffer()
	if code := h.cli("stats", "--json"); code != 0 {
		t.Fatalf("stats --json: %s", h.logs.String())
	}
	var js struct {
		Counter     content.VisitCounter `json:"counter"`
		PeopleToday int64                `json:"people_today"`
	}
	if err := json.Unmarshal([]byte(h.out.String()), &js); err != nil {
		t.Fatalf("%v:\n%s", err, h.out.String())
	}
	if js.Counter.Total != 9 || js.Counter.Today != 9 || js.PeopleToday != 3 {
		t.Fatalf("stats --json: %+v", js)
	}
	h.out = newSyncBuffer()
	today := "2026-03-12"
	if code := h.cli("stats", "--csv", "2020-01-01", today); code != 0 {
		t.Fatalf("stats --csv: %s", h.logs.String())
	}
	if !strings.HasPrefix(h.out.String(), "date,visits,people\n2020-01-01,0,0\n") || !strings.Contains(h.out.String(), today+",9,3\n") {
		t.Fatalf("csv:\n%.300s", h.out.String())
	}
}
