package inbox_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/content/inbox"
)

// newWatcher returns a Watcher of a fresh folder with done/ and failed/
// made, dated now, publishing through publish.
func newSafetyWatcher(t *testing.T, now time.Time, publish inbox.PublishFunc) *inbox.Watcher {
	t.Helper()
	w := &inbox.Watcher{Dir: t.TempDir(), Log: slog.New(slog.DiscardHandler), Now: func() time.Time { return now }, Publish: publish}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := w.Run(ctx); err != nil { // prepares the folders and returns
		t.Fatal(err)
	}
	return w
}

// Ensure that a symbolic link planted at failed/x.txt.error.txt is never
// written through: the failed file is still moved to failed/, under a
// dated name, with its reason beside it, and the link's target is
// unchanged.
func TestScanDoesNotWriteThroughAPlantedLink(t *testing.T) {
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	w := newSafetyWatcher(t, now, func(context.Context, content.Article, bool) (bool, error) {
		return false, errors.New("disk full")
	})
	target := filepath.Join(t.TempDir(), "authorized_keys")
	if err := os.WriteFile(target, []byte("precious\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(w.Dir, "failed", "x.txt.error.txt")); err != nil {
		t.Fatal(err)
	}
	copyFixture(t, "no-image.txt", filepath.Join(w.Dir, "x.txt"))
	if err := w.Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(target); err != nil || string(b) != "precious\n" {
		t.Fatalf("the link's target now holds %q (%v)", b, err)
	}
	if _, err := os.Stat(filepath.Join(w.Dir, "x.txt")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("x.txt is still in the inbox: %v", err)
	}
	moved := filepath.Join(w.Dir, "failed", now.Format("20060102-150405.000-")+"x.txt")
	if _, err := os.Stat(moved); err != nil {
		t.Fatalf("x.txt not moved to failed/ under a dated name: %v", err)
	}
	reason, err := os.ReadFile(moved + ".error.txt")
	if err != nil || !strings.Contains(string(reason), "disk full") {
		t.Fatalf("reason %q, %v", reason, err)
	}
}

// Ensure that a file whose import panics (a parser or store bug) is moved
// to failed/ with "internal error" beside it, the panic is counted, and the
// scan goes on to the next file.
func TestScanContainsAPanic(t *testing.T) {
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	calls := 0
	w := newSafetyWatcher(t, now, func(_ context.Context, a content.Article, _ bool) (bool, error) {
		if calls++; calls == 1 { // the first file, a.txt
			var m map[string]bool
			m[a.ID] = true // a nil map: panics
		}
		return true, nil
	})
	var counted []string
	w.OnPanic = func(loop string) { counted = append(counted, loop) }
	copyFixture(t, "no-image.txt", filepath.Join(w.Dir, "a.txt"))
	copyFixture(t, "no-date.txt", filepath.Join(w.Dir, "b.txt"))
	if err := w.Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	reason, err := os.ReadFile(filepath.Join(w.Dir, "failed", "a.txt.error.txt"))
	if err != nil || string(reason) != "internal error\n" {
		t.Fatalf("a.txt's reason %q, %v; want internal error", reason, err)
	}
	if _, err := os.Stat(filepath.Join(w.Dir, "done", "b.txt")); err != nil {
		t.Fatalf("the next file was not imported: %v", err)
	}
	if len(counted) != 1 || counted[0] != "inbox" {
		t.Fatalf("panics counted %v, want [inbox]", counted)
	}
}
