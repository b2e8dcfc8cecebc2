package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/store"
)

// benchReceipt stores a directive sent to n chats, all delivered, and
// returns the database and the job.
func benchReceipt(b *testing.B, n int) (*store.DB, content.Job) {
	b.Helper()
	ctx := context.Background()
	db, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), store.Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	subs := make([]content.Subscriber, n)
	for i := range subs {
		subs[i] = content.Subscriber{ChatID: int64(i + 1), Name: "Cán bộ", Subscribed: true}
	}
	if _, err := db.SubscribeMany(ctx, subs); err != nil {
		b.Fatal(err)
	}
	a := article("Chỉ thị", fixedNow)
	a.Category = content.CategoryDirective
	a.ID = a.DeriveID()
	res, err := db.PublishArticle(ctx, a)
	if err != nil {
		b.Fatal(err)
	}
	ds := make([]content.Delivery, n)
	for i := range ds {
		ds[i] = content.Delivery{ChatID: int64(i + 1), Outcome: content.OutcomeSent}
	}
	if _, err := db.RecordDeliveries(ctx, res.Job.ID, ds); err != nil {
		b.Fatal(err)
	}
	return db, res.Job
}

// BenchmarkRecordAck measures one press of "Đã nhận" (a write transaction)
// on a directive sent to 10 000 chats.
func BenchmarkRecordAck(b *testing.B) {
	db, job := benchReceipt(b, 10_000)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := db.RecordAck(ctx, job.ID, content.Ack{ChatID: int64(i%10_000 + 1)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReceipt measures what one receipt's detail costs (what /receipts'
// button and `newsbot receipts ID` read) for 10 000 recipients, half of
// whom acknowledged.
func BenchmarkReceipt(b *testing.B) {
	db, job := benchReceipt(b, 10_000)
	ctx := context.Background()
	for i := 1; i <= 5_000; i++ {
		if _, err := db.RecordAck(ctx, job.ID, content.Ack{ChatID: int64(i)}); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		if _, err := db.Receipt(ctx, job.ID); err != nil {
			b.Fatal(err)
		}
	}
}
