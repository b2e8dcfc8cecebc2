package bot

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot/telegramtest"
	"newsbot/content"
)

// Ensure that a preview is claimed once, only with the data of one of its
// Gửi buttons, that a released claim can be made again, and that a
// preview older than draftTTL, or never put, cannot be claimed.
func TestPreviewsClaim(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	var p previews
	p.put(1, 1, []string{"b:send", "b:sendack"}, t0)
	p.put(1, 2, []string{"u:send:abc"}, t0)
	for _, tc := range []struct {
		msg  int
		data string
		want claimOutcome
	}{
		{1, "u:send:abc", previewMismatch},
		{2, "b:send", previewMismatch},
		{3, "b:send", previewUnknown},
		{1, "b:sendack", previewClaimed},
		{1, "b:send", previewTaken},
		{2, "u:send:abc", previewClaimed},
	} {
		if got := p.claim(1, tc.msg, tc.data, t0); got != tc.want {
			t.Fatalf("claim of %d with %q: %v, want %v", tc.msg, tc.data, got, tc.want)
		}
	}
	p.release(1, 1, t0)
	if got := p.claim(1, 1, "b:send", t0); got != previewClaimed {
		t.Fatalf("a claim after release: %v, want claimed", got)
	}
	p.put(1, 4, []string{"b:send"}, t0)
	if got := p.claim(1, 4, "b:send", t0.Add(draftTTL+time.Second)); got != previewUnknown {
		t.Fatalf("claim of a preview older than draftTTL: %v, want unknown", got)
	}
	p.drop(1, 2)
	if got := p.claim(1, 2, "u:send:abc", t0); got != previewUnknown {
		t.Fatalf("claim of a dropped preview: %v, want unknown", got)
	}
}

// listedJobs is a store that lists jobs and does nothing else.
type listedJobs struct {
	Store
	mu   sync.Mutex
	jobs []content.Job // newest first
}

func (s *listedJobs) RecentJobs(_ context.Context, n int) ([]content.Job, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.jobs[:min(n, len(s.jobs))]), nil
}

func (s *listedJobs) set(jobs []content.Job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobs = jobs
}

// newProgressBot returns a bot on the fake Bot API whose store lists only
// jobs, and a client to send the progress messages with.
func newProgressBot(t *testing.T, st Store, now time.Time) (*Bot, *Client, *telegramtest.Server) {
	t.Helper()
	const token = "123456:AAprogressPROGRESSprogress_x-1"
	api := telegramtest.New(t, token)
	hc := NewHTTPClient()
	t.Cleanup(hc.CloseIdleConnections)
	client, err := NewClient(context.Background(), api.URL(), token, hc)
	if err != nil {
		t.Fatal(err)
	}
	return New(Config{Client: client, Store: st, Now: func() time.Time { return now }, Delivery: DeliveryOptions{Unpaced: true}}), client, api
}

// Ensure that what Progress remembers having shown covers the jobs still
// listed only: a job no longer among the latest is forgotten.
func TestProgressForgetsJobsNoLongerListed(t *testing.T) {
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	st := &listedJobs{}
	b, client, _ := newProgressBot(t, st, now)
	ctx := context.Background()
	var jobs []content.Job // newest first
	for id := uint64(1); id <= 3*progressJobs; id++ {
		m, err := client.Send(ctx, tgbotapi.NewMessage(100, "…"))
		if err != nil {
			t.Fatal(err)
		}
		j := content.Job{ID: id, Total: 10, Sent: int(id % 10), Created: now.Add(-time.Minute),
			ProgressChatID: 100, ProgressMessageID: m.MessageID}
		jobs = append([]content.Job{j}, jobs...)
	}
	var shown map[uint64]progressShown
	for round := range 3 {
		listed := jobs[len(jobs)-(round+1)*progressJobs:]
		st.set(listed)
		shown = b.showProgress(ctx, shown)
		if len(shown) != progressJobs {
			t.Fatalf("round %d: %d jobs remembered, want the %d listed", round, len(shown), progressJobs)
		}
		for _, j := range listed[:progressJobs] {
			if _, ok := shown[j.ID]; !ok {
				t.Fatalf("round %d: job %d, listed, is not remembered", round, j.ID)
			}
		}
	}
}
