package store

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// Ensure that every outcome reads back as it was recorded: a sent notice
// with its messages (in order, a later part's ID possibly smaller) and
// Telegram's date (after the job was created, or before it by a clock
// that differs), one without a date or without messages (older records),
// and blocked and failed ones with their reasons.
func TestDeliveryRecordRoundTrip(t *testing.T) {
	created := time.Date(2026, 12, 6, 2, 12, 0, 0, time.UTC)
	for _, d := range []content.Delivery{
		{ChatID: 5, Outcome: content.OutcomeSent, Messages: []int{1_000_000}},
		{ChatID: 5, Outcome: content.OutcomeSent, Messages: []int{1_000_000}, Sent: created.Add(20 * time.Minute)},
		{ChatID: 5, Outcome: content.OutcomeSent, Messages: []int{7, 8}, Sent: created.Add(-3 * time.Second)},
		{ChatID: 5, Outcome: content.OutcomeSent, Messages: []int{7}, Sent: created},
		{ChatID: 5, Outcome: content.OutcomeSent, Messages: []int{41, 42, 43}},
		{ChatID: -100123, Outcome: content.OutcomeSent, Messages: []int{900, 899, 2_147_483_647}},
		{ChatID: 5, Outcome: content.OutcomeSent},
		{ChatID: 5, Outcome: content.OutcomeBlocked, Reason: "Forbidden: bot was blocked by the user"},
		{ChatID: 5, Outcome: content.OutcomeFailed, Reason: "gave up after 5 tries"},
	} {
		got, err := decodeDelivery(d.ChatID, encodeDelivery(d, created), created)
		if err != nil {
			t.Fatalf("%+v: %v", d, err)
		}
		if got.ChatID != d.ChatID || got.Outcome != d.Outcome || got.Reason != d.Reason || !slices.Equal(got.Messages, d.Messages) ||
			!got.Sent.Equal(d.Sent) {
			t.Errorf("read back %+v, want %+v", got, d)
		}
	}
	if got, want := len(encodeDelivery(content.Delivery{Outcome: content.OutcomeSent, Messages: []int{1_000_000, 1_000_001}}, created)), 6; got != want {
		t.Errorf("a two-part notice costs %d bytes, want %d", got, want)
	}
	twenty := content.Delivery{Outcome: content.OutcomeSent, Messages: []int{1_000_000, 1_000_001}, Sent: created.Add(20 * time.Minute)}
	if got, want := len(encodeDelivery(twenty, created)), 8; got != want {
		t.Errorf("a two-part notice sent 20 minutes into its push costs %d bytes, want %d", got, want)
	}
	many := make([]int, maxDeliveredMessages+20)
	for i := range many {
		many[i] = 100 + i
	}
	got, err := decodeDelivery(1, encodeDelivery(content.Delivery{Outcome: content.OutcomeSent, Messages: many}, created), created)
	if err != nil || !slices.Equal(got.Messages, many[:maxDeliveredMessages]) {
		t.Errorf("%d messages read back as %v, %v; want the first %d", len(many), got.Messages, err, maxDeliveredMessages)
	}
}

// FuzzDecodeDelivery checks that no stored value makes decoding panic, and
// that whatever decodes is encoded to a value that reads back the same.
func FuzzDecodeDelivery(f *testing.F) {
	f.Add([]byte{1})
	f.Add([]byte{1, 2, 0x80, 0x89, 0x7a, 2})
	f.Add(append([]byte{2}, "blocked"...))
	f.Add([]byte{1, 0xff, 0xff})
	f.Add([]byte{1, 1, 2, 0x80, 0x02})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, v []byte) {
		created := time.Unix(1_780_000_000, 0)
		d, err := decodeDelivery(1, v, created)
		if err != nil {
			return
		}
		again, err := decodeDelivery(1, encodeDelivery(d, created), created)
		if err != nil || again.Outcome != d.Outcome || again.Reason != d.Reason || !slices.Equal(again.Messages, d.Messages) ||
			len(d.Messages) > 0 && !again.Sent.Equal(d.Sent) {
			t.Fatalf("%x decodes to %+v, which reads back as %+v (%v)", v, d, again, err)
		}
	})
}

// Ensure that Deliveries pages through a job's outcomes with their
// messages, groups after people, and lists nobody still pending.
func TestDeliveriesPages(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "d.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	chats := []int64{7, 3, -1005, 9}
	job, err := db.CreateBroadcast(ctx, content.Job{Text: "Thông báo"}, chats)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordDeliveries(ctx, job.ID, []content.Delivery{
		{ChatID: 3, Outcome: content.OutcomeSent, Messages: []int{10, 11}},
		{ChatID: -1005, Outcome: content.OutcomeSent, Messages: []int{500}},
		{ChatID: 7, Outcome: content.OutcomeBlocked, Reason: "blocked"},
	}); err != nil {
		t.Fatal(err)
	}
	var got []content.Delivery
	after := int64(0)
	for {
		page, err := db.Deliveries(ctx, job.ID, after, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		got = append(got, page...)
		after = page[len(page)-1].ChatID
	}
	if len(got) != 3 || got[0].ChatID != 3 || !slices.Equal(got[0].Messages, []int{10, 11}) ||
		got[1].ChatID != 7 || got[1].Outcome != content.OutcomeBlocked || got[2].ChatID != -1005 || !slices.Equal(got[2].Messages, []int{500}) {
		t.Fatalf("deliveries %+v", got)
	}
	if _, err := db.Deliveries(ctx, 999, 0, 10); !errors.Is(err, ErrNotFound) {
		t.Errorf("an unknown job: %v, want ErrNotFound", err)
	}
}

// BenchmarkDeliveredBytes records 10 000 outcomes with and without their
// message IDs (with them, Telegram's date too, ten chats a second into the
// push) and reports what the delivered bucket's leaf pages hold per
// recipient (keys, values and bbolt's element headers).
func BenchmarkDeliveredBytes(b *testing.B) {
	const n = 10_000
	for _, withIDs := range []bool{false, true} {
		name := "outcome-only"
		if withIDs {
			name = "with-message-ids"
		}
		b.Run(name, func(b *testing.B) {
			var perRecipient float64
			for range b.N {
				perRecipient = deliveredBytes(b, n, withIDs)
			}
			b.ReportMetric(perRecipient, "bytes/recipient")
		})
	}
}

// deliveredBytes records n sent outcomes (two messages each, IDs near two
// million, and their dates) and returns the delivered bucket's leaf bytes in use per
// recipient.
func deliveredBytes(b *testing.B, n int, withIDs bool) float64 {
	db, err := Open(filepath.Join(b.TempDir(), "b.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	chats := make([]int64, n)
	for i := range chats {
		chats[i] = int64(100_000_000 + i)
	}
	job, err := db.CreateBroadcast(ctx, content.Job{Text: "Thông báo"}, chats)
	if err != nil {
		b.Fatal(err)
	}
	ds := make([]content.Delivery, n)
	for i, c := range chats {
		ds[i] = content.Delivery{ChatID: c, Outcome: content.OutcomeSent}
		if withIDs {
			ds[i].Messages = []int{2_000_000 + 2*i, 2_000_001 + 2*i}
			ds[i].Sent = job.Created.Add(time.Duration(i) * 100 * time.Millisecond) // 10 a second
		}
	}
	if _, err := db.RecordDeliveries(ctx, job.ID, ds); err != nil {
		b.Fatal(err)
	}
	var inuse int
	if err := db.bolt.View(func(tx *bolt.Tx) error {
		jb, _, err := jobBucket(tx, job.ID)
		if err != nil {
			return err
		}
		inuse = jb.Bucket(bucketDelivered).Stats().LeafInuse
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	return float64(inuse) / float64(n)
}
