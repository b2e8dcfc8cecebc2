package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Ensure that `newsbot version` prints the module version and the Go
// version, and that a recorded VCS revision is shown with its commit time
// in Vietnam time, labelled.
func TestVersion(t *testing.T) {
	h := newHarness(t)
	if code := h.cli("version"); code != 0 {
		t.Fatalf("version exit=%d: %s", code, h.logs.String())
	}
	out := h.out.String()
	if !strings.HasPrefix(out, "newsbot ") || !strings.Contains(out, "go1.") || !strings.Contains(out, "revision: ") {
		t.Fatalf("version output:\n%s", out)
	}
	if code := h.cli("version", "extra"); code != 2 {
		t.Fatalf("version with an argument exit=%d, want 2", code)
	}
	bi := buildInfo{Version: "v1.2.0", Revision: "82e7ae8c0ffee", Modified: true,
		Committed: time.Date(2026, 12, 6, 20, 30, 0, 0, time.UTC), GoVersion: "go1.26.0"}
	want := "newsbot v1.2.0\nrevision: 82e7ae8c0ffee (with uncommitted changes), committed 2026-12-07 03:30 (Vietnam time)\ngo1.26.0 "
	if got := bi.String(); !strings.HasPrefix(got, want) {
		t.Fatalf("buildInfo.String() = %q, want it to start with %q", got, want)
	}
}

// Ensure that `newsbot help` lists the flags every command shares with their
// environment variables, and the version command.
func TestHelpListsCommonFlags(t *testing.T) {
	h := newHarness(t)
	if code := h.cli("help"); code != 0 {
		t.Fatalf("help exit=%d", code)
	}
	for _, want := range []string{"--db FILE", "NEWSBOT_DB", "--token-file", "NEWSBOT_TOKEN_FILE", "TELEGRAM_BOT_TOKEN",
		"--api-url", "TELEGRAM_API_URL", "--log-level", "--log-format", "newsbot version", "--org-name", "NEWSBOT_ORG_NAME", "Vietnam time"} {
		if !strings.Contains(h.out.String(), want) {
			t.Errorf("help lacks %q:\n%s", want, h.out.String())
		}
	}
	// Every shared flag the help names is one the commands take.
	var c common
	fs := h.app().flags("x", &c)
	for _, name := range []string{"db", "token-file", "api-url", "log-level", "log-format"} {
		if fs.Lookup(name) == nil {
			t.Errorf("help names --%s, which the commands do not take", name)
		}
	}
}

// Ensure that the command line shows times in Vietnam time, labelled: an
// admin added at 20:30 UTC is listed as added at 03:30 the next day, as the
// audit log shows the same moment.
func TestCLITimesInVietnamTime(t *testing.T) {
	h := newHarness(t)
	h.now = time.Date(2026, 3, 2, 20, 30, 0, 0, time.UTC)
	h.createDB()
	if code := h.cli("admin", "add", "4242"); code != 0 {
		t.Fatalf("admin add exit=%d: %s", code, h.logs.String())
	}
	h.out = newSyncBuffer()
	h.cli("admin", "list")
	if got, want := h.out.String(), "4242\tadded 2026-03-03 03:30 (Vietnam time)\n"; got != want {
		t.Errorf("admin list = %q, want %q", got, want)
	}
	h.out = newSyncBuffer()
	h.cli("audit")
	if out := h.out.String(); !strings.Contains(out, "WHEN (VIETNAM)") || !strings.Contains(out, "2026-03-03 03:30") {
		t.Errorf("audit shows another time than admin list:\n%s", out)
	}
}

// Ensure that the command line counts in correct English: one article is
// "1 article", which "matches", and a backup of it holds "1 article".
func TestCLIPlurals(t *testing.T) {
	h := newHarness(t)
	if code := h.cli("import", "--quiet", filepath.Join(fixtures, "typical-one-image.txt")); code != 0 {
		t.Fatalf("import exit=%d: %s", code, h.logs.String())
	}
	h.out = newSyncBuffer()
	h.cli("search", "giao ban")
	if out := h.out.String(); !strings.HasPrefix(out, `1 article matches "giao ban"`) {
		t.Errorf("search output:\n%s", out)
	}
	h.out = newSyncBuffer()
	if code := h.cli("backup", filepath.Join(h.dir, "b.db")); code != 0 || !strings.Contains(h.out.String(), ": 1 article, 0 chats, schema") {
		t.Errorf("backup exit=%d:\n%s%s", code, h.out.String(), h.logs.String())
	}
}
