package inbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"newsbot/content"
	"newsbot/content/vi"
)

// exportUpdateFlag names the flag that rewrites golden files:
//
//	go test ./content/inbox -run TestParseExport -update
const exportUpdateFlag = "update"

// exportDir holds the export fixtures and their golden files.
const exportDir = "testdata/export"

// testBanner is the site banner the fixtures start with.
const testBanner = "CHÀO MỪNG ĐẠI HỘI ĐẢNG BỘ HUYỆN LẦN THỨ XXV"

func init() {
	// Another test file of the package may define the same flag; share it.
	if flag.Lookup(exportUpdateFlag) == nil {
		flag.Bool(exportUpdateFlag, false, "rewrite the golden files under testdata")
	}
}

// updatingGolden reports whether the test run was asked to rewrite golden files.
func updatingGolden() bool {
	f := flag.Lookup(exportUpdateFlag)
	return f != nil && f.Value.String() == "true"
}

// exportFixture is one file under testdata/export.
type exportFixture struct {
	name    string // t.Run name
	file    string
	wantErr error // nil when the file parses
}

// exportFixtures lists every fixture; TestParseExportCoversEveryFixture
// checks that none is left out.
func exportFixtures() []exportFixture {
	return []exportFixture{
		{name: "a typical article has one image and a signature", file: "typical-one-image.txt"},
		{name: "an announcement without images", file: "no-image.txt"},
		{name: "an article with two images and a credited signature", file: "two-images.txt"},
		{name: "an article whose last line is a sentence, not a signature", file: "no-signature.txt"},
		{name: "an export with CRLF line ends, NBSP lines and trailing blanks", file: "crlf.txt"},
		{name: "an export in decomposed (NFD) Unicode", file: "nfd-decomposed.txt"},
		{name: "an export without a Đăng lúc line", file: "no-date.txt"},
		{name: "an export without a banner but with a byte order mark", file: "no-banner-bom.txt"},
		{name: "an all-capitals title without a banner", file: "caps-title.txt"},
		{name: "a malformed Đăng lúc line is an error", file: "bad-date.txt", wantErr: ErrBadDate},
		{name: "a banner followed only by chrome has no title", file: "no-title.txt", wantErr: ErrNoTitle},
		{name: "an empty file is an error", file: "empty.txt", wantErr: ErrEmpty},
		{name: "a file of blank and NBSP lines is empty", file: "whitespace-only.txt", wantErr: ErrEmpty},
	}
}

// readExportFixture returns the bytes of a fixture.
func readExportFixture(t testing.TB, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(exportDir, file))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// parseExportBytes parses data as the export called file.
func parseExportBytes(data []byte, file string) (content.Article, error) {
	return ParseExport(bytes.NewReader(data), file)
}

// renderExportResult returns what a golden file holds: the article as indented
// JSON, or {"error": text} when parsing failed.
func renderExportResult(t *testing.T, a content.Article, err error) []byte {
	t.Helper()
	var v any = a
	if err != nil {
		v = map[string]string{"error": err.Error()}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// exportGoldenPath returns the golden file of a fixture.
func exportGoldenPath(file string) string {
	return filepath.Join(exportDir, strings.TrimSuffix(file, ".txt")+".golden.json")
}

func TestParseExport(t *testing.T) {
	for _, fx := range exportFixtures() {
		t.Run(fx.name, func(t *testing.T) {
			a, err := parseExportBytes(readExportFixture(t, fx.file), fx.file)
			if fx.wantErr == nil && err != nil {
				t.Fatalf("ParseExport(%s) failed: %v", fx.file, err)
			}
			if fx.wantErr != nil && !errors.Is(err, fx.wantErr) {
				t.Fatalf("ParseExport(%s) error = %v, want one wrapping %v", fx.file, err, fx.wantErr)
			}
			got := renderExportResult(t, a, err)
			golden := exportGoldenPath(fx.file)
			if updatingGolden() {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -%s to create it)", err, exportUpdateFlag)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("ParseExport(%s) differs from %s (run with -%s to accept):\ngot:\n%s\nwant:\n%s",
					fx.file, golden, exportUpdateFlag, got, want)
			}
		})
	}
}

func TestParseExportCoversEveryFixture(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(exportDir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, fx := range exportFixtures() {
		listed[fx.file] = true
	}
	for _, f := range files {
		if !listed[filepath.Base(f)] {
			t.Errorf("fixture %s is not in exportFixtures", f)
		}
	}
	if got, want := len(files), len(listed); got != want {
		t.Errorf("found %d fixtures on disk, exportFixtures lists %d", got, want)
	}
}

func TestParseExportIgnoresLineEnds(t *testing.T) {
	for _, fx := range exportFixtures() {
		lf := bytes.ReplaceAll(readExportFixture(t, fx.file), []byte("\r\n"), []byte("\n"))
		variants := map[string][]byte{
			"CRLF": bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n")),
			"CR":   bytes.ReplaceAll(lf, []byte("\n"), []byte("\r")),
		}
		for ending, data := range variants {
			t.Run(fx.file+" reads the same with "+ending+" line ends", func(t *testing.T) {
				wantA, wantErr := parseExportBytes(lf, fx.file)
				gotA, gotErr := parseExportBytes(data, fx.file)
				assertSameParse(t, gotA, gotErr, wantA, wantErr)
			})
		}
	}
}

func TestParseExportIgnoresNormalisationForm(t *testing.T) {
	for _, fx := range exportFixtures() {
		data := readExportFixture(t, fx.file)
		t.Run(fx.file+" reads the same in NFC and NFD", func(t *testing.T) {
			nfcA, nfcErr := parseExportBytes(norm.NFC.Bytes(data), fx.file)
			nfdA, nfdErr := parseExportBytes(norm.NFD.Bytes(data), fx.file)
			assertSameParse(t, nfdA, nfdErr, nfcA, nfcErr)
			if nfcErr == nil && nfdA.ID != nfcA.ID {
				t.Errorf("NFD copy has ID %s, NFC copy %s", nfdA.ID, nfcA.ID)
			}
		})
	}
}

func TestNFDFixtureIsDecomposedAndParsesToNFC(t *testing.T) {
	const file = "nfd-decomposed.txt"
	data := readExportFixture(t, file)
	if norm.NFC.IsNormal(data) {
		t.Fatalf("%s is already NFC: an editor must have recomposed it", file)
	}
	got, err := parseExportBytes(data, file)
	if err != nil {
		t.Fatal(err)
	}
	want, err := parseExportBytes(norm.NFC.Bytes(data), file)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("NFD file gives\n%+v\nNFC copy gives\n%+v", got, want)
	}
	for _, s := range exportArticleTexts(got) {
		if !norm.NFC.IsNormalString(s) {
			t.Errorf("%q is not NFC", s)
		}
	}
}

func TestCRLFFixtureHasCRLFLineEnds(t *testing.T) {
	data := readExportFixture(t, "crlf.txt")
	if got, want := bytes.Count(data, []byte("\r\n")), bytes.Count(data, []byte("\n")); got == 0 || got != want {
		t.Errorf("crlf.txt has %d CRLF among %d LF: git or an editor converted it", got, want)
	}
}

// assertSameParse fails t unless two parses agree.
func assertSameParse(t *testing.T, gotA content.Article, gotErr error, wantA content.Article, wantErr error) {
	t.Helper()
	if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
		t.Fatalf("error = %v, want %v", gotErr, wantErr)
	}
	if !reflect.DeepEqual(gotA, wantA) {
		t.Errorf("article =\n%+v\nwant\n%+v", gotA, wantA)
	}
}

// exportArticleTexts returns every text field of a, for checks over all of them.
func exportArticleTexts(a content.Article) []string {
	texts := []string{a.Title, a.Lead, a.Author}
	texts = append(texts, a.Body...)
	for _, img := range a.Images {
		texts = append(texts, img.Name, img.Caption)
	}
	return texts
}

// exportChromeLines returns the cleaned lines of data from "Các tin khác" on.
func exportChromeLines(data []byte) []string {
	var chrome []string
	in := false
	for _, l := range strings.Split(string(norm.NFC.Bytes(data)), "\n") {
		l = strings.TrimFunc(l, isExportSpace)
		in = in || l == "Các tin khác"
		if in && l != "" {
			chrome = append(chrome, l)
		}
	}
	return chrome
}

func TestParseExportDropsChrome(t *testing.T) {
	for _, fx := range exportFixtures() {
		if fx.wantErr != nil {
			continue
		}
		t.Run(fx.file+" keeps banner, links and counters out of the article", func(t *testing.T) {
			data := readExportFixture(t, fx.file)
			a, err := parseExportBytes(data, fx.file)
			if err != nil {
				t.Fatal(err)
			}
			chrome := exportChromeLines(data)
			if len(chrome) == 0 && fx.file != "no-banner-bom.txt" {
				t.Fatalf("%s has no chrome to test", fx.file)
			}
			chrome = append(chrome, testBanner, "Các tin khác", "Truy cập", "Hôm nay", "Hôm qua", "Tuần này", "Tháng này", "Tất cả:")
			for _, s := range exportArticleTexts(a) {
				for _, c := range chrome {
					if strings.Contains(s, c) {
						t.Errorf("article text %q contains chrome %q", s, c)
					}
				}
			}
			for _, p := range a.Body {
				if isVisitCount(p) {
					t.Errorf("body paragraph %q is a visit counter", p)
				}
			}
		})
	}
}

func TestParseExportRejectsBinary(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		wantLine int
	}{
		{name: "a NUL byte makes the file binary", data: "BANNER\n\nTiêu đề\x00\n", wantLine: 3},
		{name: "invalid UTF-8 is reported at its line", data: "Tiêu đề\r\n\r\nĐăng lúc: 08:05:09 12/03/2021\r\nH\xf4i ngh\xec\r\n", wantLine: 4},
		{name: "a PNG header is binary", data: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", wantLine: 1},
		{name: "Windows-1258 text is not UTF-8", data: "Th\xf4ng b\xe1o\n", wantLine: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseExportBytes([]byte(tt.data), "anh.bin")
			if !errors.Is(err, ErrNotText) {
				t.Fatalf("error = %v, want one wrapping ErrNotText", err)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			if got, want := pe.Line, tt.wantLine; got != want {
				t.Errorf("line = %d, want %d", got, want)
			}
			if got, want := pe.File, "anh.bin"; got != want {
				t.Errorf("file = %q, want %q", got, want)
			}
		})
	}
}

// lazyExportReader yields size bytes repeating pattern, without holding them, and
// counts what was read.
type lazyExportReader struct {
	pattern string
	size    int64
	read    int64
}

func (r *lazyExportReader) Read(p []byte) (int, error) {
	if r.read >= r.size {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) && r.read < r.size {
		p[n] = r.pattern[r.read%int64(len(r.pattern))]
		n++
		r.read++
	}
	return n, nil
}

func TestParseExportRejectsLargeInputEarly(t *testing.T) {
	r := &lazyExportReader{pattern: "Hội nghị tổng kết công tác năm 2020.\n", size: 50 << 20}
	_, err := ParseExport(r, "lon.txt")
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("error = %v, want one wrapping ErrTooLarge", err)
	}
	if got, limit := r.read, int64(MaxExportSize+1); got > limit {
		t.Errorf("read %d bytes of a 50 MB input, want at most %d", got, limit)
	}
	if got, want := err.Error(), "lon.txt: export too large: more than 2097152 bytes"; got != want {
		t.Errorf("error text = %q, want %q", got, want)
	}
}

func TestParseExportAcceptsExactlyMaxSize(t *testing.T) {
	head := "Tiêu đề bài viết\n\nĐăng lúc: 08:05:09 12/03/2021 (GMT+7)\n\nĐoạn mở đầu.\n"
	data := []byte(head + strings.Repeat("x", MaxExportSize-len(head)))
	a, err := parseExportBytes(data, "vua-du.txt")
	if err != nil {
		t.Fatalf("a file of exactly MaxExportSize bytes failed: %v", err)
	}
	if got, want := a.Title, "Tiêu đề bài viết"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
}

func TestParseExportReportsReadErrors(t *testing.T) {
	errDisk := errors.New("disk on fire")
	_, err := ParseExport(iotest.ErrReader(errDisk), "hong.txt")
	if !errors.Is(err, errDisk) {
		t.Fatalf("error = %v, want one wrapping the reader's error", err)
	}
	var pe *ParseError
	if !errors.As(err, &pe) || pe.File != "hong.txt" {
		t.Errorf("error %v is not a *ParseError naming hong.txt", err)
	}
}

func TestParseErrorText(t *testing.T) {
	tests := []struct {
		name string
		err  *ParseError
		want string
	}{
		{
			name: "an error on a line names file and line",
			err:  &ParseError{File: "hoi-nghi.txt", Line: 5, Err: ErrBadDate},
			want: `hoi-nghi.txt:5: malformed "Đăng lúc" line`,
		},
		{
			name: "an error about the whole file names only the file",
			err:  &ParseError{File: "rong.txt", Err: ErrEmpty},
			want: "rong.txt: empty export",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
			if got := tt.err.Unwrap(); got != tt.err.Err {
				t.Errorf("Unwrap() = %v, want %v", got, tt.err.Err)
			}
		})
	}
}

// exportWith returns an export with a title, the given date line and body.
func exportWith(dateLine string, body ...string) string {
	return "TIN TỨC\n\nTiêu đề bài viết\n\n" + dateLine + "\n\n" + strings.Join(body, "\n") + "\n"
}

func TestParseExportReadsPublished(t *testing.T) {
	vn := content.VietnamZone()
	tests := []struct {
		name string
		line string
		want time.Time
	}{
		{name: "the full form is read", line: "Đăng lúc: 08:05:09 12/03/2021 (GMT+7)", want: time.Date(2021, 3, 12, 8, 5, 9, 0, vn)},
		{name: "the zone may be missing", line: "Đăng lúc: 08:05:09 12/03/2021", want: time.Date(2021, 3, 12, 8, 5, 9, 0, vn)},
		{name: "day, month and hour may have one digit", line: "Đăng lúc: 8:05:09 5/4/2021", want: time.Date(2021, 4, 5, 8, 5, 9, 0, vn)},
		{name: "seconds may be missing", line: "Đăng lúc: 17:30 01/12/2020 (GMT+7)", want: time.Date(2020, 12, 1, 17, 30, 0, 0, vn)},
		{name: "the zone may be written GMT+07:00", line: "Đăng lúc: 23:59:59 31/12/2020 (GMT+07:00)", want: time.Date(2020, 12, 31, 23, 59, 59, 0, vn)},
		{name: "spacing and case do not matter", line: "ĐĂNG LÚC :  08:05:09   12/03/2021  ( GMT+7 )", want: time.Date(2021, 3, 12, 8, 5, 9, 0, vn)},
		{name: "the date may come first", line: "Đăng lúc: 12/03/2021 08:05:09", want: time.Date(2021, 3, 12, 8, 5, 9, 0, vn)},
		{name: "a missing line leaves the time zero", line: "", want: time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := parseExportBytes([]byte(exportWith(tt.line, "Đoạn mở đầu.")), "ngay.txt")
			if err != nil {
				t.Fatal(err)
			}
			if got := a.Published; !got.Equal(tt.want) {
				t.Errorf("published = %v, want %v", got, tt.want)
			}
			if !a.Published.IsZero() && a.Published.Location().String() != content.VietnamZoneName {
				t.Errorf("published is in %v, want %s", a.Published.Location(), content.VietnamZoneName)
			}
			if got, want := a.Lead, "Đoạn mở đầu."; got != want {
				t.Errorf("lead = %q, want %q", got, want)
			}
		})
	}
}

func TestParseExportRejectsMalformedPublished(t *testing.T) {
	tests := []struct {
		name string
		line string
	}{
		{name: "day 32 is malformed", line: "Đăng lúc: 08:05:09 32/03/2021 (GMT+7)"},
		{name: "30 February is malformed", line: "Đăng lúc: 08:05:09 30/02/2021"},
		{name: "hour 25 is malformed", line: "Đăng lúc: 25:05:09 12/03/2021"},
		{name: "another zone is malformed", line: "Đăng lúc: 08:05:09 12/03/2021 (GMT+8)"},
		{name: "a missing time is malformed", line: "Đăng lúc:"},
		{name: "words instead of a time are malformed", line: "Đăng lúc: hôm qua"},
		{name: "a two-digit year is malformed", line: "Đăng lúc: 08:05:09 12/03/21"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseExportBytes([]byte(exportWith(tt.line, "Đoạn mở đầu.")), "ngay.txt")
			if !errors.Is(err, ErrBadDate) {
				t.Fatalf("error = %v, want one wrapping ErrBadDate", err)
			}
			if got, want := err.Error(), `ngay.txt:5: malformed "Đăng lúc" line: `; !strings.HasPrefix(got, want) {
				t.Errorf("error = %q, want it to start with %q", got, want)
			}
		})
	}
}

func TestParseExportPublishedMarshalsWithVietnamOffset(t *testing.T) {
	a, err := parseExportBytes([]byte(exportWith("Đăng lúc: 08:05:09 12/03/2021 (GMT+7)", "Đoạn.")), "ngay.txt")
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(a.Published)
	if err != nil {
		t.Fatal(err)
	}
	if want := `"2021-03-12T08:05:09+07:00"`; string(got) != want {
		t.Errorf("published marshals to %s, want %s", got, want)
	}
}

func TestParseExportFindsTitle(t *testing.T) {
	tests := []struct {
		name string
		data string
		want string
	}{
		{name: "a capitals banner is skipped", data: "CHÀO MỪNG NĂM MỚI 2021\n\nHội nghị cán bộ\n", want: "Hội nghị cán bộ"},
		{name: "a mixed-case first line is the title", data: "Hội nghị cán bộ\n\nĐoạn mở đầu.\n", want: "Hội nghị cán bộ"},
		{name: "blank lines before the banner are skipped", data: "\n \n\u00a0\nĐẢNG BỘ HUYỆN\n\n\nTin vắn\n", want: "Tin vắn"},
		{name: "a capitals title after a banner is the title", data: "ĐẢNG BỘ HUYỆN\n\nTHÔNG BÁO KHẨN\n\nĐoạn.\n", want: "THÔNG BÁO KHẨN"},
		{name: "capitals right before Đăng lúc are the title", data: "THÔNG BÁO KHẨN\nĐăng lúc: 08:05:09 12/03/2021\nĐoạn.\n", want: "THÔNG BÁO KHẨN"},
		{name: "a decomposed banner is still a banner", data: norm.NFD.String("ĐẠI HỘI ĐẢNG BỘ\n\nTiêu đề\n"), want: "Tiêu đề"},
		{name: "a title may start with digits", data: "2021: năm bản lề\n", want: "2021: năm bản lề"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := parseExportBytes([]byte(tt.data), "tieu-de.txt")
			if err != nil {
				t.Fatal(err)
			}
			if got := a.Title; got != tt.want {
				t.Errorf("title = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseExportRejectsMissingTitle(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		wantLine int
	}{
		{name: "a lone banner has no title", data: "CHÀO MỪNG ĐẠI HỘI\n\n", wantLine: 1},
		{name: "a Đăng lúc line cannot be the title", data: "\nĐăng lúc: 08:05:09 12/03/2021\nĐoạn.\n", wantLine: 2},
		{name: "chrome cannot be the title", data: "TRANG CHỦ\n\nCác tin khác\nTin một\n", wantLine: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseExportBytes([]byte(tt.data), "khong-tieu-de.txt")
			if !errors.Is(err, ErrNoTitle) {
				t.Fatalf("error = %v, want one wrapping ErrNoTitle", err)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line != tt.wantLine {
				t.Errorf("error = %v, want it at line %d", err, tt.wantLine)
			}
		})
	}
}

func TestParseExportFindsSignature(t *testing.T) {
	const lead, para = "Đoạn mở đầu.", "Đoạn thân bài."
	tests := []struct {
		name       string
		last       string
		wantAuthor string
	}{
		{name: "a name and a unit around an en dash are a signature", last: "Minh Anh – Trung tâm Văn hóa, Thông tin và Thể thao", wantAuthor: "Minh Anh – Trung tâm Văn hóa, Thông tin và Thể thao"},
		{name: "an em dash also separates name and unit", last: "Hoàng Long — Đài Truyền thanh huyện", wantAuthor: "Hoàng Long — Đài Truyền thanh huyện"},
		{name: "a spaced hyphen also separates name and unit", last: "Ngọc Lan - Huyện đoàn", wantAuthor: "Ngọc Lan - Huyện đoàn"},
		{name: "an unspaced en dash is enough", last: "Lê Văn Nam–Phòng Nông nghiệp và PTNT", wantAuthor: "Lê Văn Nam–Phòng Nông nghiệp và PTNT"},
		{name: "a credit before the name is allowed", last: "Tin, ảnh: Thu Hà – Văn phòng HĐND và UBND huyện", wantAuthor: "Tin, ảnh: Thu Hà – Văn phòng HĐND và UBND huyện"},
		{name: "a unit with an abbreviation and ampersand is allowed", last: "Quốc Việt – Trung tâm VH-TT&TT", wantAuthor: "Quốc Việt – Trung tâm VH-TT&TT"},
		{name: "a sentence ending in a full stop is not a signature", last: "Ông Phạm Quang Vinh – Phó Chủ tịch UBND huyện yêu cầu các xã bảo đảm an toàn."},
		{name: "a range of years is not a signature", last: "Giai đoạn 2016 – 2020"},
		{name: "a hotline is not a signature", last: "Đường dây nóng: 0204.3851.115 - Trung tâm Y tế huyện"},
		{name: "an unspaced hyphen is not a separator", last: "Minh Anh-Trung tâm Văn hóa"},
		{name: "a lower-case name is not a signature", last: "theo Minh Anh – Trung tâm Văn hóa"},
		{name: "a unit written as a long clause is not a signature", last: "Minh Anh – Trung tâm Văn hóa huyện vừa tổ chức thành công giải bóng đá thiếu niên nhi đồng năm nay"},
		{name: "a line without a dash is not a signature", last: "Minh Anh"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := parseExportBytes([]byte(exportWith("Đăng lúc: 08:05:09 12/03/2021", lead, para, tt.last)), "ky-ten.txt")
			if err != nil {
				t.Fatal(err)
			}
			if got := a.Author; got != tt.wantAuthor {
				t.Errorf("author = %q, want %q", got, tt.wantAuthor)
			}
			wantBody := []string{para}
			if tt.wantAuthor == "" {
				wantBody = append(wantBody, tt.last)
			}
			if got := a.Body; !reflect.DeepEqual(got, wantBody) {
				t.Errorf("body = %q, want %q", got, wantBody)
			}
		})
	}
}

func TestParseExportSignatureMustBeLastAndNotLead(t *testing.T) {
	const sig = "Minh Anh – Trung tâm Văn hóa"
	tests := []struct {
		name       string
		body       []string
		wantAuthor string
		wantLead   string
	}{
		{name: "a signature-like lead stays the lead", body: []string{sig}, wantLead: sig},
		{name: "a signature before a picture is a paragraph", body: []string{"Mở đầu.", sig, "anh.jpg", "Chú thích."}, wantLead: "Mở đầu."},
		{name: "a signature after the lead alone is the author", body: []string{"Mở đầu.", sig}, wantLead: "Mở đầu.", wantAuthor: sig},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := parseExportBytes([]byte(exportWith("", tt.body...)), "ky-ten.txt")
			if err != nil {
				t.Fatal(err)
			}
			if got := a.Author; got != tt.wantAuthor {
				t.Errorf("author = %q, want %q", got, tt.wantAuthor)
			}
			if got := a.Lead; got != tt.wantLead {
				t.Errorf("lead = %q, want %q", got, tt.wantLead)
			}
		})
	}
}

func TestParseExportFindsImages(t *testing.T) {
	tests := []struct {
		name string
		body []string
		want []content.Image
	}{
		{
			name: "every picture extension is recognised in any case",
			body: []string{"Mở đầu.", "a.JPG", "A", "b.jpeg", "B", "c.Png", "C", "d.gif", "D", "e.WEBP", "E"},
			want: []content.Image{{Name: "a.JPG", Caption: "A"}, {Name: "b.jpeg", Caption: "B"}, {Name: "c.Png", Caption: "C"}, {Name: "d.gif", Caption: "D"}, {Name: "e.WEBP", Caption: "E"}},
		},
		{
			name: "a picture followed by a blank line has no caption",
			body: []string{"Mở đầu.", "anh-1.jpg", "", "Đoạn sau."},
			want: []content.Image{{Name: "anh-1.jpg"}},
		},
		{
			name: "a picture followed by a picture has no caption",
			body: []string{"Mở đầu.", "anh-1.jpg", "anh-2.png", "Chú thích ảnh hai."},
			want: []content.Image{{Name: "anh-1.jpg"}, {Name: "anh-2.png", Caption: "Chú thích ảnh hai."}},
		},
		{
			name: "a bare extension is not a picture",
			body: []string{"Mở đầu.", ".jpg", "Đoạn sau."},
		},
		{
			name: "a picture may come before the lead",
			body: []string{"anh-dau.jpg", "Chú thích.", "Mở đầu."},
			want: []content.Image{{Name: "anh-dau.jpg", Caption: "Chú thích."}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := parseExportBytes([]byte(exportWith("", tt.body...)), "anh.txt")
			if err != nil {
				t.Fatal(err)
			}
			if got := a.Images; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("images = %+v, want %+v", got, tt.want)
			}
			for _, img := range a.Images {
				for _, p := range append([]string{a.Lead}, a.Body...) {
					if p == img.Name || (img.Caption != "" && p == img.Caption) {
						t.Errorf("picture line %q is also a paragraph", p)
					}
				}
			}
		})
	}
}

func TestParseExportStopsAtChrome(t *testing.T) {
	tests := []struct {
		name     string
		body     []string
		wantBody []string
	}{
		{name: "Các tin khác ends the body", body: []string{"Mở đầu.", "Thân.", "Các tin khác", "Tin một"}, wantBody: []string{"Thân."}},
		{name: "Truy cập ends the body", body: []string{"Mở đầu.", "Thân.", "Truy cập", "Hôm nay:", "12"}, wantBody: []string{"Thân."}},
		{name: "a counter ends the body", body: []string{"Mở đầu.", "Thân.", "Hôm nay:", "1.234"}, wantBody: []string{"Thân."}},
		{name: "a counter on one line ends the body", body: []string{"Mở đầu.", "Thân.", "Hôm nay: 2331"}, wantBody: []string{"Thân."}},
		{name: "Hôm nay in a sentence is body text", body: []string{"Mở đầu.", "Hôm nay: trời nắng.", "Thân."}, wantBody: []string{"Hôm nay: trời nắng.", "Thân."}},
		{name: "a body without chrome runs to the end", body: []string{"Mở đầu.", "Thân.", "Kết."}, wantBody: []string{"Thân.", "Kết."}},
		{name: "an article with only a lead has an empty body", body: []string{"Mở đầu."}, wantBody: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := parseExportBytes([]byte(exportWith("", tt.body...)), "chrome.txt")
			if err != nil {
				t.Fatal(err)
			}
			if got := a.Body; !reflect.DeepEqual(got, tt.wantBody) {
				t.Errorf("body = %q, want %q", got, tt.wantBody)
			}
		})
	}
}

func TestParseExportDerivesIDAndCategory(t *testing.T) {
	a, err := parseExportBytes(readExportFixture(t, "typical-one-image.txt"), "typical-one-image.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := a.ID, a.DeriveID(); got != want {
		t.Errorf("ID = %q, want DeriveID() = %q", got, want)
	}
	if got, want := a.Category, content.GuessCategory(a.Title); got != want {
		t.Errorf("category = %q, want content.GuessCategory(title) = %q", got, want)
	}
}

func FuzzParseExport(f *testing.F) {
	for _, fx := range exportFixtures() {
		f.Add(readExportFixture(f, fx.file))
	}
	f.Add([]byte("\uFEFFTIÊU ĐỀ\r\nĐăng lúc: 1:2 3/4/2021\rx.jpg\n\u00a0\n"))
	f.Add([]byte("A\n\u0301\nĐăng lúc\n"))
	f.Add([]byte("Tiêu đề\nHôm nay:\n\n12\nTruy cập\n"))
	f.Add([]byte("<!DOCTYPE html>\n<html><body>\n<h1>Tin</h1>\nĐăng lúc: 08:05 12/03/2021\n"))
	f.Add([]byte("id,tieu_de\n1,Tin\n"))
	f.Add([]byte("module newsbot\n\ngo 1.25\n"))
	f.Add([]byte("Giá <5 đồng > 4\nĐăng lúc: 08:05 12/03/2021\n" + strings.Repeat("chữ ", 1200) + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := parseExportBytes(data, "fuzz.txt")
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != "fuzz.txt" {
				t.Fatalf("error %v is not a *ParseError naming the file", err)
			}
			if _, aerr := ParseExportArticle(bytes.NewReader(data), "fuzz.txt"); aerr == nil {
				t.Fatalf("ParseExportArticle accepted what ParseExport refused (%v)", err)
			}
			return
		}
		checkFuzzedExport(t, a)
		checkFuzzedArticle(t, data, a)
		if utf8.Valid(data) {
			nfd := norm.NFD.Bytes(data)
			if len(nfd) <= MaxExportSize {
				b, err := parseExportBytes(nfd, "fuzz.txt")
				assertSameParse(t, b, err, a, nil)
			}
		}
	})
}

// checkFuzzedArticle fails t unless ParseExportArticle, on data that
// ParseExport parsed as a, either returns a itself with an article's shape
// or refuses it with a short *ParseError wrapping ErrNotArticle.
func checkFuzzedArticle(t *testing.T, data []byte, a content.Article) {
	t.Helper()
	b, err := ParseExportArticle(bytes.NewReader(data), "fuzz.txt")
	if err != nil {
		var pe *ParseError
		if !errors.Is(err, ErrNotArticle) || !errors.As(err, &pe) || pe.Line == 0 {
			t.Fatalf("refused with %v, want a *ParseError on a line wrapping ErrNotArticle", err)
		}
		if len(err.Error()) > 400 {
			t.Fatalf("refusal is %d bytes long", len(err.Error()))
		}
		return
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("ParseExportArticle = %+v, ParseExport = %+v", b, a)
	}
	if lines, _ := decodeLines(data); b.Published.IsZero() && chromeStart(lines, 0) == len(lines) {
		t.Error("an accepted undated article has no page chrome")
	}
	if isMarkup(b.Title) {
		t.Errorf("an accepted title %q is markup", b.Title)
	}
}

// checkFuzzedExport fails t unless a keeps ParseExport's promises.
func checkFuzzedExport(t *testing.T, a content.Article) {
	t.Helper()
	if a.Title == "" {
		t.Fatal("title is empty")
	}
	for _, s := range exportArticleTexts(a) {
		if !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) {
			t.Errorf("%q is not valid NFC UTF-8", s)
		}
		if s != strings.TrimFunc(s, isExportSpace) {
			t.Errorf("%q has surrounding whitespace", s)
		}
	}
	for i, p := range a.Body {
		if p == "" {
			t.Errorf("body paragraph %d is empty", i)
		}
	}
	if a.Body == nil {
		t.Error("body is nil")
	}
	if n := utf8.RuneCountInString(a.Title); n > MaxTitleRunes {
		t.Errorf("title has %d runes, more than %d", n, MaxTitleRunes)
	}
	if n := utf8.RuneCountInString(a.Lead); n > MaxLeadRunes {
		t.Errorf("lead has %d runes, more than %d", n, MaxLeadRunes)
	}
	for _, p := range a.Body {
		if n := utf8.RuneCountInString(p); n > MaxParagraphRunes {
			t.Errorf("a paragraph has %d runes, more than %d", n, MaxParagraphRunes)
		}
	}
	if a.ID != a.DeriveID() {
		t.Errorf("ID %q is not DeriveID() %q", a.ID, a.DeriveID())
	}
	if !a.Category.Valid() {
		t.Errorf("category %q is not valid", a.Category)
	}
	if !a.Published.IsZero() && a.Published.Location().String() != content.VietnamZoneName {
		t.Errorf("published %v is not in Vietnam time", a.Published)
	}
}

// Ensure that ParseExportArticle accepts every fixture that ParseExport
// parses, the export without its "Đăng lúc" line included (it has the
// banner and the page chrome), exactly as ParseExport parses it.
func TestParseExportArticleAcceptsTheFixtures(t *testing.T) {
	for _, fx := range exportFixtures() {
		t.Run(fx.name, func(t *testing.T) {
			data := readExportFixture(t, fx.file)
			want, wantErr := parseExportBytes(data, fx.file)
			got, err := ParseExportArticle(bytes.NewReader(data), fx.file)
			switch {
			case wantErr != nil:
				if err == nil || err.Error() != wantErr.Error() {
					t.Fatalf("error = %v, want ParseExport's %v", err, wantErr)
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("article = %+v, want ParseExport's %+v", got, want)
				}
			}
		})
	}
}

// Ensure that files dropped by mistake are refused with a reason naming the
// file and the line, quoting at most the start of the line.
func TestParseExportArticleRefusesOtherFiles(t *testing.T) {
	const date = "Đăng lúc: 08:05:09 12/03/2021 (GMT+7)"
	tests := []struct {
		name     string
		data     string
		wantErr  error
		wantText string
	}{
		{name: "an HTML page is refused", wantErr: ErrNotArticle, wantText: `markup`,
			data: "<!DOCTYPE html>\n<html lang=\"vi\">\n<head><title>Cổng thông tin</title></head>\n<body><h1>Tin tức</h1></body>\n</html>\n"},
		{name: "an HTML page whose text has a Đăng lúc line is refused", wantErr: ErrNotArticle, wantText: `markup`,
			data: "<h1>Hội nghị cán bộ</h1>\n" + date + "\n<p>Đoạn mở đầu.</p>\n"},
		{name: "a CSV table is refused", wantErr: ErrNotArticle, wantText: `no "Đăng lúc" line after the title "id,tieu_de,ngay_dang"`,
			data: "id,tieu_de,ngay_dang\n1,Hội nghị cán bộ,12/03/2021\n2,Tin vắn,13/03/2021\n"},
		{name: "a go.mod is refused", wantErr: ErrNotArticle, wantText: `no "Đăng lúc" line after the title "module newsbot"`,
			data: "module newsbot\n\ngo 1.25\n\nrequire go.etcd.io/bbolt v1.4.0\n"},
		{name: "Go source is refused", wantErr: ErrNotArticle,
			data: "package main\n\nfunc main() {}\n"},
		{name: "a title alone is refused", wantErr: ErrNotArticle,
			data: "Hội nghị cán bộ\n\nĐoạn mở đầu.\n"},
		{name: "an undated text with a banner but no chrome is refused", wantErr: ErrNotArticle,
			data: "TIN TỨC\n\nHội nghị cán bộ\n\nĐoạn mở đầu.\n"},
		{name: "an undated text with chrome but no banner is refused", wantErr: ErrNotArticle,
			data: "Hội nghị cán bộ\n\nĐoạn mở đầu.\nCác tin khác\nTin một\n"},
		{name: "a CSV with capitals headers is refused", wantErr: ErrNotArticle,
			data: "ID,TIEU_DE,NGAY\n1,Hội nghị,12/03/2021\n"},
		{name: "a one-line 1.8 MB file is refused without quoting it", wantErr: ErrNotArticle,
			data: strings.Repeat("Tin tức trong ngày ", 1800000/len("Tin tức trong ngày "))},
		{name: "a binary file is refused", wantErr: ErrNotText,
			data: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseExportArticle(strings.NewReader(tt.data), "tep.txt")
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error = %v (article %q), want one wrapping %v", err, vi.TruncateRunes(a.Title, 80), tt.wantErr)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != "tep.txt" || pe.Line == 0 {
				t.Errorf("error %v does not name the file and line", err)
			}
			if !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("error = %q, want it to contain %q", err, tt.wantText)
			}
			if n := len(err.Error()); n > 300 {
				t.Errorf("error is %d bytes long, want a short reason", n)
			}
		})
	}
}

// Ensure that a title is not taken for markup because of a "<".
func TestParseExportArticleAcceptsLessThanInTitle(t *testing.T) {
	data := "Giá lúa <5.000 đồng/kg, nông dân lo lắng\nĐăng lúc: 08:05:09 12/03/2021\nĐoạn mở đầu.\n"
	a, err := ParseExportArticle(strings.NewReader(data), "gia-lua.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := a.Title, "Giá lúa <5.000 đồng/kg, nông dân lo lắng"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
}

// Ensure that long titles, leads, paragraphs and captions are capped at a
// word boundary with an ellipsis, and short ones are left alone.
func TestParseExportCapsLongParts(t *testing.T) {
	long := func(n int) string {
		return strings.TrimSpace(strings.Repeat("Hội nghị ", n/len([]rune("Hội nghị "))+1))
	}
	data := long(2*MaxTitleRunes) + "\nĐăng lúc: 08:05:09 12/03/2021\n" + long(2*MaxLeadRunes) + "\nanh.jpg\n" +
		long(2*MaxParagraphRunes) + "\n" + long(2*MaxParagraphRunes) + "\nKết.\n"
	a, err := ParseExportArticle(strings.NewReader(data), "dai.txt")
	if err != nil {
		t.Fatal(err)
	}
	parts := []struct {
		name string
		s    string
		max  int
	}{
		{"title", a.Title, MaxTitleRunes},
		{"lead", a.Lead, MaxLeadRunes},
		{"caption", a.Images[0].Caption, MaxParagraphRunes},
		{"paragraph", a.Body[0], MaxParagraphRunes},
	}
	for _, p := range parts {
		n := utf8.RuneCountInString(p.s)
		if n > p.max || n < p.max/2 || !strings.HasSuffix(p.s, "nghị…") {
			t.Errorf("%s has %d runes and ends %q, want at most %d, cut after a word, with …", p.name, n, p.s[max(0, len(p.s)-20):], p.max)
		}
	}
	if got, want := a.Body[len(a.Body)-1], "Kết."; got != want {
		t.Errorf("last paragraph = %q, want %q", got, want)
	}
}
