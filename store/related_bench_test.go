package store_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/store"
)

// BenchmarkRelated100k finds the five articles related to one of the
// 100 000-article database's, a different one each op (the newest first),
// and reports the latency percentiles. NEWSBOT_BENCH_DB may name another
// database file of the current schema to measure instead.
func BenchmarkRelated100k(b *testing.B) {
	path := os.Getenv("NEWSBOT_BENCH_DB")
	if path == "" {
		path = benchDB(b)
	}
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	latest, err := db.Latest(ctx, 500)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Related(ctx, latest[0].ID, 5); err != nil { // warm up
		b.Fatal(err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		got, err := db.Related(ctx, latest[i%len(latest)].ID, 5)
		if err != nil {
			b.Fatal(err)
		}
		if len(got) != 5 {
			b.Fatalf("%d related articles, want 5", len(got))
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	reportPercentiles(b, lat)
}

// BenchmarkStartDigest10k starts a digest run over 10 000 subscribers, half
// of them digest readers, with 50 articles queued since the last run; each
// op is one run (one transaction with fsync, the job's recipients included).
func BenchmarkStartDigest10k(b *testing.B) {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	db, err := store.Open(b.TempDir()+"/d.db", store.Options{Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	subs := make([]content.Subscriber, 10_000)
	for i := range subs {
		subs[i] = content.Subscriber{ChatID: int64(i + 1), Lang: "vi"}
		if i%2 == 0 {
			subs[i].SetDigest(true, now.Add(-time.Hour))
		}
	}
	if _, err := db.SubscribeMany(ctx, subs); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		for k := range 50 {
			now = now.Add(time.Minute)
			if _, err := db.PublishArticle(ctx, article(fmt.Sprintf("Tin %d-%d", i, k), now)); err != nil {
				b.Fatal(err)
			}
		}
		now = now.Add(24 * time.Hour)
		b.StartTimer()
		job, started, err := db.StartDigest(ctx, now, now)
		if err != nil || !started || job.Total != 5_000 {
			b.Fatalf("run: %+v %v %v", job, started, err)
		}
	}
}
