package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeString(s string) func(*os.File) error {
	return func(f *os.File) error {
		_, err := f.WriteString(s)
		return err
	}
}

// Ensure that Replace over a looser file never writes the old file (a hard
// link to it keeps the old content and mode) and leaves the new one with
// the mode asked for, and nothing else in the folder.
func TestReplaceNeverWritesTheOldFile(t *testing.T) {
	dir := t.TempDir()
	path, keep := filepath.Join(dir, "token"), filepath.Join(dir, "kept")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(path, keep); err != nil {
		t.Fatal(err)
	}
	var modeWhileWriting fs.FileMode
	err := Replace(path, 0o600, func(f *os.File) error {
		fi, err := f.Stat()
		modeWhileWriting = fi.Mode().Perm()
		if err != nil {
			return err
		}
		_, err = f.WriteString("new\n")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, keep); got != "old\n" {
		t.Errorf("the old file now holds %q", got)
	}
	if got := readFile(t, path); got != "new\n" {
		t.Errorf("the new file holds %q", got)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 || modeWhileWriting != 0o600 {
		t.Errorf("mode %04o (while writing %04o), want 0600", got, modeWhileWriting)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("folder holds %d entries, want the file and the link", len(entries))
	}
}

// Ensure that Replace puts a file in the place of a symbolic link and
// leaves the link's target as it was.
func TestReplaceDoesNotFollowALink(t *testing.T) {
	dir := t.TempDir()
	target, path := filepath.Join(dir, "target"), filepath.Join(dir, "backup.db")
	if err := os.WriteFile(target, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
	if err := Replace(path, 0o600, writeString("copy")); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, target); got != "precious" {
		t.Errorf("the link's target now holds %q", got)
	}
	if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() || readFile(t, path) != "copy" {
		t.Errorf("path is not the new regular file: %v, %v", fi, err)
	}
}

// Ensure that a failed write leaves the old file as it was and no
// temporary file behind.
func TestReplaceFailureKeepsTheOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "token")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Replace(path, 0o600, func(f *os.File) error {
		f.WriteString("half")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if got := readFile(t, path); got != "old" {
		t.Errorf("the file now holds %q", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("folder holds %d entries, want 1", len(entries))
	}
}

// Ensure that CreateNew refuses a path where a file, a symbolic link or a
// dangling link is, and writes nothing through the link.
func TestCreateNewRefusesWhatIsThere(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	if err := os.WriteFile(target, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	link, dangling := filepath.Join(dir, "link"), filepath.Join(dir, "dangling")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "nowhere"), dangling); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{target, link, dangling} {
		f, err := CreateNew(path, 0o640)
		if !errors.Is(err, fs.ErrExist) {
			t.Errorf("CreateNew(%s) = %v, want fs.ErrExist", filepath.Base(path), err)
		}
		if f != nil {
			f.Close()
		}
	}
	if got := readFile(t, target); got != "precious" {
		t.Errorf("the target now holds %q", got)
	}
	if _, err := os.Lstat(filepath.Join(dir, "nowhere")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the dangling link's target was created: %v", err)
	}
	f, err := CreateNew(filepath.Join(dir, "new"), 0o640)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
}
