package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/content/contenttest"
	"newsbot/store"
)

// benchArchiveFiles is the size of the archive BenchmarkImportArchive
// imports: years of a district portal's articles. NEWSBOT_BENCH_FILES sets
// another size, for a quick look.
const benchArchiveFiles = 100_000

// archiveSize returns the number of files BenchmarkImportArchive imports.
func archiveSize(b *testing.B) int {
	v := os.Getenv("NEWSBOT_BENCH_FILES")
	if v == "" {
		return benchArchiveFiles
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		b.Fatalf("NEWSBOT_BENCH_FILES=%q: want a positive number", v)
	}
	return n
}

// exportText renders a as the portal's plain-text export: banner, title,
// "Đăng lúc" line, lead, body, signature and the page chrome.
func exportText(a content.Article) []byte {
	var b strings.Builder
	b.WriteString("CHÀO MỪNG ĐẠI HỘI ĐẢNG BỘ HUYỆN LẦN THỨ XXV\n\n")
	b.WriteString(a.Title + "\n\n")
	b.WriteString("Đăng lúc: " + a.Published.In(content.VietnamZone()).Format("15:04:05 02/01/2006") + " (GMT+7)\n\n")
	b.WriteString(a.Lead + "\n")
	for _, p := range a.Body {
		b.WriteString(p + "\n")
	}
	b.WriteString(a.Author + "\n\nCác tin khác\nTruy cập\nHôm nay:\n2331\nTất cả:\n1204577\n")
	return []byte(b.String())
}

// writeArchive writes n synthetic articles (contenttest.SyntheticArticle) as
// export files under dir, in one folder per year and month, the way an
// archive is kept.
func writeArchive(tb testing.TB, dir string, n int) {
	tb.Helper()
	workers := runtime.GOMAXPROCS(0)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				a := contenttest.SyntheticArticle(11, i)
				sub := filepath.Join(dir, a.Published.Format("2006"), a.Published.Format("01"))
				data := exportText(a)
				err := os.MkdirAll(sub, 0o700)
				if err == nil {
					err = os.WriteFile(filepath.Join(sub, fmt.Sprintf("tin-%06d.txt", i)), data, 0o600)
				}
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		tb.Fatal(errs[0])
	}
}

// BenchmarkImportArchive measures `newsbot import FOLDER` end to end on an
// archive of benchArchiveFiles export files: files read from disk, parsed,
// stored with their search index entries (quietly: they are years old)
// into a new database, with the CPU time an article took. Run it once per
// count:
//
//	go test ./cmd/newsbot -run '^$' -bench ImportArchive -benchtime 1x -count 5
func BenchmarkImportArchive(b *testing.B) {
	files := archiveSize(b)
	dir := filepath.Join(b.TempDir(), "archive")
	writeArchive(b, dir, files)
	var elapsed, cpu time.Duration
	cpuKnown := true
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), fmt.Sprintf("newsbot-%d.db", i))
		app := &App{Env: func(string) string { return "" }, Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard}
		b.StartTimer()
		start := time.Now()
		cpu0, ok0 := processCPU()
		code := app.Main(context.Background(), []string{"import", "--db", path, dir})
		cpu1, ok1 := processCPU()
		elapsed += time.Since(start)
		cpu += cpu1 - cpu0
		cpuKnown = cpuKnown && ok0 && ok1
		b.StopTimer()
		if code != 0 {
			b.Fatalf("import exit=%d", code)
		}
		db, err := store.Open(path, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		n, err := db.CountArticles(context.Background())
		db.Close()
		if err != nil || n != files {
			b.Fatalf("%d articles stored (err %v), want %d", n, err, files)
		}
	}
	b.ReportMetric(float64(files*b.N)/elapsed.Seconds(), "articles/s")
	if cpuKnown {
		// CPU time an article took, all goroutines together: what the
		// machine's other load changes least.
		b.ReportMetric(float64(cpu.Microseconds())/float64(files*b.N), "cpu-µs/article")
	}
}
