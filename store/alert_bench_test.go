package store_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"newsbot/content"
	"newsbot/content/contenttest"
	"newsbot/store"
)

// The alert benchmarks run on a database holding 100 000 alerts of 20 000
// subscribed people (contenttest.SyntheticAlerts), built once per process and
// copied for each run.
const (
	benchAlerts      = 100_000
	benchAlertPeople = 20_000
)

var (
	alertBenchOnce sync.Once
	alertBenchPath string
	alertBenchErr  error
)

// alertBenchDB returns a fresh copy of the alert benchmark database, open.
func alertBenchDB(b *testing.B) *store.DB {
	b.Helper()
	if testing.Short() {
		b.Skip("skipping the 100 000-alert benchmarks in short mode")
	}
	alertBenchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "newsbot-alert-bench-")
		if err != nil {
			alertBenchErr = err
			return
		}
		alertBenchPath = filepath.Join(dir, "template.db")
		alertBenchErr = buildAlertBenchDB(alertBenchPath)
	})
	if alertBenchErr != nil {
		b.Fatal(alertBenchErr)
	}
	path := filepath.Join(b.TempDir(), "newsbot.db")
	if err := copyFile(alertBenchPath, path); err != nil {
		b.Fatal(err)
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

func buildAlertBenchDB(path string) error {
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	subs := make([]content.Subscriber, benchAlertPeople)
	for i := range subs {
		subs[i] = content.Subscriber{ChatID: int64(i + 1), Lang: "vi",
			Categories: []content.Category{content.CategoryAnnouncement}}
	}
	if _, err := db.SubscribeMany(context.Background(), subs); err != nil {
		return err
	}
	return store.PutAlertsForTest(db, contenttest.SyntheticAlerts(benchAlerts, benchAlertPeople, 1))
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// BenchmarkAddAlert saves one alert (bbolt commit included) in a database
// of 100 000.
func BenchmarkAddAlert(b *testing.B) {
	db := alertBenchDB(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		if _, err := db.AddAlert(ctx, int64(1_000_000+i), fmt.Sprintf("Hoằng Tiến %d", i)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDeleteAlert deletes one alert (bbolt commit included) from a
// database of 100 000.
func BenchmarkDeleteAlert(b *testing.B) {
	db := alertBenchDB(b)
	ctx := context.Background()
	extra := make([]content.Alert, b.N)
	for i := range extra {
		extra[i] = content.Alert{ID: uint64(benchAlerts + 1 + i), ChatID: int64(1_000_000 + i), Text: "nông thôn mới"}
	}
	if err := store.PutAlertsForTest(db, extra); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for _, a := range extra {
		if _, err := db.DeleteAlert(ctx, a.ChatID, a.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPublishWithAlerts publishes one article (announcements only:
// nobody wants its category, so its readers come from alerts alone) into a
// database of 100 000 alerts of 20 000 subscribed people: matching, the
// push job for the people matched and the commit.
func BenchmarkPublishWithAlerts(b *testing.B) {
	db := alertBenchDB(b)
	ctx := context.Background()
	articles := contenttest.SyntheticCorpus(b.N, 11)
	people := 0
	b.ResetTimer()
	for _, a := range articles {
		a.Category = content.CategoryNews
		res, err := db.PublishArticle(ctx, a)
		if err != nil {
			b.Fatal(err)
		}
		people += res.Job.Total
	}
	b.ReportMetric(float64(people)/float64(b.N), "people/op")
}

// BenchmarkOpenWithAlerts opens a database of 100 000 alerts, which loads
// them into the matching index.
func BenchmarkOpenWithAlerts(b *testing.B) {
	path := alertBenchDB(b).Path()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		copyPath := filepath.Join(b.TempDir(), "open.db")
		if err := copyFile(path, copyPath); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		db, err := store.Open(copyPath, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
}
