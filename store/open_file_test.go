package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/store"
)

// openHandles counts the files this process holds open under the name
// path, from /proc/self/fd, and with replaced those that were there and
// have been replaced; it skips t where there is no /proc.
func openHandles(t *testing.T, path string, replaced bool) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	n := 0
	for _, fd := range fds {
		if target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); err == nil && (target == path || replaced && target == path+" (deleted)") {
			n++
		}
	}
	return n
}

// Ensure that an Open that waited for the lock of a file that a restore
// then replaced (renamed another database over the path, then let go of
// the old file's lock) opens the database now at the path, not the one
// replaced.
func TestOpenWaitingThroughARestoreOpensTheNewFile(t *testing.T) {
	dir := t.TempDir()
	path, restored := filepath.Join(dir, "newsbot.db"), filepath.Join(dir, "restored.db")
	writeDB(t, path, 0)
	db, err := store.Open(restored, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.PublishArticle(context.Background(), content.Article{Title: "Tin đã khôi phục", Published: restoreNow}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// What Restore does: a shared lock on the current file while the
	// restored one is renamed over it.
	old, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	type opened struct {
		db  *store.DB
		err error
	}
	done := make(chan opened, 1)
	go func() {
		db, err := store.Open(path, store.Options{LockTimeout: time.Minute})
		done <- opened{db, err}
	}()
	// Open has the file open once /proc shows a second handle.
	tick, deadline := time.NewTicker(time.Millisecond), time.After(30*time.Second)
	defer tick.Stop()
	for openHandles(t, path, false) < 2 {
		select {
		case r := <-done:
			t.Fatalf("Open returned while the file was locked: %v", r.err)
		case <-deadline:
			t.Fatal("Open never opened the file")
		case <-tick.C:
		}
	}
	if err := os.Rename(restored, path); err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	defer r.db.Close()
	if n, err := r.db.CountArticles(context.Background()); err != nil || n != 1 {
		t.Fatalf("the opened database holds %d articles (%v), want the restored one's 1", n, err)
	}
	if got := openHandles(t, path, true); got != 1 {
		t.Fatalf("%d files open at the path, want 1 (the replaced one closed)", got)
	}
}
