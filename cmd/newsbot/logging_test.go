package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// Ensure that NEWSBOT_LOG_FORMAT=json makes every log line a JSON record
// with typed attributes, that --log-level filters, and that bad values are
// refused with a usage error before anything starts.
func TestLogFormatAndLevel(t *testing.T) {
	h := newHarness(t)
	h.env["NEWSBOT_LOG_FORMAT"] = "json"
	stop := h.start("--log-level", "warn")
	stop()
	if s := h.logs.String(); strings.Contains(s, "newsbot starting") {
		t.Fatalf("an info record passed --log-level warn:\n%s", s)
	}
	stop = h.start() // the harness asks for debug
	h.logs.waitFor(t, "newsbot starting")
	stop()
	for _, line := range strings.Split(strings.TrimSpace(h.logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("not a JSON record: %q", line)
		}
		if rec["msg"] == "newsbot starting" && rec["bot"] != "newsbot_test_bot" {
			t.Fatalf("start record without its attributes: %v", rec)
		}
	}
	for _, bad := range [][]string{{"--log-format", "xml"}, {"--log-level", "loud"}} {
		if code := h.cli(append([]string{"run"}, bad...)...); code != 2 {
			t.Fatalf("run %v exit=%d, want 2 (usage)", bad, code)
		}
	}
}
