package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Ensure that the bar shows count, percent, rate and ETA, full and empty
// alike, within its width.
func TestRenderBar(t *testing.T) {
	tests := []struct {
		name        string
		done, total int
		elapsed     time.Duration
		want        string
	}{
		{"a bar at the start shows no rate yet", 0, 400, 0, "reindex [>                   ] 0/400 0%"},
		{"a bar part way shows rate and ETA", 100, 400, 2 * time.Second, "reindex [=====>              ] 100/400 25% 50.0/s ETA 6s"},
		{"a full bar shows the rate without ETA", 400, 400, 8 * time.Second, "reindex [====================] 400/400 100% 50.0/s"},
		{"nothing to do is done", 0, 0, 0, "reindex [====================] 0/0 100%"},
		{"a count past the total is capped", 500, 400, time.Second, "reindex [====================] 400/400 100% 400.0/s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renderBar("reindex", tt.done, tt.total, tt.elapsed, 20); got != tt.want {
				t.Fatalf("renderBar=%q, want %q", got, tt.want)
			}
		})
	}
}

// Ensure that, when stderr is not a terminal, progress is plain lines, one
// per tenth of the way and the last, without carriage returns.
func TestProgressPlainLines(t *testing.T) {
	var buf bytes.Buffer
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	p := newProgress(&buf, false, "import", 1000, func() time.Time { return now })
	for i := 0; i <= 1000; i++ {
		now = now.Add(time.Millisecond)
		p.Update(i)
	}
	p.Finish()
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if got, want := len(lines), 11; got != want {
		t.Fatalf("%d lines, want %d:\n%s", got, want, buf.String())
	}
	if strings.Contains(buf.String(), "\r") {
		t.Fatal("carriage return in plain output")
	}
	if got, want := lines[len(lines)-1], "import: 1000/1000 100% 999.0/s"; got != want {
		t.Fatalf("last line %q, want %q", got, want)
	}
	if !strings.HasPrefix(lines[5], "import: 500/1000 50% ") || !strings.Contains(lines[5], "ETA") {
		t.Fatalf("middle line %q", lines[5])
	}
}

// Ensure that on a terminal the bar is redrawn in place, not more often
// than progressEvery, and ends with a newline.
func TestProgressTerminalRedraws(t *testing.T) {
	var buf bytes.Buffer
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	p := newProgress(&buf, true, "reindex", 100, func() time.Time { return now })
	for i := 0; i <= 100; i++ {
		now = now.Add(10 * time.Millisecond)
		p.Update(i)
	}
	p.Finish()
	out := buf.String()
	if n := strings.Count(out, "\r"); n < 9 || n > 12 {
		t.Fatalf("%d redraws over 1s, want about 10:\n%q", n, out)
	}
	if !strings.HasSuffix(out, "100/100 100% 99.0/s\n") {
		t.Fatalf("output does not end with the full bar: %q", out)
	}
}

// Ensure that a regular file is not taken for a terminal.
func TestIsTerminalFile(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) || isTerminal(&bytes.Buffer{}) {
		t.Fatal("a file or buffer was taken for a terminal")
	}
}

// Ensure that `newsbot import` of many files reports its progress on
// stderr as plain lines, leaving stdout the list of imported files.
func TestImportManyFilesShowsProgress(t *testing.T) {
	h := newHarness(t)
	src, err := os.ReadFile(filepath.Join(fixtures, "no-image.txt"))
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"import"}
	for i := range 30 {
		p := filepath.Join(h.dir, fmt.Sprintf("tin-%02d.txt", i))
		data := strings.Replace(string(src), "Thông báo lịch tiếp công dân", fmt.Sprintf("Thông báo số %d lịch tiếp công dân", i), 1)
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	if code := h.cli(args...); code != 0 {
		t.Fatalf("import exit=%d:\n%s", code, h.logs.String())
	}
	if !strings.Contains(h.logs.String(), "import: 30/30 100%") || strings.Contains(h.out.String(), "30/30") {
		t.Fatalf("progress not on stderr only:\nstderr:\n%s\nstdout:\n%s", h.logs.String(), h.out.String())
	}
	if got := strings.Count(h.out.String(), "(stored"); got != 30 {
		t.Fatalf("%d files stored, want 30:\n%s", got, h.out.String())
	}
}
