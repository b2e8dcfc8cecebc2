// Package document opens the documents articles carry (content.Attachment:
// a directive's PDF, a plan's DOCX) for sending, safely: a file the inbox
// stored on this server, or a file a source links to, downloaded through
// content/source's polite Fetcher (its User-Agent, redirects and bound on
// requests in flight, and its netguard policy: internal addresses refused
// but for the sources file's allow_private).
//
// Every document is checked before a byte of it is handed over: its name
// must have one of the accepted extensions (content.DocumentExtensions) and
// its first bytes the signature of that format (content.SniffDocument), so
// an HTML error page served as ".pdf" is refused with an error wrapping
// content.ErrDocumentRefused. Its size is bounded (Options.MaxSize,
// Telegram's 50 MB upload limit by default): a Content-Length or a file
// size over it is refused before reading, and a body that grows past it
// fails, once past, with an error wrapping content.ErrDocumentTooLarge.
// Downloads are bounded in time (Options.Timeout). The bytes are only
// passed on: nothing here executes, opens or renders a document.
//
// It imports content, content/source and content/source/netguard only; it
// must not import store or bot.
package document

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"path/filepath"
	"strings"
	"time"

	"newsbot/content"
	"newsbot/content/source"
	"newsbot/content/source/netguard"
)

// Defaults of Options.
const (
	// DefaultTimeout bounds one download, body included: 50 MB at 2 Mbit/s.
	DefaultTimeout = 5 * time.Minute
	// DefaultMaxInFlight bounds the downloads under way at once.
	DefaultMaxInFlight = 2
)

// ErrNoSource means an attachment has neither a Path nor a URL to open (one
// known only by its Telegram file_id is sent by that, not opened).
var ErrNoSource = errors.New("attachment has no path or URL to open")

// Options tune a Fetcher; the zero value gives the defaults.
type Options struct {
	// Allow lists the internal addresses and host names downloads may
	// reach: the sources file's allow_private. The zero Policy allows none.
	Allow netguard.Policy
	// MaxSize bounds a document, in bytes; default
	// content.MaxDocumentUpload (50 MB).
	MaxSize int64
	// Timeout bounds one download, from the request to the end of the
	// body; default DefaultTimeout.
	Timeout time.Duration
	// MaxInFlight bounds the downloads under way at once; default
	// DefaultMaxInFlight.
	MaxInFlight int
	// Dirs, when given, are the only folders local documents
	// (Attachment.Path) are opened in, such as the inbox; a Path outside
	// all of them is refused. Without Dirs any path is opened: Paths are
	// set by newsbot's own import (the inbox, `newsbot import`), never
	// by what a source or a person sends.
	Dirs []string
	// UserAgent defaults to source.UserAgent.
	UserAgent string
}

// accept is the Accept header of downloads.
var accept = func() string {
	var types []string
	for _, ext := range content.DocumentExtensions() {
		mt, _ := content.DocumentMediaType(ext)
		types = append(types, mt)
	}
	return strings.Join(types, ", ") + ", */*;q=0.1"
}()

// Fetcher opens documents. It is safe for concurrent use.
type Fetcher struct {
	fetch *source.Fetcher
	opts  Options
}

// NewFetcher returns a Fetcher with its own source.Fetcher, guarded by
// opts.Allow. Its OpenDocument is what the bot's DocumentSource asks for.
func NewFetcher(opts Options) *Fetcher {
	if opts.MaxSize <= 0 {
		opts.MaxSize = content.MaxDocumentUpload
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxInFlight <= 0 {
		opts.MaxInFlight = DefaultMaxInFlight
	}
	dirs := make([]string, 0, len(opts.Dirs))
	for _, d := range opts.Dirs {
		if abs, err := filepath.Abs(d); err == nil {
			dirs = append(dirs, abs)
		}
	}
	opts.Dirs = dirs
	f := source.NewFetcher(source.FetchOptions{MaxInFlight: opts.MaxInFlight, Timeout: opts.Timeout,
		MaxBody: opts.MaxSize, UserAgent: opts.UserAgent, Allow: opts.Allow})
	return &Fetcher{fetch: f, opts: opts}
}

// OpenDocument opens a's document for reading: its local file when a.Path
// is set, else its URL, downloaded. The caller must close the reader. size
// is the document's length in bytes when known (a file's size, a
// Content-Length), else -1; it is returned with an error wrapping
// content.ErrDocumentTooLarge too, when known, for the card to show. This
// is the method of the bot's DocumentSource.
//
// Errors, before anything is returned to read: a name (a.Name, else the
// last element of the path or URL) without an accepted extension, a path
// outside Options.Dirs or not a regular file, or first bytes that are not
// the format's signature wrap content.ErrDocumentRefused; a file size or
// Content-Length over MaxSize wraps content.ErrDocumentTooLarge; an
// internal address wraps netguard.ErrBlocked; an HTTP answer outside 2xx
// is a *source.StatusError; no Path and no URL is ErrNoSource. While
// reading: more than MaxSize bytes wraps content.ErrDocumentTooLarge, and
// a download past its Timeout fails with context.DeadlineExceeded. URLs in
// errors carry no user info.
func (f *Fetcher) OpenDocument(ctx context.Context, a content.Attachment) (rc io.ReadCloser, size int64, err error) {
	name := documentName(a)
	if _, ok := content.DocumentMediaType(name); !ok {
		return nil, 0, fmt.Errorf("document %q: %w: want one of %s", name, content.ErrDocumentRefused,
			strings.Join(content.DocumentExtensions(), " "))
	}
	switch {
	case a.Path != "":
		rc, size, err = f.openLocal(a.Path)
	case a.URL != "":
		rc, size, err = f.openRemote(ctx, a.URL)
	default:
		return nil, 0, fmt.Errorf("document %q: %w", name, ErrNoSource)
	}
	if err != nil {
		if !errors.Is(err, content.ErrDocumentTooLarge) {
			size = 0
		}
		return nil, size, fmt.Errorf("document %q: %w", name, err)
	}
	rc, err = sniffed(name, rc)
	if err != nil {
		return nil, 0, fmt.Errorf("document %q: %w", name, err)
	}
	return rc, size, nil
}

// documentName is the name a's type is judged by: a.Name, else the last
// element of its path or URL, cleaned.
func documentName(a content.Attachment) string {
	name := a.Name
	switch {
	case name != "":
	case a.Path != "":
		name = filepath.Base(a.Path)
	case a.URL != "":
		if u, err := url.Parse(a.URL); err == nil {
			name = path.Base(u.Path)
		}
	}
	return content.CleanFileName(name)
}

// openRemote downloads raw through the polite Fetcher.
func (f *Fetcher) openRemote(ctx context.Context, raw string) (io.ReadCloser, int64, error) {
	st, err := f.fetch.Open(ctx, source.Request{URL: raw, Accept: accept})
	if err != nil {
		var le *source.LengthError
		if errors.As(err, &le) {
			return nil, le.Length, tooLarge(err)
		}
		return nil, 0, tooLarge(err)
	}
	return &remoteBody{ReadCloser: st.Body}, st.Length, nil
}

// remoteBody marks the source Fetcher's ErrTooLarge as
// content.ErrDocumentTooLarge too.
type remoteBody struct{ io.ReadCloser }

func (b *remoteBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	return n, tooLarge(err)
}

// tooLarge returns err, also wrapping content.ErrDocumentTooLarge when it
// is the source Fetcher's ErrTooLarge.
func tooLarge(err error) error {
	if err != nil && errors.Is(err, source.ErrTooLarge) && !errors.Is(err, content.ErrDocumentTooLarge) {
		return fmt.Errorf("%w: %w", content.ErrDocumentTooLarge, err)
	}
	return err
}

// sniffed reads the first bytes of rc and checks them against name's
// format (content.SniffDocument); it returns a reader of the whole
// document, those bytes included, or closes rc and fails.
func sniffed(name string, rc io.ReadCloser) (io.ReadCloser, error) {
	head := make([]byte, content.DocumentSniffLen)
	n, err := io.ReadFull(rc, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		rc.Close()
		return nil, err
	}
	head = head[:n]
	if _, err := content.SniffDocument(name, head); err != nil {
		rc.Close()
		return nil, err
	}
	return &headReader{Reader: io.MultiReader(strings.NewReader(string(head)), rc), Closer: rc}, nil
}

type headReader struct {
	io.Reader
	io.Closer
}
