package inbox

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"newsbot/content"
)

// ErrAttachmentMissing means a document an export names ("Tệp đính kèm:
// NAME") is not in the folder beside it. The Watcher waits for it for
// AttachmentWait before failing the export.
var ErrAttachmentMissing = errors.New("attached document not found beside the export")

// DefaultAttachmentWait is how long the Watcher waits, by default, for the
// documents an export names to arrive beside it.
const DefaultAttachmentWait = 2 * time.Minute

// resolveAttachments finds each document a names (content.Attachment.Name,
// from its export's "Tệp đính kèm" lines) in the first of dirs holding it,
// checks it, and sets its Path (absolute), MediaType and Size. A name must
// be a plain file name (no folder, no leading dot, as
// content.CleanFileName leaves it); the file must be a regular file (no
// symbolic link), no larger than content.MaxDocumentUpload, and start as
// its type does (content.SniffDocument). Errors name the document and wrap
// content.ErrDocumentRefused, content.ErrDocumentTooLarge,
// ErrAttachmentMissing or the file system's error.
func resolveAttachments(a *content.Article, dirs ...string) error {
	for i := range a.Attachments {
		att := &a.Attachments[i]
		if err := resolveAttachment(att, dirs); err != nil {
			return fmt.Errorf("document %q: %w", att.Name, err)
		}
	}
	return nil
}

func resolveAttachment(att *content.Attachment, dirs []string) error {
	name := att.Name
	if name != content.CleanFileName(name) || strings.ContainsAny(name, `/\`) {
		return fmt.Errorf("%w: not a plain file name beside the export", content.ErrDocumentRefused)
	}
	for _, dir := range dirs {
		p, err := filepath.Abs(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		fi, err := os.Lstat(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("%w: %s is not a regular file", content.ErrDocumentRefused, p)
		}
		if fi.Size() > content.MaxDocumentUpload {
			return fmt.Errorf("%w: %d bytes, Telegram takes %d", content.ErrDocumentTooLarge, fi.Size(), content.MaxDocumentUpload)
		}
		mt, err := sniffFile(p, name)
		if err != nil {
			return err
		}
		att.Path, att.MediaType, att.Size = p, mt, fi.Size()
		return nil
	}
	return ErrAttachmentMissing
}

// sniffFile checks the first bytes of the file at p against name's type.
func sniffFile(p, name string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, content.DocumentSniffLen)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return "", err
	}
	return content.SniffDocument(name, head[:n])
}

// filesDir is where the Watcher keeps the documents of the article with
// this ID once imported: done/ID/ in the inbox.
func (w *Watcher) filesDir(id string) string {
	return filepath.Join(w.Dir, "done", id)
}

// stage moves the documents of a that lie in the inbox itself into
// filesDir(a.ID) — never over a file already there, which keeps its name
// while the newcomer gets a dated one — and points their Path there. It
// returns the paths it moved documents to.
func (w *Watcher) stage(a *content.Article) ([]string, error) {
	inboxDir, err := filepath.Abs(w.Dir)
	if err != nil {
		return nil, err
	}
	var moved []string
	for i := range a.Attachments {
		att := &a.Attachments[i]
		if filepath.Dir(att.Path) != inboxDir {
			continue // staged by an import that stopped before publishing
		}
		dir, err := filepath.Abs(w.filesDir(a.ID))
		if err != nil {
			return moved, err
		}
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return moved, fmt.Errorf("inbox: %w", err)
		}
		dst := filepath.Join(dir, att.Name)
		if taken(dst) {
			dst = filepath.Join(dir, w.Now().Format("20060102-150405.000-")+att.Name)
		}
		if err := os.Rename(att.Path, dst); err != nil {
			return moved, fmt.Errorf("inbox: %w", err)
		}
		att.Path = dst
		moved = append(moved, dst)
	}
	return moved, nil
}

// namedDocuments returns the paths of the documents a names that are in
// the inbox itself.
func (w *Watcher) namedDocuments(a content.Article) []string {
	var out []string
	for _, att := range a.Attachments {
		name := att.Name
		if name != content.CleanFileName(name) || strings.ContainsAny(name, `/\`) {
			continue
		}
		p := filepath.Join(w.Dir, name)
		if fi, err := os.Lstat(p); err == nil && fi.Mode().IsRegular() {
			out = append(out, p)
		}
	}
	return out
}

// waiting reports whether the export at path is young enough, at now, to
// wait for its documents: changed less than AttachmentWait ago.
func (w *Watcher) waiting(path string, now time.Time) bool {
	wait := w.AttachmentWait
	if wait <= 0 {
		wait = DefaultAttachmentWait
	}
	fi, err := os.Stat(path)
	return err == nil && now.Sub(fi.ModTime()) < wait
}
