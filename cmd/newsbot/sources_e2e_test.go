package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// waitCount waits until s holds sub at least n times.
func (s *syncBuffer) waitCount(t *testing.T, sub string, n int) {
	t.Helper()
	deadline := time.After(wait)
	for strings.Count(s.String(), sub) < n {
		select {
		case <-s.wrote:
		case <-deadline:
			t.Fatalf("%q seen %d times, want %d, in:\n%s", sub, strings.Count(s.String(), sub), n, s.String())
		}
	}
}

// Ensure that `newsbot run --sources` stores what a portal's feed already
// lists without pushing it, pushes an item that appears later once, within
// a poll interval, to every subscriber, and shows the source in /sources.
func TestEndToEndSourcesPushNewItem(t *testing.T) {
	h := newHarness(t)
	h.createDB()
	p := newPortal(t)
	file := writeSources(t, h.dir, fmt.Sprintf(`
[[source]]
name = "portal"
url = "%s/rss"
kind = "rss"
interval = "100ms"
`, p.srv.URL))
	if code := h.cli("admin", "add", "101"); code != 0 {
		t.Fatalf("admin add: exit=%d", code)
	}
	an := h.api.User(101, "vi")
	chat := h.api.PrivateChat(an)

	stop := h.start("--sources", file)
	defer func() { stop() }()
	h.api.SendText(an, chat, "/start")
	h.waitText(chat.ID, "Xin chào", 1)
	h.logs.waitFor(t, "first=true")

	const title = "Hội nghị giao ban quý I năm 2021"
	before := h.logs.String()
	changedAt, polled := len(before), strings.Count(before, `msg="source polled"`)
	p.setFeed(addItem(readSourceFixture(t, "rss.xml"), title, "tin-2001"))
	h.waitText(chat.ID, title, 1)
	h.logs.waitCount(t, `msg="source polled"`, polled+2)
	// The first poll that started after the change found it (the one before
	// may have been under way).
	var after []string
	for _, line := range strings.Split(h.logs.String()[changedAt:], "\n") {
		if strings.Contains(line, `msg="source polled"`) {
			after = append(after, line)
		}
	}
	if len(after) == 0 || !(strings.Contains(after[0], "pushed=1") || len(after) > 1 && strings.Contains(after[1], "pushed=1")) {
		t.Fatalf("the new item was not found by the next poll:\n%s", strings.Join(after, "\n"))
	}
	h.logs.waitCount(t, `msg="source polled"`, polled+5) // and three more polls push nothing

	h.api.SendText(an, chat, "/sources")
	h.waitText(chat.ID, "<b>portal</b> (rss) · 4 bài", 1)
	stop()
	stop = func() {}

	texts := textsTo(h.api.Calls(), chat.ID)
	if n := countContaining(texts, title); n != 1 {
		t.Errorf("the new item was pushed %d times, want once:\n%s", n, strings.Join(texts, "\n---\n"))
	}
	for _, old := range []string{"Hội nghị tổng kết công tác xây dựng nông thôn mới năm 2020", "Thông báo lịch tiếp công dân"} {
		if n := countContaining(texts, old); n != 0 {
			t.Errorf("%q, listed before the first poll, was pushed %d times", old, n)
		}
	}
}
