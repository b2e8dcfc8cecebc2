package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// Ensure that a backup is readable by its owner only, even when it replaces
// a looser file or a leftover .part from a crash.
func TestBackupIsPrivate(t *testing.T) {
	db := openTestDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "copy.db")
	for _, p := range []string{out, out + ".part"} {
		if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Backup(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fi.Mode().Perm(), os.FileMode(0o600); got != want {
		t.Fatalf("backup mode=%v, want %v", got, want)
	}
	if _, err := os.Stat(out + ".part"); !os.IsNotExist(err) {
		t.Fatalf("the .part file is still there: %v", err)
	}
}
