package inbox_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/content/inbox"
)

// A small PDF and a DOCX zip, as the portal's documents start.
var (
	testPDF  = []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
	testHTML = []byte("<!DOCTYPE html><html><body>Không tìm thấy</body></html>")
)

func testDOCX(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, err := z.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>`)); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// directive returns an export published at at that names documents.
func directive(at time.Time, attachmentLines ...string) []byte {
	return append(exportAt("Công văn số 112/UBND-VP về phòng chống dịch", at),
		[]byte("\n"+strings.Join(attachmentLines, "\n")+"\n")...)
}

// put writes files into dir, each changed at mtime.
func put(t *testing.T, dir string, mtime time.Time, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
}

// Ensure that an export naming a PDF and a DOCX beside it is published with
// both, which move to done/ID/ with the export's article, their Path set
// there, their type and size checked.
func TestScanTakesDocumentsWithTheirExport(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	docx := testDOCX(t)
	put(t, dir, now.Add(-time.Minute), map[string][]byte{
		"cong-van-112.pdf": testPDF,
		"mau-bao-cao.docx": docx,
		"vb-112.txt":       directive(now.Add(-time.Hour), "Tệp đính kèm: cong-van-112.pdf", "Tệp đính kèm: mau-bao-cao.docx – Mẫu báo cáo"),
		"khong-ai-ten.pdf": testPDF, // named by no export: left alone
	})
	w, published := newWatcher(t, dir, now, 0)
	if err := w.Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(*published) != 1 {
		t.Fatalf("published %d articles, want 1; failed/: %v", len(*published), listDir(t, filepath.Join(dir, "failed")))
	}
	a := (*published)[0].a
	abs, _ := filepath.Abs(dir)
	want := []content.Attachment{
		{Name: "cong-van-112.pdf", Path: filepath.Join(abs, "done", a.ID, "cong-van-112.pdf"), MediaType: "application/pdf", Size: int64(len(testPDF))},
		{Name: "mau-bao-cao.docx", Path: filepath.Join(abs, "done", a.ID, "mau-bao-cao.docx"),
			MediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Size: int64(len(docx)), Label: "Mẫu báo cáo"},
	}
	if len(a.Attachments) != len(want) {
		t.Fatalf("attachments %+v", a.Attachments)
	}
	for i := range want {
		if a.Attachments[i] != want[i] {
			t.Errorf("attachment %d:\n%+v\nwant\n%+v", i, a.Attachments[i], want[i])
		}
		if got, err := os.ReadFile(want[i].Path); err != nil || int64(len(got)) != want[i].Size {
			t.Errorf("%s: %d bytes, %v", want[i].Path, len(got), err)
		}
	}
	for _, p := range []string{"done/vb-112.txt", "khong-ai-ten.pdf"} {
		if !exists(dir, p) {
			t.Errorf("%s is missing", p)
		}
	}
	for _, p := range []string{"cong-van-112.pdf", "mau-bao-cao.docx"} {
		if exists(dir, p) {
			t.Errorf("%s is still in the inbox", p)
		}
	}
}

// Ensure that an export whose document has not arrived waits for it, is
// published once it is there, and fails with the present documents once
// AttachmentWait has passed without it.
func TestScanWaitsForDocuments(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	put(t, dir, now, map[string][]byte{
		"a.txt":    directive(now.Add(-time.Hour), "Tệp đính kèm: cong-van-112.pdf"),
		"b.txt":    directive(now.Add(-2*time.Hour), "Tệp đính kèm: ke-hoach.pdf", "Tệp đính kèm: bang.pdf"),
		"bang.pdf": testPDF,
	})
	w, published := newWatcher(t, dir, now, 0)
	if err := w.Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(*published) != 0 || !exists(dir, "a.txt") || !exists(dir, "b.txt") || !exists(dir, "bang.pdf") {
		t.Fatalf("exports did not wait: published %d; inbox %v", len(*published), listDir(t, dir))
	}
	put(t, dir, now, map[string][]byte{"cong-van-112.pdf": testPDF})
	if err := os.Chtimes(filepath.Join(dir, "b.txt"), now.Add(-inbox.DefaultAttachmentWait), now.Add(-inbox.DefaultAttachmentWait)); err != nil {
		t.Fatal(err)
	}
	if err := w.Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(*published) != 1 || len((*published)[0].a.Attachments) != 1 || !exists(dir, "done/a.txt") {
		t.Fatalf("the export whose document arrived: published %+v", *published)
	}
	for _, p := range []string{"failed/b.txt", "failed/b.txt.error.txt", "failed/bang.pdf"} {
		if !exists(dir, p) {
			t.Errorf("%s is missing; failed/: %v", p, listDir(t, filepath.Join(dir, "failed")))
		}
	}
	reason, _ := os.ReadFile(filepath.Join(dir, "failed", "b.txt.error.txt"))
	if !strings.Contains(string(reason), `b.txt: document "ke-hoach.pdf": attached document not found`) {
		t.Errorf("reason %q", reason)
	}
}

// Ensure that an export whose document is refused — HTML named .pdf, a
// name with a folder, a name of another type is text — fails with its
// documents, and nothing is published.
func TestScanRefusesDocuments(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	if err := os.WriteFile(filepath.Join(filepath.Dir(dir), "bi-mat.pdf"), testPDF, 0o600); err != nil {
		t.Fatal(err)
	}
	put(t, dir, now.Add(-time.Minute), map[string][]byte{
		"a.txt":         directive(now.Add(-time.Hour), "Tệp đính kèm: trang-loi.pdf", "Tệp đính kèm: phu-luc.pdf"),
		"b.txt":         directive(now.Add(-time.Hour), "Tệp đính kèm: ../bi-mat.pdf"),
		"trang-loi.pdf": testHTML,
		"phu-luc.pdf":   testPDF,
	})
	if err := os.Symlink(filepath.Join(filepath.Dir(dir), "bi-mat.pdf"), filepath.Join(dir, "lien-ket.pdf")); err != nil {
		t.Fatal(err)
	}
	put(t, dir, now.Add(-time.Minute), map[string][]byte{"c.txt": directive(now.Add(-time.Hour), "Tệp đính kèm: lien-ket.pdf")})
	w, published := newWatcher(t, dir, now, 0)
	if err := w.Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(*published) != 0 {
		t.Fatalf("published %+v", *published)
	}
	for file, want := range map[string]string{
		"a.txt": `a.txt: document "trang-loi.pdf": not an accepted document type`,
		"b.txt": `b.txt: document "../bi-mat.pdf": not an accepted document type: not a plain file name`,
		"c.txt": `c.txt: document "lien-ket.pdf": not an accepted document type`,
	} {
		reason, err := os.ReadFile(filepath.Join(dir, "failed", file+".error.txt"))
		if err != nil || !strings.HasPrefix(string(reason), want) {
			t.Errorf("%s: reason %q, %v; want it to start %q", file, reason, err, want)
		}
	}
	for _, p := range []string{"failed/trang-loi.pdf", "failed/phu-luc.pdf"} {
		if !exists(dir, p) {
			t.Errorf("%s is missing", p)
		}
	}
}

// Ensure that when the publication fails, the export's documents go to
// failed/ with it, and none stays in done/.
func TestScanPublishFailureMovesDocuments(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	put(t, dir, now.Add(-time.Minute), map[string][]byte{
		"a.txt":            directive(now.Add(-time.Hour), "Tệp đính kèm: cong-van-112.pdf"),
		"cong-van-112.pdf": testPDF,
	})
	w, _ := newWatcher(t, dir, now, 1)
	if err := w.Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"failed/a.txt", "failed/cong-van-112.pdf"} {
		if !exists(dir, p) {
			t.Errorf("%s is missing", p)
		}
	}
	a, _, err := inbox.ReadFile(filepath.Join(dir, "failed", "a.txt"), now)
	if err != nil {
		t.Fatal(err)
	}
	if exists(dir, filepath.Join("done", a.ID, "cong-van-112.pdf")) {
		t.Error("the document stayed in done/")
	}
}

// Ensure that an import stopped after its documents moved to done/ID/ and
// before the article was stored finds them there when run again.
func TestScanResumesWithStagedDocuments(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	put(t, dir, now.Add(-time.Hour), map[string][]byte{"a.txt": directive(now.Add(-time.Hour), "Tệp đính kèm: cong-van-112.pdf")})
	_, _, err := inbox.ReadFile(filepath.Join(dir, "a.txt"), now)
	if !errors.Is(err, inbox.ErrAttachmentMissing) {
		t.Fatalf("ReadFile without the document: %v, want ErrAttachmentMissing", err)
	}
	parsed, perr := inbox.ParseExportArticle(bytes.NewReader(directive(now.Add(-time.Hour), "Tệp đính kèm: cong-van-112.pdf")), "a.txt")
	if perr != nil {
		t.Fatal(perr)
	}
	staged := filepath.Join(dir, "done", parsed.ID)
	if err := os.MkdirAll(staged, 0o750); err != nil {
		t.Fatal(err)
	}
	put(t, staged, now, map[string][]byte{"cong-van-112.pdf": testPDF})
	w, published := newWatcher(t, dir, now, 0)
	if err := w.Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(staged)
	if len(*published) != 1 || (*published)[0].a.Attachments[0].Path != filepath.Join(abs, "cong-van-112.pdf") {
		t.Fatalf("published %+v", *published)
	}
}

// Ensure that ReadFile (newsbot import) finds the documents beside the
// export and leaves them there.
func TestReadFileFindsDocumentsBeside(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	put(t, dir, now, map[string][]byte{
		"a.txt":            directive(now, "File đính kèm: cong-van-112.pdf"),
		"cong-van-112.pdf": testPDF,
	})
	a, _, err := inbox.ReadFile(filepath.Join(dir, "a.txt"), now)
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(filepath.Join(dir, "cong-van-112.pdf"))
	if len(a.Attachments) != 1 || a.Attachments[0].Path != abs || a.Attachments[0].MediaType != "application/pdf" {
		t.Fatalf("attachments %+v", a.Attachments)
	}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
