package inbox_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/content/inbox"
)

func copyFixture(t *testing.T, name, dst string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "export", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// publication is one call of the Watcher's PublishFunc.
type publication struct {
	a    content.Article
	push bool
}

// newWatcher returns a Watcher of dir at now whose publications are
// recorded; fail, when set, makes the publication with that index fail.
func newWatcher(t *testing.T, dir string, now time.Time, fail int) (*inbox.Watcher, *[]publication) {
	t.Helper()
	var published []publication
	calls := 0
	w := &inbox.Watcher{Dir: dir, Log: slog.New(slog.DiscardHandler), Now: func() time.Time { return now },
		PushMaxAge: content.DefaultPushMaxAge,
		Publish: func(_ context.Context, a content.Article, push bool) (bool, error) {
			calls++
			if calls == fail {
				return false, errors.New("disk full")
			}
			published = append(published, publication{a, push})
			return true, nil
		}}
	// Run prepares the folders; a cancelled context makes it return after one scan.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := w.Run(ctx); err != nil {
		t.Fatal(err)
	}
	return w, &published
}

// exists reports whether p, under dir, exists.
func exists(dir, p string) bool {
	_, err := os.Stat(filepath.Join(dir, p))
	return err == nil
}

// Ensure that good files are published and moved to done/, bad ones to
// failed/ with the reason beside them, and files still being written stay.
func TestScanMovesFiles(t *testing.T) {
	dir := t.TempDir()
	copyFixture(t, "no-image.txt", filepath.Join(dir, "a.txt"))
	copyFixture(t, "bad-date.txt", filepath.Join(dir, "b.txt"))
	copyFixture(t, "typical-one-image.txt", filepath.Join(dir, "c.txt"))
	copyFixture(t, "no-image.txt", filepath.Join(dir, "d.txt.part"))
	copyFixture(t, "no-date.txt", filepath.Join(dir, "e.txt"))
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	w, published := newWatcher(t, dir, now, 2)
	if err := w.Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"done/a.txt", "failed/b.txt", "failed/b.txt.error.txt", "failed/c.txt", "d.txt.part", "done/e.txt"} {
		if !exists(dir, p) {
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
	if len(*published) != 2 || (*published)[0].a.Published.IsZero() || (*published)[1].a.Published.IsZero() {
		t.Fatalf("published=%+v", *published)
	}
}

// Ensure that files that are not articles (an HTML page, a CSV table, a
// go.mod, a one-line 1.8 MB file, a picture) are refused with the reason
// and never published.
func TestScanRefusesFilesThatAreNotArticles(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"trang.html.txt": "<!DOCTYPE html>\n<html><head><title>Cổng thông tin</title></head>\n<body>Đăng lúc: 08:05:09 12/03/2021</body></html>\n",
		"bang.csv":       "id,tieu_de,ngay\n1,Hội nghị,12/03/2021\n",
		"go.mod":         "module newsbot\n\ngo 1.25\n",
		"mot-dong.txt":   strings.Repeat("Tin tức trong ngày ", 100000),
		"anh.jpg":        "\xff\xd8\xff\xe0\x00\x10JFIF\x00",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	w, published := newWatcher(t, dir, time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC), 0)
	if err := w.Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(*published) != 0 {
		t.Fatalf("published %d files that are not articles: %+v", len(*published), *published)
	}
	for name := range files {
		reason, err := os.ReadFile(filepath.Join(dir, "failed", name+".error.txt"))
		if err != nil {
			t.Errorf("%s: no reason in failed/: %v", name, err)
			continue
		}
		if !strings.HasPrefix(string(reason), name+":") || len(reason) > 300 {
			t.Errorf("%s: reason %q does not name the file briefly", name, reason)
		}
	}
}

// exportAt returns an article file published at t.
func exportAt(title string, t time.Time) []byte {
	return []byte(title + "\n\nĐăng lúc: " + t.In(content.VietnamZone()).Format("15:04:05 02/01/2006") + " (GMT+7)\n\nĐoạn mở đầu.\n")
}

// Ensure that an article newer than PushMaxAge is pushed, and an older one
// (an archive dropped into the inbox) or an undated one is stored without a
// push.
func TestScanPushesOnlyRecentArticles(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	for name, data := range map[string][]byte{
		"a-moi.txt": exportAt("Tin mới", now.Add(-content.DefaultPushMaxAge+time.Minute)),
		"b-cu.txt":  exportAt("Tin cũ", now.Add(-content.DefaultPushMaxAge-time.Minute)),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	copyFixture(t, "no-date.txt", filepath.Join(dir, "c-khong-ngay.txt"))
	w, published := newWatcher(t, dir, now, 0)
	if err := w.Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, p := range *published {
		got[p.a.Title] = p.push
	}
	if want := map[string]bool{"Tin mới": true, "Tin cũ": false, "Ra mắt mô hình “Khu dân cư không rác thải nhựa” tại thị trấn": false}; !reflect.DeepEqual(got, want) {
		t.Fatalf("pushed = %v, want %v", got, want)
	}
}

// Ensure that an undated export (with the page's whole layout) is dated at
// import, yet keeps the same ID whenever it is imported, and is not news.
func TestReadFileDatesUndatedArticles(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.txt")
	copyFixture(t, "no-date.txt", p)
	t1 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a1, dated, err := inbox.ReadFile(p, t1)
	if err != nil {
		t.Fatal(err)
	}
	a2, _, _ := inbox.ReadFile(p, t1.Add(time.Hour))
	if !a1.Published.Equal(t1) || a1.ID != a2.ID {
		t.Fatalf("published=%v ids %s %s", a1.Published, a1.ID, a2.ID)
	}
	if dated || inbox.IsNews(a1, dated, t1, content.DefaultPushMaxAge) {
		t.Fatalf("an undated export is dated=%v or news", dated)
	}
}
