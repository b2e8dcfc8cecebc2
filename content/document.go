package content

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxDocumentUpload is the largest document, in bytes, Telegram takes by
// upload (50 MB); a larger one is linked instead of sent.
const MaxDocumentUpload = 50 << 20

// DocumentSniffLen is how many first bytes SniffDocument needs to decide.
const DocumentSniffLen = 8

// MaxFileNameBytes bounds a cleaned file name (CleanFileName), in bytes.
const MaxFileNameBytes = 128

// documentType is one kind of document newsbot sends: its extension, its
// media type and the first bytes every file of the kind starts with.
type documentType struct {
	ext       string
	mediaType string
	magic     [][]byte
}

// The signatures of the accepted formats.
var (
	magicPDF = []byte("%PDF-")
	// magicOLE2 starts the compound files of Word 97–2003 and Excel 97–2003.
	magicOLE2 = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	// magicZip starts a zip archive (DOCX, XLSX and ODT are zip archives);
	// magicZipEmpty starts an empty one.
	magicZip      = []byte("PK\x03\x04")
	magicZipEmpty = []byte("PK\x05\x06")
	// magicRar starts RAR 1.5–4 ("Rar!\x1A\x07\x00") and RAR 5
	// ("Rar!\x1A\x07\x01\x00") archives.
	magicRar = []byte("Rar!\x1A\x07")
)

// documentTypes are the accepted kinds, by lower-case extension.
var documentTypes = map[string]documentType{
	".pdf":  {".pdf", "application/pdf", [][]byte{magicPDF}},
	".doc":  {".doc", "application/msword", [][]byte{magicOLE2}},
	".xls":  {".xls", "application/vnd.ms-excel", [][]byte{magicOLE2}},
	".docx": {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", [][]byte{magicZip}},
	".xlsx": {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [][]byte{magicZip}},
	".odt":  {".odt", "application/vnd.oasis.opendocument.text", [][]byte{magicZip}},
	".zip":  {".zip", "application/zip", [][]byte{magicZip, magicZipEmpty}},
	".rar":  {".rar", "application/vnd.rar", [][]byte{magicRar}},
}

// DocumentExtensions returns the extensions of the accepted document types,
// lower case with their dot, in a fixed order: .pdf .doc .docx .xls .xlsx
// .odt .zip .rar.
func DocumentExtensions() []string {
	return []string{".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".zip", ".rar"}
}

// DocumentMediaType returns the media type of an accepted document by its
// name's extension (any case), e.g. "application/pdf" for "CV 112.PDF", and
// false when the extension is not one of DocumentExtensions. A name is
// judged by its extension only; SniffDocument checks the content too.
func DocumentMediaType(name string) (string, bool) {
	t, ok := documentTypes[strings.ToLower(path.Ext(name))]
	return t.mediaType, ok
}

// DocumentExtension returns the extension of an accepted media type, e.g.
// ".pdf" for "application/pdf" (parameters such as "; charset" ignored),
// or "" for any other type. Where several extensions share a type the
// answer is the one DocumentMediaType maps to it.
func DocumentExtension(mediaType string) string {
	mt, _, _ := strings.Cut(mediaType, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	switch mt {
	case "application/x-rar-compressed", "application/x-rar":
		mt = "application/vnd.rar"
	case "application/x-zip-compressed":
		mt = "application/zip"
	}
	for _, ext := range DocumentExtensions() {
		if documentTypes[ext].mediaType == mt {
			return ext
		}
	}
	return ""
}

// SniffDocument checks a document by its name and its first bytes (head;
// DocumentSniffLen bytes suffice, fewer only for a file that short): the
// extension must be one of DocumentExtensions and the bytes must start as
// that format does — "%PDF-" for PDF, the OLE2 signature D0 CF 11 E0 for
// DOC and XLS, "PK" zip headers for DOCX, XLSX, ODT and ZIP, "Rar!" for
// RAR. It returns the media type, or an error wrapping ErrDocumentRefused
// that says which check failed, e.g. for an HTML page served as ".pdf". It
// reads nothing but head, and nothing is ever executed or rendered.
func SniffDocument(name string, head []byte) (string, error) {
	t, ok := documentTypes[strings.ToLower(path.Ext(name))]
	if !ok {
		return "", fmt.Errorf("%w: %q: want one of %s", ErrDocumentRefused, name, strings.Join(DocumentExtensions(), " "))
	}
	for _, m := range t.magic {
		if bytes.HasPrefix(head, m) {
			return t.mediaType, nil
		}
	}
	return "", fmt.Errorf("%w: %q does not start as a %s file does (%s)", ErrDocumentRefused, name,
		strings.ToUpper(t.ext[1:]), describeHead(head))
}

// describeHead names what head looks like, for SniffDocument's error.
func describeHead(head []byte) string {
	trimmed := bytes.TrimLeft(head, " \t\r\n\xEF\xBB\xBF")
	switch {
	case len(head) == 0:
		return "empty"
	case len(trimmed) > 0 && trimmed[0] == '<':
		return "it looks like HTML or XML"
	}
	for _, t := range documentTypes {
		for _, m := range t.magic {
			if bytes.HasPrefix(head, m) {
				return "it looks like " + strings.ToUpper(t.ext[1:]) + " or its family"
			}
		}
	}
	return fmt.Sprintf("first bytes % x", head[:min(len(head), DocumentSniffLen)])
}

// CleanFileName returns name made safe to show and to store: only the part
// after the last '/' or '\', valid UTF-8 in NFC, without control or
// formatting characters (bidirectional overrides included, so that a name
// cannot disguise its extension), runs of whitespace made one space, no
// leading dots or spaces, and at most MaxFileNameBytes bytes (a long stem is
// cut, the extension kept). A name with nothing left becomes "document". It
// is idempotent: a cleaned name comes back unchanged.
func CleanFileName(name string) string {
	for range 4 {
		next := cleanFileNameOnce(name)
		if next == name {
			return name
		}
		name = next
	}
	return "document"
}

// cleanFileNameOnce makes one pass of CleanFileName's rules; a pass can
// bring two marks together that normalisation then composes, so
// CleanFileName repeats it until nothing changes.
func cleanFileNameOnce(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			return -1
		case unicode.IsSpace(r):
			return ' '
		}
		return r
	}, strings.ToValidUTF8(name, ""))
	name = norm.NFC.String(name)
	name = strings.TrimLeft(strings.Join(strings.Fields(name), " "), ". ")
	ext := path.Ext(name)
	if len(ext) > 16 || strings.ContainsRune(ext, ' ') {
		ext = ""
	}
	stem := strings.TrimRight(strings.TrimSuffix(name, ext), " ")
	if stem == "" {
		return "document"
	}
	if len(stem)+len(ext) > MaxFileNameBytes {
		stem = strings.TrimRight(truncateBytes(stem, MaxFileNameBytes-len(ext)), " ")
	}
	return stem + ext
}

// truncateBytes returns the longest prefix of s of at most n bytes that
// ends on a rune boundary.
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
