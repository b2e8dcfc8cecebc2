package source

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"newsbot/content"
)

// Ensure that a source added while Run runs is polled at once by its own
// loop (first poll quiet, a later item pushed), and that Remove stops that
// loop: no further request reaches its URL.
func TestAddAndRemoveWhileRunning(t *testing.T) {
	s := newSite(t)
	feed := fixture(t, "rss.xml")
	s.set("/rss", page{body: feed, contentType: rssType})
	s.set("/file", page{body: feed, contentType: rssType})
	r := newRig(t, Config{Sources: []Source{feedSource("file", s.url("/file"), KindRSS)}})
	waits := make(chan string, 16)
	fire := make(chan time.Time)
	r.p.opts.After = func(time.Duration) <-chan time.Time {
		waits <- "wait"
		return fire
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- r.p.Run(ctx) }()
	<-waits // the file's source waits

	added, err := NewSource("xa", s.url("/rss"), "rss", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.p.Add(added); err != nil {
		t.Fatal(err)
	}
	if err := r.p.Add(added); !errors.Is(err, content.ErrSourceExists) {
		t.Fatalf("adding it twice: %v, want content.ErrSourceExists", err)
	}
	if err := r.p.Add(feedSource("file", s.url("/x"), KindRSS)); !errors.Is(err, content.ErrSourceExists) {
		t.Fatalf("adding the file's name: %v, want content.ErrSourceExists", err)
	}
	<-waits // the added source waits too
	// Two polls, whichever loops they wake; then every loop waits again.
	for range 2 {
		fire <- time.Time{}
		<-waits
	}
	if n := len(s.requests("/rss")) + len(s.requests("/file")); n != 2 {
		t.Fatalf("%d requests after two polls", n)
	}
	// Poll until the added source has had its quiet first poll.
	deadline := time.After(10 * time.Second)
	for !r.state.get("xa").FirstPollDone {
		select {
		case fire <- time.Time{}:
			<-waits
		case <-deadline:
			t.Fatal("the added source was never polled")
		}
	}
	if got := r.sink.pushedTitles(); len(got) != 0 {
		t.Fatalf("first polls pushed %q", got)
	}
	s.set("/rss", page{body: withItem(feed, newRSSItem), contentType: rssType})
	for len(r.sink.pushedTitles()) == 0 {
		select {
		case fire <- time.Time{}:
			<-waits
		case <-deadline:
			t.Fatal("the added source's new item was never pushed")
		}
	}

	if err := r.p.Remove(ctx, "file"); !errors.Is(err, content.ErrSourceInFile) {
		t.Fatalf("removing the file's source: %v, want content.ErrSourceInFile", err)
	}
	if err := r.p.Remove(ctx, "nobody"); !errors.Is(err, content.ErrUnknownSource) {
		t.Fatalf("removing an unknown source: %v, want content.ErrUnknownSource", err)
	}
	if err := r.p.Remove(ctx, "xa"); err != nil {
		t.Fatal(err)
	}
	if r.p.Added("xa") || len(r.p.Sources()) != 1 {
		t.Fatalf("still listed: %v", r.p.Sources())
	}
	before := len(s.requests("/rss"))
	// Only the file's loop is left: each fire wakes it, never the removed one.
	for range 3 {
		fire <- time.Time{}
		<-waits
	}
	if got := len(s.requests("/rss")); got != before {
		t.Fatalf("%d requests to the removed source after its removal", got-before)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// Ensure that sources added before Run are polled by it, and that
// NewSource applies the file's checks.
func TestAddBeforeRunAndNewSourceChecks(t *testing.T) {
	for _, bad := range [][4]string{
		{"Bad Name", "https://x.vn/rss", "", ""},
		{"xa", "ftp://x.vn/rss", "", ""},
		{"xa", "https://x.vn/rss", "xml", ""},
		{"xa", "https://x.vn/rss", "feed", "khac"},
	} {
		if _, err := NewSource(bad[0], bad[1], bad[2], bad[3]); err == nil {
			t.Errorf("NewSource%q accepted", bad)
		}
	}
	src, err := NewSource("xa", "https://x.vn/rss", "", "thong-bao")
	if err != nil || src.Kind != KindFeed || src.Interval != DefaultInterval || src.Category != "thong-bao" {
		t.Fatalf("NewSource: %+v, %v", src, err)
	}

	s := newSite(t)
	s.set("/rss", page{body: fixture(t, "rss.xml"), contentType: rssType})
	r := newRig(t, DefaultConfig())
	fire := make(chan time.Time)
	waits := make(chan string, 4)
	r.p.opts.After = func(time.Duration) <-chan time.Time {
		waits <- "wait"
		return fire
	}
	if err := r.p.Add(feedSource("xa", s.url("/rss"), KindRSS)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.p.Run(ctx) }()
	<-waits
	fire <- time.Time{}
	<-waits
	if r.sink.count() != 3 {
		t.Fatalf("%d stored", r.sink.count())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// Ensure that adding, removing and listing sources from many goroutines
// while Run runs and stops is safe (run with -race) and leaves the added
// set consistent.
func TestAddRemoveConcurrent(t *testing.T) {
	s := newSite(t)
	s.set("/rss", page{body: fixture(t, "rss.xml"), contentType: rssType})
	r := newRig(t, DefaultConfig())
	r.p.opts.After = func(time.Duration) <-chan time.Time { return nil } // never polls
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.p.Run(ctx) }()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			name := fmt.Sprintf("xa-%d", i%4)
			for range 50 {
				_ = r.p.Add(feedSource(name, s.url("/rss"), KindRSS))
				_ = r.p.Sources()
				if err := r.p.Remove(ctx, name); err != nil && !errors.Is(err, content.ErrUnknownSource) {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if got := r.p.Sources(); len(got) != 0 {
		t.Fatalf("left after every add was removed: %v", got)
	}
	if err := r.p.Add(feedSource("xa", s.url("/rss"), KindRSS)); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := r.p.Remove(context.Background(), "xa"); err != nil {
		t.Fatalf("removing after Run returned: %v", err)
	}
}
