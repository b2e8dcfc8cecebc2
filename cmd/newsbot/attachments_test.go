package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/content/source"
	"newsbot/content/source/netguard"
	"newsbot/store"
)

// Ensure that `sources check` lists each article's documents: a feed's
// enclosures and the document links of an article page, with their labels.
func TestSourcesCheckListsDocuments(t *testing.T) {
	h := newHarness(t)
	rss, page := readSourceFixture(t, "enclosures.rss"), readSourceFixture(t, "van-ban.html")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/rss":
			w.Header().Set("Content-Type", "application/rss+xml")
			_, _ = w.Write(rss)
		case "/van-ban/":
			fmt.Fprintf(w, `<html><body><ul class="moi"><li><a href="/van-ban/cv-112.html">Công văn số 112/UBND-VP về phòng chống dịch</a></li></ul></body></html>`)
		case "/van-ban/cv-112.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write(page)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	file := writeSources(t, h.dir, fmt.Sprintf(`
[[source]]
name = "van-ban-rss"
url = "%s/rss"
kind = "rss"

[[source]]
name = "van-ban"
url = "%s/van-ban/"
kind = "html"
  [source.selectors]
  list = "ul.moi a"
  body = "div.noi-dung"
  attachments = "div.noi-dung a, div.file-dinh-kem a"
`, srv.URL, srv.URL))
	if code := h.cli("sources", "check", file); code != 0 {
		t.Fatalf("exit=%d:\n%s\n%s", code, h.out.String(), h.logs.String())
	}
	out := h.out.String()
	for _, want := range []string{
		"📎 cong-van-112.pdf " + srv.URL + "/upload/2021/cong-van-112.pdf",
		"📎 tai-ve.docx https://huyen.example.vn/tai-ve?id=45",
		`📎 cong-van-112.pdf "Tải về: Công văn số 112/UBND-VP" ` + srv.URL + "/files/cong-van-112.pdf?v=2",
		`📎 ke-hoach-45.docx "Kế hoạch số 45/KH-UBND" ` + srv.URL + "/upload/2021/ke-hoach-45.docx",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "quyet-dinh-99.pdf") {
		t.Errorf("a sidebar's document is listed:\n%s", out)
	}
}

// Ensure that `import --json` lists the documents an export names, found
// beside it and checked, and that an export naming a refused one fails.
func TestImportJSONListsDocuments(t *testing.T) {
	h := newHarness(t)
	src := filepath.Join("..", "..", "content", "inbox", "testdata", "export-documents")
	if code := h.cli("import", "--dry-run", "--json", filepath.Join(src, "directive.txt")); code != 0 {
		t.Fatalf("exit=%d: %s", code, h.logs.String())
	}
	var got []struct {
		Attachments []struct {
			Name, Path, Label string
			MediaType         string `json:"media_type"`
			Size              int64
		} `json:"attachments"`
	}
	if err := json.Unmarshal([]byte(h.out.String()), &got); err != nil {
		t.Fatalf("output is not a JSON array: %v\n%s", err, h.out.String())
	}
	if len(got) != 1 || len(got[0].Attachments) != 2 {
		t.Fatalf("got %+v", got)
	}
	pdf, xlsx := got[0].Attachments[0], got[0].Attachments[1]
	abs, _ := filepath.Abs(filepath.Join(src, "cong-van-112.pdf"))
	fi, err := os.Stat(abs)
	if err != nil {
		t.Fatal(err)
	}
	if pdf.Name != "cong-van-112.pdf" || pdf.Path != abs || pdf.MediaType != "application/pdf" || pdf.Size != fi.Size() {
		t.Errorf("pdf %+v", pdf)
	}
	if xlsx.Label != "Mẫu báo cáo kết quả thực hiện" || !strings.HasSuffix(xlsx.MediaType, "spreadsheetml.sheet") {
		t.Errorf("xlsx %+v", xlsx)
	}

	dir := t.TempDir()
	for name, from := range map[string]string{"vb-112.txt": "directive.txt", "Mau bao cao - dot 1.xlsx": "Mau bao cao - dot 1.xlsx"} {
		data, err := os.ReadFile(filepath.Join(src, from))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "cong-van-112.pdf"), []byte("<html>Không tìm thấy</html>"), 0o600); err != nil {
		t.Fatal(err)
	}
	h = newHarness(t)
	if code := h.cli("import", "--dry-run", "--json", filepath.Join(dir, "vb-112.txt")); code != 1 {
		t.Fatalf("exit=%d with an HTML page as .pdf, want 1", code)
	}
	if want := `vb-112.txt: document "cong-van-112.pdf": not an accepted document type`; !strings.Contains(h.logs.String(), want) {
		t.Fatalf("logs lack %q:\n%s", want, h.logs.String())
	}
}

// Ensure that the documents' source downloads with the sources'
// allow_private: a portal on an internal address is reached only when the
// sources file allows it, and a refused type is refused.
func TestDocumentSourceFollowsAllowPrivate(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/cv.pdf" {
			_, _ = w.Write([]byte("%PDF-1.4\n%%EOF\n"))
			return
		}
		_, _ = w.Write([]byte("<html>"))
	}))
	defer srv.Close()
	h := newHarness(t)
	ctx := context.Background()
	open := func(cfg source.Config, att content.Attachment) error {
		rc, _, err := newDocumentSource(cfg).OpenDocument(ctx, att)
		if err == nil {
			rc.Close()
		}
		return err
	}
	pdf := content.Attachment{Name: "cv.pdf", URL: srv.URL + "/cv.pdf"}
	app := h.app()
	app.AllowPrivate = nil // only the sources file's allow_private
	closedCfg, err := app.sourceConfig("")
	if err != nil {
		t.Fatal(err)
	}
	if err := open(closedCfg, pdf); !errors.Is(err, netguard.ErrBlocked) {
		t.Fatalf("without allow_private: %v, want netguard.ErrBlocked", err)
	}
	file := writeSources(t, h.dir, "allow_private = [\"127.0.0.1\"]\n[[source]]\nname = \"p\"\nurl = \""+srv.URL+"/rss\"\n")
	openCfg, err := app.sourceConfig(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := open(openCfg, pdf); err != nil {
		t.Fatalf("with allow_private: %v", err)
	}
	if err := open(openCfg, content.Attachment{Name: "trang.pdf", URL: srv.URL + "/trang.pdf"}); !errors.Is(err, content.ErrDocumentRefused) {
		t.Fatalf("HTML as .pdf: %v, want content.ErrDocumentRefused", err)
	}
}

// Ensure that the running bot's inbox takes a directive's PDF with its
// export: the article is stored with the document, which moved to
// inbox/done/ID/, and an export naming an HTML page saved as .pdf goes to
// inbox/failed/ with it, storing nothing.
func TestEndToEndInboxDocuments(t *testing.T) {
	h := newHarness(t)
	stop := h.start()
	pdf := []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")
	export := func(title string, lines ...string) []byte {
		at := time.Now().Add(-time.Hour).In(content.VietnamZone())
		return []byte(title + "\n\nĐăng lúc: " + at.Format("15:04:05 02/01/2006") + " (GMT+7)\n\nĐề nghị các xã triển khai.\n" +
			strings.Join(lines, "\n") + "\n")
	}
	if err := os.MkdirAll(filepath.Join(h.dir, "inbox"), 0o750); err != nil { // the watcher may not have made it yet
		t.Fatal(err)
	}
	h.dropFile("cong-van-112.pdf", pdf)
	h.dropFile("trang-loi.pdf", []byte("<!DOCTYPE html><html>Không tìm thấy</html>"))
	h.dropFile("vb-112.txt", export("Công văn số 112/UBND-VP", "Tệp đính kèm: cong-van-112.pdf – Công văn số 112/UBND-VP"))
	h.dropFile("vb-113.txt", export("Công văn số 113/UBND-VP", "Tệp đính kèm: trang-loi.pdf"))
	h.waitLogCount("inbox file imported", 1)
	h.waitLogCount("inbox file failed", 1)
	stop()

	inbox := filepath.Join(h.dir, "inbox")
	for _, p := range []string{"done/vb-112.txt", "failed/vb-113.txt", "failed/trang-loi.pdf"} {
		if _, err := os.Stat(filepath.Join(inbox, p)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	latest, err := h.openDB(store.Options{}).Latest(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(latest) != 1 || len(latest[0].Attachments) != 1 {
		t.Fatalf("stored %+v, want the one article with its document", latest)
	}
	a := latest[0]
	d := a.Attachments[0]
	abs, _ := filepath.Abs(filepath.Join(inbox, "done", a.ID, "cong-van-112.pdf"))
	if d.Path != abs || d.Label != "Công văn số 112/UBND-VP" || d.MediaType != "application/pdf" || d.Size != int64(len(pdf)) {
		t.Fatalf("stored document %+v, want it in %s", d, abs)
	}
	rc, size, err := newDocumentSource(source.DefaultConfig()).OpenDocument(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if got, err := io.ReadAll(rc); err != nil || !bytes.Equal(got, pdf) || size != int64(len(pdf)) {
		t.Fatalf("the stored document reads %d bytes (size %d), %v", len(got), size, err)
	}
}
