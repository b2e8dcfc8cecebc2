// Package safefile creates the files newsbot writes next to names others
// may control (the inbox's failed/ folder, backups, the token file) so that
// a file or symbolic link planted there is never written through, and a
// replaced file is never written in place.
//
// It imports the standard library only; it must not import any of
// newsbot's packages, so that every one of them may use it.
package safefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// CreateNew creates the file at path for writing with mode perm (less the
// umask) and returns it. It fails with an error wrapping fs.ErrExist when
// anything is at path already, a symbolic link too, dangling or not: the
// file is opened with O_CREATE|O_EXCL, which never follows a link. The
// caller closes the file.
func CreateNew(path string, perm fs.FileMode) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return nil, fmt.Errorf("safefile: create %s: %w", path, err)
	}
	return f, nil
}

// Replace puts a new file at path with mode perm, its content written by
// write. The file is created afresh in path's folder (os.CreateTemp: a new
// random name, O_EXCL), set to perm before write is called, synced, and
// renamed over path; the folder is synced after. Whatever was at path
// before (a looser file, a symbolic link) is never opened: a reader that
// opened it keeps reading the old content, and a link's target is left as
// it was. On an error before the rename path is unchanged and the new file
// removed; only a failure to sync the folder comes after it. Concurrent
// calls for one path leave one of the files whole.
func Replace(path string, perm fs.FileMode, write func(f *os.File) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("safefile: replace %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
			err = fmt.Errorf("safefile: replace %s: %w", path, err)
		}
	}()
	if err := f.Chmod(perm); err != nil {
		return err
	}
	if err := write(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("safefile: replace %s: sync the folder: %w", path, err) // err stays nil for the cleanup
	}
	return nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, fs.ErrInvalid) { // a folder that cannot be synced, on some systems
		return nil
	}
	return err
}
