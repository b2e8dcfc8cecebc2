package bot_test

import (
	"context"
	"strings"
	"testing"

	"newsbot/bot"
	"newsbot/content"
)

// Ensure that a picture card brought by an alert is sent once, as a photo
// whose caption starts with the alert that matched (in the person's
// language) — also for someone who wants the category anyway — while a
// category subscriber without a matching alert gets no alert line.
func TestAlertLineOnPhotoCards(t *testing.T) {
	e := newPushEnv(t, bot.Config{Delivery: fastDelivery()})
	onlyConferences := []content.Category{content.CategoryConference}
	e.subscribe(content.Subscriber{ChatID: 1, Lang: "vi", Categories: onlyConferences},
		content.Subscriber{ChatID: 2, Lang: "en", Categories: onlyConferences},
		content.Subscriber{ChatID: 3, Lang: "vi"}, content.Subscriber{ChatID: 4, Lang: "vi"})
	ctx := context.Background()
	for _, a := range []struct {
		chat int64
		text string
	}{{1, "tổng kết <năm>"}, {1, "hoi nghi"}, {2, `"hội nghị tổng kết"`}, {3, "tổng kết"}} {
		if _, err := e.db.AddAlert(ctx, a.chat, a.text); err != nil {
			t.Fatal(err)
		}
	}
	e.run()
	job := e.waitJob(e.publish(news("Hội nghị tổng kết năm 2025", "https://example.vn/anh.jpg")).ID)
	if job.Sent != 4 {
		t.Fatalf("%+v, want 4 sent", job)
	}
	want := map[int64]string{
		1: "🔔 Theo dõi: «tổng kết &lt;năm&gt;»\n<b>Hội nghị tổng kết năm 2025",
		2: "🔔 Alert: «&quot;hội nghị tổng kết&quot;»\n<b>",
		3: "🔔 Theo dõi: «tổng kết»",
	}
	seen := map[int64]int{}
	for _, d := range e.api.Deliveries() {
		seen[d.ChatID]++
		if d.Method != "sendPhoto" {
			t.Errorf("chat %d got a %s, want a photo card", d.ChatID, d.Method)
		}
		text := e.textOf(d)
		if d.ChatID == 4 {
			if strings.Contains(text, "🔔") {
				t.Errorf("chat 4, without alerts, got an alert line: %q", text)
			}
			continue
		}
		if !strings.HasPrefix(text, want[d.ChatID]) {
			t.Errorf("chat %d got %q, want it to start with %q", d.ChatID, text, want[d.ChatID])
		}
	}
	if len(seen) != 4 || seen[1] != 1 || seen[2] != 1 || seen[3] != 1 || seen[4] != 1 {
		t.Fatalf("notices per chat: %v, want one each", seen)
	}
}
