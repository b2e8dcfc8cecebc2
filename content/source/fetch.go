package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"newsbot/content/source/netguard"
)

// UserAgent names the bot to the portals it polls.
const UserAgent = "newsbot/1 (+district news bot)"

// MaxBody is the largest response body, in bytes, a fetch accepts.
const MaxBody = 5 << 20

// maxRedirects bounds the redirects one fetch follows.
const maxRedirects = 10

// ErrTooLarge means a response body was larger than the fetcher's limit; it
// was refused without being read to its end.
var ErrTooLarge = errors.New("response body too large")

// StatusError is an HTTP answer other than 2xx and 304.
type StatusError struct {
	// URL is the URL answered, without user info (Redact).
	URL  string
	Code int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("GET %s: HTTP %d %s", e.URL, e.Code, http.StatusText(e.Code))
}

// FetchOptions tune a Fetcher; the zero value gives the defaults.
type FetchOptions struct {
	// MaxInFlight bounds the requests under way at once; default 4.
	MaxInFlight int
	// Timeout bounds one fetch, redirects and body included; default 30s.
	Timeout time.Duration
	// MaxBody bounds a response body; default MaxBody (5 MiB).
	MaxBody int64
	// UserAgent defaults to UserAgent.
	UserAgent string
	// Allow lists the internal addresses and host names the Fetcher may
	// reach (the sources file's allow_private); the zero Policy allows
	// none.
	Allow netguard.Policy
}

// Fetcher makes GET requests the polite way: with the bot's User-Agent,
// conditional headers, a timeout, a body limit, and at most MaxInFlight
// requests under way at once; and safely: every connection it makes, to
// the URL given or any redirect, goes through a netguard.Guard, so an
// internal address not on FetchOptions.Allow is never reached. Its errors
// name URLs without their user info (Redact). It is safe for concurrent
// use.
type Fetcher struct {
	client   *http.Client
	opts     FetchOptions
	inFlight chan struct{}
}

// NewFetcher returns a Fetcher with its own transport, like
// http.DefaultTransport's (proxies from the environment included) but
// guarded by opts.Allow. Redirects are followed by the Fetcher itself, so
// it can tell permanent ones.
func NewFetcher(opts FetchOptions) *Fetcher {
	if opts.MaxInFlight <= 0 {
		opts.MaxInFlight = DefaultMaxInFlight
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = MaxBody
	}
	if opts.UserAgent == "" {
		opts.UserAgent = UserAgent
	}
	c := &http.Client{
		Transport:     netguard.NewGuard(opts.Allow, nil).Transport(),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &Fetcher{client: c, opts: opts, inFlight: make(chan struct{}, opts.MaxInFlight)}
}

// Request is one GET.
type Request struct {
	URL string
	// ETag and LastModified, when set, make the request conditional.
	ETag         string
	LastModified string
	// Accept is the Accept header; default "*/*".
	Accept string
}

// Response is a fetched resource.
type Response struct {
	// URL is where the body came from, after redirects; it keeps the user
	// info of the URL fetched (Redact it to show it).
	URL string
	// Moved is set when every redirect on the way was permanent (301, 308):
	// the resource now lives at URL.
	Moved bool
	// NotModified is set for a 304 answer; Body is then empty.
	NotModified  bool
	ETag         string
	LastModified string
	ContentType  string
	Body         []byte
}

// Fetch GETs req.URL. A 304 is a Response with NotModified; any other answer
// outside 2xx is a *StatusError; a body larger than the limit (by its
// Content-Length or as it arrives) fails with ErrTooLarge at once; a
// destination (first or redirected to) the policy refuses fails with an
// error wrapping netguard.ErrBlocked, before any connection to it.
func (f *Fetcher) Fetch(ctx context.Context, req Request) (Response, error) {
	select {
	case f.inFlight <- struct{}{}:
	case <-ctx.Done():
		return Response{}, ctx.Err()
	}
	defer func() { <-f.inFlight }()
	ctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()

	resp, target, moved, err := f.follow(ctx, req)
	if err != nil {
		return Response{}, err
	}
	out, err := f.read(resp, target)
	out.Moved = moved
	return out, err
}

// follow GETs req.URL, following redirects, and returns the final answer
// unread, the URL it came from, and whether every redirect on the way was
// permanent.
func (f *Fetcher) follow(ctx context.Context, req Request) (resp *http.Response, target string, moved bool, err error) {
	target, permanent := req.URL, true
	for hop := 0; ; hop++ {
		resp, err := f.get(ctx, target, req)
		if err != nil {
			return nil, "", false, err
		}
		next, redirect := redirectTarget(resp)
		if !redirect {
			return resp, target, permanent && hop > 0 && target != req.URL, nil
		}
		drain(resp.Body)
		if hop == maxRedirects {
			return nil, "", false, fmt.Errorf("GET %s: more than %d redirects", Redact(req.URL), maxRedirects)
		}
		permanent = permanent && (resp.StatusCode == http.StatusMovedPermanently || resp.StatusCode == http.StatusPermanentRedirect)
		u, err := resp.Request.URL.Parse(next)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return nil, "", false, fmt.Errorf("GET %s: bad redirect to %q", Redact(target), Redact(next))
		}
		target = u.String()
	}
}

func (f *Fetcher) get(ctx context.Context, target string, req Request) (*http.Response, error) {
	hr, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", Redact(target), err)
	}
	hr.Header.Set("User-Agent", f.opts.UserAgent)
	accept := req.Accept
	if accept == "" {
		accept = "*/*"
	}
	hr.Header.Set("Accept", accept)
	if req.ETag != "" {
		hr.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hr.Header.Set("If-Modified-Since", req.LastModified)
	}
	resp, err := f.client.Do(hr)
	if err != nil {
		var ue *url.Error // names the method and URL: net/http hides the password only
		if errors.As(err, &ue) {
			ue.URL = Redact(ue.URL)
		}
		return nil, err
	}
	return resp, nil
}

// redirectTarget returns the Location of a redirect answer.
func redirectTarget(resp *http.Response) (string, bool) {
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		loc := resp.Header.Get("Location")
		return loc, loc != ""
	}
	return "", false
}

// read turns a final answer into a Response, closing its body.
func (f *Fetcher) read(resp *http.Response, target string) (Response, error) {
	defer resp.Body.Close()
	out := Response{URL: target, ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"),
		ContentType: resp.Header.Get("Content-Type")}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		return out, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		drain(resp.Body)
		return Response{}, &StatusError{URL: Redact(target), Code: resp.StatusCode}
	}
	if resp.ContentLength > f.opts.MaxBody {
		return Response{}, fmt.Errorf("GET %s: %w: Content-Length %d, limit %d bytes", Redact(target), ErrTooLarge, resp.ContentLength, f.opts.MaxBody)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.opts.MaxBody+1))
	if err != nil {
		return Response{}, fmt.Errorf("GET %s: reading body: %w", Redact(target), err)
	}
	if int64(len(body)) > f.opts.MaxBody {
		return Response{}, fmt.Errorf("GET %s: %w: more than %d bytes", Redact(target), ErrTooLarge, f.opts.MaxBody)
	}
	out.Body = body
	return out, nil
}

// drain reads a little of a body we do not need, so its connection can be
// reused, and closes it.
func drain(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 64<<10))
	body.Close()
}

// resolve parses a fetched URL for resolving relative links.
func resolve(raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		return nil
	}
	return u
}
