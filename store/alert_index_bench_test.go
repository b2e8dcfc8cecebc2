package store

import (
	"testing"

	"newsbot/content/contenttest"
)

// BenchmarkAlertMatch matches one new article against 100 000 alerts of
// 20 000 people: the work PublishArticle adds for keyword alerts.
func BenchmarkAlertMatch(b *testing.B) {
	x := newAlertIndex()
	for _, a := range contenttest.SyntheticAlerts(100_000, 20_000, 1) {
		if err := x.Add(a); err != nil {
			b.Fatal(err)
		}
	}
	articles := contenttest.SyntheticCorpus(64, 7)
	b.ReportAllocs()
	b.ResetTimer()
	matched := 0
	for i := 0; b.Loop(); i++ {
		matched += len(x.Match(articles[i%len(articles)]))
	}
	b.ReportMetric(float64(matched)/float64(b.N), "people/op")
}

// BenchmarkAlertIndexAddRemove adds and removes one alert in an index of
// 100 000.
func BenchmarkAlertIndexAddRemove(b *testing.B) {
	x := newAlertIndex()
	alerts := contenttest.SyntheticAlerts(101_000, 20_000, 1)
	for _, a := range alerts[:100_000] {
		if err := x.Add(a); err != nil {
			b.Fatal(err)
		}
	}
	extra := alerts[100_000:]
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		a := extra[i%len(extra)]
		if err := x.Add(a); err != nil {
			b.Fatal(err)
		}
		x.Remove(a.ID)
	}
}
