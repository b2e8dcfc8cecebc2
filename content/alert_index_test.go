package content_test

import (
	"testing"

	"newsbot/content"
	"newsbot/content/contenttest"
)

// Ensure that the index may be changed while articles are matched (run
// with -race).
func TestAlertIndexConcurrent(t *testing.T) {
	x := content.NewAlertIndex()
	alerts := contenttest.SyntheticAlerts(2000, 300, 3)
	articles := contenttest.SyntheticCorpus(4, 3)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, a := range alerts {
			if err := x.Add(a); err != nil {
				t.Error(err)
				return
			}
			if a.ID%3 == 0 {
				x.Remove(a.ID)
			}
		}
	}()
	for i := 0; i < 20; i++ {
		for _, m := range x.Match(articles[i%len(articles)]) {
			if m.Text == "" || m.ChatID < 1 || m.ChatID > 300 {
				t.Fatalf("bad match %+v", m)
			}
		}
	}
	<-done
	if got, want := x.Len(), len(alerts)-len(alerts)/3; got != want {
		t.Fatalf("Len=%d, want %d", got, want)
	}
}

// Ensure that the index gives what AlertQuery.Matches, the rule, gives: for
// each chat, its lowest-numbered matching alert.
func TestAlertIndexMatchesRule(t *testing.T) {
	x := content.NewAlertIndex()
	alerts := contenttest.SyntheticAlerts(150, 30, 5)
	queries := make([]content.AlertQuery, len(alerts))
	for i, a := range alerts {
		if err := x.Add(a); err != nil {
			t.Fatal(err)
		}
		q, err := content.ParseAlert(a.Text)
		if err != nil {
			t.Fatal(err)
		}
		queries[i] = q
	}
	matched := 0
	for _, art := range contenttest.SyntheticCorpus(20, 5) {
		want := map[int64]uint64{}
		for i, a := range alerts {
			if b, ok := want[a.ChatID]; queries[i].Matches(art) && (!ok || a.ID < b) {
				want[a.ChatID] = a.ID
			}
		}
		got := x.Match(art)
		if len(got) != len(want) {
			t.Fatalf("article %q: %d chats matched, the rule says %d", art.Title, len(got), len(want))
		}
		for _, m := range got {
			if want[m.ChatID] != m.AlertID {
				t.Fatalf("article %q: chat %d got alert %d, the rule says %d", art.Title, m.ChatID, m.AlertID, want[m.ChatID])
			}
		}
		matched += len(got)
	}
	if matched == 0 {
		t.Fatal("no article matched any alert: the comparison proves nothing")
	}
}
