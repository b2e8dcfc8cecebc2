package inbox

import (
	"path"
	"strings"

	"newsbot/content"
)

// attachmentLabels start the line of an export that names a document
// beside it: "Tệp đính kèm: cong-van-112.pdf". They are compared in lower
// case, so "TỆP ĐÍNH KÈM" and "File đính kèm" count too.
var attachmentLabels = []string{"tệp đính kèm", "file đính kèm"}

// labelSeparators part a document's name from its label on an attachment
// line: "Tệp đính kèm: cong-van-112.pdf – Công văn số 112/UBND-VP".
var labelSeparators = []string{" – ", " — ", " - ", " | "}

// MaxAttachmentLabelRunes caps the label of an attachment line.
const MaxAttachmentLabelRunes = 300

// takeAttachmentLines returns the lines of an export's body with its
// attachment lines blanked (a blank line only separates paragraphs), and
// the documents they name, in order, each name once. See
// parseAttachmentLine for the form.
func takeAttachmentLines(lines []string) ([]string, []content.Attachment) {
	var atts []content.Attachment
	for i, l := range lines {
		att, ok := parseAttachmentLine(l)
		if !ok {
			continue
		}
		lines[i] = ""
		dup := false
		for _, a := range atts {
			dup = dup || a.Name == att.Name
		}
		if !dup {
			atts = append(atts, att)
		}
	}
	return lines, atts
}

// parseAttachmentLine reads a line "Tệp đính kèm: NAME" or "Tệp đính kèm:
// NAME – LABEL" (also "File đính kèm:"; the separator an en or em dash, a
// spaced hyphen or " | "), where NAME ends in one of DocumentExtensions and
// is at most maxImageName bytes. Any other line, "Tệp đính kèm: xem cổng
// thông tin" among them, is not one and stays text. The name is returned as
// written: whether it is a plain file name is for the reader of the files
// to judge.
func parseAttachmentLine(l string) (content.Attachment, bool) {
	if len(l) > maxImageName+MaxAttachmentLabelRunes*4+32 {
		return content.Attachment{}, false
	}
	rest, ok := "", false
	for _, p := range attachmentLabels {
		if len(l) > len(p) && strings.EqualFold(l[:len(p)], p) {
			rest, ok = strings.TrimLeftFunc(l[len(p):], isExportSpace), true
			break
		}
	}
	if !ok || !strings.HasPrefix(rest, ":") {
		return content.Attachment{}, false
	}
	rest = strings.TrimFunc(rest[1:], isExportSpace)
	if isDocumentName(rest) {
		return content.Attachment{Name: rest}, true
	}
	for _, sep := range labelSeparators {
		name, label, found := strings.Cut(rest, sep)
		name = strings.TrimFunc(name, isExportSpace)
		if found && isDocumentName(name) {
			return content.Attachment{Name: name, Label: capText(strings.TrimFunc(label, isExportSpace), MaxAttachmentLabelRunes)}, true
		}
	}
	return content.Attachment{}, false
}

// isDocumentName reports whether s can be a document's name on an
// attachment line: an accepted extension after a non-empty stem, at most
// maxImageName bytes.
func isDocumentName(s string) bool {
	_, ok := content.DocumentMediaType(s)
	stem := strings.TrimRightFunc(s[:len(s)-len(path.Ext(s))], isExportSpace)
	return ok && stem != "" && len(s) <= maxImageName
}
