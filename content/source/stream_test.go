package source

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

// Ensure that Open hands over a body unread and bounded: a Content-Length
// over the limit is refused before reading, a body growing past it fails
// with ErrTooLarge once the limit is passed, and one at the limit is read.
func TestOpenBoundsBodies(t *testing.T) {
	const limit = 1 << 20
	chunk := make([]byte, 64<<10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/announced":
			w.Header().Set("Content-Length", strconv.Itoa(2*limit))
			for i := 0; i < 2*limit/len(chunk); i++ {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		case "/chunked":
			for i := 0; i < 2*limit/len(chunk); i++ {
				if _, err := w.Write(chunk); err != nil {
					return
				}
				w.(http.Flusher).Flush()
			}
		case "/limit":
			for i := 0; i < limit/len(chunk); i++ {
				_, _ = w.Write(chunk)
			}
		case "/gone":
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	f := NewFetcher(FetchOptions{Allow: loopback(t), MaxBody: limit, MaxInFlight: 1})
	ctx := context.Background()
	var le *LengthError
	if _, err := f.Open(ctx, Request{URL: srv.URL + "/announced"}); !errors.Is(err, ErrTooLarge) || !errors.As(err, &le) || le.Length != 2*limit {
		t.Fatalf("announced: err = %v, want a LengthError of %d bytes wrapping ErrTooLarge", err, 2*limit)
	}
	st, err := f.Open(ctx, Request{URL: srv.URL + "/chunked"})
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, st.Body)
	st.Body.Close()
	if !errors.Is(err, ErrTooLarge) || n != limit {
		t.Fatalf("chunked: read %d bytes, err = %v; want %d and ErrTooLarge", n, err, limit)
	}
	st, err = f.Open(ctx, Request{URL: srv.URL + "/limit"})
	if err != nil {
		t.Fatal(err)
	}
	n, err = io.Copy(io.Discard, st.Body)
	st.Body.Close()
	if err != nil || n != limit || st.URL != srv.URL+"/limit" {
		t.Fatalf("at the limit: read %d bytes, err = %v", n, err)
	}
	var se *StatusError
	if _, err := f.Open(ctx, Request{URL: srv.URL + "/gone"}); !errors.As(err, &se) || se.Code != 404 {
		t.Fatalf("gone: err = %v, want a 404 StatusError", err)
	}
}

// Ensure that an open stream holds its slot in flight until closed, and
// that its reads stop when the timeout has passed.
func TestOpenHoldsItsSlotAndTimesOut(t *testing.T) {
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("%PDF-"))
		w.(http.Flusher).Flush()
		<-stop // a portal that stops sending
	}))
	defer srv.Close()
	defer close(stop)
	f := NewFetcher(FetchOptions{Allow: loopback(t), MaxInFlight: 1, Timeout: 200 * time.Millisecond})
	st, err := f.Open(context.Background(), Request{URL: srv.URL + "/slow.pdf"})
	if err != nil {
		t.Fatal(err)
	}
	busy, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := f.Open(busy, Request{URL: srv.URL}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second open while the first is open: %v, want to wait for the slot", err)
	}
	_, err = io.Copy(io.Discard, st.Body)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("read of a stalled body: %v, want the deadline", err)
	}
	st.Body.Close()
	st.Body.Close() // twice is harmless
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	st, err = f.Open(ctx, Request{URL: srv.URL})
	if err != nil {
		t.Fatalf("open after close: %v (slot not given back?)", err)
	}
	st.Body.Close()
}
