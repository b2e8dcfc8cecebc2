package store_test

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"go.uber.org/goleak"

	"newsbot/content"
	"newsbot/store"
)

// damagedDB writes a newsbot database whose freelist page has lost its
// entries, so that every page it listed is reported by bbolt's check as
// "unreachable unfreed" (several problems), while the file still opens. It
// returns the path and how many pages were free.
func damagedDB(t *testing.T) (string, int) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "damaged.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := int64(1); i <= 20; i++ { // each write transaction frees the pages it copied
		if _, err := db.Subscribe(ctx, content.Subscriber{ChatID: i, Name: strings.Repeat("x", 300)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second}) // read-write: tx.Page needs the freelist loaded
	if err != nil {
		t.Fatal(err)
	}
	var freelist, free int
	pageSize := b.Info().PageSize
	err = b.View(func(tx *bolt.Tx) error {
		for id := 2; id < int(tx.Size())/pageSize; id++ {
			p, err := tx.Page(id)
			if err != nil {
				return err
			}
			if p != nil && p.Type == "freelist" {
				freelist, free = id, p.Count
			}
		}
		return nil
	})
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	if freelist == 0 || free < 2 {
		t.Fatalf("freelist page %d lists %d free pages; the test needs at least 2", freelist, free)
	}

	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// A page starts with its ID (8 bytes), flags (2) and element count (2).
	if _, err := f.WriteAt(binary.LittleEndian.AppendUint16(nil, 0), int64(freelist*pageSize+10)); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path, free
}

// Ensure that checking a damaged backup reports it as bad, with the first
// problem and how many more, and leaves no goroutine behind: bbolt's check
// sends its findings on an unbuffered channel, which must be read to the
// end.
func TestCheckBackupDamagedFileLeavesNoGoroutine(t *testing.T) {
	path, free := damagedDB(t)
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	_, err := store.CheckBackup(path)
	if !errors.Is(err, store.ErrBadBackup) {
		t.Fatalf("CheckBackup of a damaged file: %v, want ErrBadBackup", err)
	}
	if !strings.Contains(err.Error(), "unreachable unfreed") || !strings.Contains(err.Error(), "more problems") {
		t.Errorf("error %q does not name the problem and count the others (%d pages were free)", err, free)
	}
}
