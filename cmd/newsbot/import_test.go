package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/store"
)

// importNow is the clock of the import tests: the fixtures, dated 2021,
// are old then.
var importNow = time.Date(2026, 12, 6, 12, 0, 0, 0, content.VietnamZone())

// writeFiles writes each name → data under dir, making folders as needed,
// and returns dir.
func writeFiles(t *testing.T, dir string, files map[string][]byte) string {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// storedTitles returns the titles stored in the harness's database, sorted,
// and the titles of the articles that have a push job.
func (h *harness) storedTitles() (stored, pushed []string) {
	h.t.Helper()
	db := h.openDB(store.Options{})
	defer db.Close()
	ctx := context.Background()
	all, err := db.Latest(ctx, 1000)
	if err != nil {
		h.t.Fatal(err)
	}
	titles := map[string]string{}
	for _, a := range all {
		stored = append(stored, a.Title)
		titles[a.ID] = a.Title
	}
	jobs, err := db.RecentJobs(ctx, 1000)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, j := range jobs {
		pushed = append(pushed, titles[j.ArticleID])
	}
	slices.Sort(stored)
	slices.Sort(pushed)
	return stored, pushed
}

// Ensure that importing an HTML page, a CSV table, a go.mod, a one-line
// 1.8 MB file, a binary file and a folder mixing them with real exports
// stores only the real exports, pushes only the recent one, and names each
// refused file with its reason.
func TestImportStoresOnlyArticles(t *testing.T) {
	h := newHarness(t)
	h.now = importNow
	seedSubscribers(t, h.env["NEWSBOT_DB"], 1001, 3)
	html := []byte("<!DOCTYPE html>\n<html lang=\"vi\">\n<head><title>Cổng thông tin huyện</title></head>\n" +
		"<body>\n<h1>Hội nghị cán bộ</h1>\nĐăng lúc: 08:05:09 12/03/2021 (GMT+7)\n<p>Đoạn mở đầu.</p>\n</body>\n</html>\n")
	csv := []byte("id,tieu_de,ngay_dang\n1,Hội nghị cán bộ,12/03/2021\n2,Tin vắn,13/03/2021\n")
	gomod := []byte("module newsbot\n\ngo 1.25\n\nrequire go.etcd.io/bbolt v1.4.0\n")
	oneLine := []byte(strings.Repeat("Tin tức trong ngày của huyện ", 1_800_000/len("Tin tức trong ngày của huyện ")))
	dir := writeFiles(t, t.TempDir(), map[string][]byte{
		"trang.html":                 html,
		"go.mod":                     gomod,
		"luu-tru/trang.txt":          html,
		"luu-tru/bang.txt":           csv,
		"luu-tru/go.mod.txt":         gomod,
		"luu-tru/mot-dong.txt":       oneLine,
		"luu-tru/anh.txt":            {0x89, 'P', 'N', 'G', 0, 0, 1},
		"luu-tru/2021/no-image.txt":  exportDated(t, "no-image.txt", time.Date(2021, 3, 29, 14, 30, 0, 0, content.VietnamZone())),
		"luu-tru/moi/typical.TXT":    freshExport(t, "typical-one-image.txt", importNow),
		"luu-tru/.an/two-images.txt": freshExport(t, "two-images.txt", importNow),
		"luu-tru/ghi-chu.md":         []byte("# Ghi chú\n"),
	})
	code := h.cli("import", filepath.Join(dir, "trang.html"), filepath.Join(dir, "go.mod"), filepath.Join(dir, "luu-tru"))
	if code != 1 {
		t.Fatalf("exit=%d, want 1:\n%s", code, h.logs.String())
	}
	logs := h.logs.String()
	for _, want := range []string{
		"trang.html:1: not an article of the portal's export: the title \"<!DOCTYPE html>\" is markup",
		"trang.txt:1: not an article",
		"bang.txt:1: not an article of the portal's export: no \"Đăng lúc\" line after the title \"id,tieu_de,ngay_dang\"",
		"go.mod:1: not an article",
		"go.mod.txt:1: not an article",
		"mot-dong.txt:1: not an article",
		"anh.txt:1: not a text file",
		"7 of 9 files failed",
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, logs)
		}
	}
	if len(logs) > 3000 {
		t.Errorf("stderr is %d bytes long: a refused file was quoted whole", len(logs))
	}
	stored, pushed := h.storedTitles()
	wantStored := []string{"Hội nghị tổng kết công tác xây dựng nông thôn mới năm 2020",
		"Thông báo lịch tiếp công dân định kỳ tháng 4/2021 của Chủ tịch UBND huyện"}
	if !slices.Equal(stored, wantStored) {
		t.Errorf("stored %q, want %q", stored, wantStored)
	}
	if want := wantStored[:1]; !slices.Equal(pushed, want) {
		t.Errorf("pushed %q, want only the recent article %q", pushed, want)
	}
	out := h.out.String()
	if !strings.Contains(out, "(stored; push to 3 chats queued)") || !strings.Contains(out, "(stored; not pushed: published 2021-03-29 14:30 (Vietnam time), more than 72h0m0s ago)") {
		t.Errorf("stdout does not say what became of each article:\n%s", out)
	}
}

// Ensure that importing an archive of old articles pushes none of them,
// yet stores them all, listed and searchable; and that --push-max-age
// widens what is news.
func TestImportOldArchivePushesNothing(t *testing.T) {
	h := newHarness(t)
	h.now = importNow
	seedSubscribers(t, h.env["NEWSBOT_DB"], 1001, 3)
	files := map[string][]byte{}
	for i, name := range []string{"typical-one-image.txt", "no-image.txt", "two-images.txt", "no-signature.txt", "crlf.txt", "no-date.txt"} {
		data, err := os.ReadFile(filepath.Join(fixtures, name))
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Join(string(rune('a'+i%3)), name)] = data
	}
	files["gan-day.txt"] = exportDated(t, "caps-title.txt", importNow.Add(-5*24*time.Hour))
	dir := writeFiles(t, t.TempDir(), files)
	if code := h.cli("import", dir); code != 0 {
		t.Fatalf("exit=%d:\n%s", code, h.logs.String())
	}
	stored, pushed := h.storedTitles()
	if len(stored) != 7 || len(pushed) != 0 {
		t.Fatalf("stored %d articles and pushed %q, want 7 and none", len(stored), pushed)
	}
	if !strings.Contains(h.out.String(), `(stored; not pushed: undated (no "Đăng lúc" line))`) {
		t.Errorf("the undated export's fate is not told:\n%s", h.out.String())
	}
	if code := h.cli("search", "tiếp công dân"); code != 0 || !strings.Contains(h.out.String(), "Thông báo lịch tiếp công dân") {
		t.Errorf("an archived article is not searchable (exit %d):\n%s", code, h.out.String())
	}

	// The same article imported with a wider age limit is news.
	h2 := newHarness(t)
	h2.now = importNow
	seedSubscribers(t, h2.env["NEWSBOT_DB"], 1001, 3)
	if code := h2.cli("import", "--push-max-age", "168h", filepath.Join(dir, "gan-day.txt")); code != 0 {
		t.Fatalf("exit=%d:\n%s", code, h2.logs.String())
	}
	if _, pushed := h2.storedTitles(); len(pushed) != 1 {
		t.Fatalf("pushed %q, want the 5-day-old article with --push-max-age 168h", pushed)
	}
}

// Ensure that --quiet stores recent articles without pushing any.
func TestImportQuietPushesNothing(t *testing.T) {
	h := newHarness(t)
	h.now = importNow
	seedSubscribers(t, h.env["NEWSBOT_DB"], 1001, 3)
	dir := writeFiles(t, t.TempDir(), map[string][]byte{
		"a.txt": freshExport(t, "typical-one-image.txt", importNow),
		"b.txt": freshExport(t, "no-image.txt", importNow),
	})
	if code := h.cli("import", "--quiet", dir); code != 0 {
		t.Fatalf("exit=%d:\n%s", code, h.logs.String())
	}
	stored, pushed := h.storedTitles()
	if len(stored) != 2 || len(pushed) != 0 {
		t.Fatalf("stored %q and pushed %q, want 2 stored and none pushed", stored, pushed)
	}
	if got := strings.Count(h.out.String(), "(stored; not pushed: --quiet)"); got != 2 {
		t.Errorf("%d articles said stored quietly, want 2:\n%s", got, h.out.String())
	}
}

// Ensure that a bad flag value is refused before anything is read.
func TestImportRefusesNegativeAge(t *testing.T) {
	h := newHarness(t)
	if code := h.cli("import", "--push-max-age", "-1h", filepath.Join(fixtures, "no-image.txt")); code != 2 {
		t.Fatalf("exit=%d, want 2 (usage):\n%s", code, h.logs.String())
	}
	if _, err := os.Stat(h.env["NEWSBOT_DB"]); !os.IsNotExist(err) {
		t.Fatalf("the database was created (stat err=%v)", err)
	}
}

// Ensure that, with the bot running, files dropped into the inbox that are
// not articles (an HTML page, a CSV table, a go.mod, a one-line 1.8 MB
// file) and an old article reach nobody: the one person subscribed gets
// exactly one push, the recent article's, through the Bot API.
func TestEndToEndInboxPushesOnlyNews(t *testing.T) {
	h := newHarness(t)
	an := h.api.User(101, "vi")
	anChat := h.api.PrivateChat(an)
	stop := h.start()
	h.api.SendText(an, anChat, "/start")
	h.waitText(anChat.ID, "Xin chào", 1)

	h.dropFile("a-trang.txt", []byte("<!DOCTYPE html>\n<html><body>\n<h1>Hội nghị cán bộ</h1>\nĐăng lúc: 08:05:09 12/03/2021\n</body></html>\n"))
	h.dropFile("b-bang.csv", []byte("id,tieu_de,ngay_dang\n1,Hội nghị cán bộ,12/03/2021\n"))
	h.dropFile("go.mod", []byte("module newsbot\n\ngo 1.25\n"))
	h.dropFile("d-mot-dong.txt", []byte(strings.Repeat("Tin tức trong ngày của huyện ", 1_800_000/len("Tin tức trong ngày của huyện "))))
	old, err := os.ReadFile(filepath.Join(fixtures, "no-image.txt")) // dated 2021
	if err != nil {
		t.Fatal(err)
	}
	h.dropFile("e-cu.txt", old)
	h.dropFile("z-moi.txt", freshExport(t, "typical-one-image.txt", time.Now()))
	h.waitText(anChat.ID, articleTitle, 1)
	h.waitLogCount("inbox file imported", 2)
	h.waitLogCount("inbox file failed", 4)
	stop()

	texts := textsTo(h.api.Calls(), anChat.ID)
	if got := len(texts); got != 2 { // the welcome and the recent article
		t.Errorf("%d messages sent, want the welcome and one push:\n%q", got, texts)
	}
	for _, never := range []string{"Thông báo lịch tiếp công dân", "DOCTYPE", "id,tieu_de", "module newsbot", "Tin tức trong ngày"} {
		if n := countContaining(texts, never); n > 0 {
			t.Errorf("%q was pushed %d times", never, n)
		}
	}
	stored, pushed := h.storedTitles()
	if len(stored) != 2 || !slices.Equal(pushed, []string{articleTitle}) {
		t.Errorf("stored %q, pushed %q; want the old and the recent article stored, the recent one pushed", stored, pushed)
	}
	for _, name := range []string{"a-trang.txt", "b-bang.csv", "go.mod", "d-mot-dong.txt"} {
		if _, err := os.Stat(filepath.Join(h.dir, "inbox", "failed", name+".error.txt")); err != nil {
			t.Errorf("%s has no reason in failed/: %v", name, err)
		}
	}
}

// Ensure that a folder without article files is an error, not a silent
// success.
func TestImportEmptyFolderFails(t *testing.T) {
	h := newHarness(t)
	dir := writeFiles(t, t.TempDir(), map[string][]byte{"ghi-chu.md": []byte("# Ghi chú\n")})
	if code := h.cli("import", dir); code != 1 || !strings.Contains(h.logs.String(), "no *.txt file in "+dir) {
		t.Fatalf("exit=%d, want 1 and a reason:\n%s", code, h.logs.String())
	}
}
