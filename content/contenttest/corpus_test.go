package contenttest

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/content/vi"
)

func TestSyntheticCorpusIsDeterministic(t *testing.T) {
	a, b := SyntheticCorpus(300, 42), SyntheticCorpus(300, 42)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two corpora with the same seed differ")
	}
	t.Run("a shorter corpus is a prefix of a longer one", func(t *testing.T) {
		if short := SyntheticCorpus(40, 42); !reflect.DeepEqual(short, a[:40]) {
			t.Error("SyntheticCorpus(40) is not a prefix of SyntheticCorpus(300)")
		}
	})
	t.Run("an article can be generated on its own", func(t *testing.T) {
		if one := SyntheticArticle(42, 123); !reflect.DeepEqual(one, a[123]) {
			t.Error("SyntheticArticle(42, 123) differs from the corpus's article 123")
		}
	})
	t.Run("another seed gives another corpus", func(t *testing.T) {
		if other := SyntheticCorpus(3, 43); other[0].Title == a[0].Title && other[0].Body[0] == a[0].Body[0] {
			t.Error("seeds 42 and 43 give the same first article")
		}
	})
	t.Run("no articles for a non-positive count", func(t *testing.T) {
		if got := SyntheticCorpus(0, 1); got != nil {
			t.Errorf("SyntheticCorpus(0) = %d articles", len(got))
		}
	})
}

func TestSyntheticArticlesStayWithinBounds(t *testing.T) {
	corpus := SyntheticCorpus(500, 7)
	from := time.Date(2018, 1, 1, 0, 0, 0, 0, content.VietnamZone())
	to := time.Date(2026, 1, 1, 0, 0, 0, 0, content.VietnamZone())
	ids := make(map[string]bool)
	for i, a := range corpus {
		if n := CountSyllables(a.Title); n < SyntheticTitleMin || n > SyntheticTitleMax {
			t.Errorf("article %d: title of %d syllables: %q", i, n, a.Title)
		}
		body := 0
		for _, p := range a.Body {
			n := CountSyllables(p)
			if n < 40 || n > 120 {
				t.Errorf("article %d: paragraph of %d syllables", i, n)
			}
			body += n
		}
		if body < SyntheticBodyMin || body > SyntheticBodyMax {
			t.Errorf("article %d: body of %d syllables", i, body)
		}
		if a.Lead == "" || !strings.HasSuffix(a.Lead, ".") {
			t.Errorf("article %d: lead %q", i, a.Lead)
		}
		if a.Published.Before(from) || !a.Published.Before(to) || a.Published.Location().String() != content.VietnamZoneName {
			t.Errorf("article %d: published %v", i, a.Published)
		}
		if !a.Category.Valid() {
			t.Errorf("article %d: category %q", i, a.Category)
		}
		if want := "https://portal.example/tin/" + strconv.Itoa(i+1); a.SourceURL != want {
			t.Errorf("article %d: source URL %q, want %q", i, a.SourceURL, want)
		}
		if a.ID != a.DeriveID() || ids[a.ID] {
			t.Errorf("article %d: ID %q is not DeriveID's or not unique", i, a.ID)
		}
		ids[a.ID] = true
	}
}

func TestSyntheticCorpusUsesBothSpellingStyles(t *testing.T) {
	var newStyle, oldStyle bool
	for _, a := range SyntheticCorpus(200, 1) {
		text := a.Text()
		newStyle = newStyle || strings.Contains(text, "uỷ") || strings.Contains(text, "hoá")
		oldStyle = oldStyle || strings.Contains(text, "ủy") || strings.Contains(text, "hóa")
	}
	if !newStyle || !oldStyle {
		t.Errorf("new style seen: %v, old style seen: %v", newStyle, oldStyle)
	}
}

func TestSyntheticCorpusHasDocumentNumbers(t *testing.T) {
	found := false
	for _, tk := range vi.Tokenize(SyntheticCorpus(5, 3)[4].Text()) {
		found = found || tk.IsCompound()
	}
	if !found {
		t.Error("no document number in a synthetic article")
	}
}

func BenchmarkSyntheticCorpus(b *testing.B) {
	SyntheticArticle(0, 0) // build the vocabulary outside the loop
	const n = 10000
	for b.Loop() {
		SyntheticCorpus(n, 1)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/article")
}
