package inbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"newsbot/content"
	"newsbot/content/guard"
	"newsbot/content/safefile"
)

// PublishFunc stores a new article, pushing it to its recipients when push
// is true and storing it quietly otherwise, and reports whether it was new.
type PublishFunc func(ctx context.Context, a content.Article, push bool) (created bool, err error)

// Watcher imports files dropped into Dir. Files are picked up in name order;
// names starting with "." and ending in ".tmp" or ".part" are left alone, so
// writers should write under such a name and rename when done. Documents
// (names ending in one of content.DocumentExtensions) are left for the
// export that names them: write them first, the export last.
type Watcher struct {
	Dir      string
	Publish  PublishFunc
	Log      *slog.Logger
	Now      func() time.Time
	Interval time.Duration // between scans; default 5s
	// OnPanic counts a panic contained while importing a file (loop
	// "inbox"); nil counts nothing. The file is moved to failed/ with
	// "internal error" as its reason, and the scan goes on.
	OnPanic guard.Counter
	// PushMaxAge: an article published longer ago than this, or undated,
	// is stored without a push (IsNews; 0: no age limit). Callers set it to
	// the sources' push_max_age, content.DefaultPushMaxAge by default.
	PushMaxAge time.Duration
	// AttachmentWait is how long an export naming a document not yet in
	// the inbox waits for it (counted from the export's modification
	// time) before failing; default DefaultAttachmentWait.
	AttachmentWait time.Duration
}

// Run scans Dir now and then every Interval until ctx is done. It returns nil
// on a clean stop and an error only if Dir cannot be prepared.
func (w *Watcher) Run(ctx context.Context) error {
	if err := w.prepare(); err != nil {
		return err
	}
	interval := w.Interval
	if interval <= 0 {
		interval = 5 * time.Second
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := w.Scan(ctx); err != nil && ctx.Err() == nil {
			w.Log.Error("inbox scan failed", slog.String("dir", w.Dir), slog.Any("err", err))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

func (w *Watcher) prepare() error {
	for _, d := range []string{w.Dir, filepath.Join(w.Dir, "done"), filepath.Join(w.Dir, "failed")} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return fmt.Errorf("inbox: prepare %s: %w", d, err)
		}
	}
	return nil
}

// Scan imports every file now in Dir. A file that fails to parse or publish
// is moved to failed/ with a .error.txt beside it saying why, with the
// documents it names; the others go to done/, their documents to done/ID/.
// An export whose documents are not all there yet stays for a later scan
// (up to AttachmentWait), and documents stay until an export names them.
// It returns an error only when Dir cannot be read.
func (w *Watcher) Scan(ctx context.Context) error {
	entries, err := os.ReadDir(w.Dir)
	if err != nil {
		return fmt.Errorf("inbox: read %s: %w", w.Dir, err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		if ctx.Err() != nil {
			return nil
		}
		if !e.Type().IsRegular() || skipped(e.Name()) {
			continue
		}
		w.importOne(ctx, e.Name())
	}
	return nil
}

func skipped(name string) bool {
	_, document := content.DocumentMediaType(name)
	return document || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".tmp") || strings.HasSuffix(name, ".part")
}

func (w *Watcher) importOne(ctx context.Context, name string) {
	path := filepath.Join(w.Dir, name)
	var (
		a       content.Article
		created bool
		push    bool
		wait    bool
		// documents are the export's documents to move to failed/ with
		// it if it fails: those in the inbox, or staged by this import.
		documents []string
	)
	err := guard.Do(w.Log.With(slog.String("file", name)), w.OnPanic, "inbox", func() (err error) {
		now := w.Now()
		var dated bool
		if a, dated, err = readExport(path, now); err != nil {
			return err
		}
		documents = w.namedDocuments(a)
		err = resolveAttachments(&a, w.Dir, w.filesDir(a.ID))
		if errors.Is(err, ErrAttachmentMissing) && w.waiting(path, now) {
			wait = true
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if documents, err = w.stage(&a); err != nil {
			return err
		}
		push = IsNews(a, dated, now, w.PushMaxAge)
		created, err = w.Publish(ctx, a, push)
		return err
	})
	if ctx.Err() != nil {
		return // stopping: the file stays, and is imported next time
	}
	if wait {
		w.Log.Debug("inbox file waits for its documents", slog.String("file", name))
		return
	}
	if err != nil {
		w.Log.Warn("inbox file failed", slog.String("file", name), slog.Any("err", err))
		w.move(path, "failed", err.Error())
		for _, d := range documents {
			w.move(d, "failed", "")
		}
		return
	}
	w.move(path, "done", "")
	w.Log.Info("inbox file imported", slog.String("file", name), slog.String("article", a.ID),
		slog.String("title", a.Title), slog.Bool("new", created), slog.Bool("pushed", created && push),
		slog.Int("documents", len(a.Attachments)))
}

// move puts the file into sub/, never overwriting an earlier file of the same
// name, and writes reason beside it when there is one. The reason file is
// created new (safefile.CreateNew): a file or symbolic link planted at its
// name makes the file take a dated name instead, and if that is taken too
// the reason is only logged; nothing is ever written through a link.
func (w *Watcher) move(path, sub, reason string) {
	dst := filepath.Join(w.Dir, sub, filepath.Base(path))
	if taken(dst) || (reason != "" && taken(dst+".error.txt")) {
		dst = filepath.Join(w.Dir, sub, w.Now().Format("20060102-150405.000-")+filepath.Base(path))
	}
	if err := os.Rename(path, dst); err != nil {
		w.Log.Error("inbox move failed", slog.String("file", path), slog.Any("err", err))
		return
	}
	if reason != "" {
		if err := writeReason(dst+".error.txt", reason); err != nil {
			w.Log.Error("inbox write reason failed", slog.String("file", dst), slog.String("reason", reason), slog.Any("err", err))
		}
	}
}

// taken reports whether anything, a symbolic link too, is at path.
func taken(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// writeReason writes reason into a new file at path.
func writeReason(path, reason string) error {
	f, err := safefile.CreateNew(path, 0o640)
	if err != nil {
		return err
	}
	_, err = f.WriteString(reason + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// ReadFile parses one export file with ParseExportArticle: a file
// without an article's shape (an HTML page, a CSV table, source code, a
// text without the "Đăng lúc" line or the page's layout) fails with an error
// wrapping ErrNotArticle and naming the file. An undated export
// (accepted with the page's whole layout) is dated now, and dated is false;
// its ID still comes from its text alone, so importing the same file again
// finds it stored. The documents the export names ("Tệp đính kèm: NAME")
// are found beside it and checked, their Path the file where it lies; one
// refused or missing fails the file with an error wrapping
// content.ErrDocumentRefused, content.ErrDocumentTooLarge or
// ErrAttachmentMissing.
func ReadFile(path string, now time.Time) (a content.Article, dated bool, err error) {
	if a, dated, err = readExport(path, now); err != nil {
		return content.Article{}, false, err
	}
	if err := resolveAttachments(&a, filepath.Dir(path)); err != nil {
		return content.Article{}, false, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return a, dated, nil
}

// readExport is ReadFile without finding the documents.
func readExport(path string, now time.Time) (a content.Article, dated bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return content.Article{}, false, fmt.Errorf("inbox: %w", err)
	}
	defer f.Close()
	a, err = ParseExportArticle(f, filepath.Base(path))
	if err != nil {
		return content.Article{}, false, err
	}
	if a.Published.IsZero() {
		a.Published = now.In(content.VietnamZone()).Truncate(time.Second)
		return a, false, nil
	}
	return a, true, nil
}

// IsNews reports whether an article ReadFile read at now is to be pushed:
// it was dated, and not longer ago than maxAge (content.TooOldToPush; 0: no
// limit). An undated export is never news: its age is unknown.
func IsNews(a content.Article, dated bool, now time.Time, maxAge time.Duration) bool {
	return dated && !content.TooOldToPush(a.Published, now, maxAge)
}
