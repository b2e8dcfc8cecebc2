package bot_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"newsbot/bot"
	"newsbot/content"
)

// Ensure that each delivery records the IDs of the messages the notice
// became in its chat, in order, and the date Telegram gave the first: a
// picture and the text that follows it, a single text card, and a migrated
// group's messages under its new ID.
func TestDeliveryRecordsItsMessages(t *testing.T) {
	const oldID, newID = -600, -1000000000600
	e := newPushEnv(t, bot.Config{Delivery: fastDelivery()})
	e.subscribe(content.Subscriber{ChatID: 1}, content.Subscriber{ChatID: oldID, Group: true})
	e.api.Migrate(oldID, newID)
	e.run()
	// Characters beyond the BMP count twice in Telegram's limits: this card
	// outgrows a caption, so the picture goes first and the rest follows.
	long := news(strings.Repeat("🏛", 290), "https://example.vn/hoi-nghi.jpg")
	long.Lead = strings.Repeat("📣", 390)
	job := e.waitJob(e.publish(long).ID)
	if job.Sent != 2 {
		t.Fatalf("%s, want 2 sent", describeJob(job))
	}
	card := e.waitJob(e.broadcast("Họp chi bộ lúc 14:00", []int64{1}).ID)

	ds, err := e.db.Deliveries(context.Background(), job.ID, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		var want []int
		for _, m := range e.api.Messages(d.ChatID) {
			want = append(want, m.MessageID)
		}
		if d.ChatID == newID || d.ChatID == 1 {
			if len(want) < 2 {
				t.Fatalf("chat %d shows %d messages, want a picture and its follow-up", d.ChatID, len(want))
			}
			want = want[:2] // chat 1 has the broadcast after them
		}
		if !slices.Equal(d.Messages, want) {
			t.Errorf("chat %d: recorded messages %v, want %v", d.ChatID, d.Messages, want)
		}
		if first := e.api.Messages(d.ChatID)[0]; !d.Sent.Equal(time.Unix(int64(first.Date), 0)) {
			t.Errorf("chat %d: recorded date %v, want Telegram's %v", d.ChatID, d.Sent, time.Unix(int64(first.Date), 0))
		}
	}
	if len(ds) != 2 || ds[1].ChatID != newID {
		t.Errorf("deliveries %+v, want chat 1 and the supergroup %d", ds, int64(newID))
	}
	bs, err := e.db.Deliveries(context.Background(), card.ID, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	ms := e.api.Messages(1)
	if len(bs) != 1 || !slices.Equal(bs[0].Messages, []int{ms[len(ms)-1].MessageID}) {
		t.Errorf("the broadcast's delivery %+v, want the last message of chat 1 (%d)", bs, ms[len(ms)-1].MessageID)
	}
}
