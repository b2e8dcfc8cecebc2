package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	if !strings.Contains(h.out.String(), "9 articles, 1 chats") {
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
