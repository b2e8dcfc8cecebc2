package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var fixtures = filepath.Join("..", "..", "content", "testdata", "export")

// Ensure that a dry run prints every field of each article as JSON, in
// Vietnam time, without the page chrome, and writes nothing.
func TestImportDryRunJSON(t *testing.T) {
	h := newHarness(t)
	code := h.cli("import", "--dry-run", "--json",
		filepath.Join(fixtures, "typical-one-image.txt"), filepath.Join(fixtures, "two-images.txt"))
	if code != 0 {
		t.Fatalf("exit=%d: %s", code, h.logs.String())
	}
	var got []struct {
		Title     string    `json:"title"`
		Published time.Time `json:"published"`
		Author    string    `json:"author"`
		Lead      string    `json:"lead"`
		Body      []string  `json:"body"`
		Images    []struct {
			Caption string `json:"caption"`
		} `json:"images"`
	}
	if err := json.Unmarshal([]byte(h.out.String()), &got); err != nil {
		t.Fatalf("output is not a JSON array: %v\n%s", err, h.out.String())
	}
	if len(got) != 2 {
		t.Fatalf("got %d articles, want 2", len(got))
	}
	a := got[0]
	if a.Title != articleTitle || a.Author == "" || a.Lead == "" || len(a.Body) == 0 || len(a.Images) != 1 || a.Images[0].Caption == "" {
		t.Fatalf("missing fields: %+v", a)
	}
	if !strings.Contains(h.out.String(), `"published": "2021-03-12T08:05:09+07:00"`) {
		t.Fatalf("published time is not RFC 3339 in +07:00:\n%s", h.out.String())
	}
	for _, chrome := range []string{"Các tin khác", "Truy cập", "Hôm nay", "1204577", "CHÀO MỪNG"} {
		if strings.Contains(strings.Join(a.Body, "\n"), chrome) {
			t.Errorf("body holds page chrome %q", chrome)
		}
	}
	if _, err := os.Stat(h.env["NEWSBOT_DB"]); !os.IsNotExist(err) {
		t.Fatalf("a dry run created the database (stat err=%v)", err)
	}
}

// Ensure that importing the same file twice stores it once.
func TestImportTwiceStoresOnce(t *testing.T) {
	h := newHarness(t)
	f := filepath.Join(fixtures, "no-image.txt")
	if code := h.cli("import", f); code != 0 {
		t.Fatalf("first import exit=%d: %s", code, h.logs.String())
	}
	if code := h.cli("import", f); code != 0 {
		t.Fatalf("second import exit=%d: %s", code, h.logs.String())
	}
	if !strings.Contains(h.out.String(), "(already stored)") {
		t.Fatalf("second import did not recognise the article:\n%s", h.out.String())
	}
}

// Ensure that bad files get a clear error naming the file, the good file
// beside them is still imported, and nothing crashes.
func TestImportBadFiles(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	huge := filepath.Join(dir, "huge.txt")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil { // 50 MB, sparse
		t.Fatal(err)
	}
	f.Close()
	bad := map[string]string{
		write("empty.txt", nil):                                        "empty",
		write("binary.bin", []byte{0x89, 'P', 'N', 'G', 0, 0, 1}):      "binary.bin",
		write("latin1.txt", []byte("Tin t\xe9t\n\nNgày h\xf4m nay\n")): "latin1.txt",
		huge:                              "huge.txt",
		filepath.Join(dir, "missing.txt"): "missing.txt",
	}
	args := []string{"import", filepath.Join(fixtures, "no-image.txt")}
	for p := range bad {
		args = append(args, p)
	}
	if code := h.cli(args...); code != 1 {
		t.Fatalf("exit=%d, want 1", code)
	}
	logs := h.logs.String()
	for _, want := range bad {
		if !strings.Contains(logs, want) {
			t.Errorf("no error naming %q in:\n%s", want, logs)
		}
	}
	if !strings.Contains(logs, "5 of 6 files failed") {
		t.Errorf("no summary in:\n%s", logs)
	}
	if !strings.Contains(h.out.String(), "(stored;") {
		t.Errorf("the good file was not imported:\n%s", h.out.String())
	}
}

// Ensure that the token is set from standard input, reported only by its
// bot ID, and that a token file others can read is refused.
func TestTokenCommands(t *testing.T) {
	h := newHarness(t)
	delete(h.env, "TELEGRAM_BOT_TOKEN")
	app := h.app()
	app.Stdin = strings.NewReader(canaryToken + "\n")
	if code := app.Main(t.Context(), []string{"token", "set"}); code != 0 {
		t.Fatalf("token set exit=%d: %s", code, h.logs.String())
	}
	if code := h.cli("token", "status"); code != 0 {
		t.Fatalf("token status exit=%d: %s", code, h.logs.String())
	}
	if !strings.Contains(h.out.String(), "OS keyring; bot ID 987654321") {
		t.Fatalf("status output:\n%s", h.out.String())
	}

	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte(canaryToken), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := h.cli("token", "status", "--token-file", file); code != 1 || !strings.Contains(h.logs.String(), "chmod 600") {
		t.Fatalf("a world-readable token file was accepted (exit=%d):\n%s", code, h.logs.String())
	}

	app = h.app()
	app.Stdin = strings.NewReader("not a token\n")
	if code := app.Main(t.Context(), []string{"token", "set"}); code != 1 {
		t.Fatalf("a malformed token was accepted (exit=%d)", code)
	}
	if code := h.cli("token", "delete"); code != 0 {
		t.Fatalf("token delete exit=%d", code)
	}
	if code := h.cli("token", "status"); code != 1 || !strings.Contains(h.logs.String(), "no bot token configured") {
		t.Fatalf("status after delete: exit=%d", code)
	}
}

// Ensure that admins are managed from the command line and bad IDs refused.
func TestAdminCommands(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{{"admin", "add", "4242"}, {"admin", "list"}} {
		if code := h.cli(args...); code != 0 {
			t.Fatalf("%v exit=%d: %s", args, code, h.logs.String())
		}
	}
	if !strings.Contains(h.out.String(), "4242\tadded") {
		t.Fatalf("list output:\n%s", h.out.String())
	}
	if code := h.cli("admin", "add", "abc"); code != 2 {
		t.Fatalf("bad ID exit=%d, want 2", code)
	}
	if code := h.cli("admin", "remove", "4242"); code != 0 || !strings.Contains(h.out.String(), "Removed admin 4242") {
		t.Fatalf("remove exit=%d:\n%s", code, h.out.String())
	}
}

// Ensure that unknown commands and flags are usage errors.
func TestUsageErrors(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{{}, {"frobnicate"}, {"run", "--no-such-flag"}, {"import"}} {
		if code := h.cli(args...); code != 2 {
			t.Errorf("%q: exit=%d, want 2", args, code)
		}
	}
}
