package store_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/content/contenttest"
	"newsbot/content/vi"
	"newsbot/store"
)

// The benchmark database: contenttest.SyntheticCorpus(benchArticles, benchSeed),
// built once and cached under os.TempDir, keyed by corpus, schema and
// index format, so that re-runs are quick. Delete the folder to rebuild it.
const (
	benchArticles = 100_000
	benchSeed     = 20260312
	// benchFormat names the index format; change it when the index changes.
	benchFormat = "f6"
)

var (
	benchOnce sync.Once
	benchPath string
	benchErr  error
)

// benchDB returns the path of the cached benchmark database, building it
// when missing.
func benchDB(b *testing.B) string {
	b.Helper()
	if testing.Short() {
		b.Skip("skipping the 100 000-article benchmarks in short mode")
	}
	benchOnce.Do(func() {
		dir := filepath.Join(os.TempDir(), fmt.Sprintf("newsbot-search-bench-%d-%d-s%d-%s",
			benchArticles, benchSeed, store.SchemaVersion(), benchFormat))
		benchPath = filepath.Join(dir, "newsbot.db")
		if _, err := os.Stat(filepath.Join(dir, "done")); err == nil {
			return
		}
		benchErr = buildBenchDB(dir, benchPath)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchPath
}

func buildBenchDB(dir, path string) error {
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	start := time.Now()
	corpus := contenttest.SyntheticCorpus(benchArticles, benchSeed)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := store.PutArticlesUnindexed(db, corpus); err != nil {
		return err
	}
	stored := time.Since(start)
	if err := db.Reindex(context.Background(), nil); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "built %s: corpus and articles %v, index %v\n", path, stored.Round(time.Millisecond), (time.Since(start) - stored).Round(time.Millisecond))
	if err := db.Close(); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "done"), nil, 0o600)
}

// benchQueries is the mixed query set: what people type, words from the
// synthetic corpus's vocabulary.
var benchQueries = []string{
	// One word.
	"đảng", "tôm", "OCOP", "thuỷ", "dang", "hoằng",
	// Two to five words.
	"nông thôn mới", "dân vận khéo", "cải cách hành chính", "an toàn thực phẩm",
	"phòng chống thiên tai", "tiếp xúc cử tri xã Hoằng Tiến", "kế hoạch thu ngân sách năm 2024",
	"giảm nghèo bền vững", "chuyển đổi số",
	// Without accents.
	"nong thon moi", "dan van kheo", "cai cach hanh chinh", "tiep xuc cu tri hoang tien", "phong chong thien tai",
	// Being typed.
	"hội nghị trực tuy", "chuyển đổi s", "nông thôn m", "dịch vụ công trực tuy", "bảo hiểm y t",
	// Phrases.
	`"dân vận khéo"`, `"nông thôn mới" Hoằng Hải`, `"đời sống văn hoá"`,
	// Document numbers.
	"12-NQ/TU", "Kế hoạch 112/KH-UBND", "57-NQ/T",
}

// benchLongQueries are queries of 6–9 syllables, as people paste titles;
// the benchmark types each in every way benchVariants knows.
var benchLongQueries = []string{
	"hội nghị trực tuyến toàn quốc dân vận",
	"nghị quyết xã Hoằng Đông về nông thôn mới",
	"triển khai an sinh xã hội nhiệm kỳ 2020",
	"đẩy mạnh nuôi trồng thủy sản đầu năm",
	"cơ giới hoá chính sách người có công",
	"tuyên truyền công tác thi đua giai đoạn 2021",
	"chủ động bảo hiểm y tế trong dân vận khéo",
	"quản lý đất đai dịch vụ công trực tuyến",
	"sơ kết cải cách hành chính xã Hoằng Quỳ",
	"tăng cường khiếu nại tố cáo xã Hoằng Trung",
	"học tập an sinh xã hội đời sống văn hoá",
}

// benchVariants returns the forms of q a person may type: as given,
// without accents, in the other tone style, with i/y swapped, and with the
// last word cut short, both with and without accents.
func benchVariants(q string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range append(contenttest.QueryVariants(q), contenttest.QueryVariants(vi.Fold(q))...) {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// benchQuerySet returns the mixed query set and, for each query, whether
// it is one of the long ones.
func benchQuerySet() ([]string, []bool) {
	qs := slices.Clone(benchQueries)
	long := make([]bool, len(qs))
	for _, q := range benchLongQueries {
		for _, v := range benchVariants(q) {
			qs = append(qs, v)
			long = append(long, true)
		}
	}
	return qs, long
}

// BenchmarkSearch100k runs the mixed query set (benchQuerySet: short
// queries and the long ones in every typing variant) over and over on the
// 100 000-article database, one query per op, after one warm-up search of
// each, and reports the latency percentiles over all ops, and over the
// long queries' ops (long-p50-ms, long-p99-ms), and the CPU time per op
// (cpu-ms/op, both cores counted).
func BenchmarkSearch100k(b *testing.B) {
	path := benchDB(b)
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	texts, long := benchQuerySet()
	qs := make([]vi.Query, len(texts))
	for i, s := range texts {
		qs[i] = vi.ParseQuery(s, 0)
		// Warm up: load the state, fault the pages in.
		if _, err := db.Search(ctx, qs[i], 0, 10); err != nil {
			b.Fatal(err)
		}
	}
	lat := make([]time.Duration, 0, b.N)
	var longLat []time.Duration
	perQuery := make([][]time.Duration, len(qs))
	cpu0 := cpuTime(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		qi := i % len(qs)
		t0 := time.Now()
		if _, err := db.Search(ctx, qs[qi], 0, 10); err != nil {
			b.Fatal(err)
		}
		d := time.Since(t0)
		lat = append(lat, d)
		if long[qi] {
			longLat = append(longLat, d)
		}
		perQuery[qi] = append(perQuery[qi], d)
	}
	b.StopTimer()
	reportPercentiles(b, lat)
	b.ReportMetric(float64(cpuTime(b)-cpu0)/1e6/float64(b.N), "cpu-ms/op")
	b.ReportMetric(pct(longLat, 50), "long-p50-ms")
	b.ReportMetric(pct(longLat, 99), "long-p99-ms")
	if testing.Verbose() && b.N >= 10*len(qs) {
		for i, l := range perQuery {
			res, _ := db.Search(ctx, qs[i], 0, 10)
			b.Logf("%-50q p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms %6d matches", texts[i], pct(l, 50), pct(l, 99), pct(l, 100), res.Total)
		}
	}
}

// cpuTime returns the CPU time the process has used, user and system: what
// the queries cost whatever else runs on the machine.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// pct returns the p-th percentile of ds in milliseconds.
func pct(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(float64(len(s))*p/100+0.5) - 1
	return float64(s[min(max(i, 0), len(s)-1)]) / 1e6
}

func reportPercentiles(b *testing.B, ds []time.Duration) {
	b.ReportMetric(pct(ds, 50), "p50-ms")
	b.ReportMetric(pct(ds, 99), "p99-ms")
	b.ReportMetric(pct(ds, 100), "max-ms")
}

// copyBenchDB copies the benchmark database into a temporary folder.
func copyBenchDB(b *testing.B) string {
	src := benchDB(b)
	dst := filepath.Join(b.TempDir(), "newsbot.db")
	in, err := os.Open(src)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
	return dst
}

// BenchmarkPublish100k adds articles one by one to a copy of the
// 100 000-article database, each in its own transaction with fsync, as
// PublishArticle does. Every tailMax (1024) articles, a publication also
// merges the tail into the main postings: run at least 1024 ops (e.g.
// -benchtime 2048x) for the amortised cost. It reports the per-article
// latency percentiles.
func BenchmarkPublish100k(b *testing.B) {
	path := copyBenchDB(b)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	// Load the search state first, as a running bot has.
	if _, err := db.Search(ctx, vi.ParseQuery("đảng", 0), 0, 1); err != nil {
		b.Fatal(err)
	}
	articles := make([]content.Article, b.N)
	for i := range articles {
		a := contenttest.SyntheticArticle(benchSeed+1, i)
		a.SourceURL = "https://portal.example/moi/" + strconv.Itoa(i)
		a.Published = time.Now().Add(time.Duration(i-b.N) * time.Minute)
		a.ID = a.DeriveID()
		articles[i] = a
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := db.PublishArticle(ctx, articles[i]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	reportPercentiles(b, lat)
	res, err := db.Search(ctx, vi.ParseQuery(articles[b.N-1].Title, 0), 0, 1)
	if err != nil || len(res.Hits) == 0 {
		b.Fatalf("the last article is not found: %v", err)
	}
}

// BenchmarkReindex100k rebuilds the index of the 100 000-article database.
func BenchmarkReindex100k(b *testing.B) {
	path := copyBenchDB(b)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := db.Reindex(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchArticles)*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkIndexSize100k reports the size of the index of the
// 100 000-article database against the size of the articles' raw text
// (title, lead and body, UTF-8). It measures nothing per op.
func BenchmarkIndexSize100k(b *testing.B) {
	path := benchDB(b)
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	sizes, err := store.IndexSizes(db)
	if err != nil {
		b.Fatal(err)
	}
	var alloc, inuse int64
	names := make([]string, 0, len(sizes))
	for name, s := range sizes {
		alloc += s[0]
		inuse += s[1]
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		b.Logf("%-16s %8.1f MB allocated, %8.1f MB in use", name, float64(sizes[name][0])/1e6, float64(sizes[name][1])/1e6)
	}
	raw := int64(0)
	for i := range benchArticles {
		a := contenttest.SyntheticArticle(benchSeed, i)
		raw += int64(len(a.Title) + len(a.Lead))
		for _, p := range a.Body {
			raw += int64(len(p))
		}
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(alloc)/1e6, "index-MB")
	b.ReportMetric(float64(inuse)/1e6, "index-inuse-MB")
	b.ReportMetric(float64(raw)/1e6, "rawtext-MB")
	b.ReportMetric(float64(alloc)/float64(raw), "index/raw")
	b.ReportMetric(float64(fi.Size())/1e6, "file-MB")
}
