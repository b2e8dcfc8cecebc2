package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	bolt "go.etcd.io/bbolt"
)

// maxOpenTries bounds how many times openFile opens the database again
// because another file was put at its path while it waited for the lock.
const maxOpenTries = 5

// openFile opens the bbolt file at path as opts say, holding its lock, and
// makes sure that once it holds the lock path still names the file it
// opened. A restore (Restore) renames a new database over path while
// holding the old file's lock; an Open waiting for that lock would
// otherwise go on with the file that was replaced, which no name leads to
// any more. When that happened it opens path again, up to maxOpenTries
// times. Errors are bbolt's (bolt.ErrTimeout when the lock was not taken
// within opts.LockTimeout) or the file system's.
func openFile(path string, opts Options) (*bolt.DB, error) {
	for try := 1; ; try++ {
		var opened *os.File
		bopts := &bolt.Options{
			Timeout:  opts.LockTimeout,
			ReadOnly: opts.ReadOnly,
			// bbolt opens other files with it too (Tx.CopyFile): only the
			// database itself is checked, and with MustExist must exist.
			OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
				if name == path && opts.MustExist {
					flag &^= os.O_CREATE
				}
				f, err := os.OpenFile(name, flag, perm)
				if err == nil && name == path && opened == nil {
					opened = f
				}
				return f, err
			},
		}
		b, err := bolt.Open(path, 0o600, bopts)
		if err != nil {
			return nil, err
		}
		same, err := stillAt(path, opened)
		if err == nil && same {
			return b, nil
		}
		b.Close()
		switch {
		case err != nil:
			return nil, err
		case try == maxOpenTries:
			return nil, fmt.Errorf("another file was put at the path each of %d times it was opened", maxOpenTries)
		}
	}
}

// stillAt reports whether path names the open file f; false when nothing
// is at path any more.
func stillAt(path string, f *os.File) (bool, error) {
	if f == nil {
		return false, errors.New("the database file was not opened by its name")
	}
	fi, err := f.Stat()
	if err != nil {
		return false, err
	}
	pi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return os.SameFile(fi, pi), nil
}
