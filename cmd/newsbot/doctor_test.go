package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// Ensure that the doctor passes a working setup, explains a broken one, and
// recognises a database held by the running bot.
func TestDoctor(t *testing.T) {
	h := newHarness(t)
	h.env["TELEGRAM_API_URL"] = h.api.URL()
	if code := h.cli("doctor"); code != 0 {
		t.Fatalf("a working setup failed (exit %d):\n%s%s", code, h.out.String(), h.logs.String())
	}
	for _, want := range []string{"✔ bot token: found in the environment variable", "✔ Telegram:", "@newsbot_test_bot", "✔ database:", "does not exist yet"} {
		if !strings.Contains(h.out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, h.out.String())
		}
	}

	stop := h.start()
	h.out = newSyncBuffer()
	h.cli("doctor")
	if !strings.Contains(h.out.String(), "in use by a running newsbot") {
		t.Errorf("a running bot's database was not recognised:\n%s", h.out.String())
	}
	stop()

	h.out = newSyncBuffer()
	h.env["TELEGRAM_API_URL"] = "http://127.0.0.1:1"
	if code := h.cli("doctor"); code != 1 || !strings.Contains(h.out.String(), "✘ Telegram: cannot reach the Bot API") {
		t.Errorf("an unreachable API (exit %d):\n%s", code, h.out.String())
	}
	h.out = newSyncBuffer()
	delete(h.env, "TELEGRAM_BOT_TOKEN")
	if code := h.cli("doctor"); code != 1 || !strings.Contains(h.out.String(), "✘ bot token: no bot token configured") {
		t.Errorf("no token (exit %d):\n%s", code, h.out.String())
	}
}

// Ensure that the doctor fetches each source of the sources file once and
// names the one that cannot be read.
func TestDoctorSources(t *testing.T) {
	h := newHarness(t)
	h.env["TELEGRAM_API_URL"] = h.api.URL()
	p := newPortal(t)
	file := writeSources(t, h.dir, fmt.Sprintf("[[source]]\nname = \"portal\"\nurl = \"%s/rss\"\n\n"+
		"[[source]]\nname = \"gone\"\nurl = \"%s/missing.rss\"\n", p.srv.URL, p.srv.URL))
	code := h.cli("doctor", "--sources", file)
	out := h.out.String()
	if code != 1 || !strings.Contains(out, "✔ source portal: "+p.srv.URL+"/rss answers; it lists 3 articles") ||
		!strings.Contains(out, "✘ source gone: "+p.srv.URL+"/missing.rss cannot be read") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	h.out = newSyncBuffer()
	if code := h.cli("doctor", "--sources", filepath.Join(h.dir, "none.toml")); code != 1 || !strings.Contains(h.out.String(), "✘ sources:") {
		t.Errorf("a missing sources file (exit %d):\n%s", code, h.out.String())
	}
}
