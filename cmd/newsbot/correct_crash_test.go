package main

import (
	"context"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/store"
)

// edits counts the editMessageText calls made, and those Telegram
// accepted, per chat.
func edits(calls []telegramtest.Call) (all int, accepted map[string]int) {
	accepted = map[string]int{}
	for _, c := range calls {
		if c.Method != "editMessageText" {
			continue
		}
		all++
		if c.Status == http.StatusOK {
			accepted[c.Params["chat_id"]]++
		}
	}
	return all, accepted
}

// Ensure that a correction survives the process being killed (SIGKILL)
// twice at random points: after a restart every chat's notice shows the
// corrected title, marked, the job reports each chat edited, each message
// was changed once, and the edits tried again are at most the delivery
// worker's bound per crash (a repeated edit changes nothing: Telegram
// answers "message is not modified"). It builds and runs the real binary.
func TestCrashMidCorrectionResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the newsbot binary")
	}
	bin := buildNewsbot(t)
	api := telegramtest.New(t, canaryToken)
	dbPath := filepath.Join(t.TempDir(), "newsbot.db")
	const n = 300
	chats := seedSubscribers(t, dbPath, 1001, n)

	// The article's push, delivered: one message in each chat, on record.
	db, res := deliveredArticle(t, api, dbPath, chats, "Lịch tiếp công dân ngày 8/12")
	ctx := context.Background()
	const fixed = "Lịch tiếp công dân ngày 9/12"
	_, cj, err := db.CorrectArticle(ctx, content.ArticleFix{ID: res.Article.ID, Title: fixed, Lead: "Đúng ngày.",
		Body: []string{"Nội dung."}}, 0, false)
	if err != nil || cj.Total != n {
		t.Fatalf("correct: %+v %v", cj, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	args := crashRunArgs(dbPath)
	kills := killPoints(t, "edits", 20, 80, 150, 80)
	for i, at := range kills {
		p := startProc(t, bin, api, args...)
		api.WaitCalls(t, crashWait, func(calls []telegramtest.Call) bool {
			all, _ := edits(calls)
			return all >= at || p.exited()
		})
		p.kill()
		if all, _ := edits(api.Calls()); all >= n {
			t.Fatalf("crash %d came after the correction ended (%d edits)", i+1, all)
		}
	}
	p := startProc(t, bin, api, args...)
	api.WaitCalls(t, crashWait, func([]telegramtest.Call) bool {
		for _, c := range chats {
			if ms := api.Messages(c); len(ms) != 1 || !strings.Contains(ms[0].Text, fixed) {
				return false
			}
		}
		return true
	})
	p.stop(crashWait)

	all, accepted := edits(api.Calls())
	for _, c := range chats {
		if ms := api.Messages(c); !strings.Contains(ms[0].Text, "(đã sửa lúc") {
			t.Fatalf("chat %d: %q, not marked", c, ms[0].Text)
		}
		if got := accepted[strconv.FormatInt(c, 10)]; got != 1 {
			t.Errorf("chat %d: its message changed %d times, want once", c, got)
		}
	}
	bound := bot.DeliveryOptions{}.RepeatBound()
	repeats := all - n
	t.Logf("%d edits for %d chats: %d tried again over %d crashes (bound %d a crash)", all, n, repeats, len(kills), bound)
	if repeats > len(kills)*bound {
		t.Errorf("%d edits tried again, more than %d crashes × %d", repeats, len(kills), bound)
	}
	db, err = store.Open(dbPath, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	j, err := db.Job(ctx, cj.ID)
	if err != nil || !j.Done || j.Edited != n || j.Pending() != 0 {
		t.Fatalf("correction %+v %v, want done with %d edited", j, err, n)
	}
}
