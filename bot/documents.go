package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"newsbot/content"
)

// maxAlbum is the most documents one album (sendMediaGroup) may hold.
const (
	maxAlbum = 10
	// probeTimeout bounds the look at a document's size before a push.
	probeTimeout = 30 * time.Second
)

// DocumentSource opens the files of articles' documents for their first
// upload to Telegram: a file an inbox export brought (Attachment.Path) or
// one a source links to (Attachment.URL).
type DocumentSource interface {
	// OpenDocument opens a's file and returns it with its size in bytes
	// (-1 when not known before reading). An error wraps
	// content.ErrDocumentTooLarge when the file is larger than Telegram
	// takes (50 MB) or a download may be (the size is then returned too
	// when known, for the card to show), content.ErrDocumentRefused when
	// it is not a document type newsbot sends; a read may fail with them
	// too. The caller closes the reader. Safe for concurrent use.
	OpenDocument(ctx context.Context, a content.Attachment) (io.ReadCloser, int64, error)
}

// AttachmentFileIDs keeps the file_ids Telegram returns for documents.
type AttachmentFileIDs interface {
	// SetAttachmentFileIDs gives each of docs' FileID to the same document
	// of article id, in one transaction, durable when it returns; it
	// reports how many changed. An unknown article is an error.
	SetAttachmentFileIDs(ctx context.Context, id string, docs []content.Attachment) (int, error)
}

// docItem is one document a notice sends after its card.
type docItem struct {
	// att is the article's attachment, with its FileID once known.
	att content.Attachment
	// caption is the HTML caption naming it: its label, else its name.
	caption string
}

// docCaption is the caption sent with a: "📎 " and its label or name.
func docCaption(a content.Attachment) string {
	name := strings.TrimSpace(a.Label)
	if name == "" {
		name = a.Name
	}
	return "📎 " + escape(truncate(name, 200))
}

// docError is a document that cannot be sent (not opened, too large, of a
// refused type): the send goes on without it.
type docError struct {
	// indices are the documents' in the request's items.
	indices []int
	err     error
	// size is the document's size when the failure told it (a
	// Content-Length over the limit), else 0.
	size int64
}

func (e *docError) Error() string { return fmt.Sprintf("documents %v: %v", e.indices, e.err) }
func (e *docError) Unwrap() error { return e.err }

// docNote is a document a notice names without sending it: the card names
// it when the plan already knows, a line after the card when the upload
// finds out. It is linked when it has a URL.
type docNote struct {
	att content.Attachment
	// tooLarge says why: over Telegram's 50 MB; else it could not be
	// read or was not of its type.
	tooLarge bool
}

// line is n's line in l: its name (linked), its size when too large and
// known, and why it is not sent.
func (n docNote) line(l Lang) string {
	name := escape(n.att.Name)
	if n.att.URL != "" {
		name = fmt.Sprintf(`<a href="%s">%s</a>`, escape(n.att.URL), name)
	}
	if n.tooLarge && n.att.Size > 0 {
		name += " (" + formatMB(n.att.Size, l) + ")"
	}
	switch {
	case n.tooLarge && n.att.URL != "":
		return l.T(msgDocLinked, name)
	case n.tooLarge:
		return l.T(msgDocTooLarge, name)
	case n.att.URL != "":
		return l.T(msgDocNotSentLinked, name)
	}
	return l.T(msgDocNotSent, name)
}

// planDocuments sorts a's documents into those a push sends (with a
// file_id, a file to upload, or a link to download and upload) and those
// the card only names (over Telegram's 50 MB by their known size, or that
// cannot be opened or are not of their type): every document is one or
// the other. A local file is opened (and closed at once) to learn its size
// and check it; a link is not: downloading it is left to the upload, which
// names it after the card when it turns out too large or not a document
// (deliverDocuments), so that nothing is fetched twice.
func (b *Bot) planDocuments(ctx context.Context, a content.Article) (send []docItem, named []docNote) {
	for _, att := range a.Attachments {
		switch {
		case att.FileID != "":
		case att.Size > content.MaxDocumentUpload:
			named = append(named, docNote{att: att, tooLarge: true})
			continue
		case b.docs == nil:
			named = append(named, docNote{att: att})
			continue
		case att.Path == "":
			// A link: the upload downloads it, once.
		default:
			size, err := b.probeDocument(ctx, att)
			switch {
			case errors.Is(err, content.ErrDocumentTooLarge) || size > content.MaxDocumentUpload:
				att.Size = max(att.Size, size)
				named = append(named, docNote{att: att, tooLarge: true})
				continue
			case err != nil:
				b.log.Warn("document not readable or refused; not sent", slog.String("article", a.ID), slog.String("name", att.Name), slog.Any("err", err))
				named = append(named, docNote{att: att})
				continue
			}
			if size > 0 {
				att.Size = size
			}
		}
		send = append(send, docItem{att: att, caption: docCaption(att)})
	}
	return send, named
}

// probeDocument opens att and closes it at once, returning its size.
func (b *Bot) probeDocument(ctx context.Context, att content.Attachment) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	rc, size, err := b.docs.OpenDocument(ctx, att)
	if err != nil {
		return size, err
	}
	_ = rc.Close()
	return size, nil
}

// docBlock is the card's lines about documents in l: how many follow it,
// and each one named but not sent (docNote.line).
func docBlock(l Lang, sent int, named []docNote) string {
	var lines []string
	if sent > 0 {
		lines = append(lines, l.T(msgDocsFollow, sent))
	}
	for _, n := range named {
		lines = append(lines, n.line(l))
	}
	return strings.Join(lines, "\n")
}

// formatMB shows a size in whole megabytes, rounded up ("62 MB").
func formatMB(n int64, l Lang) string {
	return formatInt((n+(1<<20)-1)>>20, l) + " MB"
}

// docSet is the documents of one pass over a push job, shared by its
// workers: it makes sure that a document is uploaded once, by the first
// worker that needs it, and that every other worker waits for the file_id
// and sends that.
type docSet struct {
	articleID string
	// markup goes under the last document, in each language (the
	// acknowledgement button), or nil. Albums take no buttons, so with
	// markup documents go one by one. fallback is the card's keyboard with
	// that button, put back on the card when no document could carry it.
	markup, fallback map[Lang]any

	mu    sync.Mutex
	items []docItem
	// skip marks documents found unsendable during the pass, and says why
	// (the line that names them instead).
	skip []*docNote
	// uploading is set while a worker uploads; it is closed when the
	// upload is over, whatever its outcome.
	uploading chan struct{}
}

// newDocSet returns the set of items for article id.
func newDocSet(id string, items []docItem) *docSet {
	return &docSet{articleID: id, items: items, skip: make([]*docNote, len(items))}
}

// todo returns the documents not in sent and not skipped, in order.
func (s *docSet) todo(sent map[int]bool) []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []int
	for i := range s.items {
		if !sent[i] && s.skip[i] == nil {
			out = append(out, i)
		}
	}
	return out
}

// errBatchSkipped means a document of a batch was found unsendable while
// the caller waited to claim it: the caller makes its batch again.
var errBatchSkipped = errors.New("a document of the batch was left out meanwhile")

// claim returns the items of batch, and which of them the caller must
// upload: none when all have file_ids; otherwise the caller is the one
// uploader until it calls release. While another worker uploads, it waits
// for it (or for ctx, whose error it returns); when that upload left one
// of batch out, it returns errBatchSkipped.
func (s *docSet) claim(ctx context.Context, batch []int) ([]docItem, []bool, error) {
	for {
		s.mu.Lock()
		for _, i := range batch {
			if s.skip[i] != nil {
				s.mu.Unlock()
				return nil, nil, errBatchSkipped
			}
		}
		items := make([]docItem, len(batch))
		upload := make([]bool, len(batch))
		need := false
		for k, i := range batch {
			items[k] = s.items[i]
			upload[k] = items[k].att.FileID == ""
			need = need || upload[k]
		}
		if !need {
			s.mu.Unlock()
			return items, nil, nil
		}
		if s.uploading == nil {
			s.uploading = make(chan struct{})
			s.mu.Unlock()
			return items, upload, nil
		}
		wait := s.uploading
		s.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		}
	}
}

// release ends the caller's upload: fileIDs (by position in batch, "" for
// none) become the documents' file_ids, and the waiting workers go on.
func (s *docSet) release(batch []int, fileIDs []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, i := range batch {
		if k < len(fileIDs) && fileIDs[k] != "" {
			s.items[i].att.FileID = fileIDs[k]
		}
	}
	if s.uploading != nil {
		close(s.uploading)
		s.uploading = nil
	}
}

// setSkip marks document i unsendable for the rest of the pass, for err;
// size is its size when err told it, else 0.
func (s *docSet) setSkip(i int, err error, size int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.skip[i] != nil {
		return
	}
	n := &docNote{att: s.items[i].att, tooLarge: errors.Is(err, content.ErrDocumentTooLarge)}
	switch {
	case size > 0:
		n.att.Size = size
	case n.tooLarge:
		n.att.Size = 0 // the size the plan went by was wrong; the real one is not known
	}
	s.skip[i] = n
}

// unsent returns the notes of the documents skipped during the pass that
// are not in sent, in order: what a chat's line after its card names.
func (s *docSet) unsent(sent map[int]bool) []docNote {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []docNote
	for i, n := range s.skip {
		if n != nil && !sent[i] {
			out = append(out, *n)
		}
	}
	return out
}

// forget drops the file_ids of batch that Telegram did not know, sent sent
// as items (by position in batch), so that the next send uploads those files
// again. A file_id another worker has stored since (its upload after the
// same refusal) is kept: the refusal was not about it.
func (s *docSet) forget(batch []int, sent []docItem) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, i := range batch {
		if k < len(sent) && s.items[i].att.FileID == sent[k].att.FileID {
			s.items[i].att.FileID = ""
		}
	}
}

// name is document i's name, for logs.
func (s *docSet) name(i int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.items[i].att.Name
}
