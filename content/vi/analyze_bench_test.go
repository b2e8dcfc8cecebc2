package vi_test

import (
	"runtime"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/unicode/norm"

	"newsbot/content/contenttest"
	"newsbot/content/vi"
)

// benchmarkText returns a synthetic text of exactly n syllables.
func benchmarkText(n int) string {
	var b strings.Builder
	count := 0
	for i := 0; count < n; i++ {
		a := contenttest.SyntheticArticle(7, i)
		for _, p := range append([]string{a.Title, a.Lead}, a.Body...) {
			for _, w := range strings.Fields(p) {
				if c := contenttest.CountSyllables(w); count+c <= n && c > 0 {
					b.WriteString(w)
					b.WriteByte(' ')
					count += c
				}
			}
		}
	}
	return b.String()
}

func BenchmarkTokenize(b *testing.B) {
	for _, form := range []struct {
		name string
		f    norm.Form
	}{{"NFC", norm.NFC}, {"NFD", norm.NFD}} {
		s := form.f.String(benchmarkText(1000))
		b.Run(form.name+"/1000-syllables", func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			b.ReportAllocs()
			for b.Loop() {
				vi.Tokenize(s)
			}
		})
	}
}

// BenchmarkTokenizeCorpus tokenizes 2000 synthetic articles on all CPUs, as
// an index build would, and reports the time per syllable and the projected
// time for 10⁸ syllables (100 000 articles of 1000 syllables).
func BenchmarkTokenizeCorpus(b *testing.B) {
	corpus := contenttest.SyntheticCorpus(2000, 11)
	texts := make([]string, len(corpus))
	syllables := 0
	for i, a := range corpus {
		texts[i] = a.Text()
		syllables += contenttest.CountSyllables(texts[i])
	}
	workers := runtime.GOMAXPROCS(0)
	b.ResetTimer()
	for b.Loop() {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i := w; i < len(texts); i += workers {
					vi.Tokenize(texts[i])
				}
			})
		}
		wg.Wait()
	}
	perSyllable := float64(b.Elapsed().Nanoseconds()) / float64(b.N*syllables)
	b.ReportMetric(perSyllable, "ns/syllable")
	b.ReportMetric(perSyllable*1e8/1e9, "s/1e8-syllables")
}

func BenchmarkNormalize(b *testing.B) {
	s := benchmarkText(1000)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		vi.Normalize(s)
	}
}

func BenchmarkPairs(b *testing.B) {
	toks := vi.Tokenize(benchmarkText(1000))
	b.ReportAllocs()
	for b.Loop() {
		vi.Pairs(toks)
		vi.FoldedPairs(toks)
	}
}
