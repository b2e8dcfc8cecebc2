package inbox

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Ensure that StrayDocuments lists the documents lying in the inbox since
// before the given time, and nothing else: not a newer document, an
// export, a file being written, a folder or a link.
func TestStrayDocuments(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	write := func(name string, at time.Time) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("%PDF-1.4\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
	}
	write("cong-van-112.pdf", old)
	write("bang-ke.XLSX", old)
	write("moi-den.pdf", time.Now())
	write("vb-112.txt", old)
	write(".dang-ghi.pdf", old)
	write("dang-ghi.pdf.part", old)
	if err := os.Mkdir(filepath.Join(dir, "thu-muc.pdf"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "cong-van-112.pdf"), filepath.Join(dir, "lien-ket.pdf")); err != nil {
		t.Fatal(err)
	}
	got, err := StrayDocuments(dir, time.Now().Add(-StrayAge))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "bang-ke.XLSX" || got[1].Name != "cong-van-112.pdf" || got[1].Size != 9 || !got[1].Modified.Equal(old) {
		t.Fatalf("got %+v, want bang-ke.XLSX and cong-van-112.pdf", got)
	}
	if _, err := StrayDocuments(filepath.Join(dir, "khong-co"), time.Now()); err == nil {
		t.Fatal("a missing folder gave no error")
	}
}
