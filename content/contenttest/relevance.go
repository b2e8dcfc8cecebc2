package contenttest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"newsbot/content"
	"newsbot/content/vi"
)

// The relevance fixtures are a hand-written corpus of district news and
// queries that must find one article each; search ranking tests load them
// with LoadRelevanceFixtures and type each query in every QueryVariants form.
// content/testdata/relevance holds queries whose words single out their
// article; content/testdata/relevance-rules holds queries that several of
// its articles match in full, where the ranking rules must decide (a title
// holding every word, the typed accents, a number, the newest of a series).

// Relevance fixture file names inside the fixture directory.
const (
	RelevanceArticlesFile = "articles.json"
	RelevanceQueriesFile  = "queries.json"
)

// ErrBadFixture is wrapped by LoadRelevanceFixtures' errors about fixture
// content (as opposed to I/O errors).
var ErrBadFixture = errors.New("contenttest: bad relevance fixture")

// RelevanceQuery is a query of the relevance fixtures and the ID of the one
// article it must rank first.
type RelevanceQuery struct {
	Query string `json:"query"`
	Want  string `json:"want"`
}

// LoadRelevanceFixtures reads the articles and queries of the fixture
// directory dir (content/testdata/relevance in this repository). It fails,
// wrapping ErrBadFixture, when a file has unknown fields, an article has an
// empty or duplicate ID, no title or body, an invalid category or no
// publication time, or a query is empty or wants an unknown article.
func LoadRelevanceFixtures(dir string) ([]content.Article, []RelevanceQuery, error) {
	var articles []content.Article
	if err := readStrictJSON(filepath.Join(dir, RelevanceArticlesFile), &articles); err != nil {
		return nil, nil, err
	}
	var queries []RelevanceQuery
	if err := readStrictJSON(filepath.Join(dir, RelevanceQueriesFile), &queries); err != nil {
		return nil, nil, err
	}
	ids, err := checkFixtureArticles(articles)
	if err != nil {
		return nil, nil, err
	}
	for i, q := range queries {
		if strings.TrimSpace(q.Query) == "" {
			return nil, nil, fmt.Errorf("%w: query %d is empty", ErrBadFixture, i)
		}
		if !ids[q.Want] {
			return nil, nil, fmt.Errorf("%w: query %q wants unknown article %q", ErrBadFixture, q.Query, q.Want)
		}
	}
	return articles, queries, nil
}

// readStrictJSON decodes the JSON file at path into v, refusing unknown
// fields and trailing data.
func readStrictJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrBadFixture, path, err)
	}
	if dec.More() {
		return fmt.Errorf("%w: %s: trailing data", ErrBadFixture, path)
	}
	return nil
}

// checkFixtureArticles validates the fixture articles and returns their IDs.
func checkFixtureArticles(articles []content.Article) (map[string]bool, error) {
	ids := make(map[string]bool, len(articles))
	for i, a := range articles {
		switch {
		case a.ID == "":
			return nil, fmt.Errorf("%w: article %d has no id", ErrBadFixture, i)
		case ids[a.ID]:
			return nil, fmt.Errorf("%w: duplicate article id %q", ErrBadFixture, a.ID)
		case a.Title == "" || len(a.Body) == 0:
			return nil, fmt.Errorf("%w: article %q has no title or body", ErrBadFixture, a.ID)
		case !a.Category.Valid():
			return nil, fmt.Errorf("%w: article %q has category %q", ErrBadFixture, a.ID, a.Category)
		case a.Published.IsZero():
			return nil, fmt.Errorf("%w: article %q has no publication time", ErrBadFixture, a.ID)
		}
		ids[a.ID] = true
	}
	return ids, nil
}

// QueryVariants returns the ways a user may type query q, for ranking
// tests: q as given; folded, without any diacritic; in the other tone style
// (hoà ↔ hòa, thuỷ ↔ thủy); with i and y swapped after a consonant (kỳ ↔ kì,
// quý ↔ quí); and with its last word cut short by one letter (words of 3–4
// letters) or two (longer words), as when the user is still typing. The
// folded and respelt variants are in lower case. Variants that would only
// repeat an earlier one (up to case) are left out, so a query without
// oa/oe/uy or i/y syllables has fewer variants.
func QueryVariants(q string) []string {
	candidates := []string{
		q,
		vi.Fold(q),
		respellSyllables(q, toggleToneStyle),
		respellSyllables(q, swapIY),
		cutLastWord(q),
	}
	seen := make(map[string]bool, len(candidates))
	var out []string
	for _, v := range candidates {
		key := respellSyllables(v, nil)
		if strings.TrimSpace(key) == "" || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, v)
	}
	return out
}

// cutLastWord returns q with the letters of its last word shortened as
// QueryVariants describes, or "" when q does not end with a word of at least
// three letters.
func cutLastWord(q string) string {
	s := strings.TrimRightFunc(norm.NFC.String(q), unicode.IsSpace)
	start := len(s)
	var letters []int // byte offsets of the last word's letters
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:start])
		if !unicode.IsLetter(r) && !unicode.IsMark(r) {
			break
		}
		start -= size
		if unicode.IsLetter(r) {
			letters = append(letters, start)
		}
	}
	n := len(letters)
	if n < 3 {
		return ""
	}
	drop := 1
	if n >= 5 {
		drop = 2
	}
	return s[:letters[drop-1]]
}
