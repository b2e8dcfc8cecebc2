package source

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"newsbot/content/guard"
)

// panicOnce returns a feed parser that panics at its first call, as a
// parser bug on a hostile page would, then parses as ParseFeed does; and
// the list of loops the panics were counted under.
func panicOnce(r *rig) (counted func() []string) {
	var (
		mu    sync.Mutex
		calls int
		loops []string
	)
	r.p.parseFeed = func(body []byte, contentType string, kind Kind, base *url.URL) ([]Item, error) {
		mu.Lock()
		calls++
		first := calls == 1
		mu.Unlock()
		if first {
			var items []Item
			_ = items[3] // index out of range
		}
		return ParseFeed(body, contentType, kind, base)
	}
	r.p.opts.OnPanic = func(loop string) {
		mu.Lock()
		defer mu.Unlock()
		loops = append(loops, loop)
	}
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), loops...)
	}
}

// Ensure that a parser panic fails that source's poll with "internal
// error", recorded in its state like any failure, logged with its stack
// and counted; other sources poll as before, and the next poll of the
// source stores its items.
func TestPollParserPanicFailsThePoll(t *testing.T) {
	s := newSite(t)
	s.set("/rss", page{body: fixture(t, "rss.xml"), contentType: rssType})
	r := newRig(t, Config{Sources: []Source{feedSource("bad", s.url("/rss"), KindRSS), feedSource("good", s.url("/rss"), KindRSS)}})
	counted := panicOnce(r)

	if _, err := r.p.PollOnce(context.Background(), "bad"); !errors.Is(err, guard.ErrPanic) {
		t.Fatalf("poll with a panicking parser: %v, want guard.ErrPanic", err)
	}
	if st := r.state.get("bad"); st.Failures != 1 || st.LastError != "internal error" || st.NextPoll.IsZero() {
		t.Fatalf("state after the panic: failures %d, last error %q, next poll %v", st.Failures, st.LastError, st.NextPoll)
	}
	if got := counted(); len(got) != 1 || got[0] != "sources" {
		t.Fatalf("panics counted %v, want [sources]", got)
	}
	if logs := r.logs.String(); !strings.Contains(logs, "panic contained") || !strings.Contains(logs, "source=bad") ||
		!strings.Contains(logs, "index out of range") || !strings.Contains(logs, "panic_test.go") {
		t.Fatalf("the panic is not logged with its source and stack:\n%s", logs)
	}
	if res := r.poll(t, "good"); res.New != 3 {
		t.Fatalf("the other source: %+v", res)
	}
	if res := r.poll(t, "bad"); res.Found != 3 {
		t.Fatalf("the next poll of the source: %+v", res)
	}
	if st := r.state.get("bad"); st.Failures != 0 || st.LastError != "" {
		t.Fatalf("state after recovering: %+v", st)
	}
}

// Ensure that a source's loop goes on after a poll that panicked: it waits
// (backing off as after any failure) and polls again, which stores the
// items.
func TestRunGoesOnAfterAPanic(t *testing.T) {
	s := newSite(t)
	s.set("/rss", page{body: fixture(t, "rss.xml"), contentType: rssType})
	r := newRig(t, Config{Sources: []Source{feedSource("portal", s.url("/rss"), KindRSS)}})
	counted := panicOnce(r)
	waits := make(chan time.Duration)
	fire := make(chan time.Time)
	r.p.opts.After = func(d time.Duration) <-chan time.Time {
		waits <- d
		return fire
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.p.Run(ctx) }()
	<-waits
	fire <- time.Time{} // the poll that panics
	if d := <-waits; d <= 0 {
		t.Fatalf("wait after the panic %v, want a positive backoff", d)
	}
	if len(counted()) != 1 || r.sink.count() != 0 {
		t.Fatalf("after the panic: counted %v, stored %d", counted(), r.sink.count())
	}
	fire <- time.Time{}
	<-waits
	if r.sink.count() != 3 {
		t.Fatalf("%d stored after the poll that followed the panic", r.sink.count())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
