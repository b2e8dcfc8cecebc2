package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Ensure that the doctor warns, without failing, about documents lying in
// the inbox that no export has named for over ten minutes, naming each
// with its time in Vietnam time, and is content with a clean or missing
// inbox.
func TestDoctorInboxStrayDocuments(t *testing.T) {
	h := newHarness(t)
	h.env["TELEGRAM_API_URL"] = h.api.URL()
	dir := filepath.Join(h.dir, "inbox")
	h.env["NEWSBOT_INBOX"] = dir
	if code := h.cli("doctor"); code != 0 || !strings.Contains(h.out.String(), "✔ inbox: "+dir+" does not exist yet") {
		t.Fatalf("a missing inbox (exit %d):\n%s", code, h.out.String())
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	h.out = newSyncBuffer()
	if code := h.cli("doctor"); code != 0 || !strings.Contains(h.out.String(), "✔ inbox: "+dir+" is readable; no document lies there") {
		t.Fatalf("an empty inbox (exit %d):\n%s", code, h.out.String())
	}
	at := time.Date(2026, 12, 6, 20, 30, 0, 0, time.UTC)
	for name, mtime := range map[string]time.Time{"cong-van-112.pdf": at, "vb-112.txt": at, "moi-den.pdf": time.Now()} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("%PDF-1.4\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	h.out = newSyncBuffer()
	code := h.cli("doctor")
	out := h.out.String()
	want := "⚠ inbox: 1 document lies in " + dir + ", there for over 10 minutes, named by no export: " +
		"cong-van-112.pdf (since 03:30 07/12/2026 Vietnam time). The bot sends a document only with an export that names it"
	if code != 0 || !strings.Contains(out, want) || !strings.Contains(out, "Everything needed to run the bot is in place.") {
		t.Fatalf("a stray document (exit %d), want %q in:\n%s", code, want, out)
	}
	if strings.Contains(out, "moi-den.pdf") || strings.Contains(out, "vb-112.txt") {
		t.Errorf("a new document or an export is listed:\n%s", out)
	}
}
