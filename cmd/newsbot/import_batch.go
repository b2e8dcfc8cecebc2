package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"newsbot/content"
	"newsbot/content/inbox"
	"newsbot/store"
)

// importBatch is how many files `newsbot import` stores per transaction.
const importBatch = 1000

// importAhead is how many batches an import reads ahead of the one being
// stored, so that parsing goes on through the long transaction that merges
// the search tail (some 30 MB of memory each).
const importAhead = 2

// importMergeAt is how many articles an import lets the search index's
// tail hold before it is merged into the main postings
// (store.DB.ImportArticles): each merge rewrites a block of every term the
// tail holds, so fewer, bigger merges make a long import quicker.
const importMergeAt = 16384

// importPaths expands the command line of `newsbot import`: a file is taken
// whatever its name; a folder gives every *.txt file under it, recursively,
// in name order, leaving out names starting with "." (as the inbox does).
// A path that cannot be read is returned among the errors, and the others
// are still expanded.
func importPaths(args []string) (files []string, failed []error) {
	for _, arg := range args {
		fi, err := os.Stat(arg)
		if err != nil || !fi.IsDir() {
			files = append(files, arg) // reading it reports what is wrong
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				failed = append(failed, fmt.Errorf("folder %s: %w", path, err))
				return nil // the rest of the folder is still imported
			}
			name := d.Name()
			if path != arg && strings.HasPrefix(name, ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() && strings.EqualFold(filepath.Ext(name), ".txt") {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			failed = append(failed, fmt.Errorf("folder %s: %w", arg, err))
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, failed
}

// importer reads, stores and reports the files of one `newsbot import`.
type importer struct {
	app  *App
	db   *store.DB // nil on a dry run
	opts importOptions
	bar  *progress // nil for a few files
	// parsed collects the articles for --json; failed counts the files
	// that could not be imported.
	parsed []content.Article
	failed int
	done   int
}

// readBatch is one batch of files, read and parsed.
type readBatch struct {
	files int
	pubs  []store.Publication
	// analysed is pubs ready for store.DB.ImportArticles; nil on a dry run.
	analysed *store.ImportBatch
	names    []string
	quiet    []string // why each article is not pushed; "" when it is
	// failed are the files that could not be read, with the reason.
	failed []error
}

// run imports files in batches of importBatch: each batch's readable
// articles are stored in one transaction; a file that fails is reported
// and does not stop the others. The next batch is read, parsed and
// analysed for the search index, on all CPUs, while one is stored.
func (imp *importer) run(ctx context.Context, files []string) error {
	ctx, cancel := context.WithCancel(ctx)
	batches := make(chan readBatch, importAhead)
	defer func() {
		cancel()
		for range batches { // the reader stops; wait for it
		}
	}()
	go func() {
		defer close(batches)
		for start := 0; start < len(files); start += importBatch {
			select {
			case batches <- imp.read(files[start:min(start+importBatch, len(files))]):
			case <-ctx.Done():
				return
			}
		}
	}()
	for rb := range batches {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("import: stopped after %d of %d files: %w", imp.done, len(files), err)
		}
		if err := imp.store(ctx, rb); err != nil {
			return fmt.Errorf("import: stopped after %d of %d files: %w", imp.done, len(files), err)
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("import: stopped after %d of %d files: %w", imp.done, len(files), err)
	}
	if imp.db != nil {
		if err := imp.db.MergeSearchTail(ctx); err != nil {
			return fmt.Errorf("import: all %d files stored: %w", len(files), err)
		}
	}
	if imp.bar != nil {
		imp.bar.Update(len(files))
		imp.bar.Finish()
	}
	return nil
}

// read reads and parses files on all CPUs (GOMAXPROCS), decides which
// articles are news and, unless on a dry run, analyses them for the search
// index (store.AnalyzeBatch). It only reads imp's options, clock and
// database handle, so it runs beside store.
func (imp *importer) read(files []string) readBatch {
	rb := readBatch{files: len(files)}
	now := imp.app.Now()
	type parsed struct {
		a     content.Article
		dated bool
		err   error
	}
	out := make([]parsed, len(files))
	workers := min(runtime.GOMAXPROCS(0), len(files))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(files); i += workers {
				p := &out[i]
				p.a, p.dated, p.err = inbox.ReadFile(files[i], now)
			}
		})
	}
	wg.Wait()
	for i, p := range out {
		if p.err != nil {
			rb.failed = append(rb.failed, p.err)
			continue
		}
		why := imp.quietReason(p.a, p.dated, now)
		rb.pubs = append(rb.pubs, store.Publication{Article: p.a, Options: store.PublishOptions{Quiet: why != ""}})
		rb.names, rb.quiet = append(rb.names, files[i]), append(rb.quiet, why)
	}
	if imp.db != nil {
		rb.analysed = store.AnalyzeBatch(rb.pubs)
	}
	return rb
}

// store stores the articles of rb in one transaction and reports each
// file. It returns an error only when the batch could not be stored at all.
func (imp *importer) store(ctx context.Context, rb readBatch) error {
	for _, err := range rb.failed {
		imp.fail(err)
	}
	defer func() {
		imp.done += rb.files
		if imp.bar != nil {
			imp.bar.Update(imp.done)
		}
	}()
	if imp.db == nil {
		for i, p := range rb.pubs {
			imp.stored(p.Article, nil, rb.quiet[i])
		}
		return nil
	}
	res, err := imp.db.ImportArticles(ctx, rb.analysed, importMergeAt)
	if err != nil {
		return err
	}
	for i, r := range res {
		if r.Err != nil {
			imp.fail(fmt.Errorf("%s: %w", rb.names[i], r.Err))
			continue
		}
		imp.stored(r.Article, &res[i], rb.quiet[i])
	}
	return nil
}

// fail reports a file that could not be imported.
func (imp *importer) fail(err error) {
	imp.failed++
	if imp.bar != nil {
		imp.bar.Finish() // the message starts a line of its own
	}
	fmt.Fprintf(imp.app.Stderr, "newsbot: import: %v\n", err)
}

// quietReason says why an article read at now is not to be pushed, or ""
// when it is news (inbox.IsNews).
func (imp *importer) quietReason(a content.Article, dated bool, now time.Time) string {
	switch {
	case imp.opts.quiet:
		return "--quiet"
	case !dated:
		return `undated (no "Đăng lúc" line)`
	case !inbox.IsNews(a, dated, now, imp.opts.pushMaxAge):
		return fmt.Sprintf("published %s (Vietnam time), more than %v ago", vnTime(a.Published), imp.opts.pushMaxAge)
	}
	return ""
}

// stored reports an article on stdout: what was done with it (res nil on a
// dry run; quiet says why it was not pushed), or nothing with --json, which
// prints the articles at the end.
func (imp *importer) stored(a content.Article, res *store.BatchPublished, quiet string) {
	if imp.opts.asJSON {
		imp.parsed = append(imp.parsed, a)
		return
	}
	out := imp.app.Stdout
	switch {
	case res == nil:
		fmt.Fprintf(out, "%s\t%s (Vietnam time)\t%s (dry run: not stored)\n", a.ID, vnTime(a.Published), a.Title)
	case !res.Created:
		fmt.Fprintf(out, "%s\t%s (already stored)\n", a.ID, a.Title)
	case res.Job.ID != 0:
		fmt.Fprintf(out, "%s\t%s (stored; push to %s queued)\n", a.ID, a.Title, content.Counted(res.Job.Total, "chat", "chats"))
	case quiet != "":
		fmt.Fprintf(out, "%s\t%s (stored; not pushed: %s)\n", a.ID, a.Title, quiet)
	default:
		fmt.Fprintf(out, "%s\t%s (stored; nobody subscribed yet)\n", a.ID, a.Title)
	}
}
