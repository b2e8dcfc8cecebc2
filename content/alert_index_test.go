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
