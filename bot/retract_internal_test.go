package bot

import (
	"slices"
	"testing"
	"time"

	"newsbot/content"
)

// Ensure that a page of a retraction's recipients is handed out with the
// chats needing the most requests first — a message known to be past the
// 48 hours costs an edit each, the others one deletion per 100 — and
// otherwise in the store's order; a correction counts an edit a message.
func TestMostRequestsFirst(t *testing.T) {
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	old, recent := now.Add(-49*time.Hour), now.Add(-time.Hour)
	edge := now.Add(-48*time.Hour - 5*time.Minute) // within the slack: tried for deletion
	rs := []content.Recipient{
		{ChatID: 1, Messages: []int{1}, Sent: []time.Time{recent}},
		{ChatID: 2, Messages: []int{1, 2, 3}, Sent: []time.Time{recent, recent, recent}},
		{ChatID: 3, Messages: []int{1, 2}, Sent: []time.Time{old, old}},
		{ChatID: 4, Messages: []int{1, 2, 3}}, // dates not on record
		{ChatID: 5, Messages: []int{1, 2, 3}, Sent: []time.Time{old, old, old}},
		{ChatID: 6, Messages: []int{1, 2}, Sent: []time.Time{edge, edge}},
	}
	r := &jobRun{b: &Bot{now: func() time.Time { return now }}, retract: &content.Retraction{}}
	got := slices.Clone(rs)
	r.mostRequestsFirst(got)
	var order []int64
	for _, rc := range got {
		order = append(order, rc.ChatID)
	}
	if want := []int64{5, 3, 1, 2, 4, 6}; !slices.Equal(order, want) {
		t.Errorf("retraction order %v, want %v", order, want)
	}
	r = &jobRun{b: r.b, correct: &content.Correction{}}
	got = slices.Clone(rs)
	r.mostRequestsFirst(got)
	order = order[:0]
	for _, rc := range got {
		order = append(order, rc.ChatID)
	}
	if want := []int64{2, 4, 5, 3, 6, 1}; !slices.Equal(order, want) {
		t.Errorf("correction order %v, want %v", order, want)
	}
}
