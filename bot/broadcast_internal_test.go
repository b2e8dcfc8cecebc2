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

// Ensure that the previews remembered stay bounded: those older than
// draftTTL are forgotten, confirmed or not, and at most maxDrafts are kept,
// the oldest forgotten first; a forgotten preview cannot be confirmed.
func TestPreviewsBounded(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	var p previews
	p.put(1, 1, []string{"b:send"}, t0)
	if got := p.claim(1, 1, "b:send", t0); got != previewClaimed {
		t.Fatalf("claim of a new preview: %v", got)
	}
	p.put(1, 2, []string{"b:send"}, t0)
	if got := p.claim(1, 2, "b:send", t0.Add(draftTTL+time.Second)); got != previewUnknown {
		t.Fatalf("claim of a preview older than draftTTL: %v, want unknown", got)
	}
	later := t0.Add(draftTTL + time.Minute)
	p.put(1, 3, []string{"b:send"}, later)
	if len(p.m) != 1 {
		t.Fatalf("%d previews kept after draftTTL, want only the new one", len(p.m))
	}
	if got := p.claim(1, 1, "b:send", later); got != previewUnknown {
		t.Fatalf("a confirmed preview past draftTTL: %v, want unknown", got)
	}

	for i := range 3 * maxDrafts {
		p.put(2, 100+i, []string{"b:send"}, later.Add(time.Duration(i)*time.Second))
	}
	if len(p.m) != maxDrafts {
		t.Fatalf("%d previews kept, want at most %d", len(p.m), maxDrafts)
	}
	now := later.Add(3 * maxDrafts * time.Second)
	if got := p.claim(2, 100, "b:send", now); got != previewUnknown {
		t.Fatalf("the oldest preview, past the cap: %v, want unknown", got)
	}
	newest := 100 + 3*maxDrafts - 1
	if got := p.claim(2, newest, "b:send", now); got != previewClaimed {
		t.Fatalf("the newest preview: %v, want claimed", got)
	}
	if got := p.claim(2, newest, "b:send", now); got != previewTaken {
		t.Fatalf("a second claim: %v, want taken", got)
	}
	p.release(2, newest)
	if got := p.claim(2, newest, "b:send", now); got != previewClaimed {
		t.Fatalf("a claim after release: %v, want claimed", got)
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
	return New(Config{Client: client, Store: st, Now: func() time.Time { return now }}), client, api
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

// Ensure that the languages handed to Progress stay bounded (the oldest
// forgotten first, and any older than draftTTL) and are handed once.
func TestProgressLangsBounded(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	var p progressLangs
	for i := range 3 * maxDrafts {
		p.put(100, i+1, English, t0.Add(time.Duration(i)*time.Second))
	}
	if len(p.m) != maxDrafts {
		t.Fatalf("%d languages kept, want %d", len(p.m), maxDrafts)
	}
	if _, ok := p.take(100, 1); ok {
		t.Fatal("the oldest language was kept")
	}
	if l, ok := p.take(100, 3*maxDrafts); !ok || l != English {
		t.Fatalf("the newest language: %q %v", l, ok)
	}
	if _, ok := p.take(100, 3*maxDrafts); ok {
		t.Fatal("a language was handed twice")
	}
	p.put(100, 1, English, t0.Add(draftTTL+time.Hour))
	if len(p.m) != 1 {
		t.Fatalf("%d languages kept after draftTTL, want only the new one", len(p.m))
	}
}
