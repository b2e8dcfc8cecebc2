package source

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Ensure that every request names the bot and asks for what the source is.
func TestFetchSendsUserAgent(t *testing.T) {
	s := newSite(t)
	s.set("/rss", page{body: []byte("x")})
	f := NewFetcher(FetchOptions{Allow: loopback(t)})
	if _, err := f.Fetch(context.Background(), Request{URL: s.url("/rss"), Accept: accept[KindRSS]}); err != nil {
		t.Fatal(err)
	}
	r := s.requests("/rss")[0]
	if got := r.Header.Get("User-Agent"); got != "newsbot/1 (+district news bot)" {
		t.Errorf("User-Agent %q", got)
	}
	if got := r.Header.Get("Accept"); got != accept[KindRSS] {
		t.Errorf("Accept %q", got)
	}
}

// Ensure that validators are sent back and a 304 is reported as such.
func TestFetchConditional(t *testing.T) {
	s := newSite(t)
	s.set("/etag", page{body: []byte("a"), etag: `"v1"`})
	s.set("/lm", page{body: []byte("b"), lastMod: "Fri, 12 Mar 2021 01:05:09 GMT"})
	f := NewFetcher(FetchOptions{Allow: loopback(t)})
	ctx := context.Background()
	for _, path := range []string{"/etag", "/lm"} {
		first, err := f.Fetch(ctx, Request{URL: s.url(path)})
		if err != nil || first.NotModified || len(first.Body) != 1 {
			t.Fatalf("%s: first fetch %+v, %v", path, first, err)
		}
		again, err := f.Fetch(ctx, Request{URL: s.url(path), ETag: first.ETag, LastModified: first.LastModified})
		if err != nil || !again.NotModified || len(again.Body) != 0 {
			t.Fatalf("%s: conditional fetch %+v, %v", path, again, err)
		}
	}
	if got := s.requests("/etag")[1].Header.Get("If-None-Match"); got != `"v1"` {
		t.Errorf("If-None-Match %q", got)
	}
	if got := s.requests("/lm")[1].Header.Get("If-Modified-Since"); got != "Fri, 12 Mar 2021 01:05:09 GMT" {
		t.Errorf("If-Modified-Since %q", got)
	}
}

// Ensure that a 20 MiB body is refused, whether announced by its
// Content-Length or not, and one at the limit is accepted.
func TestFetchRefusesLargeBodies(t *testing.T) {
	big := bytes.Repeat([]byte("x"), 20<<20)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/announced":
			w.Header().Set("Content-Length", strconv.Itoa(len(big)))
			_, _ = w.Write(big)
		case "/chunked":
			for i := 0; i < 20; i++ {
				if _, err := w.Write(big[:1<<20]); err != nil {
					return
				}
				w.(http.Flusher).Flush()
			}
		case "/limit":
			_, _ = w.Write(big[:MaxBody])
		}
	}))
	defer srv.Close()
	f := NewFetcher(FetchOptions{Allow: loopback(t)})
	for _, path := range []string{"/announced", "/chunked"} {
		_, err := f.Fetch(context.Background(), Request{URL: srv.URL + path})
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: err = %v, want ErrTooLarge", path, err)
		}
	}
	resp, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/limit"})
	if err != nil || len(resp.Body) != MaxBody {
		t.Fatalf("a body of exactly 5 MiB: %d bytes, %v", len(resp.Body), err)
	}
}

// Ensure that redirects are followed, and only a chain of permanent ones
// (301, 308) moves the resource.
func TestFetchRedirects(t *testing.T) {
	s := newSite(t)
	s.set("/feed", page{body: []byte("ok")})
	s.set("/p301", page{status: 301, location: "/feed"})
	s.set("/p308", page{status: 308, location: s.url("/feed")})
	s.set("/t302", page{status: 302, location: "/feed"})
	s.set("/mixed", page{status: 301, location: "/t302"})
	s.set("/loop", page{status: 301, location: "/loop"})
	s.set("/ftp", page{status: 301, location: "ftp://x/"})
	f := NewFetcher(FetchOptions{Allow: loopback(t)})
	for path, moved := range map[string]bool{"/p301": true, "/p308": true, "/t302": false, "/mixed": false, "/feed": false} {
		r, err := f.Fetch(context.Background(), Request{URL: s.url(path)})
		if err != nil || r.Moved != moved || r.URL != s.url("/feed") || string(r.Body) != "ok" {
			t.Errorf("%s: %+v, %v; want moved=%v to /feed", path, r, err, moved)
		}
	}
	for _, path := range []string{"/loop", "/ftp"} {
		if _, err := f.Fetch(context.Background(), Request{URL: s.url(path)}); err == nil {
			t.Errorf("%s: no error", path)
		}
	}
}

// Ensure that an error status is a *StatusError with its code, and a slow
// server runs into the timeout.
func TestFetchErrors(t *testing.T) {
	s := newSite(t)
	s.set("/down", page{status: 503})
	f := NewFetcher(FetchOptions{Allow: loopback(t)})
	_, err := f.Fetch(context.Background(), Request{URL: s.url("/down")})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 503 {
		t.Fatalf("err = %v", err)
	}
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(release)
	f = NewFetcher(FetchOptions{Timeout: 50 * time.Millisecond, Allow: loopback(t)})
	if _, err := f.Fetch(context.Background(), Request{URL: slow.URL}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("slow server: err = %v, want a deadline", err)
	}
}

// Ensure that no more than MaxInFlight requests are under way at once.
func TestFetchBoundsRequestsInFlight(t *testing.T) {
	const limit, total = 2, 6
	var mu sync.Mutex
	inFlight, most := 0, 0
	entered := make(chan struct{}, total)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		mu.Unlock()
		entered <- struct{}{}
		<-release
		mu.Lock()
		inFlight--
		mu.Unlock()
	}))
	defer srv.Close()
	f := NewFetcher(FetchOptions{MaxInFlight: limit, Allow: loopback(t)})
	var wg sync.WaitGroup
	for range total {
		wg.Go(func() {
			if _, err := f.Fetch(context.Background(), Request{URL: srv.URL}); err != nil {
				t.Error(err)
			}
		})
	}
	for i := range total {
		<-entered // the first `limit` enter at once; each release lets one more in
		if i >= limit-1 {
			release <- struct{}{}
		}
	}
	for range limit - 1 {
		release <- struct{}{}
	}
	wg.Wait()
	if most != limit {
		t.Fatalf("at most %d requests were in flight, want %d", most, limit)
	}
}
