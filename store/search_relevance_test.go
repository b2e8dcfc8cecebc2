package store_test

import (
	"context"
	"strings"
	"testing"

	"newsbot/content"
	"newsbot/content/contenttest"
	"newsbot/content/vi"
	"newsbot/store"
)

// Thresholds of the relevance test.
const (
	minMRR10    = 0.90
	minSuccess3 = 0.95
	// minRulesMRR10 is for the ranking-rule cases (relevance-rules), where
	// several articles hold every word.
	minRulesMRR10 = 0.95
)

// relevanceStats sums the ranks of a query set's forms.
type relevanceStats struct {
	n, success3 int
	rr          float64
	// perKind: forms, reciprocal ranks, success@3 and matches, by
	// variantKind.
	perKind map[string]*[4]float64
}

func (r relevanceStats) mrr() float64              { return r.rr / float64(max(r.n, 1)) }
func (r relevanceStats) success() float64          { return float64(r.success3) / float64(max(r.n, 1)) }
func (r relevanceStats) kind(k string) *[4]float64 { return r.perKind[k] }

// measureRelevance types each query in every way QueryVariants knows and
// ranks the wanted article among the first ten, logging the forms where it
// is not first.
func measureRelevance(t testing.TB, db *store.DB, queries []contenttest.RelevanceQuery, titles map[string]string) relevanceStats {
	t.Helper()
	r := relevanceStats{perKind: map[string]*[4]float64{}}
	for _, q := range queries {
		for _, v := range contenttest.QueryVariants(q.Query) {
			kind := variantKind(q.Query, v)
			res, err := db.Search(context.Background(), vi.ParseQuery(v, 0), 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			rank := 0
			for i, h := range res.Hits {
				if h.Article.ID == q.Want {
					rank = i + 1
					break
				}
			}
			r.n++
			pv := r.perKind[kind]
			if pv == nil {
				pv = &[4]float64{}
				r.perKind[kind] = pv
			}
			pv[0]++
			pv[3] += float64(res.Total)
			if rank > 0 {
				r.rr += 1 / float64(rank)
				pv[1] += 1 / float64(rank)
			}
			if rank > 0 && rank <= 3 {
				r.success3++
				pv[2]++
			}
			if rank != 1 {
				var top string
				if len(res.Hits) > 0 {
					top = res.Hits[0].Article.Title
				}
				t.Logf("rank %d for %q (want %q; first %q; %d matches)", rank, v, titles[q.Want], top, res.Total)
			}
		}
	}
	return r
}

// logRelevance logs r, the results of a set of queries over n articles.
func logRelevance(t testing.TB, name string, queries int, r relevanceStats, n int) {
	t.Helper()
	t.Logf("%s: %d queries in %d forms: MRR@10 %.3f, success@3 %.3f", name, queries, r.n, r.mrr(), r.success())
	for _, k := range []string{"as given", "folded", "respelt", "cut short"} {
		if pv := r.kind(k); pv != nil {
			t.Logf("  %-9s %3.0f forms: MRR@10 %.3f, success@3 %.3f, %.1f matches on average (of %d articles)",
				k, pv[0], pv[1]/pv[0], pv[2]/pv[0], pv[3]/pv[0], n)
		}
	}
}

// relevanceCorpus returns both fixture sets' articles, their queries, and
// the titles by ID.
func relevanceCorpus(t testing.TB) (articles []content.Article, base, rules []contenttest.RelevanceQuery, titles map[string]string) {
	articles, base = relevanceFixtures(t)
	ra, rules := relevanceSet(t, "relevance-rules")
	articles = append(articles, ra...)
	titles = map[string]string{}
	for _, a := range articles {
		titles[a.ID] = a.Title
	}
	return articles, base, rules, titles
}

// Ensure that each fixture query, typed in every way QueryVariants knows,
// finds its article near the top: MRR@10 and success@3 over all of them,
// for the queries that single out their article and for those the ranking
// rules decide.
func TestSearchRelevance(t *testing.T) {
	articles, base, rules, titles := relevanceCorpus(t)
	db := openTestDB(t)
	publishAll(t, db, articles...)
	r := measureRelevance(t, db, base, titles)
	logRelevance(t, "words", len(base), r, len(articles))
	if r.mrr() < minMRR10 || r.success() < minSuccess3 {
		t.Errorf("MRR@10 %.3f (want ≥ %.2f), success@3 %.3f (want ≥ %.2f)", r.mrr(), minMRR10, r.success(), minSuccess3)
	}
	rr := measureRelevance(t, db, rules, titles)
	logRelevance(t, "ranking rules", len(rules), rr, len(articles))
	if rr.mrr() < minRulesMRR10 {
		t.Errorf("ranking rules: MRR@10 %.3f (want ≥ %.2f)", rr.mrr(), minRulesMRR10)
	}
}

// BenchmarkSearchRelevance100k is the relevance check at scale: both
// fixture sets' articles are published into a copy of the 100 000-article
// database and merged into the main postings, then every query is typed in
// every QueryVariants form. It reports MRR@10 and success@3 over all the
// forms, and MRR@10 of each set (words-MRR@10, rules-MRR@10); -v logs the
// forms whose article is not first. Run it with -benchtime 1x.
func BenchmarkSearchRelevance100k(b *testing.B) {
	articles, base, rules, titles := relevanceCorpus(b)
	db, err := store.Open(copyBenchDB(b), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	var ps []store.Publication
	for _, a := range articles {
		ps = append(ps, store.Publication{Article: a, Options: store.PublishOptions{Quiet: true}})
	}
	if _, err := db.PublishArticles(ctx, ps); err != nil {
		b.Fatal(err)
	}
	if err := db.MergeSearchTail(ctx); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var r, rr relevanceStats
	for range b.N {
		r = measureRelevance(b, db, base, titles)
		rr = measureRelevance(b, db, rules, titles)
	}
	b.StopTimer()
	all := relevanceStats{n: r.n + rr.n, success3: r.success3 + rr.success3, rr: r.rr + rr.rr}
	logRelevance(b, "words", len(base), r, len(articles)+100_000)
	logRelevance(b, "ranking rules", len(rules), rr, len(articles)+100_000)
	b.ReportMetric(all.mrr(), "MRR@10")
	b.ReportMetric(all.success(), "success@3")
	b.ReportMetric(r.mrr(), "words-MRR@10")
	b.ReportMetric(rr.mrr(), "rules-MRR@10")
}

// variantKind names the kind of variant v of query q.
func variantKind(q, v string) string {
	fq, fv := vi.Fold(q), vi.Fold(v)
	switch {
	case v == q:
		return "as given"
	case v == fq:
		return "folded"
	case len(fv) < len(fq) && strings.HasPrefix(fq, fv):
		return "cut short"
	}
	return "respelt"
}
