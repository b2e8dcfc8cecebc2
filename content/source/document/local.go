package document

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"newsbot/content"
	"newsbot/content/source"
)

// openLocal opens the regular file at p, which must lie in one of
// Options.Dirs when they are given (judged on the cleaned absolute path),
// be no symbolic link, and be no larger than MaxSize.
func (f *Fetcher) openLocal(p string) (io.ReadCloser, int64, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, 0, fmt.Errorf("%w: path %q: %w", content.ErrDocumentRefused, p, err)
	}
	if len(f.opts.Dirs) > 0 && !f.inDirs(abs) {
		return nil, 0, fmt.Errorf("%w: %s is outside the folders documents are opened in", content.ErrDocumentRefused, abs)
	}
	fi, err := os.Lstat(abs)
	if err != nil {
		return nil, 0, err
	}
	if !fi.Mode().IsRegular() {
		return nil, 0, fmt.Errorf("%w: %s is not a regular file (%s)", content.ErrDocumentRefused, abs, fi.Mode().Type())
	}
	if fi.Size() > f.opts.MaxSize {
		return nil, fi.Size(), fmt.Errorf("%w: %s has %d bytes, limit %d", content.ErrDocumentTooLarge, abs, fi.Size(), f.opts.MaxSize)
	}
	file, err := os.Open(abs)
	if err != nil {
		return nil, 0, err
	}
	if opened, err := file.Stat(); err != nil || !os.SameFile(fi, opened) {
		file.Close()
		return nil, 0, fmt.Errorf("%w: %s changed while being opened", content.ErrDocumentRefused, abs)
	}
	return newBoundedFile(file, f.opts.MaxSize), fi.Size(), nil
}

// inDirs reports whether abs, cleaned, lies inside one of Options.Dirs.
func (f *Fetcher) inDirs(abs string) bool {
	for _, d := range f.opts.Dirs {
		rel, err := filepath.Rel(d, abs)
		if err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel) {
			return true
		}
	}
	return false
}

// boundedFile is a local document that fails with
// content.ErrDocumentTooLarge if it grows past its limit while read. It
// hides the file's other methods (WriteTo among them), so that every byte
// goes through Read.
type boundedFile struct {
	source.BoundedReader
	file *os.File
}

func newBoundedFile(file *os.File, limit int64) *boundedFile {
	return &boundedFile{file: file, BoundedReader: source.BoundedReader{R: file, Limit: limit, TooLarge: func() error {
		return fmt.Errorf("%w: %s grew past %d bytes", content.ErrDocumentTooLarge, file.Name(), limit)
	}}}
}

func (b *boundedFile) Close() error { return b.file.Close() }
