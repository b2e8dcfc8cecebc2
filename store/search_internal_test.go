package store

import (
	"slices"
	"testing"

	"newsbot/content"
)

// Ensure that the analyzer's pairs are content.FoldedPairs' and its
// syllables content.Tokenize's.
func TestAnalyzerAgreesWithContent(t *testing.T) {
	articles := content.SyntheticCorpus(50, 1)
	articles = append(articles, content.Article{Title: "Nghị quyết 12-NQ/TU, số 05/CT-UBND", Body: []string{"a-b 1/2/3 x", "Kỳ họp thứ 9 “dân vận”"}})
	for _, a := range articles {
		dt := analyzeArticle(&a)
		got := map[string][2]uint32{}
		for _, tf := range dt.terms {
			got[tf.key] = [2]uint32{tf.tfTitle, tf.tfText}
		}
		want := map[string][2]uint32{}
		lens := [2]uint32{}
		for f, text := range []string{a.Title, articleText(&a)} {
			toks := content.Tokenize(text)
			for _, tok := range toks {
				if !tok.IsCompound() {
					lens[f]++
				}
				add := func(key string) {
					c := want[key]
					c[f]++
					want[key] = c
				}
				add("f" + tok.Folded)
				if tok.Term != tok.Folded {
					add("a" + tok.Term)
				}
			}
			for _, p := range content.FoldedPairs(toks) {
				c := want["p"+p]
				c[f]++
				want["p"+p] = c
			}
		}
		if lens != [2]uint32{dt.titleLen, dt.textLen} {
			t.Errorf("%q: lengths %d %d, want %v", a.Title, dt.titleLen, dt.textLen, lens)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%q: term %q: %v, want %v", a.Title, k, got[k], v)
			}
		}
		if len(got) != len(want) {
			var extra []string
			for k := range got {
				if _, ok := want[k]; !ok {
					extra = append(extra, k)
				}
			}
			slices.Sort(extra)
			t.Errorf("%q: extra terms %q", a.Title, extra)
		}
	}
}
