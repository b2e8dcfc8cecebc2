package source

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// ErrCharset means a body's charset is unknown or not supported.
var ErrCharset = errors.New("unsupported charset")

// fallbackCharset is assumed for a body that declares no charset and is
// not valid UTF-8: the legacy charset of Vietnamese Windows pages.
const fallbackCharset = "windows-1258"

// sniffLen is how much of a body is searched for a declared charset.
const sniffLen = 8 << 10

var (
	metaCharset = regexp.MustCompile(`(?is)<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9_:.+-]+)`)
	xmlEncoding = regexp.MustCompile(`(?s)\A\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9_:.+-]+)["']`)
	xmlDecl     = regexp.MustCompile(`(?s)\A(\s*<\?xml\b[^>]*?\bencoding\s*=\s*["'])([A-Za-z0-9_:.+-]+)(["'])`)
)

// decodeHTML returns an HTML body as UTF-8 in NFC, and the charset it was
// read in. The charset comes from a byte order mark, else the Content-Type
// header's charset parameter, else a <meta charset> or <meta http-equiv>
// in the first 8 KiB; a body that declares none is UTF-8 when it is valid
// UTF-8 and Windows-1258 otherwise. A body that is not UTF-8 and declares
// nothing, or Windows-1252/ISO-8859-1, is TCVN3 or VNI when its font names
// say so (.VnTime…, VNI-Times…). Bytes invalid in the charset become
// U+FFFD. Labels are those of the WHATWG Encoding Standard, plus
// windows-1258 and the legacy Vietnamese TCVN3, VNI and VISCII; VPS fails
// with ErrCharset.
func decodeHTML(body []byte, contentType string) (string, string, error) {
	label := headerCharset(contentType)
	if label == "" {
		if m := metaCharset.FindSubmatch(head(body)); m != nil {
			label = string(m[1])
		}
	}
	if legacy := sniffLegacy(body, label); legacy != "" {
		label = legacy
	}
	return decodeAs(body, label)
}

// decodeXML returns a feed body as UTF-8 in NFC, with its XML declaration
// rewritten to say so. The charset comes from a byte order mark, else the
// Content-Type header (which, as RFC 7303 says, wins over the document),
// else the XML declaration, else as for decodeHTML.
func decodeXML(body []byte, contentType string) ([]byte, string, error) {
	label := headerCharset(contentType)
	if label == "" {
		if m := xmlEncoding.FindSubmatch(head(body)); m != nil {
			label = string(m[1])
		}
	}
	s, name, err := decodeAs(body, label)
	if err != nil {
		return nil, "", err
	}
	out := xmlDecl.ReplaceAllString(s, "${1}UTF-8${3}")
	return []byte(out), name, nil
}

// decodeAs decodes body from the charset label names ("" when unknown).
func decodeAs(body []byte, label string) (string, string, error) {
	switch {
	case bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")):
		return nfc(body[3:]), "utf-8", nil
	case bytes.HasPrefix(body, []byte("\xFE\xFF")), bytes.HasPrefix(body, []byte("\xFF\xFE")):
		out, err := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder().Bytes(body)
		if err != nil {
			return "", "", fmt.Errorf("%w: utf-16: %w", ErrCharset, err)
		}
		return nfc(out), "utf-16", nil
	}
	label = strings.ToLower(strings.TrimSpace(label))
	if label == "" {
		if utf8.Valid(body) {
			return nfc(body), "utf-8", nil
		}
		label = fallbackCharset
	}
	if charset, ok := legacyCharsets[label]; ok {
		if charset == "" {
			return "", "", fmt.Errorf("%w: %q (VPS is not converted; ask the portal for UTF-8)", ErrCharset, label)
		}
		return nfc([]byte(decodeLegacy(body, charset))), charset, nil
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return "", "", fmt.Errorf("%w: %q", ErrCharset, label)
	}
	name, _ := htmlindex.Name(enc)
	if name == "utf-8" {
		return nfc(body), name, nil
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return "", "", fmt.Errorf("%w: %s: %w", ErrCharset, name, err)
	}
	return nfc(out), name, nil
}

// headerCharset returns the charset parameter of a Content-Type header.
func headerCharset(contentType string) string {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return params["charset"]
}

func head(b []byte) []byte {
	if len(b) > sniffLen {
		return b[:sniffLen]
	}
	return b
}

// nfc returns b as valid UTF-8 in NFC (Windows-1258 writes tones as
// combining marks, which NFC composes).
func nfc(b []byte) string {
	return norm.NFC.String(strings.ToValidUTF8(string(b), "\uFFFD"))
}
