package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// Ensure that a backup is readable by its owner only, even when it replaces
// a looser file, and that a symbolic link planted at its path is replaced,
// never written through.
func TestBackupIsPrivate(t *testing.T) {
	db := openTestDB(t)
	dir := t.TempDir()
	out, linked, target := filepath.Join(dir, "copy.db"), filepath.Join(dir, "linked.db"), filepath.Join(dir, "target")
	for _, p := range []string{out, target} {
		if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(target, linked); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{out, linked} {
		if err := db.Backup(context.Background(), p); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fi.Mode(), os.FileMode(0o600); got != want {
			t.Fatalf("%s: backup mode=%v, want %v (a regular file)", filepath.Base(p), got, want)
		}
	}
	if b, err := os.ReadFile(target); err != nil || string(b) != "old" {
		t.Fatalf("the link's target holds %q, %v", b, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Fatalf("folder holds %d entries, want 3 (no temporary file left)", len(entries))
	}
}
