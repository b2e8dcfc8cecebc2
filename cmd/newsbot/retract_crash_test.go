package main

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/store"
)

// deletions counts the deleteMessages calls Telegram accepted.
func deletions(calls []telegramtest.Call) int {
	n := 0
	for _, c := range calls {
		if c.Method == "deleteMessages" && c.Status == http.StatusOK {
			n++
		}
	}
	return n
}

// Ensure that a take-down survives the process being killed (SIGKILL)
// twice at random points: after a restart every chat's notice is deleted,
// the job reports each chat deleted once, and the deletions repeated are at
// most the delivery worker's bound per crash (a repeated deletion finds
// nothing and harms nothing). It builds and runs the real binary.
func TestCrashMidRetractionResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the newsbot binary")
	}
	bin := buildNewsbot(t)
	api := telegramtest.New(t, canaryToken)
	dbPath := filepath.Join(t.TempDir(), "newsbot.db")
	const n = 300
	chats := seedSubscribers(t, dbPath, 1001, n)

	// The article's push, delivered: one message in each chat, on record.
	db, res := deliveredArticle(t, api, dbPath, chats, "Thông báo lịch họp ghi nhầm")
	ctx := context.Background()
	_, rj, err := db.RetractArticle(ctx, res.Article.ID, 0)
	if err != nil || rj.Total != n {
		t.Fatalf("retract: %+v %v", rj, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	args := crashRunArgs(dbPath)
	kills := killPoints(t, "deletions", 20, 80, 150, 80)
	for i, at := range kills {
		p := startProc(t, bin, api, args...)
		api.WaitCalls(t, crashWait, func(calls []telegramtest.Call) bool { return deletions(calls) >= at || p.exited() })
		p.kill()
		if got := deletions(api.Calls()); got >= n {
			t.Fatalf("crash %d came after the take-down ended (%d deletions)", i+1, got)
		}
	}
	p := startProc(t, bin, api, args...)
	api.WaitCalls(t, crashWait, func([]telegramtest.Call) bool {
		for _, c := range chats {
			if len(api.Messages(c)) != 0 {
				return false
			}
		}
		return true
	})
	p.stop(crashWait)

	bound := bot.DeliveryOptions{}.RepeatBound()
	repeats := deletions(api.Calls()) - n
	t.Logf("%d deletions for %d chats: %d repeated over %d crashes (bound %d a crash)", repeats+n, n, repeats, len(kills), bound)
	if repeats > len(kills)*bound {
		t.Errorf("%d deletions repeated, more than %d crashes × %d", repeats, len(kills), bound)
	}
	db, err = store.Open(dbPath, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	j, err := db.Job(ctx, rj.ID)
	if err != nil || !j.Done || j.Deleted != n || j.Pending() != 0 {
		t.Fatalf("take-down %+v %v, want done with %d deleted", j, err, n)
	}
}

// deliveredArticle opens the database at dbPath and publishes an article
// titled title whose push is on record as delivered: one message in each
// of chats, sent through api. The caller closes the database.
func deliveredArticle(t *testing.T, api *telegramtest.Server, dbPath string, chats []int64, title string) (*store.DB, store.Published) {
	t.Helper()
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	res, err := db.PublishArticle(ctx, content.Article{Title: title, Lead: "Nhầm ngày.",
		Body: []string{"Nội dung."}, Category: content.CategoryAnnouncement, Published: time.Now()})
	if err != nil || res.Job.ID == 0 {
		t.Fatalf("publish: %+v %v", res, err)
	}
	client, err := tgbotapi.NewBotAPIWithClient(api.Token(), api.URL()+"/bot%s/%s", http.DefaultClient)
	if err != nil {
		t.Fatal(err)
	}
	ds := make([]content.Delivery, 0, len(chats))
	for _, c := range chats {
		m, err := client.Send(tgbotapi.NewMessage(c, res.Article.Title))
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, content.Delivery{ChatID: c, Outcome: content.OutcomeSent, Messages: []int{m.MessageID}})
	}
	if _, err := db.RecordDeliveries(ctx, res.Job.ID, ds); err != nil {
		t.Fatal(err)
	}
	return db, res
}
