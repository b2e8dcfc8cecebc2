package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
)

// Stream is a fetched resource whose body is read as it arrives, for files
// too large to hold in memory (an article's documents). Close it.
type Stream struct {
	// URL is where the body comes from, after redirects (Redact it to show
	// it).
	URL         string
	ContentType string
	// Length is the body's Content-Length, -1 when the server did not say.
	Length int64
	// Body yields at most the Fetcher's MaxBody bytes: reading past them
	// fails with an error wrapping ErrTooLarge. Its reads fail once the
	// Fetcher's Timeout, counted from Open, has passed.
	Body io.ReadCloser
}

// Open GETs req.URL like Fetch — the same User-Agent, redirects, netguard
// policy and bound on requests in flight — but hands the body over unread.
// A Content-Length above MaxBody fails with a *LengthError (which wraps
// ErrTooLarge) before any of the body is read; a 304 or any other answer outside 2xx is a *StatusError. The
// request's slot in flight and its Timeout last until Body is closed, which
// the caller must do.
func (f *Fetcher) Open(ctx context.Context, req Request) (*Stream, error) {
	select {
	case f.inFlight <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	ctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	release := sync.OnceFunc(func() {
		cancel()
		<-f.inFlight
	})
	req.ETag, req.LastModified = "", ""
	resp, target, _, err := f.follow(ctx, req)
	if err != nil {
		release()
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		drain(resp.Body)
		release()
		return nil, &StatusError{URL: Redact(target), Code: resp.StatusCode}
	}
	if resp.ContentLength > f.opts.MaxBody {
		drain(resp.Body)
		release()
		return nil, &LengthError{URL: Redact(target), Length: resp.ContentLength, Limit: f.opts.MaxBody}
	}
	return &Stream{URL: target, ContentType: resp.Header.Get("Content-Type"), Length: resp.ContentLength,
		Body: newBoundedBody(resp.Body, f.opts.MaxBody, Redact(target), release)}, nil
}

// LengthError is Open's refusal of a body whose Content-Length is over the
// limit; it wraps ErrTooLarge.
type LengthError struct {
	// URL is the URL answered, without user info (Redact).
	URL string
	// Length is the Content-Length announced, Limit the Fetcher's MaxBody.
	Length, Limit int64
}

func (e *LengthError) Error() string {
	return fmt.Sprintf("GET %s: %v: Content-Length %d, limit %d bytes", e.URL, ErrTooLarge, e.Length, e.Limit)
}

// Unwrap returns ErrTooLarge.
func (e *LengthError) Unwrap() error { return ErrTooLarge }

// BoundedReader reads R and fails, with the error TooLarge returns, once
// more than Limit bytes have come: a download or a file that grows past
// what may be sent is cut off rather than read to its end. Not safe for
// concurrent use.
type BoundedReader struct {
	R        io.Reader
	Limit    int64
	TooLarge func() error
	read     int64
}

func (b *BoundedReader) Read(p []byte) (int, error) {
	if b.read > b.Limit {
		return 0, b.TooLarge()
	}
	if room := b.Limit - b.read + 1; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := b.R.Read(p)
	b.read += int64(n)
	if b.read > b.Limit {
		return n - int(b.read-b.Limit), b.TooLarge()
	}
	return n, err
}

// boundedBody is a Stream's body: it fails with ErrTooLarge past its
// limit, and gives back the fetch's slot when closed.
type boundedBody struct {
	BoundedReader
	body    io.ReadCloser
	url     string
	release func()
}

func newBoundedBody(body io.ReadCloser, limit int64, url string, release func()) *boundedBody {
	b := &boundedBody{body: body, url: url, release: release}
	b.BoundedReader = BoundedReader{R: body, Limit: limit, TooLarge: func() error {
		return fmt.Errorf("GET %s: %w: more than %d bytes", url, ErrTooLarge, limit)
	}}
	return b
}

func (b *boundedBody) Read(p []byte) (int, error) {
	n, err := b.BoundedReader.Read(p)
	if err != nil && err != io.EOF && !errors.Is(err, ErrTooLarge) {
		err = fmt.Errorf("GET %s: reading body: %w", b.url, err)
	}
	return n, err
}

// Close closes the body, without reading the rest of it (a cut-off
// download leaves nothing to reuse), and releases the fetch.
func (b *boundedBody) Close() error {
	err := b.body.Close()
	b.release()
	return err
}
