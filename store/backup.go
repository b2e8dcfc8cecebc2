package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/content/safefile"
)

// Backup writes a consistent copy of the database to path (mode 0600) while
// the database stays in use: it reads one snapshot in a read transaction.
// The copy is a new file renamed into place (safefile.Replace), so path is
// either as it was or a complete new file, and a file or link planted at
// path is never written through.
func (db *DB) Backup(ctx context.Context, path string) error {
	err := safefile.Replace(path, 0o600, func(f *os.File) error {
		return db.view(ctx, func(tx *bolt.Tx) error {
			_, err := tx.WriteTo(f)
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	return nil
}

// BackupInfo describes a checked backup.
type BackupInfo struct {
	SchemaVersion int
	Articles      int
	Subscribers   int
}

// ErrBadBackup means a file is not a usable newsbot database.
var ErrBadBackup = errors.New("not a usable newsbot backup")

// CheckBackup opens the file at path read-only, checks every page and that
// it is a newsbot database this version can open, and counts what it holds.
// A damaged or truncated file is an error wrapping ErrBadBackup that names
// the first problem found and how many more there are.
func CheckBackup(path string) (BackupInfo, error) {
	info, err := checkDatabase(path)
	if err != nil {
		return info, fmt.Errorf("store: check backup %s: %w", path, err)
	}
	return info, nil
}

// checkDatabase is CheckBackup without the path in its errors.
func checkDatabase(path string) (BackupInfo, error) {
	var info BackupInfo
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return info, fmt.Errorf("%w: %v", ErrBadBackup, err)
	}
	defer b.Close()
	fi, err := os.Stat(path)
	if err != nil {
		return info, err
	}
	err = b.View(func(tx *bolt.Tx) error {
		// A truncated file must be refused before any page is read: bbolt
		// maps the file, and reading a page past its end is a fatal bus
		// error, not an error.
		if fi.Size() < tx.Size() {
			return fmt.Errorf("truncated: the file has %d bytes, its pages need %d", fi.Size(), tx.Size())
		}
		if err := checkPages(tx); err != nil {
			return err
		}
		meta := tx.Bucket(bucketMeta)
		if meta == nil || len(meta.Get(keySchemaVersion)) != 8 {
			return errors.New("no schema version")
		}
		info.SchemaVersion = int(counter(meta.Get(keySchemaVersion), 0))
		if info.SchemaVersion > SchemaVersion() {
			return ErrSchemaTooNew
		}
		if a := tx.Bucket(bucketArticles); a != nil {
			info.Articles = a.Stats().KeyN
		}
		if s := tx.Bucket(bucketSubscribers); s != nil {
			info.Subscribers = s.Stats().KeyN
		}
		return nil
	})
	if err != nil {
		return info, fmt.Errorf("%w: %w", ErrBadBackup, err)
	}
	return info, nil
}

// checkPages runs bbolt's consistency check over tx and returns its first
// error, with how many more it found. It reads the check's channel to the
// end: the check sends on an unbuffered channel from a goroutine of its
// own, so stopping at the first error would leave that goroutine blocked
// forever.
func checkPages(tx *bolt.Tx) error {
	var first error
	n := 0
	for err := range tx.Check() {
		if first == nil {
			first = err
		}
		n++
	}
	if n > 1 {
		return fmt.Errorf("%w (and %d more problems)", first, n-1)
	}
	return first
}

// PruneBackups keeps the keep newest files in dir matching pattern (a
// filepath.Match pattern whose names sort by age) and removes the rest.
func PruneBackups(dir, pattern string, keep int) error {
	names, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil {
		return fmt.Errorf("store: prune backups: %w", err)
	}
	var errs []error
	for i := 0; i < len(names)-keep; i++ { // Glob sorts names
		errs = append(errs, os.Remove(names[i]))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("store: prune backups: %w", err)
	}
	return nil
}
