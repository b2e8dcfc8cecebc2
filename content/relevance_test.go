package content

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

const relevanceDir = "testdata/relevance"

// relevanceRulesDir holds the cases that the search's ranking rules decide
// rather than the words alone: several articles hold every word of the
// query, and the one with all of them in its title, the typed accents or
// the number asked for, or the newest of a series, must come first.
const relevanceRulesDir = "testdata/relevance-rules"

// Ensure that the ranking-rule fixtures load, have IDs of their own, and
// that each query matches more than its own article (or the rules would
// have nothing to decide).
func TestRelevanceRulesFixturesLoad(t *testing.T) {
	articles, queries, err := LoadRelevanceFixtures(relevanceRulesDir)
	if err != nil {
		t.Fatal(err)
	}
	base, _, err := LoadRelevanceFixtures(relevanceDir)
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
			if x.score(i, ParseQuery(Fold(rq.Query)+" ", 0)) >= 0 {
				matches++
			}
		}
		if matches < 2 {
			t.Errorf("query %q matches %d articles of the set, want several", rq.Query, matches)
		}
	}
}

func TestRelevanceFixturesLoad(t *testing.T) {
	articles, queries, err := LoadRelevanceFixtures(relevanceDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(articles) < 80 || len(queries) < 40 {
		t.Fatalf("%d articles and %d queries, want at least 80 and 40", len(articles), len(queries))
	}
	ids := make(map[string]bool)
	for _, a := range articles {
		if ids[a.ID] {
			t.Errorf("duplicate id %q", a.ID)
		}
		ids[a.ID] = true
		if a.Lead == "" {
			t.Errorf("article %q has no lead", a.ID)
		}
		if _, offset := a.Published.Zone(); offset != 7*60*60 {
			t.Errorf("article %q is not published at +07:00: %v", a.ID, a.Published)
		}
	}
	decomposed := 0
	for _, a := range articles {
		if !norm.NFC.IsNormalString(a.Title) {
			decomposed++
		}
	}
	if decomposed == 0 {
		t.Error("no fixture article is stored decomposed (NFD), as some exports are")
	}
	for _, q := range queries {
		if !ids[q.Want] {
			t.Errorf("query %q wants unknown article %q", q.Query, q.Want)
		}
	}
}

func TestLoadRelevanceFixturesRejectsBadFixtures(t *testing.T) {
	article := `{"id": "a", "title": "Tin", "body": ["x"], "published": "2024-01-01T08:00:00+07:00", "category": "tin-tuc"}`
	tests := []struct{ name, articles, queries string }{
		{"a duplicate id", "[" + article + "," + article + "]", `[]`},
		{"a query for an unknown article", "[" + article + "]", `[{"query": "tin", "want": "b"}]`},
		{"an unknown field", "[" + strings.Replace(article, `"id"`, `"ID2": 1, "id"`, 1) + "]", `[]`},
		{"an invalid category", "[" + strings.Replace(article, "tin-tuc", "sport", 1) + "]", `[]`},
		{"an empty query", "[" + article + "]", `[{"query": " ", "want": "a"}]`},
	}
	for _, tt := range tests {
		t.Run("it rejects "+tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, RelevanceArticlesFile), tt.articles)
			writeFile(t, filepath.Join(dir, RelevanceQueriesFile), tt.queries)
			if _, _, err := LoadRelevanceFixtures(dir); !errors.Is(err, ErrBadFixture) {
				t.Errorf("err = %v, want ErrBadFixture", err)
			}
		})
	}
	t.Run("it reports a missing directory", func(t *testing.T) {
		_, _, err := LoadRelevanceFixtures(filepath.Join(t.TempDir(), "none"))
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("err = %v, want os.ErrNotExist", err)
		}
	})
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestQueryVariants(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"every variant of a query with oa and y",
			"Kỳ họp Hoằng Hoá",
			[]string{"Kỳ họp Hoằng Hoá", "ky hop hoang hoa", "kỳ họp hoằng hóa", "kì họp hoằng hoá", "Kỳ họp Hoằng Ho"}},
		{"the old style becomes the new style",
			"sức khỏe", []string{"sức khỏe", "suc khoe", "sức khoẻ", "sức khỏ"}},
		{"quý and quí swap",
			"kinh tế quý I", []string{"kinh tế quý I", "kinh te quy i", "kinh tế quí i"}},
		{"a long last word loses two letters",
			"xã Hoằng", []string{"xã Hoằng", "xa hoang", "xã Hoằ"}},
		{"a four-letter last word loses one letter",
			"thanh niên", []string{"thanh niên", "thanh nien", "thanh niê"}},
		{"a short last word is not cut",
			"Đảng bộ", []string{"Đảng bộ", "dang bo"}},
		{"a document number is not cut",
			"57-NQ/TW", []string{"57-NQ/TW"}},
		{"nghị keeps its i",
			"nghị", []string{"nghị", "nghi", "ngh"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := QueryVariants(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("QueryVariants(%q) = %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// fixtureIndex is a naive in-memory index of the relevance fixtures, enough
// to check that each fixture query singles out its article.
type fixtureIndex struct {
	ids []string
	// terms, folded and pairs per article.
	terms, folded, pairs []map[string]bool
}

func newFixtureIndex(articles []Article) *fixtureIndex {
	x := &fixtureIndex{}
	for _, a := range articles {
		toks := Tokenize(a.Text())
		terms, folded, pairs := map[string]bool{}, map[string]bool{}, map[string]bool{}
		for _, tk := range toks {
			terms[tk.Term] = true
			folded[tk.Folded] = true
		}
		for _, p := range FoldedPairs(toks) {
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
func (x *fixtureIndex) score(i int, q Query) int {
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
	for _, p := range FoldedPairs(q.Tokens()) {
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
// analysis together: each query, typed in every QueryVariants form, ranks its
// article strictly first under a naive scoring.
func TestRelevanceQueriesSingleOutTheirArticle(t *testing.T) {
	articles, queries, err := LoadRelevanceFixtures(relevanceDir)
	if err != nil {
		t.Fatal(err)
	}
	x := newFixtureIndex(articles)
	for _, rq := range queries {
		for _, v := range QueryVariants(rq.Query) {
			q := ParseQuery(v, 0)
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
