package contenttest

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// relevanceDir holds the relevance fixtures of this repository.
const relevanceDir = "../testdata/relevance"

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
