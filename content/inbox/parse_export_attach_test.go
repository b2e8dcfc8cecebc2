package inbox

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"newsbot/content"
)

// documentsDir holds an export naming documents, with the documents.
var documentsDir = filepath.Join("testdata", "export-documents")

// Ensure that an export's "Tệp đính kèm" lines become its attachments, with
// and without a label, once each, and that other lines stay text (golden
// file; -update rewrites it).
func TestParseExportDocuments(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(documentsDir, "directive.txt"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseExportArticle(bytes.NewReader(data), "directive.txt")
	if err != nil {
		t.Fatal(err)
	}
	got := renderExportResult(t, a, nil)
	golden := filepath.Join(documentsDir, "directive.golden.json")
	if updatingGolden() {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("differs from %s:\ngot:\n%s\nwant:\n%s", golden, got, want)
	}
}

// Ensure that attachment lines are read in their forms, and that lines
// that only look like them stay text.
func TestParseAttachmentLine(t *testing.T) {
	tests := []struct {
		name, line string
		want       content.Attachment
		ok         bool
	}{
		{"a name", "Tệp đính kèm: cong-van-112.pdf", content.Attachment{Name: "cong-van-112.pdf"}, true},
		{"File and capitals", "FILE ĐÍNH KÈM: KE-HOACH.DOCX", content.Attachment{Name: "KE-HOACH.DOCX"}, true},
		{"a space before the colon", "Tệp đính kèm : bang.xlsx", content.Attachment{Name: "bang.xlsx"}, true},
		{"a label after an en dash", "Tệp đính kèm: cv.pdf – Công văn số 112", content.Attachment{Name: "cv.pdf", Label: "Công văn số 112"}, true},
		{"a label after a bar", "Tệp đính kèm: ho so.zip | Hồ sơ", content.Attachment{Name: "ho so.zip", Label: "Hồ sơ"}, true},
		{"a hyphen inside the name", "Tệp đính kèm: cv - ban in.pdf", content.Attachment{Name: "cv - ban in.pdf"}, true},
		{"a folder is kept for the reader to refuse", "Tệp đính kèm: ../bi-mat.pdf", content.Attachment{Name: "../bi-mat.pdf"}, true},
		{"words, not a file", "Tệp đính kèm: xem bản giấy", content.Attachment{}, false},
		{"a picture is not a document", "Tệp đính kèm: anh.jpg", content.Attachment{}, false},
		{"only an extension", "Tệp đính kèm: .pdf", content.Attachment{}, false},
		{"no colon", "Tệp đính kèm cv.pdf", content.Attachment{}, false},
		{"another label", "Tải về: cv.pdf", content.Attachment{}, false},
		{"the label alone", "Tệp đính kèm", content.Attachment{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseAttachmentLine(tt.line)
			if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("parseAttachmentLine(%q) = %+v, %v; want %+v, %v", tt.line, got, ok, tt.want, tt.ok)
			}
		})
	}
}
