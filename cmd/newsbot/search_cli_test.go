package main

import (
	"regexp"
	"strconv"
	"testing"
)

// Ensure that newsbot search prints each hit's relevance, not its ranking
// tier: the article whose title holds every word of the query scores a
// BM25F figure, not a figure in the millions.
func TestCLISearchPrintsRelevance(t *testing.T) {
	h := newHarness(t)
	h.importFixtures()
	h.out = newSyncBuffer()
	if code := h.cli("search", "nong thon moi"); code != 0 {
		t.Fatalf("exit=%d:\n%s", code, h.logs.String())
	}
	out := h.out.String()
	scores := regexp.MustCompile(`score=([0-9.]+)`).FindAllStringSubmatch(out, -1)
	if len(scores) == 0 {
		t.Fatalf("no score printed:\n%s", out)
	}
	for _, m := range scores {
		s, err := strconv.ParseFloat(m[1], 64)
		if err != nil || s <= 0 || s >= 100 {
			t.Errorf("score=%s, want a relevance above 0 and below 100:\n%s", m[1], out)
		}
	}
}
