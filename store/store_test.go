package store_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/bot"
	"newsbot/content"
	"newsbot/store"
)

// The store satisfies what the bot needs of it.
var _ bot.Store = (*store.DB)(nil)

// fixedNow is the clock the tests use.
var fixedNow = time.Date(2026, 3, 12, 8, 5, 9, 0, content.VietnamZone())

// openTestDB opens a database in a temporary folder and, when the test ends,
// closes it and checks the file's consistency.
func openTestDB(t *testing.T) *store.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "newsbot.db")
	db, err := store.Open(path, store.Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
		checkConsistency(t, path)
	})
	return db
}

func checkConsistency(t *testing.T, path string) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	}); err != nil {
		t.Fatalf("consistency: %v", err)
	}
}

// Ensure that a second process gets ErrLocked quickly instead of hanging.
func TestOpenLockedFailsFast(t *testing.T) {
	path := filepath.Join(t.TempDir(), "newsbot.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = store.Open(path, store.Options{LockTimeout: 50 * time.Millisecond})
	if !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second open: err=%v, want ErrLocked", err)
	}
}

// Ensure that the database file is readable by its owner only.
func TestOpenCreatesPrivateFile(t *testing.T) {
	db := openTestDB(t)
	fi, err := os.Stat(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fi.Mode().Perm(), os.FileMode(0o600); got != want {
		t.Fatalf("mode=%v, want %v", got, want)
	}
	v, err := db.StoredSchemaVersion()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v, store.SchemaVersion(); got != want {
		t.Fatalf("schema version=%d, want %d", got, want)
	}
}

// Ensure that a file from a newer newsbot is refused, not damaged.
func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "newsbot.db")
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Update(func(tx *bolt.Tx) error {
		m, err := tx.CreateBucket([]byte("meta"))
		if err != nil {
			return err
		}
		return m.Put([]byte("schema_version"), []byte{0, 0, 0, 0, 0, 0, 0, 99})
	}); err != nil {
		t.Fatal(err)
	}
	b.Close()
	if _, err := store.Open(path, store.Options{}); !errors.Is(err, store.ErrSchemaTooNew) {
		t.Fatalf("err=%v, want ErrSchemaTooNew", err)
	}
}

// Ensure that the update offset only moves forward.
func TestUpdateOffsetNeverGoesBack(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	for _, off := range []int{5, 3, 9} {
		if err := db.CommitUpdates(ctx, off, content.Visits{}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.UpdateOffset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := 9; got != want {
		t.Fatalf("offset=%d, want %d", got, want)
	}
}

// Ensure that admins are added once and removed.
func TestAdmins(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	if added, err := db.AddAdmin(ctx, 42, 0); err != nil || !added {
		t.Fatalf("add: added=%v err=%v", added, err)
	}
	if added, _ := db.AddAdmin(ctx, 42, 0); added {
		t.Fatal("second add reported added")
	}
	if ok, _ := db.IsAdmin(ctx, 42); !ok {
		t.Fatal("42 is not admin")
	}
	if ok, _ := db.IsAdmin(ctx, 7); ok {
		t.Fatal("7 is admin")
	}
	list, err := db.Admins(ctx)
	if err != nil || len(list) != 1 || list[0].UserID != 42 {
		t.Fatalf("admins=%v err=%v", list, err)
	}
	if removed, _ := db.RemoveAdmin(ctx, 42); !removed {
		t.Fatal("remove reported not removed")
	}
	if ok, _ := db.IsAdmin(ctx, 42); ok {
		t.Fatal("42 still admin")
	}
}

// Ensure that Open with MustExist refuses a missing file, wrapping
// fs.ErrNotExist, and creates nothing, while it opens an existing one, of
// which a backup can be written.
func TestOpenMustExist(t *testing.T) {
	path := filepath.Join(t.TempDir(), "newsbot.db")
	if _, err := store.Open(path, store.Options{MustExist: true}); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Open of a missing file: %v, want fs.ErrNotExist", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Open created %s: %v", path, err)
	}
	writeDB(t, path, 1)
	db, err := store.Open(path, store.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	// Files other than the database are created as before.
	if err := db.Backup(context.Background(), path+".copy"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}
