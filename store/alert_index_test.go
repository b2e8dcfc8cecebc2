package store

import (
	"errors"
	"fmt"
	"testing"

	"newsbot/content"
	"newsbot/content/contenttest"
)

// Ensure that the index may be changed while articles are matched (run
// with -race).
func TestAlertIndexConcurrent(t *testing.T) {
	x := newAlertIndex()
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
	x := newAlertIndex()
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

// indexArticle is written partly in the old tone style (Hòa, thủy) and with
// y for i (kỳ), as some writers do.
var indexArticle = content.Article{
	Title: "Xã Hoằng Tiến về đích nông thôn mới",
	Lead:  "Ban chỉ đạo huyện kiểm tra tại Hòa Bình.",
	Body: []string{
		"Kỳ họp thứ năm bàn công trình thủy lợi theo Nghị quyết 12-NQ/TU.",
		"Cựu chiến binh tham gia.",
	},
}

// Ensure that the index finds exactly the chats whose alerts match, once
// each with their oldest matching alert, and forgets removed alerts.
func TestAlertIndexMatch(t *testing.T) {
	x := newAlertIndex()
	for _, a := range []content.Alert{
		{ID: 1, ChatID: 10, Text: "hoan"},
		{ID: 2, ChatID: 10, Text: "nông thôn mới"},
		{ID: 3, ChatID: 10, Text: "hoang tien"},
		{ID: 4, ChatID: 20, Text: `"thủy lợi" kỳ`},
		{ID: 5, ChatID: 30, Text: "xe máy"},
		{ID: 6, ChatID: 40, Text: "12-NQ/TU"},
		{ID: 7, ChatID: 50, Text: "và"},
	} {
		if err := x.Add(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Add(content.Alert{ID: 8, ChatID: 60, Text: "  "}); !errors.Is(err, content.ErrAlertEmpty) {
		t.Fatalf("Add of an empty alert: %v", err)
	}
	got := fmt.Sprint(x.Match(indexArticle))
	if want := "[{10 2 nông thôn mới} {20 4 \"thủy lợi\" kỳ} {40 6 12-NQ/TU}]"; got != want {
		t.Fatalf("matches=%s, want %s", got, want)
	}
	if !x.Remove(2) || x.Remove(2) || !x.Remove(6) {
		t.Fatal("Remove reported wrongly")
	}
	got = fmt.Sprint(x.Match(indexArticle))
	if want := "[{10 3 hoang tien} {20 4 \"thủy lợi\" kỳ}]"; got != want {
		t.Fatalf("matches after removals=%s, want %s", got, want)
	}
	if got, want := x.Len(), 5; got != want {
		t.Fatalf("Len=%d, want %d", got, want)
	}
}
