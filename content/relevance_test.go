package content_test

import (
	"strings"
	"testing"

	"newsbot/content"
	"newsbot/content/contenttest"
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
		toks := content.Tokenize(a.Text())
		terms, folded, pairs := map[string]bool{}, map[string]bool{}, map[string]bool{}
		for _, tk := range toks {
			terms[tk.Term] = true
			folded[tk.Folded] = true
		}
		for _, p := range content.FoldedPairs(toks) {
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
func (x *fixtureIndex) score(i int, q content.Query) int {
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
	for _, p := range content.FoldedPairs(q.Tokens()) {
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
	articles, queries, err := contenttest.LoadRelevanceFixtures("testdata/relevance")
	if err != nil {
		t.Fatal(err)
	}
	x := newFixtureIndex(articles)
	for _, rq := range queries {
		for _, v := range contenttest.QueryVariants(rq.Query) {
			q := content.ParseQuery(v, 0)
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
