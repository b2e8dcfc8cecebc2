package content

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Ensure that SniffDocument accepts each type by its extension and first
// bytes, and refuses other names and contents with ErrDocumentRefused.
func TestSniffDocument(t *testing.T) {
	ole2 := "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
	tests := []struct {
		name, file, head, want string
	}{
		{"a PDF", "cong-van-112.pdf", "%PDF-1.4\n", "application/pdf"},
		{"a PDF with an upper-case extension", "CV 112.PDF", "%PDF-1.7", "application/pdf"},
		{"a Word 97 document", "ke-hoach.doc", ole2, "application/msword"},
		{"an Excel 97 table", "bang.xls", ole2, "application/vnd.ms-excel"},
		{"a DOCX", "ke-hoach.docx", "PK\x03\x04\x14\x00", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"an XLSX", "bang.xlsx", "PK\x03\x04", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"an ODT", "to-trinh.odt", "PK\x03\x04", "application/vnd.oasis.opendocument.text"},
		{"a zip", "ho-so.zip", "PK\x03\x04", "application/zip"},
		{"an empty zip", "rong.zip", "PK\x05\x06", "application/zip"},
		{"a RAR 4", "ho-so.rar", "Rar!\x1A\x07\x00", "application/vnd.rar"},
		{"a RAR 5", "ho-so.rar", "Rar!\x1A\x07\x01\x00", "application/vnd.rar"},
		{"an HTML page served as .pdf is refused", "cong-van.pdf", "<!DOCTYPE html><html>", ""},
		{"an HTML page with a BOM is refused", "cong-van.pdf", "\xEF\xBB\xBF <html>", ""},
		{"a zip named .pdf is refused", "cong-van.pdf", "PK\x03\x04", ""},
		{"a PDF named .docx is refused", "cong-van.docx", "%PDF-1.4", ""},
		{"an executable is refused", "setup.exe", "MZ\x90\x00", ""},
		{"a name without an extension is refused", "cong-van", "%PDF-1.4", ""},
		{"an empty file is refused", "trong.pdf", "", ""},
		{"a truncated signature is refused", "cv.doc", "\xD0\xCF\x11", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SniffDocument(tt.file, []byte(tt.head))
			if tt.want == "" {
				if !errors.Is(err, ErrDocumentRefused) {
					t.Fatalf("SniffDocument(%q, %q) = %q, %v; want ErrDocumentRefused", tt.file, tt.head, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("SniffDocument(%q, %q) = %q, %v; want %q", tt.file, tt.head, got, err, tt.want)
			}
		})
	}
}

// Ensure that the refusal of an HTML page says what it looks like.
func TestSniffDocumentSaysHTML(t *testing.T) {
	_, err := SniffDocument("cv.pdf", []byte("<html><body>Không tìm thấy</body></html>"))
	if err == nil || !strings.Contains(err.Error(), "HTML") {
		t.Fatalf("err = %v, want it to name HTML", err)
	}
}

// Ensure that media types and extensions map both ways for every accepted
// extension, and that other names have none.
func TestDocumentMediaTypeAndExtension(t *testing.T) {
	for _, ext := range DocumentExtensions() {
		mt, ok := DocumentMediaType("x" + strings.ToUpper(ext))
		if !ok || mt == "" {
			t.Fatalf("DocumentMediaType(x%s) = %q, %v", ext, mt, ok)
		}
		if got := DocumentExtension(mt + "; charset=binary"); got != ext {
			t.Fatalf("DocumentExtension(%q) = %q, want %q", mt, got, ext)
		}
	}
	for _, name := range []string{"a.html", "a.exe", "a", "a.pdf.exe", "a.jpg"} {
		if mt, ok := DocumentMediaType(name); ok {
			t.Fatalf("DocumentMediaType(%q) = %q, want none", name, mt)
		}
	}
	if got := DocumentExtension("application/x-rar-compressed"); got != ".rar" {
		t.Fatalf("DocumentExtension(x-rar) = %q", got)
	}
	if got := DocumentExtension("text/html"); got != "" {
		t.Fatalf("DocumentExtension(text/html) = %q, want none", got)
	}
}

// Ensure that CleanFileName drops paths, control and formatting characters
// and leading dots, and bounds the length keeping the extension.
func TestCleanFileName(t *testing.T) {
	long := strings.Repeat("công văn ", 40) + ".pdf"
	tests := []struct{ name, in, want string }{
		{"a plain name stays", "cong-van-112.pdf", "cong-van-112.pdf"},
		{"Vietnamese stays, in NFC", norm.NFD.String("Công văn số 112.pdf"), "Công văn số 112.pdf"},
		{"a Unix path goes", "../../etc/passwd.pdf", "passwd.pdf"},
		{"a Windows path goes", `C:\Users\vp\Desktop\cv.docx`, "cv.docx"},
		{"control characters go", "cv\x00\x07\r\n112.pdf", "cv112.pdf"},
		{"a bidirectional override goes", "cv\u202Efdp.exe", "cvfdp.exe"},
		{"whitespace runs become one space", "  công\t\u00a0 văn .pdf ", "công văn.pdf"},
		{"leading dots go", "...bashrc.pdf", "bashrc.pdf"},
		{"dot-dot alone becomes document", "..", "document"},
		{"an empty name becomes document", "", "document"},
		{"a slash at the end leaves nothing", "thu-muc/", "document"},
		{"invalid UTF-8 goes", "cv\xff\xfe.pdf", "cv.pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanFileName(tt.in); got != tt.want {
				t.Fatalf("CleanFileName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	t.Run("a long name is cut, keeping its extension", func(t *testing.T) {
		got := CleanFileName(long)
		if len(got) > MaxFileNameBytes || !strings.HasSuffix(got, ".pdf") || !utf8.ValidString(got) {
			t.Fatalf("CleanFileName(long) = %q (%d bytes)", got, len(got))
		}
	})
}

// FuzzCleanFileName checks CleanFileName's promises on any input.
func FuzzCleanFileName(f *testing.F) {
	for _, s := range []string{"cong-van-112.pdf", "../../x.pdf", `a\b.doc`, "..", "cv\u202Efdp.exe", "q\u0301.pdf",
		strings.Repeat("ế", 100) + ".docx", ". .pdf", "a. b", "x" + strings.Repeat(".", 20)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := CleanFileName(in)
		if got == "" || len(got) > MaxFileNameBytes || !utf8.ValidString(got) {
			t.Fatalf("CleanFileName(%q) = %q: empty, too long or invalid", in, got)
		}
		if strings.ContainsAny(got, `/\`) || strings.HasPrefix(got, ".") || strings.HasPrefix(got, " ") {
			t.Fatalf("CleanFileName(%q) = %q: a path or a leading dot or space", in, got)
		}
		for _, r := range got {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				t.Fatalf("CleanFileName(%q) = %q: holds %U", in, got, r)
			}
		}
		if again := CleanFileName(got); again != got {
			t.Fatalf("CleanFileName is not idempotent: %q → %q → %q", in, got, again)
		}
	})
}

// FuzzSniffDocument checks that SniffDocument accepts only an accepted
// extension with its signature, and refuses with ErrDocumentRefused.
func FuzzSniffDocument(f *testing.F) {
	f.Add("cv.pdf", []byte("%PDF-1.4"))
	f.Add("cv.pdf", []byte("<html>"))
	f.Add("cv.docx", []byte("PK\x03\x04"))
	f.Add("cv.xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
	f.Add("cv.rar", []byte("Rar!\x1A\x07\x01\x00"))
	f.Fuzz(func(t *testing.T, name string, head []byte) {
		mt, err := SniffDocument(name, head)
		if err != nil {
			if !errors.Is(err, ErrDocumentRefused) || mt != "" {
				t.Fatalf("SniffDocument(%q, %q) = %q, %v", name, head, mt, err)
			}
			return
		}
		want, ok := DocumentMediaType(name)
		if !ok || mt != want {
			t.Fatalf("SniffDocument(%q) accepted %q, extension says %q, %v", name, mt, want, ok)
		}
		if len(head) < 4 || head[0] == '<' {
			t.Fatalf("SniffDocument(%q, %q) accepted a head without a signature", name, head)
		}
	})
}
