package vi_test

import (
	"strings"
	"testing"

	"newsbot/content"
	"newsbot/content/contenttest"
	"newsbot/content/vi"
)

// fixtureIndex is a naive in-memory index of the relevance fixtures, enough
// to check that each fixture query singles out its article.
type fixtureIndex struct {
	ids []string
	// terms, folded and pairs per article.
	terms, folded, pairs []map[string]bool
}

func newFixtureIndex(articles []content.Article) *fixtureIndex {
	x := &fixtureIndex{}
	for _, a := range articles {
		toks := vi.Tokenize(a.Text())
		terms, folded, pairs := map[string]bool{}, map[string]bool{}, map[string]bool{}
		for _, tk := range toks {
			terms[tk.Term] = true
			folded[tk.Folded] = true
		}
		for _, p := range vi.FoldedPairs(toks) {
			pairs[p] = true
		}
		x.ids = append(x.ids, a.ID)
		x.terms, x.folded, x.pairs = append(x.terms, terms), append(x.folded, folded), append(x.pairs, pairs)
	}
	return x
}

// score returns how well article i matches q, or -1 when it lacks one of q's
// syllables (folded; prefix-matched for the word being typed): two points
// per adjacent pair of the query found in the article, one per syllable,
// one more per accented syllable found with its accents.
func (x *fixtureIndex) score(i int, q vi.Query) int {
	score := 0
	for _, term := range q.Terms {
		tk := term.Token
		if tk.IsCompound() {
			continue
		}
		if !x.folded[i][tk.Folded] && !(term.Prefix && hasPrefixKey(x.folded[i], tk.Folded)) {
			return -1
		}
		score++
		if term.Accented && x.terms[i][tk.Term] {
			score++
		}
	}
	for _, p := range vi.FoldedPairs(q.Tokens()) {
		if x.pairs[i][p] {
			score += 2
		}
	}
	return score
}

func hasPrefixKey(set map[string]bool, prefix string) bool {
	for k := range set {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// TestRelevanceQueriesSingleOutTheirArticle checks the fixtures and the
// analysis together: each query, typed in every contenttest.QueryVariants form, ranks its
// article strictly first under a naive scoring.
func TestRelevanceQueriesSingleOutTheirArticle(t *testing.T) {
	articles, queries, err := contenttest.LoadRelevanceFixtures("../testdata/relevance")
	if err != nil {
		t.Fatal(err)
	}
	x := newFixtureIndex(articles)
	for _, rq := range queries {
		for _, v := range contenttest.QueryVariants(rq.Query) {
			q := vi.ParseQuery(v, 0)
			best, bestScore, runnerUp := "", -1, -1
			for i := range x.ids {
				s := x.score(i, q)
				if s > bestScore {
					best, bestScore, runnerUp = x.ids[i], s, bestScore
				} else if s > runnerUp {
					runnerUp = s
				}
			}
			if best != rq.Want || bestScore == runnerUp {
				t.Errorf("query %q (typed %q): best %q (score %d, runner-up %d), want %q",
					rq.Query, v, best, bestScore, runnerUp, rq.Want)
			}
		}
	}
}

// Ensure that the ranking-rule fixtures (content/testdata/relevance-rules)
// load, have IDs of their own, and that each query matches more than its
// own article, or the search's ranking rules would have nothing to decide:
// several articles hold every word of the query, and the one with all of
// them in its title, the typed accents or the number asked for, or the
// newest of a series, must come first.
func TestRelevanceRulesFixturesLoad(t *testing.T) {
	articles, queries, err := contenttest.LoadRelevanceFixtures("../testdata/relevance-rules")
	if err != nil {
		t.Fatal(err)
	}
	base, _, err := contenttest.LoadRelevanceFixtures("../testdata/relevance")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, a := range base {
		ids[a.ID] = true
	}
	for _, a := range articles {
		if ids[a.ID] {
			t.Errorf("article %q is in both fixture sets", a.ID)
		}
	}
	x := newFixtureIndex(articles)
	for _, rq := range queries {
		matches := 0
		for i := range x.ids {
			if x.score(i, vi.ParseQuery(vi.Fold(rq.Query)+" ", 0)) >= 0 {
				matches++
			}
		}
		if matches < 2 {
			t.Errorf("query %q matches %d articles of the set, want several", rq.Query, matches)
		}
	}
}
