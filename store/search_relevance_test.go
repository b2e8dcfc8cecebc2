package store_test

import (
	"strings"
	"testing"

	"newsbot/content"
	"newsbot/content/contenttest"
)

// Thresholds of the relevance test.
const (
	minMRR10    = 0.90
	minSuccess3 = 0.95
)

// Ensure that each fixture query, typed in every way QueryVariants knows,
// finds its article near the top: MRR@10 and success@3 over all of them.
func TestSearchRelevance(t *testing.T) {
	articles, queries := relevanceFixtures(t)
	db := openTestDB(t)
	publishAll(t, db, articles...)
	titles := map[string]string{}
	for _, a := range articles {
		titles[a.ID] = a.Title
	}
	var n, success3 int
	var rr float64
	perKind := map[string]*[4]float64{} // n, rr sum, success@3, matches
	kinds := []string{"as given", "folded", "respelt", "cut short"}
	for _, q := range queries {
		for _, v := range contenttest.QueryVariants(q.Query) {
			kind := variantKind(q.Query, v)
			res := search(t, db, v, 0, 10)
			rank := 0
			for i, h := range res.Hits {
				if h.Article.ID == q.Want {
					rank = i + 1
					break
				}
			}
			n++
			pv := perKind[kind]
			if pv == nil {
				pv = &[4]float64{}
				perKind[kind] = pv
			}
			pv[0]++
			pv[3] += float64(res.Total)
			if rank > 0 {
				rr += 1 / float64(rank)
				pv[1] += 1 / float64(rank)
			}
			if rank > 0 && rank <= 3 {
				success3++
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
	mrr, s3 := rr/float64(n), float64(success3)/float64(n)
	t.Logf("%d queries in %d forms: MRR@10 %.3f, success@3 %.3f", len(queries), n, mrr, s3)
	for _, k := range kinds {
		if pv := perKind[k]; pv != nil {
			t.Logf("  %-9s %3.0f forms: MRR@10 %.3f, success@3 %.3f, %.1f matches on average (of %d articles)",
				k, pv[0], pv[1]/pv[0], pv[2]/pv[0], pv[3]/pv[0], len(articles))
		}
	}
	if mrr < minMRR10 || s3 < minSuccess3 {
		t.Errorf("MRR@10 %.3f (want ≥ %.2f), success@3 %.3f (want ≥ %.2f)", mrr, minMRR10, s3, minSuccess3)
	}
}

// variantKind names the kind of variant v of query q.
func variantKind(q, v string) string {
	fq, fv := content.Fold(q), content.Fold(v)
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
