package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Ensure that every command that works on an existing database refuses a
// missing one, saying where it looked and how to name another, exits 1 and
// creates nothing: only run and import create the database.
func TestCommandsRefuseMissingDatabase(t *testing.T) {
	for _, args := range [][]string{
		{"stats"},
		{"stats", "--json"},
		{"stats", "--csv", "2026-01-01", "2026-01-31"},
		{"stats", "set-total", "5"},
		{"search", "lũ lụt"},
		{"reindex"},
		{"admin", "list"},
		{"admin", "add", "777"},
		{"admin", "remove", "777"},
		{"member", "list"},
		{"member", "remove", "777"},
		{"audit"},
		{"receipts"},
		{"receipts", "12", "--csv"},
		{"backup", "copy.db"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			h := newHarness(t)
			dir := t.TempDir()
			t.Chdir(dir)
			for _, how := range []string{"--db", "NEWSBOT_DB"} {
				missing := filepath.Join(dir, "nham.db")
				h.logs = newSyncBuffer()
				all := append([]string(nil), args...)
				if how == "--db" { // after the arguments, as an operator adds it
					all = append(all, "--db", missing)
				} else {
					h.env["NEWSBOT_DB"] = missing
				}
				want := "newsbot: no database at " + missing + "; `newsbot run` creates it; --db or NEWSBOT_DB names another\n"
				if code := h.cli(all...); code != 1 || h.logs.String() != want {
					t.Errorf("%q with %s: exit=%d, want 1 and %q; got:\n%s", all, how, code, want, h.logs.String())
				}
				if entries, err := os.ReadDir(dir); err != nil || len(entries) > 0 {
					t.Fatalf("%q with %s left files: %v %v", all, how, entries, err)
				}
			}
		})
	}
}

// Ensure that flags work after the positional arguments, for commands with
// subcommands and without, and before a subcommand too.
func TestFlagsAfterArguments(t *testing.T) {
	h := newHarness(t)
	other := filepath.Join(h.dir, "x.db")
	h.env["NEWSBOT_DB"] = other
	h.createDB()
	delete(h.env, "NEWSBOT_DB") // the default, newsbot.db, must stay untouched
	delete(h.env, "TELEGRAM_BOT_TOKEN")
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte(canaryToken), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(h.dir)
	for _, args := range [][]string{
		{"admin", "add", "777", "--db", other},
		{"stats", "set-total", "5", "--db", other},
		{"member", "remove", "777", "--db=" + other},
		{"receipts", "--db", other, "--limit", "3"},
		{"admin", "--db", other, "add", "778"},
		{"stats", "--db", other, "set-total", "6"},
		{"member", "--db=" + other, "list"},
		{"token", "--token-file", tokenFile, "status"},
	} {
		if code := h.cli(args...); code != 0 {
			t.Fatalf("%q: exit=%d:\n%s", args, code, h.logs.String())
		}
	}
	for _, want := range []string{"Added admin 777", "visit total is now 5", "Not a member: 777", "No notice has asked",
		"Added admin 778", "visit total is now 6", "Members: 0", "Token found in the token file " + tokenFile} {
		if !strings.Contains(h.out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, h.out.String())
		}
	}
	h.out = newSyncBuffer()
	if code := h.cli("audit", "--json", "--db", other); code != 0 {
		t.Fatalf("audit: exit=%d:\n%s", code, h.logs.String())
	}
	for _, want := range []string{`"detail": "777"`, `"detail": "5"`, `"detail": "778"`, `"detail": "6"`} {
		if !strings.Contains(h.out.String(), want) {
			t.Errorf("the audit log of %s lacks %s:\n%s", other, want, h.out.String())
		}
	}
	if _, err := os.Stat(filepath.Join(h.dir, "newsbot.db")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a flag after the arguments was ignored: newsbot.db was created (%v)", err)
	}
}

// Ensure that the doctor reports a database whose folder does not exist
// as a problem, and a missing database in an existing folder as fine.
func TestDoctorDatabaseFolder(t *testing.T) {
	h := newHarness(t)
	h.env["TELEGRAM_API_URL"] = h.api.URL()
	missingDir := filepath.Join(h.dir, "var", "lib", "newsbot")
	h.env["NEWSBOT_DB"] = filepath.Join(missingDir, "newsbot.db")
	if code := h.cli("doctor"); code != 1 || !strings.Contains(h.out.String(), "✘ database: the folder "+missingDir+" of ") {
		t.Fatalf("a database in a missing folder (exit %d):\n%s", code, h.out.String())
	}
	if err := os.MkdirAll(missingDir, 0o700); err != nil {
		t.Fatal(err)
	}
	h.out = newSyncBuffer()
	if code := h.cli("doctor"); code != 0 || !strings.Contains(h.out.String(), "✔ database: "+h.env["NEWSBOT_DB"]+" does not exist yet") {
		t.Fatalf("a database not yet created (exit %d):\n%s", code, h.out.String())
	}
}

// Ensure that `sources check` exits 1, naming the source, when a source
// answers but yields no article.
func TestSourcesCheckNoArticle(t *testing.T) {
	h := newHarness(t)
	p := newPortal(t)
	p.setFeed([]byte(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Cổng</title></channel></rss>`))
	file := writeSources(t, h.dir, "[[source]]\nname = \"portal\"\nurl = \""+p.srv.URL+"/rss\"\nkind = \"rss\"\n")
	if code := h.cli("sources", "check", file); code != 1 {
		t.Fatalf("exit=%d with a source that yields nothing, want 1:\n%s", code, h.out.String())
	}
	if !strings.Contains(h.out.String(), "portal (rss) "+p.srv.URL+"/rss: 0 articles\n  ! FAILED: no article found") ||
		!strings.Contains(h.logs.String(), "1 of 1 sources could not be read or yielded no article") {
		t.Fatalf("output:\n%s\nlogs:\n%s", h.out.String(), h.logs.String())
	}
}

// Ensure that a token of the wrong shape is refused wherever it comes from
// (environment, token file, keyring, standard input of token set), by every
// command that reads it, with an error naming where it came from and never
// the token.
func TestTokenShapeCheckedEverywhere(t *testing.T) {
	const badSecret = "SECRETsecretSECRET"
	bad := []string{
		"123456:" + badSecret,                     // too short a secret
		"bot123456:" + badSecret + badSecret,      // not digits before the colon
		"123456:" + badSecret + "!" + badSecret,   // a character no token has
		strings.ReplaceAll(canaryToken, ":", "/"), // no colon
	}
	for _, token := range bad {
		for _, from := range []string{"environment", "file", "keyring"} {
			h := newHarness(t)
			h.env["TELEGRAM_API_URL"] = h.api.URL()
			var where string
			switch from {
			case "environment":
				h.env["TELEGRAM_BOT_TOKEN"], where = token, "environment variable TELEGRAM_BOT_TOKEN"
			case "file":
				delete(h.env, "TELEGRAM_BOT_TOKEN")
				file := filepath.Join(t.TempDir(), "token")
				if err := os.WriteFile(file, []byte(token+"\n"), 0o600); err != nil {
					t.Fatal(err)
				}
				h.env["NEWSBOT_TOKEN_FILE"], where = file, "token file "+file
			case "keyring":
				delete(h.env, "TELEGRAM_BOT_TOKEN")
				if err := h.keyring.Set(keyringService, keyringUser, token); err != nil {
					t.Fatal(err)
				}
				where = "OS keyring"
			}
			want := "the " + where + " does not hold a bot token"
			for _, args := range [][]string{{"run", "--api-url", h.api.URL()}, {"token", "status"}, {"doctor"}} {
				h.out, h.logs = newSyncBuffer(), newSyncBuffer()
				code := h.cli(args...)
				if all := h.out.String() + h.logs.String(); code != 1 || !strings.Contains(all, want) {
					t.Errorf("%s with a bad token from the %s: exit=%d, want 1 and %q:\n%s", args[0], from, code, want, all)
				}
				checkNoSecret(t, h, token)
			}
		}
		h := newHarness(t)
		app := h.app()
		app.Stdin = strings.NewReader(token + "\n")
		if code := app.Main(t.Context(), []string{"token", "set"}); code != 1 ||
			!strings.Contains(h.logs.String(), "token set: the standard input does not hold a bot token") {
			t.Errorf("token set of a bad token: exit=%d:\n%s", code, h.logs.String())
		}
		checkNoSecret(t, h, token)
		if _, err := h.keyring.Get(keyringService, keyringUser); !errors.Is(err, errNoKeyringEntry) {
			t.Errorf("a bad token was stored in the keyring (%v)", err)
		}
	}
}

// checkNoSecret fails t when the part of token after its colon (all of it
// without one) appears in the harness's output.
func checkNoSecret(t *testing.T, h *harness, token string) {
	t.Helper()
	secret := token
	if i := strings.IndexByte(token, ':'); i >= 0 {
		secret = token[i+1:]
	}
	if all := h.out.String() + h.logs.String(); strings.Contains(all, secret) {
		t.Errorf("the bad token appeared in the output:\n%s", all)
	}
}
