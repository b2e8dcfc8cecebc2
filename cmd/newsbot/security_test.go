package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsbot/bot/telegramtest"
)

// mode returns the permission bits of path.
func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// Ensure that a token file is used only when no one but its owner can read
// it, and that the refusal says which chmod to run.
func TestTokenFileMode(t *testing.T) {
	tests := []struct {
		name string
		mode os.FileMode
		ok   bool
	}{
		{"a file only its owner reads is used", 0o600, true},
		{"a read-only file of its owner is used", 0o400, true},
		{"a group-readable file is refused", 0o640, false},
		{"a world-readable file is refused", 0o644, false},
		{"a group-writable file is refused", 0o620, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			delete(h.env, "TELEGRAM_BOT_TOKEN")
			file := filepath.Join(t.TempDir(), "token")
			if err := os.WriteFile(file, []byte(canaryToken+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(file, tc.mode); err != nil {
				t.Fatal(err)
			}
			code := h.cli("token", "status", "--token-file", file)
			if tc.ok {
				if code != 0 || !strings.Contains(h.out.String(), "bot ID 987654321.") {
					t.Fatalf("exit=%d out=%q logs=%q", code, h.out.String(), h.logs.String())
				}
				return
			}
			if want := "chmod 600 " + file; code != 1 || !strings.Contains(h.logs.String(), want) {
				t.Fatalf("exit=%d, want 1 and %q in:\n%s", code, want, h.logs.String())
			}
			if strings.Contains(h.out.String(), "987654321") {
				t.Fatalf("a refused token was reported: %q", h.out.String())
			}
		})
	}
}

// Ensure that `token set --file` leaves the file 0600 even when it existed
// with a looser mode, never writing the token into the old file (a reader
// who opened it while it was 0644, here a hard link kept to it, still
// reads the old content), and `token status` shows the bot ID only.
func TestTokenSetFileIsPrivate(t *testing.T) {
	h := newHarness(t)
	delete(h.env, "TELEGRAM_BOT_TOKEN")
	dir := t.TempDir()
	file, old := filepath.Join(dir, "token"), filepath.Join(dir, "old-token")
	if err := os.WriteFile(file, []byte("old content\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(file, old); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if b, err := os.ReadFile(old); err != nil || string(b) != "old content\n" {
			t.Errorf("the old file was written: %d bytes, %v", len(b), err)
		}
		if got, want := mode(t, old), os.FileMode(0o644); got != want {
			t.Errorf("the old file's mode=%v, want %v as it was", got, want)
		}
	}()
	app := h.app()
	app.Stdin = strings.NewReader(canaryToken + "\n")
	if code := app.Main(t.Context(), []string{"token", "set", "--file", file}); code != 0 {
		t.Fatalf("exit=%d: %s", code, h.logs.String())
	}
	if got, want := mode(t, file), os.FileMode(0o600); got != want {
		t.Fatalf("token file mode=%v, want %v", got, want)
	}
	if code := h.cli("token", "status", "--token-file", file); code != 0 {
		t.Fatalf("exit=%d: %s", code, h.logs.String())
	}
	if !strings.Contains(h.out.String(), "bot ID 987654321.") {
		t.Fatalf("status output %q", h.out.String())
	}
}

// Ensure that the database, a backup and the daily backup folder are
// private to the bot's user.
func TestDatabaseAndBackupsArePrivate(t *testing.T) {
	h := newHarness(t)
	h.createDB()
	if got, want := mode(t, h.env["NEWSBOT_DB"]), os.FileMode(0o600); got != want {
		t.Fatalf("database mode=%v, want %v", got, want)
	}
	out := filepath.Join(t.TempDir(), "copy.db")
	if code := h.cli("backup", out); code != 0 {
		t.Fatalf("backup exit=%d: %s", code, h.logs.String())
	}
	if got, want := mode(t, out), os.FileMode(0o600); got != want {
		t.Fatalf("backup mode=%v, want %v", got, want)
	}
	dir := filepath.Join(h.dir, "backups")
	stop := h.start("--backup-dir", dir)
	h.api.WaitCalls(t, wait, func([]telegramtest.Call) bool { return backupWritten(dir) })
	stop()
	if got, want := mode(t, dir), os.FileMode(0o700); got != want {
		t.Fatalf("backup folder mode=%v, want %v", got, want)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if got, want := mode(t, filepath.Join(dir, e.Name())), os.FileMode(0o600); got != want {
			t.Errorf("%s mode=%v, want %v", e.Name(), got, want)
		}
	}
}

// backupWritten reports whether dir holds a finished daily backup.
func backupWritten(dir string) bool {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".db") {
			return true
		}
	}
	return false
}
