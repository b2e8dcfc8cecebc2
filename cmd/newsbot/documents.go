package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"newsbot/bot"
	"newsbot/content"
)

// errNoDocumentFile means a document has neither a local file nor a URL a
// downloader could fetch.
var errNoDocumentFile = errors.New("document has no file to open")

// localDocuments opens the documents an inbox export brought, by their
// Attachment.Path: regular files only (a link, a directory or a device is
// refused), at most bot.MaxDocumentBytes. Safe for concurrent use.
type localDocuments struct{}

// OpenDocument opens a.Path; see bot.DocumentSource.
func (localDocuments) OpenDocument(_ context.Context, a content.Attachment) (io.ReadCloser, int64, error) {
	if a.Path == "" {
		return nil, 0, fmt.Errorf("document %q: %w", a.Name, errNoDocumentFile)
	}
	fi, err := os.Lstat(a.Path)
	if err != nil {
		return nil, 0, fmt.Errorf("document %q: %w", a.Name, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, 0, fmt.Errorf("document %q: %s is not a regular file: %w", a.Name, a.Path, content.ErrDocumentRefused)
	}
	if fi.Size() > bot.MaxDocumentBytes {
		return nil, fi.Size(), fmt.Errorf("document %q: %d bytes: %w", a.Name, fi.Size(), content.ErrDocumentTooLarge)
	}
	f, err := os.Open(a.Path)
	if err != nil {
		return nil, 0, fmt.Errorf("document %q: %w", a.Name, err)
	}
	return f, fi.Size(), nil
}

// documentSources opens each document where it is: its local file when it
// has a Path (localDocuments), else its URL through remote, the polite
// downloader of sources (nil: documents of sources are linked, not sent).
type documentSources struct {
	local  bot.DocumentSource
	remote bot.DocumentSource
}

// OpenDocument opens a from its file or its URL; see bot.DocumentSource.
func (s documentSources) OpenDocument(ctx context.Context, a content.Attachment) (io.ReadCloser, int64, error) {
	switch {
	case a.Path != "" && s.local != nil:
		return s.local.OpenDocument(ctx, a)
	case a.URL != "" && s.remote != nil:
		return s.remote.OpenDocument(ctx, a)
	}
	return nil, 0, fmt.Errorf("document %q: %w", a.Name, errNoDocumentFile)
}
