package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/store"
)

// restoreNow is the clock of the restores in these tests.
var restoreNow = time.Date(2026, 12, 6, 7, 0, 0, 0, time.UTC)

// writeDB writes, at path, a closed newsbot database holding chats
// subscribers.
func writeDB(t *testing.T, path string, chats int) {
	t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= chats; i++ {
		if _, err := db.Subscribe(context.Background(), content.Subscriber{ChatID: int64(i), Name: fmt.Sprint("chat ", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// usedBytes returns how many bytes of the closed bbolt file at path its
// pages use, which may be fewer than the file holds.
func usedBytes(t *testing.T, path string) int64 {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var n int64
	if err := b.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// dirFiles returns the files of dir with their contents.
func dirFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(b)
	}
	return files
}

// sameFiles fails t unless dir holds exactly the files of before, each
// with the same content.
func sameFiles(t *testing.T, dir string, before map[string]string) {
	t.Helper()
	after := dirFiles(t, dir)
	for name, data := range before {
		got, ok := after[name]
		switch {
		case !ok:
			t.Errorf("%s is gone", name)
		case got != data:
			t.Errorf("%s changed", name)
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			t.Errorf("%s was left behind", name)
		}
	}
}

// chats returns how many subscribers the database at path holds, failing t
// unless it passes the backup check.
func chats(t *testing.T, path string) int {
	t.Helper()
	info, err := store.CheckBackup(path)
	if err != nil {
		t.Fatalf("%s is not a complete database: %v", path, err)
	}
	return info.Subscribers
}

// restoreSetup writes a database with 1 chat and a backup with 2 in a
// folder of their own, and returns the folder and both paths.
func restoreSetup(t *testing.T) (dir, db, backup string) {
	t.Helper()
	dir = t.TempDir()
	db, backup = filepath.Join(dir, "newsbot.db"), filepath.Join(dir, "backup.db")
	writeDB(t, db, 1)
	writeDB(t, backup, 2)
	return dir, db, backup
}

// Ensure that a restore puts a checked copy of the backup in place, keeps
// the database it replaces, and leaves the backup as it was.
func TestRestoreKeepsTheReplacedDatabase(t *testing.T) {
	dir, db, backup := restoreSetup(t)
	before := dirFiles(t, dir)
	res, err := store.Restore(context.Background(), backup, db, restoreNow)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Kept, db+".before-restore-20261206-070000"; got != want {
		t.Fatalf("kept as %q, want %q", got, want)
	}
	if got, want := res.Info.Subscribers, 2; got != want {
		t.Fatalf("restored %d chats, want %d", got, want)
	}
	after := dirFiles(t, dir)
	if after["newsbot.db"] != before["backup.db"] || after["backup.db"] != before["backup.db"] ||
		after[filepath.Base(res.Kept)] != before["newsbot.db"] || len(after) != 3 {
		t.Fatalf("after the restore the folder holds %d files, not the backup at --db, the backup and the old database", len(after))
	}
	if fi, err := os.Stat(db); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("restored database: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}
}

// Ensure that restoring the database onto itself, by its own name or
// another, is refused and changes nothing.
func TestRestoreOntoItself(t *testing.T) {
	dir, db, _ := restoreSetup(t)
	other := filepath.Join(dir, "other-name.db")
	if err := os.Link(db, other); err != nil {
		t.Fatal(err)
	}
	before := dirFiles(t, dir)
	for _, src := range []string{db, other, filepath.Join(dir, ".", "newsbot.db")} {
		_, err := store.Restore(context.Background(), src, db, restoreNow)
		if !errors.Is(err, store.ErrBackupIsDatabase) || !strings.Contains(err.Error(), "was not changed") {
			t.Errorf("restore %s onto itself: %v, want ErrBackupIsDatabase saying nothing changed", src, err)
		}
		sameFiles(t, dir, before)
	}
	if got, want := chats(t, db), 1; got != want {
		t.Fatalf("the database holds %d chats, want %d", got, want)
	}
}

// Ensure that two restores in the same second keep both replaced databases
// under names of their own: the second never overwrites the first.
func TestRestoreTwiceInOneSecond(t *testing.T) {
	dir, db, backup := restoreSetup(t)
	backup3 := filepath.Join(dir, "backup3.db")
	writeDB(t, backup3, 3)
	before := dirFiles(t, dir)
	first, err := store.Restore(context.Background(), backup, db, restoreNow)
	if err != nil {
		t.Fatal(err)
	}
	second, err := store.Restore(context.Background(), backup3, db, restoreNow)
	if err != nil {
		t.Fatal(err)
	}
	if first.Kept == second.Kept || second.Kept != first.Kept+"-2" {
		t.Fatalf("kept as %q then %q, want two names, the second with -2", first.Kept, second.Kept)
	}
	after := dirFiles(t, dir)
	if after[filepath.Base(first.Kept)] != before["newsbot.db"] || after[filepath.Base(second.Kept)] != before["backup.db"] {
		t.Fatal("a kept database is not the one its restore replaced")
	}
	if got, want := chats(t, db), 3; got != want {
		t.Fatalf("the database holds %d chats, want %d", got, want)
	}
}

// failingReader reads n bytes of r, then fails as a disk would.
type failingReader struct {
	r io.ReadCloser
	n int
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("input/output error")
	}
	n, err := f.r.Read(p[:min(len(p), f.n)])
	f.n -= n
	return n, err
}

func (f *failingReader) Close() error { return f.r.Close() }

// Ensure that a backup that cannot be read, whole or in part, or that is
// damaged, truncated or not a database, is refused: the database stays in
// place, unchanged, and no file is left behind.
func TestRestoreFailureChangesNothing(t *testing.T) {
	damaged, _ := damagedDB(t)
	tests := []struct {
		name   string
		backup func(t *testing.T, dir, backup string) string
		open   func(string) (io.ReadCloser, error)
		bad    bool // the error wraps ErrBadBackup
	}{
		{name: "a read that fails mid-copy", open: func(name string) (io.ReadCloser, error) {
			f, err := os.Open(name)
			if err != nil {
				return nil, err
			}
			fi, err := f.Stat()
			return &failingReader{f, int(fi.Size() / 2)}, err
		}},
		{name: "a backup that cannot be opened", open: func(name string) (io.ReadCloser, error) {
			return nil, &os.PathError{Op: "open", Path: name, Err: os.ErrPermission}
		}},
		{name: "a truncated backup", bad: true, backup: func(t *testing.T, dir, backup string) string {
			// Cut into the pages the database uses: the file bbolt wrote
			// may be twice that size, and cutting only its unused end
			// leaves a sound database.
			if err := os.Truncate(backup, usedBytes(t, backup)/2); err != nil {
				t.Fatal(err)
			}
			return backup
		}},
		{name: "a damaged backup", bad: true, backup: func(t *testing.T, dir, backup string) string {
			b, err := os.ReadFile(damaged)
			if err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, "damaged.db")
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
			return p
		}},
		{name: "a text file", bad: true, backup: func(t *testing.T, dir, backup string) string {
			p := filepath.Join(dir, "notes.txt")
			if err := os.WriteFile(p, []byte("not a database"), 0o600); err != nil {
				t.Fatal(err)
			}
			return p
		}},
		{name: "a folder", bad: true, backup: func(t *testing.T, dir, backup string) string { return dir }},
		{name: "a missing file", backup: func(t *testing.T, dir, backup string) string { return filepath.Join(dir, "none.db") }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, db, backup := restoreSetup(t)
			if tc.backup != nil {
				backup = tc.backup(t, dir, backup)
			}
			open := tc.open
			if open == nil {
				open = func(name string) (io.ReadCloser, error) { return os.Open(name) }
			}
			before := dirFiles(t, dir)
			_, err := store.RestoreReading(context.Background(), backup, db, restoreNow, open)
			if err == nil || !strings.Contains(err.Error(), "the database at "+db+" was not changed") {
				t.Fatalf("err = %v, want a failure saying the database was not changed", err)
			}
			if got := errors.Is(err, store.ErrBadBackup); got != tc.bad {
				t.Errorf("errors.Is(%v, ErrBadBackup) = %v, want %v", err, got, tc.bad)
			}
			sameFiles(t, dir, before)
			if got, want := chats(t, db), 1; got != want {
				t.Fatalf("the database holds %d chats, want %d", got, want)
			}
		})
	}
}

// Ensure that a restore is refused while the bot holds the database.
func TestRestoreWhileInUse(t *testing.T) {
	dir, path, backup := restoreSetup(t)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	before := dirFiles(t, dir)
	if _, err := store.Restore(context.Background(), backup, path, restoreNow); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("restore while in use: %v, want ErrLocked", err)
	}
	sameFiles(t, dir, before)
}

// Ensure that a backup is restored where the database is missing (the disk
// died) or damaged; a damaged one is kept like any other.
func TestRestoreMissingOrDamagedDatabase(t *testing.T) {
	dir, db, backup := restoreSetup(t)
	if err := os.Remove(db); err != nil {
		t.Fatal(err)
	}
	res, err := store.Restore(context.Background(), backup, db, restoreNow)
	if err != nil || res.Kept != "" {
		t.Fatalf("restore onto a missing database: kept %q, err %v", res.Kept, err)
	}
	if got, want := chats(t, db), 2; got != want {
		t.Fatalf("the database holds %d chats, want %d", got, want)
	}

	if err := os.WriteFile(db, []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err = store.Restore(context.Background(), backup, db, restoreNow)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(res.Kept); err != nil || string(b) != "garbage" {
		t.Fatalf("the damaged database was not kept as %s: %q %v", res.Kept, b, err)
	}
	if got, want := chats(t, db), 2; got != want {
		t.Fatalf("the database holds %d chats, want %d", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "backup.db")); err != nil {
		t.Fatal(err)
	}
}
