package main

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Ensure that a backup restores into a database the bot runs on with
// everything there, that a broken backup is refused, and that the running
// bot writes its daily backup.
func TestBackupRestore(t *testing.T) {
	h := newHarness(t)
	h.importFixtures()
	u := h.api.User(801, "vi")
	backupDir := filepath.Join(h.dir, "backups")
	stop := h.start("--backup-dir", backupDir)
	h.api.SendText(u, h.api.PrivateChat(u), "/start")
	h.waitText(u.ID, "Xin chào", 1)
	h.waitLogCount("backup written", 1)
	stop()
	daily, _ := filepath.Glob(filepath.Join(backupDir, "newsbot-*.db"))
	if len(daily) != 1 {
		t.Fatalf("daily backups: %v", daily)
	}

	out := filepath.Join(h.dir, "copy.db")
	if code := h.cli("backup", out); code != 0 {
		t.Fatalf("backup: %s", h.logs.String())
	}
	if !strings.Contains(h.out.String(), "9 articles, 1 chat,") {
		t.Fatalf("backup output: %s", h.out.String())
	}
	if err := os.Remove(h.env["NEWSBOT_DB"]); err != nil { // the disk died
		t.Fatal(err)
	}

	bad := filepath.Join(h.dir, "bad.db")
	if err := os.WriteFile(bad, []byte("not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code := h.cli("restore", bad); code != 1 || !strings.Contains(h.logs.String(), "not a usable newsbot backup") {
		t.Fatalf("a broken backup was restored (exit %d): %s", code, h.logs.String())
	}
	if code := h.cli("restore", out); code != 0 {
		t.Fatalf("restore: %s", h.logs.String())
	}

	stop = h.start()
	defer stop()
	h.api.SendText(u, h.api.PrivateChat(u), "/start")
	h.waitText(u.ID, "Chào mừng", 1) // still subscribed: welcomed back
	h.api.SendText(u, h.api.PrivateChat(u), "/search nong thon moi")
	h.waitText(u.ID, articleTitle, 1)
}

// Ensure that `newsbot restore` of the database onto itself, of a
// truncated backup, and twice in the same second, each leaves a complete
// database at --db and loses no file: the first two change nothing and say
// so, the last keeps both replaced databases under names of their own.
func TestRestoreCannotLoseData(t *testing.T) {
	h := newHarness(t)
	h.now = time.Date(2026, 12, 6, 7, 0, 0, 0, time.UTC)
	h.importFixtures()
	db := h.env["NEWSBOT_DB"]
	backup := filepath.Join(t.TempDir(), "copy.db")
	if code := h.cli("backup", backup); code != 0 {
		t.Fatalf("backup: %s", h.logs.String())
	}
	files := func() map[string]string {
		out := map[string]string{}
		entries, err := os.ReadDir(h.dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if b, err := os.ReadFile(filepath.Join(h.dir, e.Name())); err == nil {
				out[e.Name()] = string(b)
			}
		}
		return out
	}
	before := files()
	truncated := filepath.Join(t.TempDir(), "truncated.db")
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(truncated, b[:len(b)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link.db") // another name of the database
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ src, want string }{
		{db, "the backup is the database itself"},
		{link, "the backup is the database itself"},
		{truncated, "not a usable newsbot backup"},
	} {
		h.logs = newSyncBuffer()
		if code := h.cli("restore", tc.src); code != 1 || !strings.Contains(h.logs.String(), tc.want) ||
			!strings.Contains(h.logs.String(), "the database at "+db+" was not changed") {
			t.Errorf("restore %s: exit=%d, want 1, %q and that nothing changed:\n%s", tc.src, code, tc.want, h.logs.String())
		}
		if !maps.Equal(files(), before) {
			t.Fatalf("restore %s changed the database's folder", tc.src)
		}
	}

	h.out = newSyncBuffer()
	for range 2 {
		if code := h.cli("restore", backup); code != 0 {
			t.Fatalf("restore: exit=%d:\n%s", code, h.logs.String())
		}
	}
	kept := db + ".before-restore-20261206-070000"
	for _, want := range []string{"kept as " + kept + ".\n", "kept as " + kept + "-2.\n", "9 articles, 0 chats"} {
		if !strings.Contains(h.out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, h.out.String())
		}
	}
	after := files()
	if after[filepath.Base(kept)] != before["newsbot.db"] || after[filepath.Base(kept)+"-2"] != string(b) || after["newsbot.db"] != string(b) {
		t.Fatalf("after two restores the folder holds %v, want the old database kept, then the first restore's, and the backup at --db", slices.Sorted(maps.Keys(after)))
	}
	if code := h.cli("search", "nong thon moi"); code != 0 || !strings.Contains(h.out.String(), articleTitle) {
		t.Fatalf("the restored database does not answer a search (exit %d):\n%s", code, h.out.String())
	}
}
