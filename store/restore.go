package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrBackupIsDatabase means the backup named for a restore is the database
// file itself (or another name of it).
var ErrBackupIsDatabase = errors.New("the backup is the database itself")

// keptLayout names the database a restore replaced: newsbot.db.before-restore-20260312-070000.
const keptLayout = "20060102-150405"

// maxKeptNames bounds the search for a free name for the replaced database.
const maxKeptNames = 10000

// RestoreResult says what Restore put in place and where it kept what it
// replaced.
type RestoreResult struct {
	// Info describes the restored database, as CheckBackup does.
	Info BackupInfo
	// Kept is the name the replaced database is kept under; "" when there
	// was no database at the path.
	Kept string
}

// Restore puts a copy of the backup at src in place of the database at
// path, which must not be in use (the bot stopped). now names the kept
// database.
//
// The backup is copied into a new file in path's folder, synced to disk,
// and checked as CheckBackup does; only then is the current database
// touched: it gets a second name that no file had (path +
// ".before-restore-" + now, with "-2", "-3"… when taken; created
// exclusively, by a hard link, or by a copy where the file system has
// none), and the checked copy is renamed over path. So at every instant a
// complete database is at path, the one replaced is kept, and nothing
// another restore kept is overwritten.
//
// It refuses, with an error wrapping ErrBackupIsDatabase, a src that is
// the database itself; with one wrapping ErrLocked, a database in use; with
// one wrapping ErrBadBackup, a backup that fails the check. On any error
// the database at path is as it was (the error says so) and no new file is
// left behind.
func Restore(ctx context.Context, src, path string, now time.Time) (RestoreResult, error) {
	return restore(ctx, src, path, now, func(name string) (io.ReadCloser, error) { return os.Open(name) })
}

// restore is Restore reading the backup through open.
func restore(ctx context.Context, src, path string, now time.Time, open func(string) (io.ReadCloser, error)) (RestoreResult, error) {
	res, err := restoreSteps(ctx, src, path, now, open)
	if err != nil {
		return RestoreResult{}, fmt.Errorf("store: restore %s: %w; the database at %s was not changed", src, err, path)
	}
	return res, nil
}

func restoreSteps(ctx context.Context, src, path string, now time.Time, open func(string) (io.ReadCloser, error)) (RestoreResult, error) {
	var res RestoreResult
	srcInfo, err := os.Stat(src)
	if err != nil {
		return res, err
	}
	if !srcInfo.Mode().IsRegular() {
		return res, fmt.Errorf("%w: not a regular file", ErrBadBackup)
	}
	dbInfo, err := os.Stat(path)
	exists := err == nil
	switch {
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return res, err
	case exists && os.SameFile(srcInfo, dbInfo):
		return res, fmt.Errorf("%w (%s): name a backup file", ErrBackupIsDatabase, path)
	}
	if exists {
		// A shared lock: it fails while the bot holds the file, and keeps
		// a bot from starting on the file until the swap is done. A
		// damaged database does not open at all; it is replaced (and
		// kept) all the same.
		cur, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
		if errors.Is(err, bolt.ErrTimeout) {
			return res, fmt.Errorf("stop the bot first: %w", ErrLocked)
		}
		if err == nil {
			defer cur.Close()
		}
	}

	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".restore-*")
	if err != nil {
		return res, err
	}
	installed := false
	defer func() {
		if !installed {
			os.Remove(tmp.Name())
		}
	}()
	in, err := open(src)
	if err == nil {
		err = copyAndSync(ctx, tmp, in)
		in.Close()
	} else {
		tmp.Close()
	}
	if err != nil {
		return res, fmt.Errorf("copy beside the database: %w", err)
	}
	if res.Info, err = checkDatabase(tmp.Name()); err != nil {
		return res, err
	}

	if !exists {
		// A hard link creates path only if nothing is there yet.
		if err := installExclusive(tmp.Name(), path); err != nil {
			return res, err
		}
		installed = true
		return res, syncDir(dir)
	}
	if res.Kept, err = keepAside(ctx, path, now); err != nil {
		return res, fmt.Errorf("keep the current database: %w", err)
	}
	if err := syncDir(dir); err != nil {
		os.Remove(res.Kept) // a second name of the database, or a copy of it
		return res, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(res.Kept)
		return res, err
	}
	installed = true
	return res, syncDir(dir)
}

// installExclusive gives the file tmp the name path, which must not exist,
// and removes the name tmp. Without hard links it renames.
func installExclusive(tmp, path string) error {
	err := os.Link(tmp, path)
	switch {
	case err == nil:
		return os.Remove(tmp)
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("a database appeared at %s meanwhile: %w", path, err)
	}
	return os.Rename(tmp, path)
}

// keepAside gives the database at path a second name no file had:
// path.before-restore-<now>, or that with -2, -3… It creates the name
// exclusively, as a hard link, or where the file system has none, as a
// synced copy. It returns the name.
func keepAside(ctx context.Context, path string, now time.Time) (string, error) {
	base := path + ".before-restore-" + now.Format(keptLayout)
	for n := 1; n <= maxKeptNames; n++ {
		name := base
		if n > 1 {
			name = fmt.Sprintf("%s-%d", base, n)
		}
		err := os.Link(path, name)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			err = copyExclusive(ctx, path, name)
		}
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return name, err
	}
	return "", fmt.Errorf("%s and %d more names are taken", base, maxKeptNames-1)
}

// copyExclusive copies src into a new file dst (mode 0600), which must not
// exist, and syncs it; on failure dst is removed.
func copyExclusive(ctx context.Context, src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if err := copyAndSync(ctx, out, in); err != nil {
		os.Remove(dst)
		return err
	}
	return nil
}

// copyAndSync copies in to out, checking ctx between chunks, syncs out to
// disk and closes it.
func copyAndSync(ctx context.Context, out *os.File, in io.Reader) error {
	_, err := io.Copy(out, ctxReader{ctx, in})
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// ctxReader is a reader that stops with ctx's error once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (r ctxReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}

// syncDir syncs the folder dir, so that the names just made in it survive
// a power cut.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
