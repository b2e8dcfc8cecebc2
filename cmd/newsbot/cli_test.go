package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var fixtures = filepath.Join("..", "..", "content", "inbox", "testdata", "export")

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
	h.createDB()
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

// Ensure that "-h" and "--help" in the place of a subcommand print the
// command's usage, with its subcommands and flags, and exit 0, as they do
// for the commands without subcommands.
func TestSubcommandHelp(t *testing.T) {
	for cmd, want := range map[string][]string{
		"sources": {"newsbot sources check FILE", "-db"},
		"token":   {"newsbot token set [--file PATH]", "newsbot token delete", "newsbot token status", "-file"},
		"admin":   {"newsbot admin add USER_ID", "newsbot admin remove USER_ID", "newsbot admin list", "-db"},
		"member":  {"newsbot member list", "newsbot member remove USER_ID", "-db"},
	} {
		for _, help := range []string{"-h", "--help"} {
			h := newHarness(t)
			if code := h.cli(cmd, help); code != 0 {
				t.Errorf("%s %s: exit=%d, want 0:\n%s", cmd, help, code, h.logs.String())
			}
			for _, w := range append(want, "Usage of newsbot "+cmd) {
				if !strings.Contains(h.logs.String(), w) {
					t.Errorf("%s %s: usage lacks %q:\n%s", cmd, help, w, h.logs.String())
				}
			}
		}
	}
}

// Ensure that a usage error, or a request for help, creates no database
// file: every command that opens the database checks its arguments first.
// The commands run in an empty folder with the default --db (newsbot.db in
// the working directory), and the folder must stay empty.
func TestUsageErrorsCreateNoDatabase(t *testing.T) {
	h := newHarness(t)
	delete(h.env, "NEWSBOT_DB")
	dir := t.TempDir()
	t.Chdir(dir)
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"admin", "-h"}, 0},
		{[]string{"admin", "add", "-h"}, 0},
		{[]string{"admin"}, 2},
		{[]string{"admin", "frobnicate", "5"}, 2},
		{[]string{"admin", "add", "5", "--db", "x.db"}, 1}, // no database at x.db
		{[]string{"admin", "add", "5", "--no-such-flag"}, 2},
		{[]string{"admin", "add"}, 2},
		{[]string{"admin", "remove", "abc"}, 2},
		{[]string{"admin", "list", "extra"}, 2},
		{[]string{"member", "-h"}, 0},
		{[]string{"member"}, 2},
		{[]string{"member", "frobnicate"}, 2},
		{[]string{"member", "remove", "abc"}, 2},
		{[]string{"member", "list", "extra"}, 2},
		{[]string{"token", "-h"}, 0},
		{[]string{"token", "frobnicate"}, 2},
		{[]string{"token", "status", "extra"}, 2},
		{[]string{"sources", "-h"}, 0},
		{[]string{"audit", "extra"}, 2},
		{[]string{"audit", "--n", "-1"}, 2},
		{[]string{"receipts", "abc"}, 2},
		{[]string{"receipts", "1", "2"}, 2},
		{[]string{"receipts", "--csv"}, 2},
		{[]string{"stats", "extra"}, 2},
		{[]string{"stats", "--csv", "2026-01-01"}, 2},
		{[]string{"stats", "--csv", "2026-02-01", "2026-01-01"}, 2},
		{[]string{"stats", "set-total", "many"}, 2},
		{[]string{"search"}, 2},
		{[]string{"search", "--limit", "0", "lũ"}, 2},
		{[]string{"import"}, 2},
		{[]string{"reindex", "extra"}, 2},
		{[]string{"doctor", "extra"}, 2},
		{[]string{"backup"}, 2},
		{[]string{"restore"}, 2},
		{[]string{"run", "extra"}, 2},
		{[]string{"run", "--poll-timeout", "90s"}, 2},
		{[]string{"run", "--added-source-interval", "0s"}, 2},
		{[]string{"run", "--added-source-interval", "-5m"}, 2},
	} {
		if code := h.cli(tc.args...); code != tc.code {
			t.Errorf("%q: exit=%d, want %d:\n%s", tc.args, code, tc.code, h.logs.String())
		}
		if entries, err := os.ReadDir(dir); err != nil || len(entries) > 0 {
			t.Fatalf("%q left files in the working directory: %v %v", tc.args, entries, err)
		}
	}
}

// Ensure that the top-level usage text lists, for each command, every flag
// the README's "Command line" table shows for it.
func TestUsageListsTheFlagsOfTheCommandLineTable(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| `newsbot ([a-z]+)([^`]*)` \\|")
	flagRE := regexp.MustCompile(`--[a-z][a-z-]*`)
	rows := row.FindAllStringSubmatch(string(readme), -1)
	if len(rows) < 10 {
		t.Fatalf("found %d rows of the Command line table in README.md", len(rows))
	}
	for _, m := range rows {
		cmd := m[1]
		var lines []string
		for _, l := range strings.Split(usage, "\n") {
			if f := strings.Fields(l); len(f) > 1 && f[0] == "newsbot" && f[1] == cmd {
				lines = append(lines, l)
			}
		}
		if len(lines) == 0 {
			t.Errorf("usage does not list %q", cmd)
		}
		for _, flag := range flagRE.FindAllString(m[2], -1) {
			if !strings.Contains(strings.Join(lines, "\n"), flag) {
				t.Errorf("usage of %q lacks %s (README: %s)", cmd, flag, m[0])
			}
		}
	}
}

// Ensure that --poll-timeout is refused, as a usage error naming the range,
// outside 1s to 80s: a long poll near the Bot API client's 90 s limit would
// be cut off as a timeout. Values inside the range get past the check (here
// to the missing token).
func TestPollTimeoutBounds(t *testing.T) {
	h := newHarness(t)
	delete(h.env, "TELEGRAM_BOT_TOKEN")
	for _, bad := range []string{"0s", "500ms", "80.5s", "90s", "5m"} {
		h.logs = newSyncBuffer()
		if code := h.cli("run", "--poll-timeout", bad); code != 2 || !strings.Contains(h.logs.String(), "want 1s to 1m20s") {
			t.Errorf("--poll-timeout %s: exit=%d, want 2 with the range:\n%s", bad, code, h.logs.String())
		}
	}
	for _, good := range []string{"1s", "80s"} {
		h.logs = newSyncBuffer()
		if code := h.cli("run", "--poll-timeout", good); code != 1 || !strings.Contains(h.logs.String(), "no bot token") {
			t.Errorf("--poll-timeout %s: exit=%d, want it accepted (then no token, exit 1):\n%s", good, code, h.logs.String())
		}
	}
	if _, err := os.Stat(h.env["NEWSBOT_DB"]); !os.IsNotExist(err) {
		t.Errorf("the database was created (stat err=%v)", err)
	}
}
