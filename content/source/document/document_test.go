package document

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/content/source"
	"newsbot/content/source/netguard"
)

// minimalPDF returns a small valid PDF: one empty page, with a correct
// cross-reference table.
func minimalPDF() []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n")
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
	}
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// minimalDOCX returns a small DOCX: a zip with the parts Word needs.
func minimalDOCX(t testing.TB) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Kế hoạch số 45/KH-UBND</w:t></w:r></w:p></w:body></w:document>`,
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, parts[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pattern is an endless reader of a PDF's first bytes then filler: a
// large download without a large file.
type pattern struct{ n int64 }

func (p *pattern) Read(b []byte) (int, error) {
	const head = "%PDF-1.4\n"
	for i := range b {
		if p.n < int64(len(head)) {
			b[i] = head[p.n]
		} else {
			b[i] = 'x'
		}
		p.n++
	}
	return len(b), nil
}

// portal serves the test documents and counts requests.
type portal struct {
	srv  *httptest.Server
	reqs atomic.Int32
}

func newPortal(t *testing.T, pdf, docx []byte) *portal {
	t.Helper()
	p := &portal{}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.reqs.Add(1)
		switch r.URL.Path {
		case "/files/cong-van-112.pdf":
			w.Header().Set("Content-Type", "application/pdf")
			_, _ = w.Write(pdf)
		case "/files/ke-hoach-45.docx":
			w.Header().Set("Content-Type", "application/octet-stream")
			_, _ = w.Write(docx)
		case "/files/het-han.pdf": // the portal's "not found" page, with status 200
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = io.WriteString(w, "<!DOCTYPE html><html><body>Không tìm thấy tệp</body></html>")
		case "/files/lon-60mb.pdf":
			_, _ = io.Copy(w, io.LimitReader(&pattern{}, 60<<20))
		case "/files/bao-60mb.pdf":
			w.Header().Set("Content-Length", strconv.Itoa(60<<20))
			_, _ = io.Copy(w, io.LimitReader(&pattern{}, 60<<20))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *portal) url(path string) string { return p.srv.URL + path }

func loopback(t testing.TB) netguard.Policy {
	t.Helper()
	pol, err := netguard.NewPolicy([]string{"127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	return pol
}

func readAll(t *testing.T, rc io.ReadCloser) []byte {
	t.Helper()
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Ensure that a PDF and a DOCX are downloaded whole, whatever type the
// portal declares, with their size.
func TestOpenDocumentByURL(t *testing.T) {
	pdf, docx := minimalPDF(), minimalDOCX(t)
	p := newPortal(t, pdf, docx)
	f := NewFetcher(Options{Allow: loopback(t)})
	for _, tc := range []struct {
		att  content.Attachment
		want []byte
	}{
		{content.Attachment{Name: "cong-van-112.pdf", URL: p.url("/files/cong-van-112.pdf")}, pdf},
		{content.Attachment{URL: p.url("/files/ke-hoach-45.docx")}, docx},
	} {
		rc, size, err := f.OpenDocument(context.Background(), tc.att)
		if err != nil {
			t.Fatalf("%s: %v", tc.att.URL, err)
		}
		if got := readAll(t, rc); !bytes.Equal(got, tc.want) || size != int64(len(tc.want)) {
			t.Fatalf("%s: %d bytes (size %d), want %d", tc.att.URL, len(got), size, len(tc.want))
		}
	}
}

// Ensure that an HTML page served as ".pdf" is refused before any of it
// is handed over, and a name of another type before any request.
func TestOpenDocumentRefusesOtherTypes(t *testing.T) {
	p := newPortal(t, minimalPDF(), minimalDOCX(t))
	f := NewFetcher(Options{Allow: loopback(t)})
	rc, _, err := f.OpenDocument(context.Background(), content.Attachment{Name: "het-han.pdf", URL: p.url("/files/het-han.pdf")})
	if !errors.Is(err, content.ErrDocumentRefused) || rc != nil {
		t.Fatalf("HTML as .pdf: err = %v, want ErrDocumentRefused", err)
	}
	before := p.reqs.Load()
	for _, att := range []content.Attachment{
		{Name: "setup.exe", URL: p.url("/files/cong-van-112.pdf")},
		{URL: p.url("/files/trang.html")},
		{Name: "cv.pdf.exe", URL: p.url("/files/cong-van-112.pdf")},
	} {
		if _, _, err := f.OpenDocument(context.Background(), att); !errors.Is(err, content.ErrDocumentRefused) {
			t.Fatalf("%+v: err = %v, want ErrDocumentRefused", att, err)
		}
	}
	if got := p.reqs.Load(); got != before {
		t.Fatalf("%d requests made for names of refused types", got-before)
	}
}

// Ensure that a 60 MB download is cut off just past 50 MB when it does not
// announce its length, and refused before reading when it does.
func TestOpenDocumentCutsOffLargeDownloads(t *testing.T) {
	p := newPortal(t, minimalPDF(), minimalDOCX(t))
	f := NewFetcher(Options{Allow: loopback(t)})
	rc, size, err := f.OpenDocument(context.Background(), content.Attachment{Name: "bao-60mb.pdf", URL: p.url("/files/bao-60mb.pdf")})
	if !errors.Is(err, content.ErrDocumentTooLarge) || rc != nil || size != 60<<20 {
		t.Fatalf("announced 60 MB: size %d, err = %v; want ErrDocumentTooLarge and the size", size, err)
	}
	rc, size, err = f.OpenDocument(context.Background(), content.Attachment{Name: "lon-60mb.pdf", URL: p.url("/files/lon-60mb.pdf")})
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	n, err := io.Copy(io.Discard, rc)
	if !errors.Is(err, content.ErrDocumentTooLarge) || !errors.Is(err, source.ErrTooLarge) {
		t.Fatalf("60 MB stream: err = %v, want ErrDocumentTooLarge", err)
	}
	if n != content.MaxDocumentUpload || size != -1 {
		t.Fatalf("60 MB stream: %d bytes read (size %d), want exactly %d", n, size, content.MaxDocumentUpload)
	}
}

// Ensure that downloads go through the sources' netguard policy: an
// internal address not allowed is never reached.
func TestOpenDocumentRefusesInternalAddresses(t *testing.T) {
	p := newPortal(t, minimalPDF(), minimalDOCX(t))
	f := NewFetcher(Options{})
	_, _, err := f.OpenDocument(context.Background(), content.Attachment{Name: "cv.pdf", URL: p.url("/files/cong-van-112.pdf")})
	if !errors.Is(err, netguard.ErrBlocked) {
		t.Fatalf("err = %v, want netguard.ErrBlocked", err)
	}
	if got := p.reqs.Load(); got != 0 {
		t.Fatalf("%d requests reached the internal address", got)
	}
}

// Ensure that a download that stalls ends at the timeout.
func TestOpenDocumentTimesOut(t *testing.T) {
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "%PDF-1.4\n")
		w.(http.Flusher).Flush()
		<-stop
	}))
	defer srv.Close()
	defer close(stop)
	f := NewFetcher(Options{Allow: loopback(t), Timeout: 300 * time.Millisecond})
	rc, _, err := f.OpenDocument(context.Background(), content.Attachment{Name: "cham.pdf", URL: srv.URL + "/cham.pdf"})
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if _, err := io.Copy(io.Discard, rc); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

// Ensure that a local document is opened only inside the given folders
// (anywhere without them), as a regular file (no symbolic link), within the
// size limit, and with its format's signature.
func TestOpenDocumentLocal(t *testing.T) {
	inbox, elsewhere := t.TempDir(), t.TempDir()
	pdf := minimalPDF()
	write := func(dir, name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write(inbox, "cong-van-112.pdf", pdf)
	outside := write(elsewhere, "cong-van-112.pdf", pdf)
	html := write(inbox, "trang.pdf", []byte("<html>"))
	big := write(inbox, "lon.pdf", append(append([]byte{}, pdf...), make([]byte, 4096)...))
	link := filepath.Join(inbox, "lien-ket.pdf")
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	f := NewFetcher(Options{Dirs: []string{inbox}, MaxSize: 4096})
	rc, size, err := f.OpenDocument(context.Background(), content.Attachment{Name: "cong-van-112.pdf", Path: good})
	if err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, rc); !bytes.Equal(got, pdf) || size != int64(len(pdf)) {
		t.Fatalf("%d bytes (size %d), want %d", len(got), size, len(pdf))
	}
	for _, tc := range []struct {
		what string
		att  content.Attachment
		want error
	}{
		{"a file outside the folders", content.Attachment{Path: outside}, content.ErrDocumentRefused},
		{"a path escaping the folder", content.Attachment{Path: filepath.Join(inbox, "..", filepath.Base(elsewhere), "cong-van-112.pdf")}, content.ErrDocumentRefused},
		{"a symbolic link", content.Attachment{Path: link}, content.ErrDocumentRefused},
		{"the folder itself", content.Attachment{Name: "x.pdf", Path: inbox}, content.ErrDocumentRefused},
		{"HTML named .pdf", content.Attachment{Path: html}, content.ErrDocumentRefused},
		{"a file over the limit", content.Attachment{Path: big}, content.ErrDocumentTooLarge},
		{"a missing file", content.Attachment{Path: filepath.Join(inbox, "khong-co.pdf")}, os.ErrNotExist},
		{"neither path nor URL", content.Attachment{Name: "cv.pdf", FileID: "BQACAgIAAxk"}, ErrNoSource},
	} {
		if _, _, err := f.OpenDocument(context.Background(), tc.att); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.what, err, tc.want)
		}
	}
	if _, size, err := f.OpenDocument(context.Background(), content.Attachment{Path: big}); size != int64(len(pdf)+4096) {
		t.Errorf("a file over the limit: size %d (%v), want its size for the card", size, err)
	}
	rc, _, err = NewFetcher(Options{}).OpenDocument(context.Background(), content.Attachment{Path: outside})
	if err != nil {
		t.Fatalf("no folders given: %v, want any path opened", err)
	}
	rc.Close()
	if _, _, err := NewFetcher(Options{}).OpenDocument(context.Background(), content.Attachment{Path: link}); !errors.Is(err, content.ErrDocumentRefused) {
		t.Errorf("no folders given, a symbolic link: err = %v, want ErrDocumentRefused", err)
	}
}

// Ensure that a local file growing past the limit while read is cut off.
func TestOpenDocumentLocalGrowing(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "dang-ghi.pdf")
	if err := os.WriteFile(p, []byte("%PDF-1.4\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f := NewFetcher(Options{Dirs: []string{dir}, MaxSize: 1024})
	rc, _, err := f.OpenDocument(context.Background(), content.Attachment{Path: p})
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if err := os.WriteFile(p, append([]byte("%PDF-1.4\n"), make([]byte, 4096)...), 0o600); err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, rc)
	if !errors.Is(err, content.ErrDocumentTooLarge) || n != 1024 {
		t.Fatalf("read %d bytes, err = %v; want 1024 and ErrDocumentTooLarge", n, err)
	}
}
