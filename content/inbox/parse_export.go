package inbox

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"newsbot/content"
	"newsbot/content/vi"
)

// MaxExportSize is the largest export, in bytes, that ParseExport accepts.
const MaxExportSize = 2 << 20

// The sentinel errors a *ParseError wraps; compare with errors.Is.
var (
	// ErrEmpty means the export is empty or holds only whitespace.
	ErrEmpty = errors.New("empty export")
	// ErrNotText means the export is binary: it holds NUL bytes or invalid UTF-8.
	ErrNotText = errors.New("not a text file")
	// ErrTooLarge means the export is larger than MaxExportSize.
	ErrTooLarge = errors.New("export too large")
	// ErrNoTitle means no line of the export can be the article's title.
	ErrNoTitle = errors.New("no title")
	// ErrBadDate means the "Đăng lúc" line is present but cannot be read.
	ErrBadDate = errors.New(`malformed "Đăng lúc" line`)
	// ErrNotArticle means the file parses but lacks the shape of an
	// article of the portal's export (see ParseExportArticle): an HTML
	// page, a CSV table, source code or any other text.
	ErrNotArticle = errors.New("not an article of the portal's export")
)

// Caps on the parts of an exported article, in runes (characters). A longer
// part is cut at a word boundary and ends with "…". A portal title is rarely
// above 200 characters; a lead is a paragraph of a few sentences; 4 000
// keeps a paragraph within one Telegram message (4 096).
const (
	MaxTitleRunes     = 300
	MaxLeadRunes      = 1000
	MaxParagraphRunes = 4000
)

// ParseError is the error ParseExport and ParseExportArticle return. It names the file and, when
// the fault is on one line, that line's 1-based number (0 otherwise).
type ParseError struct {
	File string
	Line int
	Err  error
}

// Error formats the error as "file:line: message", or "file: message" when
// Line is 0.
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

// Unwrap returns the underlying error, which wraps one of the sentinel
// errors (or an I/O error from the reader).
func (e *ParseError) Unwrap() error { return e.Err }

// exportBOM is the UTF-8 byte order mark some Windows editors put at a file's start.
const exportBOM = "\uFEFF"

// datePrefix starts the line that gives the publication time.
const datePrefix = "đăng lúc"

// ParseExport reads one article from the portal's plain-text export. name is
// the file name used in errors.
//
// It reads at most MaxExportSize+1 bytes from r: a larger input fails with
// ErrTooLarge without being read to its end. The export's layout is an
// optional all-capitals site banner, the title, an optional "Đăng lúc:
// hh:mm:ss dd/mm/yyyy (GMT+7)" line, the lead paragraph, then the body, in
// which a line naming a .jpg, .jpeg, .png, .gif or .webp file is a picture
// whose caption is the next line, and a line "Tệp đính kèm: NAME" (or "File
// đính kèm: NAME – LABEL") names a document (.pdf, .doc, .docx, .xls, .xlsx,
// .odt, .zip, .rar) that becomes a content.Attachment with that Name (as written)
// and Label, not a paragraph. The body ends at the page chrome ("Các tin
// khác", "Truy cập", the visit counters), which is dropped. A short last line
// of the form "Name – Unit" is taken as the signature and becomes Author.
//
// The title is capped at MaxTitleRunes, the lead at MaxLeadRunes, other
// paragraphs and captions at MaxParagraphRunes.
//
// All text is returned in Unicode NFC with surrounding whitespace trimmed; a
// leading byte order mark is ignored; LF, CRLF and CR line ends are accepted,
// and lines holding only whitespace (NBSP included) separate paragraphs but
// never become one. A missing "Đăng lúc" line leaves Published zero; a
// malformed one is an error. Published is in content.VietnamZone(), Category
// comes from content.GuessCategory(Title) and ID from Article.DeriveID.
//
// Every error is a *ParseError wrapping ErrEmpty, ErrNotText, ErrTooLarge,
// ErrNoTitle, ErrBadDate or the reader's own error.
func ParseExport(r io.Reader, name string) (content.Article, error) {
	a, err := parseExport(r, false)
	return a, nameParseError(err, name)
}

// ParseExportArticle is ParseExport for files that are to become articles:
// beyond parsing, it requires the shape every article of the portal's export
// has, so that an HTML page, a CSV table, a go.mod or any text dropped by
// mistake is refused instead of stored and pushed. The minimum shape is an
// optional all-capitals banner, a title, and right after it (blank lines
// aside) a well-formed "Đăng lúc" line; the title must not be markup (an HTML
// tag such as "<!DOCTYPE html>" or "<h1>"). An export without its "Đăng lúc"
// line is accepted only with the page's whole layout: the banner before the
// title and the page chrome ("Các tin khác", "Truy cập", the visit counters)
// after the text; its Published is zero, as ParseExport leaves it.
//
// Every error is a *ParseError wrapping one of ParseExport's sentinels or
// ErrNotArticle; a refused file's error quotes at most the start of the
// offending line.
func ParseExportArticle(r io.Reader, name string) (content.Article, error) {
	a, err := parseExport(r, true)
	return a, nameParseError(err, name)
}

// nameParseError returns err, when not nil, as a *ParseError naming file.
func nameParseError(err error, name string) error {
	if err == nil {
		return nil
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		pe = &ParseError{Err: err}
	}
	pe.File = name
	return pe
}

// parseExport does ParseExport's work, and ParseExportArticle's when
// article is true; its errors do not yet name the file.
func parseExport(r io.Reader, article bool) (content.Article, error) {
	data, err := readExportBytes(r)
	if err != nil {
		return content.Article{}, err
	}
	lines, err := decodeLines(data)
	if err != nil {
		return content.Article{}, err
	}
	return parseLines(lines, article)
}

// readExportBytes reads all of r, failing with ErrTooLarge as soon as more than
// MaxExportSize bytes arrive.
func readExportBytes(r io.Reader) ([]byte, error) {
	// A file says its size: the buffer is made to hold it at once.
	size := 512
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := f.Stat(); err == nil && fi.Size() < MaxExportSize {
			size = int(fi.Size()) + 1 // +1: the read that sees the end
		}
	}
	data, err := readAllSized(io.LimitReader(r, MaxExportSize+1), size)
	if err != nil {
		return nil, fmt.Errorf("reading export: %w", err)
	}
	if len(data) > MaxExportSize {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, MaxExportSize)
	}
	return data, nil
}

// readAllSized is io.ReadAll into a buffer of size bytes to start with, as
// os.ReadFile reads.
func readAllSized(r io.Reader, size int) ([]byte, error) {
	data := make([]byte, 0, size)
	for {
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if errors.Is(err, io.EOF) {
			return data, nil
		}
		if err != nil {
			return data, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // more room
		}
	}
}

// decodeLines splits data into lines, checks that it is text and returns each
// line in NFC with surrounding whitespace trimmed. Index i holds line i+1, so
// whitespace-only lines are kept, as empty strings, to keep numbers right.
func decodeLines(data []byte) ([]string, error) {
	data = bytes.TrimPrefix(data, []byte(exportBOM))
	raw := splitLines(data)
	lines := make([]string, len(raw))
	for i, l := range raw {
		if err := checkText(l); err != nil {
			return nil, exportLineError(i, err)
		}
		lines[i] = cleanExportLine(string(l))
	}
	if nextNonBlank(lines, 0) < 0 {
		return nil, ErrEmpty
	}
	return lines, nil
}

// splitLines splits data at LF, CRLF and lone CR. A final line end does not
// start another line.
func splitLines(data []byte) [][]byte {
	var lines [][]byte
	for len(data) > 0 {
		i := bytes.IndexAny(data, "\r\n")
		if i < 0 {
			lines = append(lines, data)
			break
		}
		lines = append(lines, data[:i])
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
	}
	return lines
}

// checkText reports, wrapping ErrNotText, a line that holds a NUL byte or
// invalid UTF-8.
func checkText(line []byte) error {
	if bytes.IndexByte(line, 0) >= 0 {
		return fmt.Errorf("%w: NUL byte", ErrNotText)
	}
	if !utf8.Valid(line) {
		return fmt.Errorf("%w: invalid UTF-8", ErrNotText)
	}
	return nil
}

// cleanExportLine returns s in NFC without leading or trailing whitespace.
func cleanExportLine(s string) string {
	return strings.TrimFunc(vi.NFC(s), isExportSpace)
}

// isExportSpace reports whether r is whitespace, counting NBSP (which
// unicode.IsSpace does) and the zero-width spaces that web pages leave behind.
func isExportSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200B' || r == '\uFEFF'
}

// exportLineError returns err as a *ParseError for the line at index i.
func exportLineError(i int, err error) *ParseError {
	return &ParseError{Line: i + 1, Err: err}
}

// nextNonBlank returns the index of the first non-empty line at or after
// from, or -1 if there is none.
func nextNonBlank(lines []string, from int) int {
	for i := from; i < len(lines); i++ {
		if lines[i] != "" {
			return i
		}
	}
	return -1
}

// parseLines builds the article from decoded lines, at least one non-blank.
// With article, it also requires an article's shape (see ParseExportArticle).
func parseLines(lines []string, article bool) (content.Article, error) {
	var a content.Article
	title, err := findTitle(lines)
	if err != nil {
		return content.Article{}, err
	}
	if article && isMarkup(lines[title]) {
		return content.Article{}, exportLineError(title, fmt.Errorf("%w: the title %q is markup (an HTML page?)", ErrNotArticle, quotable(lines[title])))
	}
	a.Title = capText(lines[title], MaxTitleRunes)
	next := title + 1
	if d := nextNonBlank(lines, next); d >= 0 && isDateLine(lines[d]) {
		a.Published, err = parsePublished(lines[d])
		if err != nil {
			return content.Article{}, exportLineError(d, err)
		}
		next = d + 1
	}
	end := chromeStart(lines, next)
	if article && a.Published.IsZero() && (title == nextNonBlank(lines, 0) || end == len(lines)) {
		return content.Article{}, exportLineError(title, fmt.Errorf(`%w: no "Đăng lúc" line after the title %q`, ErrNotArticle, quotable(lines[title])))
	}
	body := lines[next:end]
	body, a.Attachments = takeAttachmentLines(body)
	a.Lead, a.Body, a.Author, a.Images = parseBody(body)
	a.Lead = capText(a.Lead, MaxLeadRunes)
	for i, p := range a.Body {
		a.Body[i] = capText(p, MaxParagraphRunes)
	}
	for i, img := range a.Images {
		a.Images[i].Caption = capText(img.Caption, MaxParagraphRunes)
	}
	a.Category = content.GuessCategory(a.Title)
	a.ID = a.DeriveID()
	return a, nil
}

// capText returns s cut to at most max runes: at the last space before the
// limit when there is one in its second half, with "…" at the end.
func capText(s string, max int) string {
	if len(s) <= max || utf8.RuneCountInString(s) <= max {
		return s
	}
	cut := vi.TruncateRunes(s, max-1)
	if i := strings.LastIndexFunc(cut, isExportSpace); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRightFunc(cut, isExportSpace) + "…"
}

// quotableRunes is how much of a refused line an error quotes.
const quotableRunes = 60

// quotable returns the start of line for an error message: a whole
// 1.8-million-character line must not become one.
func quotable(line string) string {
	if utf8.RuneCountInString(line) <= quotableRunes {
		return line
	}
	return vi.TruncateRunes(line, quotableRunes) + "…"
}

// isMarkup reports whether s holds an HTML or XML tag: "<" then a letter,
// "!", "/" or "?", and a ">" after it, as in "<!DOCTYPE html>", "<h1>" or
// "<?xml". A title such as "Giá lúa <5.000 đồng" is not markup.
func isMarkup(s string) bool {
	for i := strings.IndexByte(s, '<'); i >= 0 && i+1 < len(s); {
		c := s[i+1]
		if (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '!' || c == '/' || c == '?' {
			if strings.IndexByte(s[i+1:], '>') >= 0 {
				return true
			}
		}
		j := strings.IndexByte(s[i+1:], '<')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// findTitle returns the index of the title line. The first non-blank line is
// the site banner when it is all capitals and the title follows it; but when
// the line after it is the "Đăng lúc" line, the capitals were the title of an
// export without a banner.
func findTitle(lines []string) (int, error) {
	first := nextNonBlank(lines, 0)
	title := first
	if isAllCaps(lines[first]) {
		next := nextNonBlank(lines, first+1)
		if next < 0 {
			return 0, exportLineError(first, fmt.Errorf("%w: only a banner", ErrNoTitle))
		}
		if !isDateLine(lines[next]) {
			title = next
		}
	}
	if isDateLine(lines[title]) || isChromeStart(lines, title) {
		return 0, exportLineError(title, fmt.Errorf("%w: %q cannot be a title", ErrNoTitle, lines[title]))
	}
	return title, nil
}

// isAllCaps reports whether s has letters with case and all of them are
// upper case, as in a banner like "CHÀO MỪNG ĐẠI HỘI".
func isAllCaps(s string) bool {
	cased := false
	for _, r := range s {
		switch {
		case unicode.IsLower(r), unicode.IsTitle(r):
			return false
		case unicode.IsUpper(r):
			cased = true
		}
	}
	return cased
}

// isDateLine reports whether s is the "Đăng lúc" line, well formed or not:
// "Đăng lúc" in any case, then the end of the line, a colon or a digit.
func isDateLine(s string) bool {
	if len(s) < len(datePrefix) || !strings.EqualFold(s[:len(datePrefix)], datePrefix) {
		return false
	}
	rest := strings.TrimLeftFunc(s[len(datePrefix):], isExportSpace)
	return rest == "" || rest[0] == ':' || (rest[0] >= '0' && rest[0] <= '9')
}

// parsePublished reads a "Đăng lúc: 08:05:09 12/03/2021 (GMT+7)" line. The
// seconds and the zone may be missing, and day, month and hour may have one
// digit. The zone, when given, must be Vietnam's. The time is returned in
// content.VietnamZone().
func parsePublished(s string) (time.Time, error) {
	rest := strings.TrimSpace(s[len(datePrefix):])
	rest = strings.TrimSpace(strings.TrimPrefix(rest, ":"))
	rest = strings.Join(strings.Fields(rest), " ")
	if i := strings.IndexByte(rest, '('); i >= 0 {
		if !isVietnamOffset(rest[i:]) {
			return time.Time{}, fmt.Errorf("%w: %q: time zone is not GMT+7", ErrBadDate, s)
		}
		rest = strings.TrimSpace(rest[:i])
	}
	layouts := []string{"15:04:05 2/1/2006", "15:04 2/1/2006", "2/1/2006 15:04:05", "2/1/2006 15:04"}
	var first error
	for _, layout := range layouts {
		t, err := time.ParseInLocation(layout, rest, content.VietnamZone())
		if err == nil {
			return t, nil
		}
		if first == nil {
			first = err
		}
	}
	return time.Time{}, fmt.Errorf("%w: %q: %s", ErrBadDate, s, dateProblem(first))
}

// dateProblem explains why time.Parse rejected a date: the range it found
// broken, as in "day out of range", or else the expected form.
func dateProblem(err error) string {
	var pe *time.ParseError
	if errors.As(err, &pe) && pe.Message != "" {
		return strings.TrimPrefix(pe.Message, ": ")
	}
	return "want hh:mm:ss dd/mm/yyyy (GMT+7)"
}

// isVietnamOffset reports whether zone, like "(GMT+7)", names UTC+7.
func isVietnamOffset(zone string) bool {
	switch strings.ToUpper(strings.ReplaceAll(zone, " ", "")) {
	case "(GMT+7)", "(GMT+07)", "(GMT+7:00)", "(GMT+07:00)", "(UTC+7)", "(UTC+07)", "(UTC+7:00)", "(UTC+07:00)", "(ICT)":
		return true
	}
	return false
}

// chromeStart returns the index of the first line at or after from that
// starts the page chrome, or len(lines) if the export has none.
func chromeStart(lines []string, from int) int {
	for i := from; i < len(lines); i++ {
		if isChromeStart(lines, i) {
			return i
		}
	}
	return len(lines)
}

// maxChromeLine is the longest line, in bytes, that can start the chrome:
// its labels ("thống kê truy cập") and counters are short.
const maxChromeLine = 80

// isChromeStart reports whether line i starts the chrome after the article:
// a "Các tin khác" or "Truy cập" heading, or a visit counter such as
// "Hôm nay:" followed by a number on the same or the next non-blank line.
func isChromeStart(lines []string, i int) bool {
	if len(lines[i]) > maxChromeLine {
		return false // a paragraph: no need to look further
	}
	label, value, _ := strings.Cut(strings.ToLower(lines[i]), ":")
	label = strings.Join(strings.Fields(label), " ")
	value = strings.TrimSpace(value)
	switch label {
	case "các tin khác", "tin khác", "các tin liên quan", "tin liên quan", "truy cập", "thống kê truy cập":
		return value == "" || isVisitCount(value)
	case "hôm nay", "hôm qua", "tuần này", "tháng này", "tất cả":
		if value != "" {
			return isVisitCount(value)
		}
		next := nextNonBlank(lines, i+1)
		return next >= 0 && isVisitCount(lines[next])
	}
	return false
}

// isVisitCount reports whether s is a visit count like "2331" or "1.204.577".
func isVisitCount(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == ',':
		default:
			return false
		}
	}
	return digits > 0
}

// parseBody splits the lines between the date and the chrome into the lead
// (the first paragraph), the other paragraphs, the signature and the images.
// Blank lines are dropped. Body is never nil, so JSON shows it as [].
func parseBody(lines []string) (lead string, body []string, author string, images []content.Image) {
	var paras []string
	lastIsPara := false
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case l == "":
			continue
		case isImageName(l):
			img := content.Image{Name: l}
			if i+1 < len(lines) && lines[i+1] != "" && !isImageName(lines[i+1]) {
				img.Caption = lines[i+1]
				i++
			}
			images = append(images, img)
			lastIsPara = false
		default:
			paras = append(paras, l)
			lastIsPara = true
		}
	}
	if len(paras) == 0 {
		return "", []string{}, "", images
	}
	lead, body = paras[0], paras[1:]
	if lastIsPara && len(body) > 0 && isSignature(body[len(body)-1]) {
		author, body = body[len(body)-1], body[:len(body)-1]
	}
	return lead, body, author, images
}

// maxImageName is the longest line, in bytes, taken as an image file name.
const maxImageName = 255

// isImageName reports whether s is a picture's file name: a line ending in
// .jpg, .jpeg, .png, .gif or .webp, in any case, with a non-empty stem.
func isImageName(s string) bool {
	ext := path.Ext(s)
	switch strings.ToLower(ext) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp":
	default:
		return false
	}
	stem := strings.TrimRightFunc(s[:len(s)-len(ext)], isExportSpace)
	return stem != "" && len(s) <= maxImageName
}

// Limits that keep signature detection conservative.
const (
	maxSignatureRunes = 120
	maxNameWords      = 5
	maxNameRunes      = 40
	maxUnitWords      = 12
)

// isSignature reports whether s is a signature line such as "Minh Anh –
// Trung tâm Văn hóa, Thông tin và Thể thao": short, a person's name (every
// word capitalised, optionally after a credit like "Tin, ảnh:"), an en or em
// dash or a spaced hyphen, then a unit's name that is not a sentence. Any
// doubt makes it a body paragraph instead.
func isSignature(s string) bool {
	if utf8.RuneCountInString(s) > maxSignatureRunes {
		return false
	}
	name, unit, ok := splitSignature(s)
	if !ok {
		return false
	}
	name, ok = stripCredit(name)
	return ok && isPersonName(name) && isUnitName(unit)
}

// splitSignature splits s at its first en dash, em dash or " - ".
func splitSignature(s string) (name, unit string, ok bool) {
	i, size := strings.IndexAny(s, "–—"), len("–")
	if j := strings.Index(s, " - "); j >= 0 && (i < 0 || j < i) {
		i, size = j, len(" - ")
	}
	if i < 0 {
		return "", "", false
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+size:]), true
}

// stripCredit removes a credit such as "Tin, ảnh:" or "Bài:" from the start
// of name. It reports false when name has a colon after something else.
func stripCredit(name string) (string, bool) {
	credit, rest, found := strings.Cut(name, ":")
	if !found {
		return name, true
	}
	switch strings.Join(strings.Fields(strings.ToLower(credit)), " ") {
	case "tin", "bài", "ảnh", "tin, ảnh", "bài, ảnh", "tin và ảnh", "bài và ảnh", "tin - ảnh", "bài - ảnh":
		return strings.TrimSpace(rest), true
	}
	return "", false
}

// isPersonName reports whether s looks like a name or pen name: one to five
// words, each a capital letter followed by letters or dots.
func isPersonName(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > maxNameWords || utf8.RuneCountInString(s) > maxNameRunes {
		return false
	}
	for _, w := range words {
		for k, r := range w {
			if k == 0 && !unicode.IsUpper(r) {
				return false
			}
			if !unicode.IsLetter(r) && r != '.' {
				return false
			}
		}
	}
	return true
}

// isUnitName reports whether s looks like the name of a unit, such as
// "Trung tâm Văn hóa, Thông tin và Thể thao" or "Đài TT-TH huyện": at most
// twelve words, starting with a capital letter or a digit, made of letters,
// digits and a few joining marks, and not ending like a sentence.
func isUnitName(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > maxUnitWords {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	if !unicode.IsLetter(last) && !unicode.IsDigit(last) && last != ')' {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(" ,-–.&()/", r) {
			return false
		}
	}
	return true
}
