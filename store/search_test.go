package store_test

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/content/contenttest"
	"newsbot/content/vi"
	"newsbot/store"
)

// newsItem returns an article with the given title and body paragraphs.
func newsItem(title string, published time.Time, body ...string) content.Article {
	a := content.Article{Title: title, Lead: "", Body: body, Category: content.CategoryNews, Published: published}
	a.ID = a.DeriveID()
	return a
}

func publishAll(t testing.TB, db *store.DB, as ...content.Article) {
	t.Helper()
	for _, a := range as {
		if _, err := db.PublishArticle(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
}

// search runs query and returns the results.
func search(t testing.TB, db *store.DB, query string, offset, limit int) content.SearchResults {
	t.Helper()
	res, err := db.Search(context.Background(), vi.ParseQuery(query, 0), offset, limit)
	if err != nil {
		t.Fatalf("search %q: %v", query, err)
	}
	return res
}

// hitIDs returns the IDs of the hits.
func hitIDs(res content.SearchResults) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Article.ID)
	}
	return out
}

func TestSearchMatching(t *testing.T) {
	db := openTestDB(t)
	day := fixedNow.AddDate(0, 0, -30)
	dang := newsItem("Hội nghị về đảng năm nay", day, "Nội dung hội nghị được thông qua.")
	dangKy := newsItem("Hội nghị về đăng năm nay", day, "Nội dung hội nghị được thông qua.")
	dangLam := newsItem("Hội nghị về đang năm nay", day, "Nội dung hội nghị được thông qua.")
	online := newsItem("Hội nghị trực tuyến toàn quốc", day.AddDate(0, 0, -1), "Hội nghị được kết nối đến các điểm cầu.")
	danVan := newsItem("Sơ kết công tác dân vận", day.AddDate(0, 0, -2), "Phát huy vai trò công tác dân vận ở cơ sở.")
	vanDan := newsItem("Vận động nhân dân trồng cây", day.AddDate(0, 0, -2), "Vận động được nhiều hộ dân tham gia.")
	reversed := newsItem("Chuyện vận dân ở thôn", day.AddDate(0, 0, -2), "Câu chuyện lạ.")
	nq12 := newsItem("Quán triệt Nghị quyết 12-NQ/TU của Tỉnh uỷ", day.AddDate(0, 0, -3), "Nghị quyết số 12-NQ/TU về phát triển.")
	nq13 := newsItem("Quán triệt Nghị quyết 13-NQ/TU của Tỉnh uỷ", day.AddDate(0, 0, -3), "Nghị quyết số 13-NQ/TU về phát triển, có 12 điều.")
	kh12 := newsItem("Kế hoạch 12/KH-UBND về tiêm chủng", day.AddDate(0, 0, -3), "Thực hiện Kế hoạch số 12/KH-UBND.")
	share3 := newsItem("Lúa xuân đạt năng suất cao", day.AddDate(0, 0, -4), "Vụ lúa xuân năm nay đạt năng suất.")
	share3of5 := newsItem("Năng suất lúa giảm", day.AddDate(0, 0, -4), "Sâu bệnh gây hại.")
	share2of5 := newsItem("Lúa mùa bị sâu", day.AddDate(0, 0, -4), "Vụ lúa mùa gặp khó, năng lực chống chịu thấp.")
	publishAll(t, db, dang, dangKy, dangLam, online, danVan, vanDan, reversed, nq12, nq13, kh12, share3, share3of5, share2of5)

	t.Run("an accented query ranks the exact accents first", func(t *testing.T) {
		res := search(t, db, "Đảng ", 0, 10)
		if got := hitIDs(res); len(got) != 3 || got[0] != dang.ID {
			t.Fatalf("hits=%v, want đảng first of 3", titlesOf(res))
		}
		if res.Hits[0].Score <= res.Hits[1].Score {
			t.Errorf("đảng scores %v, not above %v", res.Hits[0].Score, res.Hits[1].Score)
		}
	})
	t.Run("a hit's score is its relevance, without the ranking tier", func(t *testing.T) {
		res := search(t, db, "Đảng ", 0, 10)
		for i, h := range res.Hits {
			if h.Score <= 0 || h.Score >= 100 {
				t.Errorf("hit %d (%s) scores %v, want a BM25F relevance", i, h.Article.Title, h.Score)
			}
			if i > 0 && h.Rank > res.Hits[i-1].Rank {
				t.Errorf("hit %d ranks above hit %d", i, i-1)
			}
		}
		if res.Hits[0].Rank < 1e6 {
			t.Errorf("the whole title match ranks %v, want its tier in the rank", res.Hits[0].Rank)
		}
	})
	t.Run("an unaccented query treats all accents alike", func(t *testing.T) {
		res := search(t, db, "dang ", 0, 10)
		if len(res.Hits) != 3 || res.Total != 3 {
			t.Fatalf("total=%d hits=%v", res.Total, titlesOf(res))
		}
		if res.Hits[0].Score != res.Hits[2].Score {
			t.Errorf("scores differ: %v %v %v", res.Hits[0].Score, res.Hits[1].Score, res.Hits[2].Score)
		}
	})
	t.Run("the last word being typed matches as a prefix", func(t *testing.T) {
		for _, q := range []string{"hội nghị trực tuy", "hoi nghi truc tuy", "trực tuy", "trực tuyến"} {
			if got := hitIDs(search(t, db, q, 0, 10)); len(got) == 0 || got[0] != online.ID {
				t.Errorf("%q: hits=%v, want %q first", q, got, online.Title)
			}
		}
		if res := search(t, db, "trực tuy ", 0, 10); res.Total != 0 {
			t.Errorf("a finished word matched as a prefix: %v", titlesOf(res))
		}
	})
	t.Run("a quoted phrase must appear in order", func(t *testing.T) {
		res := search(t, db, `"dân vận"`, 0, 10)
		if got := hitIDs(res); !slices.Equal(got, []string{danVan.ID}) || res.Total != 1 {
			t.Fatalf("total=%d hits=%v, want only %q", res.Total, titlesOf(res), danVan.Title)
		}
		res = search(t, db, `"vận dân"`, 0, 10)
		if got := hitIDs(res); !slices.Equal(got, []string{reversed.ID}) {
			t.Fatalf("hits=%v, want only %q", titlesOf(res), reversed.Title)
		}
	})
	t.Run("adjacent words rank above scattered ones", func(t *testing.T) {
		res := search(t, db, "dân vận", 0, 10)
		got := hitIDs(res)
		if len(got) < 3 || got[0] != danVan.ID {
			t.Fatalf("hits=%v, want %q first", titlesOf(res), danVan.Title)
		}
		if !slices.Contains(got, vanDan.ID) {
			t.Errorf("hits=%v lack %q", titlesOf(res), vanDan.Title)
		}
	})
	t.Run("a share of the words must match", func(t *testing.T) {
		// Five words: three are needed.
		res := search(t, db, "lúa xuân năng suất cao ", 0, 10)
		if got := hitIDs(res); !slices.Equal(got, []string{share3.ID, share3of5.ID}) {
			t.Errorf("hits=%v, want %q then %q", titlesOf(res), share3.Title, share3of5.Title)
		}
		// Two words: both are needed.
		if res := search(t, db, "lúa xuân ", 0, 10); !slices.Equal(hitIDs(res), []string{share3.ID}) {
			t.Errorf("hits=%v, want only %q", titlesOf(res), share3.Title)
		}
	})
	t.Run("document numbers are findable", func(t *testing.T) {
		for _, q := range []string{"12-NQ/TU", "12-nq/tu ", "nghị quyết 12-NQ/TU", "12-NQ/T"} {
			res := search(t, db, q, 0, 10)
			if got := hitIDs(res); len(got) == 0 || got[0] != nq12.ID {
				t.Errorf("%q: hits=%v, want %q first", q, titlesOf(res), nq12.Title)
			}
		}
		if got := hitIDs(search(t, db, "12/KH-UBND", 0, 10)); len(got) == 0 || got[0] != kh12.ID {
			t.Errorf("hits=%v, want %q first", got, kh12.Title)
		}
	})
	t.Run("an empty query finds nothing", func(t *testing.T) {
		for _, q := range []string{"", "   ", `""`, "!!! ---"} {
			if res := search(t, db, q, 0, 10); res.Total != 0 || len(res.Hits) != 0 {
				t.Errorf("%q: %+v", q, res)
			}
		}
	})
	t.Run("pages follow one another", func(t *testing.T) {
		all := hitIDs(search(t, db, "hội nghị", 0, 10))
		if len(all) < 4 {
			t.Fatalf("hits=%v", all)
		}
		var paged []string
		for off := 0; off < len(all); off += 2 {
			paged = append(paged, hitIDs(search(t, db, "hội nghị", off, 2))...)
		}
		if !slices.Equal(paged, all) {
			t.Errorf("paged=%v, want %v", paged, all)
		}
		if res := search(t, db, "hội nghị", 0, 0); res.Total != len(all) || len(res.Hits) != 0 {
			t.Errorf("limit 0: total=%d hits=%d", res.Total, len(res.Hits))
		}
	})
}

func titlesOf(res content.SearchResults) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, fmt.Sprintf("%s (%.3f)", h.Article.Title, h.Score))
	}
	return out
}

// Ensure that among equally good matches the newer article comes first.
func TestSearchFreshnessBreaksTies(t *testing.T) {
	db := openTestDB(t)
	var as []content.Article
	for i, days := range []int{-400, -3, -40, -3000} {
		a := newsItem("Thu hoạch lúa xuân", fixedNow.AddDate(0, 0, days), "Bà con thu hoạch lúa.")
		a.SourceURL = fmt.Sprintf("https://portal.example/tin/%d", i)
		a.ID = a.DeriveID()
		as = append(as, a)
	}
	// Same day, same text: the later hour wins.
	for i, h := range []int{8, 10} {
		a := newsItem("Thu hoạch lúa xuân", fixedNow.AddDate(0, 0, -5000).Add(time.Duration(h)*time.Hour), "Bà con thu hoạch lúa.")
		a.SourceURL = fmt.Sprintf("https://portal.example/cu/%d", i)
		a.ID = a.DeriveID()
		as = append(as, a)
	}
	publishAll(t, db, as...)
	res := search(t, db, "thu hoạch lúa", 0, 10)
	want := []string{as[1].ID, as[2].ID, as[0].ID, as[3].ID, as[5].ID, as[4].ID}
	if got := hitIDs(res); !slices.Equal(got, want) {
		t.Fatalf("order=%v, want newest first", got)
	}
	for i := 1; i < len(res.Hits); i++ {
		if res.Hits[i].Rank > res.Hits[i-1].Rank {
			t.Errorf("hit %d ranks above hit %d", i, i-1)
		}
	}
}

// Ensure that among the articles whose title holds every word of the query,
// one whose text is about the query comes before a shorter, newer title
// whose long text names it once in passing; and that the members of a
// series, whose texts are about it at different lengths, stay tied on it:
// newest first, or the one whose year the query names. Both ways of
// choosing the best matches are checked: the title postings alone (a page
// of one) and the windows (a page of ten, more than the title matches).
func TestSearchTitleMatchWhoseTextIsAboutTheQuery(t *testing.T) {
	db := openTestDB(t)
	filler := strings.Repeat("Ủy ban nhân dân xã kiểm tra tiến độ thu ngân sách và làm đường liên thôn trong quý. ", 25)
	passing := newsItem("Thực hiện phòng chống ma túy", fixedNow.Add(-time.Hour),
		filler, "Xã cũng nhắc đến công tác phòng chống ma túy.", filler)
	about := newsItem("Mít tinh hưởng ứng Ngày quốc tế phòng, chống ma túy", fixedNow.AddDate(0, 0, -30),
		"Huyện tổ chức mít tinh hưởng ứng Ngày quốc tế phòng, chống ma túy.",
		"Công an huyện tuyên truyền về tác hại của ma túy; phòng, chống ma túy là nhiệm vụ của cả hệ thống chính trị.")
	lead := "Hội Khuyến học huyện tổng kết công tác khuyến học, khuyến tài năm "
	series := []content.Article{
		newsItem("Tổng kết công tác khuyến học năm 2023", fixedNow.AddDate(-1, 0, 0), lead+"2023.", "Quỹ khuyến học tăng."),
		newsItem("Tổng kết công tác khuyến học năm 2024", fixedNow.AddDate(0, 0, -10), lead+"2024.",
			"Quỹ khuyến học tăng.", strings.Repeat("Các chi hội trao quà cho học sinh vượt khó ở các thôn. ", 12)),
	}
	publishAll(t, db, passing, about, series[0], series[1])
	for _, tc := range []struct {
		query string
		first content.Article
	}{
		{"phòng chống ma túy", about},
		{"phong chong ma tuy", about},
		{"phòng chống ma tú", about},
		{"tổng kết công tác khuyến học", series[1]},
		{"khuyến học 2023", series[0]},
		{"khuyen hoc 2024", series[1]},
	} {
		for _, limit := range []int{1, 10} {
			res := search(t, db, tc.query, 0, limit)
			if got := hitIDs(res); len(got) == 0 || got[0] != tc.first.ID {
				t.Errorf("%q, page of %d: hits=%v, want %q first", tc.query, limit, titlesOf(res), tc.first.Title)
			}
		}
	}
}

// Ensure that the accents typed on the word being typed count as on the
// others: "cử tri Hoằng Thắ" ranks Hoằng Thắng above the newer Hoằng Thái,
// whose folded form completes "thắ" as well; unaccented, the newer first.
func TestSearchAccentedWordBeingTyped(t *testing.T) {
	db := openTestDB(t)
	thang := newsItem("Tiếp xúc cử tri xã Hoằng Thắng", fixedNow.Add(-48*time.Hour), "Cử tri nêu kiến nghị.")
	thai := newsItem("Tiếp xúc cử tri xã Hoằng Thái", fixedNow.Add(-time.Hour), "Cử tri nêu kiến nghị.")
	publishAll(t, db, thang, thai)
	for q, first := range map[string]content.Article{"cử tri Hoằng Thắ": thang, "cu tri hoang tha": thai} {
		res := search(t, db, q, 0, 10)
		if got := hitIDs(res); len(got) != 2 || got[0] != first.ID {
			t.Errorf("%q: hits=%v, want %q first", q, titlesOf(res), first.Title)
		}
	}
}

// Ensure that publishing an article twice indexes it once.
func TestSearchRepublishDoesNotDuplicate(t *testing.T) {
	db := openTestDB(t)
	a := newsItem("Khánh thành cầu Lạch Trường", fixedNow, "Cầu Lạch Trường nối hai bờ.")
	publishAll(t, db, a, a, a)
	res := search(t, db, "cầu Lạch Trường", 0, 10)
	if res.Total != 1 || len(res.Hits) != 1 {
		t.Fatalf("total=%d hits=%v", res.Total, titlesOf(res))
	}
	before := res.Hits[0].Score
	if err := db.Reindex(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	res = search(t, db, "cầu Lạch Trường", 0, 10)
	if res.Total != 1 || res.Hits[0].Score != before {
		t.Fatalf("after reindex: total=%d score=%v, want 1 and %v", res.Total, res.Hits[0].Score, before)
	}
}

// relevanceFixtures loads the hand-written corpus and its queries.
func relevanceFixtures(t testing.TB) ([]content.Article, []contenttest.RelevanceQuery) {
	t.Helper()
	return relevanceSet(t, "relevance")
}

// relevanceSet loads the fixture set of content/testdata/name.
func relevanceSet(t testing.TB, name string) ([]content.Article, []contenttest.RelevanceQuery) {
	t.Helper()
	articles, queries, err := contenttest.LoadRelevanceFixtures(filepath.Join("..", "content", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return articles, queries
}

// fixtureQueries returns every query of the fixtures in every variant,
// plus a few more forms.
func fixtureQueries(queries []contenttest.RelevanceQuery) []string {
	var out []string
	for _, q := range queries {
		out = append(out, contenttest.QueryVariants(q.Query)...)
	}
	return append(out, `"dân vận"`, `"công tác" huyện`, "12-NQ/TU", "57-NQ/T", "hoi nghi truc tuy", "Đảng", "dang", "đăng ký ")
}

// snapshot returns the results of every query, for comparison.
func snapshot(t testing.TB, db *store.DB, queries []string) []string {
	t.Helper()
	var out []string
	for _, q := range queries {
		res := search(t, db, q, 0, 20)
		s := fmt.Sprintf("%q total=%d:", q, res.Total)
		for _, h := range res.Hits {
			s += fmt.Sprintf(" %s=%v", h.Article.ID, h.Score)
		}
		out = append(out, s)
	}
	return out
}

func diffSnapshots(t *testing.T, name string, got, want []string) {
	t.Helper()
	bad := 0
	for i := range want {
		if got[i] != want[i] {
			bad++
			if bad <= 3 {
				t.Errorf("%s:\n got %s\nwant %s", name, got[i], want[i])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d queries differ", name, bad, len(want))
	}
}

// Ensure that the index gives the same results however it was built: in the
// tail only, merged often, rebuilt, and reloaded from the file.
func TestSearchReindexMatchesIncremental(t *testing.T) {
	articles, queries := relevanceFixtures(t)
	qs := fixtureQueries(queries)

	tailOnly := openTestDB(t)
	publishAll(t, tailOnly, articles...)
	want := snapshot(t, tailOnly, qs)

	merged := openTestDB(t)
	store.SetSearchTailMax(merged, 7)
	publishAll(t, merged, articles...)
	diffSnapshots(t, "merged every 7 articles", snapshot(t, merged, qs), want)

	var calls, last int
	if err := tailOnly.Reindex(context.Background(), func(done, total int) {
		calls++
		if done < last || total != len(articles) {
			t.Errorf("progress(%d, %d) after %d", done, total, last)
		}
		last = done
	}); err != nil {
		t.Fatal(err)
	}
	if calls == 0 || last != len(articles) {
		t.Errorf("progress: %d calls, last %d", calls, last)
	}
	diffSnapshots(t, "reindexed", snapshot(t, tailOnly, qs), want)

	path := merged.Path()
	if err := merged.Close(); err != nil {
		t.Fatal(err)
	}
	reopened, err := store.Open(path, store.Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	diffSnapshots(t, "reopened", snapshot(t, reopened, qs), want)
	ro := readOnlyCopy(t, reopened)
	diffSnapshots(t, "read-only", snapshot(t, ro, qs), want)
}

// readOnlyCopy closes db and reopens its file read-only.
func readOnlyCopy(t *testing.T, db *store.DB) *store.DB {
	t.Helper()
	path := db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := store.Open(path, store.Options{ReadOnly: true, Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ro.Close() })
	return ro
}

// Ensure that a deleted article leaves the results, whether it was in the
// tail or merged, and that nothing of it is left in the index.
func TestDeleteArticleRemovesItFromSearch(t *testing.T) {
	ctx := context.Background()
	articles, queries := relevanceFixtures(t)
	qs := fixtureQueries(queries)
	db := openTestDB(t)
	store.SetSearchTailMax(db, 40)
	publishAll(t, db, articles...) // two merges, 6 in the tail
	for _, q := range queries[:3] {
		if got := hitIDs(search(t, db, q.Query, 0, 10)); len(got) == 0 || got[0] != q.Want {
			t.Fatalf("%q: hits=%v before delete", q.Query, got)
		}
	}
	removed := map[string]bool{}
	for _, q := range []contenttest.RelevanceQuery{queries[0], queries[1], queries[len(queries)-1]} {
		before := search(t, db, q.Query, 0, 100).Total
		del, err := db.DeleteArticle(ctx, q.Want, 0)
		if err != nil || del.Article.ID != q.Want {
			t.Fatalf("delete %s: deleted %q err=%v", q.Want, del.Article.ID, err)
		}
		removed[q.Want] = true
		res := search(t, db, q.Query, 0, 100)
		if slices.Contains(hitIDs(res), q.Want) || res.Total != before-1 {
			t.Errorf("%q after delete: total=%d (was %d) hits=%v", q.Query, res.Total, before, hitIDs(res))
		}
		if _, err := db.Article(ctx, q.Want); err == nil {
			t.Errorf("article %s still stored", q.Want)
		}
	}
	if _, err := db.DeleteArticle(ctx, "no-such-article", 0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown: err=%v, want ErrNotFound", err)
	}
	// What is left equals a fresh index of the remaining articles.
	got := snapshot(t, db, qs)
	fresh := openTestDB(t)
	for _, a := range articles {
		if !removed[a.ID] {
			publishAll(t, fresh, a)
		}
	}
	diffSnapshots(t, "after deletes vs fresh", got, snapshot(t, fresh, qs))
	if err := db.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	diffSnapshots(t, "after deletes vs reindexed", got, snapshot(t, db, qs))
	// Publishing a deleted article again stores nothing.
	for _, a := range articles {
		if a.ID == queries[0].Want {
			if res, err := db.PublishArticle(ctx, a); err != nil || res.Created {
				t.Fatalf("republished: created=%v err=%v", res.Created, err)
			}
		}
	}
	if got := hitIDs(search(t, db, queries[0].Query, 0, 10)); slices.Contains(got, queries[0].Want) {
		t.Errorf("republished: hits=%v", got)
	}
}

// Ensure that searches run safely while articles are published, deleted
// and merged, and the index is rebuilt.
func TestSearchConcurrentWithWrites(t *testing.T) {
	ctx := context.Background()
	articles, queries := relevanceFixtures(t)
	db := openTestDB(t)
	store.SetSearchTailMax(db, 10)
	publishAll(t, db, articles[:20]...)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range 3 {
		wg.Go(func() {
			for i := w; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				q := queries[i%len(queries)].Query
				if _, err := db.Search(ctx, vi.ParseQuery(q, 0), 0, 5); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	for i, a := range articles[20:] {
		publishAll(t, db, a)
		if i%9 == 0 {
			if _, err := db.DeleteArticle(ctx, articles[i].ID, 0); err != nil {
				t.Error(err)
			}
		}
		if i == 30 {
			if err := db.Reindex(ctx, nil); err != nil {
				t.Error(err)
			}
		}
	}
	close(stop)
	wg.Wait()
}

// Ensure that a database of schema 1 gets its articles indexed when opened.
func TestMigrationIndexesStoredArticles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "newsbot.db")
	articles, queries := relevanceFixtures(t)
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		for _, name := range []string{"meta", "articles", "articles_by_time", "articles_by_url",
			"subscribers", "admins", "jobs", "jobs_open"} {
			if _, err := tx.CreateBucket([]byte(name)); err != nil {
				return err
			}
		}
		for _, a := range articles {
			v, _ := json.Marshal(a)
			if err := tx.Bucket([]byte("articles")).Put([]byte(a.ID), v); err != nil {
				return err
			}
			k := binary.BigEndian.AppendUint64(nil, uint64(a.Published.Unix())+1<<63)
			if err := tx.Bucket([]byte("articles_by_time")).Put(append(k, a.ID...), nil); err != nil {
				return err
			}
		}
		return tx.Bucket([]byte("meta")).Put([]byte("schema_version"), binary.BigEndian.AppendUint64(nil, 1))
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(path, store.Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, _ := db.StoredSchemaVersion(); v != store.SchemaVersion() {
		t.Fatalf("schema %d, want %d", v, store.SchemaVersion())
	}
	for _, q := range queries[:5] {
		if got := hitIDs(search(t, db, q.Query, 0, 3)); len(got) == 0 || got[0] != q.Want {
			t.Errorf("%q: hits=%v, want %s first", q.Query, got, q.Want)
		}
	}
}

// Ensure that Reindex stops when its context is cancelled, leaving the old
// index in place.
func TestReindexCancelled(t *testing.T) {
	articles, queries := relevanceFixtures(t)
	db := openTestDB(t)
	publishAll(t, db, articles...)
	want := snapshot(t, db, fixtureQueries(queries[:5]))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := db.Reindex(ctx, nil); err == nil {
		t.Fatal("reindex with a cancelled context succeeded")
	}
	if !reflect.DeepEqual(snapshot(t, db, fixtureQueries(queries[:5])), want) {
		t.Error("results changed")
	}
}

// FuzzSearch checks that no query makes Search fail or panic.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"Đảng", "dân vận", `"dân vận" khéo`, "12-NQ/T", "hội nghị trực tuy", `"`, "“5 không, 3 sạch”",
		"a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh ii jj kk ll mm nn oo pp qq rr ss tt uu vv ww xx yy zz",
		"\xff\xfe", "x-1/2-3/4-5/6-7/8-9", "t", `"a`} {
		f.Add(s, 0, 10)
	}
	articles, _ := relevanceFixtures(f)
	path := filepath.Join(f.TempDir(), "fuzz.db")
	fdb, err := store.Open(path, store.Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { fdb.Close() })
	store.SetSearchTailMax(fdb, 30)
	publishAll(f, fdb, articles[:40]...)
	f.Fuzz(func(t *testing.T, s string, offset, limit int) {
		offset, limit = offset%1000, limit%1000
		res, err := fdb.Search(context.Background(), vi.ParseQuery(s, 0), offset, limit)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if len(res.Hits) > max(limit, 0) || res.Total < 0 {
			t.Fatalf("%q: total=%d hits=%d", s, res.Total, len(res.Hits))
		}
	})
}

// Ensure that a quoted phrase of three words or more matches only where
// its words stand in a row, in the title or in the text, whatever the
// accents, and with its last word being typed as a prefix: holding each of
// its pairs somewhere is not enough.
func TestSearchLongPhraseIsVerified(t *testing.T) {
	db := openTestDB(t)
	day := fixedNow.AddDate(0, 0, -10)
	inTitle := newsItem("Nhân rộng mô hình dân vận khéo", day, "Các xã đăng ký mô hình mới.")
	inText := newsItem("Sơ kết sáu tháng", day.AddDate(0, 0, -1), "Toàn huyện có 412 mô hình Dân vận khéo.")
	pairsOnly := newsItem("Dân vận ở cơ sở", day.AddDate(0, 0, -2), "Công tác vận khéo léo với dân vận động.")
	publishAll(t, db, inTitle, inText, pairsOnly)
	for _, q := range []string{`"dân vận khéo"`, `"dan van kheo"`, `"dân vận khé`} {
		res := search(t, db, q, 0, 10)
		got := hitIDs(res)
		slices.Sort(got)
		want := []string{inTitle.ID, inText.ID}
		slices.Sort(want)
		if !slices.Equal(got, want) || res.Total != 2 {
			t.Errorf("%s: total=%d hits=%v, want %q and %q only", q, res.Total, titlesOf(res), inTitle.Title, inText.Title)
		}
	}
}
