package store_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/content/contenttest"
	"newsbot/content/vi"
	"newsbot/store"
)

// benchImportArticles is how many articles BenchmarkWriterWait100k
// publishes.
const benchImportArticles = 5000

// BenchmarkWriterWait100k publishes 5 000 articles one by one, as the
// sources do, into a copy of the 100 000-article database, the tail of the
// search index merged every 1 024, while another writer commits small
// writes (the visit total) back to back; it reports the longest and the
// 99th-percentile time one of those writes took (max-wait-ms, p99-wait-ms:
// the wait for the writer's lock and its own commit), the same for the
// publications, and, as a control, for the same writes alone during 5 s
// before (max-alone-ms, p99-alone-ms: the disk's own stalls). Run it with
// -benchtime 1x.
func BenchmarkWriterWait100k(b *testing.B) {
	path := copyBenchDB(b)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.Search(ctx, vi.ParseQuery("đảng", 0), 0, 1); err != nil {
		b.Fatal(err)
	}
	articles := make([]content.Article, benchImportArticles)
	for i := range articles {
		a := contenttest.SyntheticArticle(benchSeed+2, i)
		a.SourceURL = "https://portal.example/nhap/" + strconv.Itoa(i)
		a.ID = a.DeriveID()
		articles[i] = a
	}
	// The control: the same writes for a few seconds with nothing else
	// writing, for the machine's own stalls (fsync).
	var alone []time.Duration
	for t0 := time.Now(); time.Since(t0) < 5*time.Second; {
		t1 := time.Now()
		if err := db.SetVisitsTotal(ctx, 1); err != nil {
			b.Fatal(err)
		}
		alone = append(alone, time.Since(t1))
	}
	var waits, pubs []time.Duration
	b.ResetTimer()
	for range b.N {
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var werr error
		wg.Go(func() {
			for i := int64(0); ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				t0 := time.Now()
				if werr = db.SetVisitsTotal(ctx, i); werr != nil {
					return
				}
				waits = append(waits, time.Since(t0))
			}
		})
		for _, a := range articles {
			t0 := time.Now()
			if _, err := db.PublishArticle(ctx, a); err != nil {
				b.Fatal(err)
			}
			pubs = append(pubs, time.Since(t0))
		}
		close(stop)
		wg.Wait()
		if werr != nil {
			b.Fatal(werr)
		}
	}
	b.StopTimer()
	b.ReportMetric(pct(waits, 100), "max-wait-ms")
	b.ReportMetric(pct(waits, 99), "p99-wait-ms")
	b.ReportMetric(pct(pubs, 100), "max-publish-ms")
	b.ReportMetric(pct(pubs, 50), "p50-publish-ms")
	b.ReportMetric(float64(len(waits)), "writes")
	b.ReportMetric(pct(alone, 100), "max-alone-ms")
	b.ReportMetric(pct(alone, 99), "p99-alone-ms")
}
