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

func copyFixture(t *testing.T, name, dst string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "export", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// Ensure that good files are published and moved to done/, bad ones to
// failed/ with the reason beside them, and files still being written stay.
func TestScanMovesFiles(t *testing.T) {
	dir := t.TempDir()
	copyFixture(t, "no-image.txt", filepath.Join(dir, "a.txt"))
	copyFixture(t, "bad-date.txt", filepath.Join(dir, "b.txt"))
	copyFixture(t, "no-date.txt", filepath.Join(dir, "c.txt"))
	copyFixture(t, "no-image.txt", filepath.Join(dir, "d.txt.part"))
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	var published []content.Article
	w := &inbox.Watcher{Dir: dir, Log: slog.New(slog.DiscardHandler), Now: func() time.Time { return now },
		Publish: func(_ context.Context, a content.Article) (bool, error) {
			if len(published) == 1 {
				return false, errors.New("disk full")
			}
			published = append(published, a)
			return true, nil
		}}
	// Run prepares the folders; a cancelled context makes it return after one scan.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := w.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w.Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	exists := func(p string) bool { _, err := os.Stat(filepath.Join(dir, p)); return err == nil }
	for _, p := range []string{"done/a.txt", "failed/b.txt", "failed/b.txt.error.txt", "failed/c.txt", "d.txt.part"} {
		if !exists(p) {
			t.Errorf("%s is missing", p)
		}
	}
	reason, _ := os.ReadFile(filepath.Join(dir, "failed", "b.txt.error.txt"))
	if !strings.Contains(string(reason), `b.txt:5: malformed "Đăng lúc" line`) {
		t.Errorf("reason=%q", reason)
	}
	reason, _ = os.ReadFile(filepath.Join(dir, "failed", "c.txt.error.txt"))
	if !strings.Contains(string(reason), "disk full") {
		t.Errorf("reason=%q", reason)
	}
	if len(published) != 1 || published[0].Published.IsZero() {
		t.Fatalf("published=%+v", published)
	}
}

// Ensure that an article without a date is dated at import, yet keeps the
// same ID whenever it is imported.
func TestReadFileDatesUndatedArticles(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.txt")
	copyFixture(t, "no-date.txt", p)
	t1 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a1, err := inbox.ReadFile(p, t1)
	if err != nil {
		t.Fatal(err)
	}
	a2, _ := inbox.ReadFile(p, t1.Add(time.Hour))
	if !a1.Published.Equal(t1) || a1.ID != a2.ID {
		t.Fatalf("published=%v ids %s %s", a1.Published, a1.ID, a2.ID)
	}
}
