package source

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
)

// Names of the legacy Vietnamese charsets newsbot converts, as decodeAs
// reports them.
const (
	charsetTCVN3  = "tcvn3"
	charsetVNI    = "vni"
	charsetVISCII = "viscii"
)

// legacyCharsets maps the labels pages use for the pre-Unicode Vietnamese
// encodings to the charset that converts them. VPS has no decoder: its
// labels map to "" and are refused.
var legacyCharsets = map[string]string{
	"tcvn": charsetTCVN3, "tcvn3": charsetTCVN3, "tcvn-3": charsetTCVN3, "tcvn5712": charsetTCVN3,
	"tcvn-5712": charsetTCVN3, "tcvn5712-1": charsetTCVN3, "tcvn5712-3": charsetTCVN3, "x-viet-tcvn": charsetTCVN3,
	"x-viet-tcvn5712": charsetTCVN3, "vn3": charsetTCVN3, "abc": charsetTCVN3,
	"vni": charsetVNI, "vni-win": charsetVNI, "vni-windows": charsetVNI, "x-viet-vni": charsetVNI,
	"viscii": charsetVISCII, "x-viet-viscii": charsetVISCII, "csviscii": charsetVISCII,
	"vps": "", "x-viet-vps": "",
}

// decodeLegacy converts body from a legacy Vietnamese charset (one of the
// charset* names) to UTF-8; the caller normalizes to NFC, which composes
// the combining marks TCVN3 and VNI may leave. Every byte decodes to
// something: the output is always valid UTF-8.
func decodeLegacy(body []byte, charset string) string {
	table := &vniTable
	switch charset {
	case charsetTCVN3:
		table = &tcvn3Table
	case charsetVISCII:
		table = &visciiTable
	}
	var b strings.Builder
	b.Grow(len(body) + len(body)/2)
	for _, c := range body {
		b.WriteString(table[c])
	}
	return b.String()
}

// The decoders as tables of what each byte decodes to.
var (
	tcvn3Table  = byteTable(tcvn3Rune)
	visciiTable = byteTable(visciiRune)
	vniTable    = byteTable(vniText)
)

// byteTable tabulates decode for every byte value: t[c] is what byte c
// decodes to, as a string, so that decoding a text is one lookup a byte.
func byteTable[T rune | string](decode func(byte) T) (t [256]string) {
	for c := range t {
		t[c] = string(decode(byte(c)))
	}
	return t
}

// tcvn3Rune decodes one byte of TCVN3 as the ABC fonts (.VnTime…) and
// converters like UniKey use it: TCVN 5712:1993 (VN1) except at 0x80–0x9F,
// where those fonts keep Windows-1252's punctuation (quotes, dashes, …)
// rather than VN1's toned capitals; only the five bytes Windows-1252
// leaves unassigned (0x81 0x8D 0x8F 0x90 0x9D) keep their VN1 capital.
func tcvn3Rune(c byte) rune {
	if c >= 0x80 && c < 0xA0 {
		if r := charmap.Windows1252.DecodeByte(c); r != utf8.RuneError {
			return r
		}
	}
	if c >= 0x80 {
		return tcvn3High[c-0x80]
	}
	if r, ok := tcvn3Low[c]; ok {
		return r
	}
	return rune(c)
}

// visciiRune decodes one byte of VISCII 1.1 (RFC 1456).
func visciiRune(c byte) rune {
	if c >= 0x80 {
		return visciiHigh[c-0x80]
	}
	if r, ok := visciiLow[c]; ok {
		return r
	}
	return rune(c)
}

// vniText decodes one byte of VNI-Windows: a letter of its own (ơ, ư, đ and
// the i/y letters the fonts have precomposed), or the diacritics that
// follow a base letter, as combining marks NFC then composes ("a" 0xF9 is
// a + U+0301, "á"). Bytes that are neither are Windows-1252 (its five
// unassigned bytes the C1 controls of the same value, as in WHATWG's).
func vniText(c byte) string {
	if s, ok := vniBytes[c]; ok {
		return s
	}
	if r := charmap.Windows1252.DecodeByte(c); r != utf8.RuneError {
		return string(r)
	}
	return string(rune(c))
}

// Tables. TCVN3 and VISCII are those of GNU libiconv (lib/tcvn.h and
// lib/viscii.h, read in github.com/koron/libiconv), checked byte for byte
// against glibc's iconv (TCVN5712-1, VISCII); TCVN3's lower-case letters
// were also checked against UniKey's (fcitx/fcitx5-unikey unikey/data.cpp,
// which also keeps Windows-1252's symbols at 0x80–0x9F and gives toned
// capitals the codes of the lower-case letters), khiemdoan/VBKey
// Modules/mdlCodeTable.bas and duydev/vietnamese-conversion
// src/charsets.ts. The VNI marks agree, for all 134 letters, with the VNI
// tables of the last two.

// tcvn3High is TCVN 5712 from 0x80: upper-case letters with tones at
// 0x80–0x9F (VN1 only; tcvn3Rune mostly prefers Windows-1252 there), the
// letters with their own base at 0xA1–0xAE, the
// five tone marks as combining characters at 0xB0–0xB4, and the lower-case
// toned letters (with VN1's remaining capitals in the gaps) at 0xB5–0xFF.
var tcvn3High = [128]rune{
	0x00C0, 0x1EA2, 0x00C3, 0x00C1, 0x1EA0, 0x1EB6, 0x1EAC, 0x00C8,
	0x1EBA, 0x1EBC, 0x00C9, 0x1EB8, 0x1EC6, 0x00CC, 0x1EC8, 0x0128,
	0x00CD, 0x1ECA, 0x00D2, 0x1ECE, 0x00D5, 0x00D3, 0x1ECC, 0x1ED8,
	0x1EDC, 0x1EDE, 0x1EE0, 0x1EDA, 0x1EE2, 0x00D9, 0x1EE6, 0x0168,
	0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,
	0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0,
	0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3,
	0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4,
	0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7,
	0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD,
	0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,
	0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2,
	0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,
	0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,
	0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,
	0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,
}

// tcvn3Low are the C0 positions TCVN 5712 (VN1) gives to capitals.
var tcvn3Low = map[byte]rune{
	0x01: 'Ú', 0x02: 'Ụ', 0x04: 'Ừ', 0x05: 'Ử', 0x06: 'Ữ', 0x11: 'Ứ',
	0x12: 'Ự', 0x13: 'Ỳ', 0x14: 'Ỷ', 0x15: 'Ỹ', 0x16: 'Ý', 0x17: 'Ỵ',
}

// visciiHigh is VISCII from 0x80.
var visciiHigh = [128]rune{
	0x1EA0, 0x1EAE, 0x1EB0, 0x1EB6, 0x1EA4, 0x1EA6, 0x1EA8, 0x1EAC,
	0x1EBC, 0x1EB8, 0x1EBE, 0x1EC0, 0x1EC2, 0x1EC4, 0x1EC6, 0x1ED0,
	0x1ED2, 0x1ED4, 0x1ED6, 0x1ED8, 0x1EE2, 0x1EDA, 0x1EDC, 0x1EDE,
	0x1ECA, 0x1ECE, 0x1ECC, 0x1EC8, 0x1EE6, 0x0168, 0x1EE4, 0x1EF2,
	0x00D5, 0x1EAF, 0x1EB1, 0x1EB7, 0x1EA5, 0x1EA7, 0x1EA9, 0x1EAD,
	0x1EBD, 0x1EB9, 0x1EBF, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EC7, 0x1ED1,
	0x1ED3, 0x1ED5, 0x1ED7, 0x1EE0, 0x01A0, 0x1ED9, 0x1EDD, 0x1EDF,
	0x1ECB, 0x1EF0, 0x1EE8, 0x1EEA, 0x1EEC, 0x01A1, 0x1EDB, 0x01AF,
	0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x1EA2, 0x0102, 0x1EB3, 0x1EB5,
	0x00C8, 0x00C9, 0x00CA, 0x1EBA, 0x00CC, 0x00CD, 0x0128, 0x1EF3,
	0x0110, 0x1EE9, 0x00D2, 0x00D3, 0x00D4, 0x1EA1, 0x1EF7, 0x1EEB,
	0x1EED, 0x00D9, 0x00DA, 0x1EF9, 0x1EF5, 0x00DD, 0x1EE1, 0x01B0,
	0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x1EA3, 0x0103, 0x1EEF, 0x1EAB,
	0x00E8, 0x00E9, 0x00EA, 0x1EBB, 0x00EC, 0x00ED, 0x0129, 0x1EC9,
	0x0111, 0x1EF1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x1ECF, 0x1ECD,
	0x1EE5, 0x00F9, 0x00FA, 0x0169, 0x1EE7, 0x00FD, 0x1EE3, 0x1EEE,
}

// visciiLow are the six C0 positions VISCII gives to capitals.
var visciiLow = map[byte]rune{0x02: 'Ẳ', 0x05: 'Ẵ', 0x06: 'Ẫ', 0x14: 'Ỷ', 0x19: 'Ỹ', 0x1E: 'Ỵ'}

// vniBytes is VNI-Windows: each lower-case byte, and the same byte less
// 0x20 for capitals (vniUpper adds those).
var vniBytes = vniUpper(map[byte]string{
	0xF8: "\u0300", 0xF9: "\u0301", 0xFB: "\u0309", 0xF5: "\u0303", 0xEF: "\u0323", // grave, acute, hook, tilde, dot below
	0xE2: "\u0302", 0xEA: "\u0306", // circumflex (â ê ô), breve (ă)
	0xE0: "\u0302\u0300", 0xE1: "\u0302\u0301", 0xE5: "\u0302\u0309", 0xE3: "\u0302\u0303", 0xE4: "\u0302\u0323",
	0xE8: "\u0306\u0300", 0xE9: "\u0306\u0301", 0xFA: "\u0306\u0309", 0xFC: "\u0306\u0303", 0xEB: "\u0306\u0323",
	0xEC: "ì", 0xED: "í", 0xE6: "ỉ", 0xF3: "ĩ", 0xF2: "ị", 0xEE: "ỵ", 0xF1: "đ", 0xF4: "ơ", 0xF6: "ư",
})

// vniUpper returns lower (VNI's lower-case bytes) with, for each byte c,
// byte c-0x20 mapped to the upper case of c's text: VNI places each
// capital 0x20 below its lower-case letter. lower is not changed.
func vniUpper(lower map[byte]string) map[byte]string {
	all := make(map[byte]string, 2*len(lower))
	for c, s := range lower {
		all[c] = s
		all[c-0x20] = strings.ToUpper(s)
	}
	return all
}

// Font names that give away a page typed in a legacy charset: the ABC
// fonts (.VnTime, .VnTimeH, .VnArial…) are TCVN3, the VNI fonts
// (VNI-Times, VNI-Helve…) are VNI. A name counts only after a quote,
// comma, colon, equals sign, semicolon or white space, so host names like
// www.vntime.vn do not.
var abcFamilies = []string{"time", "arial", "helvet", "century", "courier", "book", "avant", "bodoni", "black",
	"clarendon", "commercial", "cooper", "free", "gothic", "lucida", "souvenir", "univers", "aptima", "aristote",
	"bahamas", "shelley", "present", "tifani", "vogue"}

// sniffLegacy returns the legacy charset of a body that declares no
// charset, or Windows-1252/ISO-8859-1 (which legacy pages often falsely
// declare), and is not UTF-8, when its font names give one away (the more
// frequent of the two); else "".
func sniffLegacy(body []byte, label string) string {
	if label = strings.ToLower(strings.TrimSpace(label)); label != "" {
		enc, err := htmlindex.Get(label)
		if err != nil {
			return ""
		}
		if name, _ := htmlindex.Name(enc); name != "windows-1252" {
			return ""
		}
	}
	if utf8.Valid(body) || hasBOM(body) {
		return ""
	}
	tcvn, vni := countFonts(body)
	switch {
	case tcvn == 0 && vni == 0:
		return ""
	case vni > tcvn:
		return charsetVNI
	default:
		return charsetTCVN3
	}
}

// countFonts counts the ABC and the VNI font names in body.
func countFonts(body []byte) (abc, vni int) {
	low := make([]byte, len(body))
	for i, c := range body {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	delimited := func(i int) bool {
		return i == 0 || strings.IndexByte(" \t\r\n\"',:=;", low[i-1]) >= 0
	}
	for i := 0; ; {
		j := bytes.Index(low[i:], []byte(".vn"))
		if j < 0 {
			break
		}
		i += j
		if delimited(i) {
			for _, f := range abcFamilies {
				if bytes.HasPrefix(low[i+3:], []byte(f)) {
					abc++
					break
				}
			}
		}
		i += 3
	}
	for i := 0; ; {
		j := bytes.Index(low[i:], []byte("vni-"))
		if j < 0 {
			break
		}
		i += j
		if delimited(i) && i+4 < len(low) && 'a' <= low[i+4] && low[i+4] <= 'z' {
			vni++
		}
		i += 4
	}
	return abc, vni
}

// hasBOM reports whether body starts with a Unicode byte order mark
// (UTF-8, UTF-16 BE or LE), which settles its encoding: such a page is
// never taken for a legacy charset.
func hasBOM(body []byte) bool {
	return bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) || bytes.HasPrefix(body, []byte("\xFE\xFF")) || bytes.HasPrefix(body, []byte("\xFF\xFE"))
}

// upperHFonts upper-cases the text of elements set in a TCVN3 capitals
// font (.VnTimeH, .VnArialH…): those fonts draw capitals at the codes of
// the lower-case letters, so the text decodes in lower case. Only a font
// named in the element's own face attribute or style counts, not one set
// by a style sheet.
func upperHFonts(doc *goquery.Document) {
	doc.Find("[face], [style]").Each(func(_ int, s *goquery.Selection) {
		face, _ := s.Attr("face")
		style, _ := s.Attr("style")
		if !isHFont(face) && !isHFont(styleFont(style)) {
			return
		}
		for _, n := range s.Nodes {
			upperText(n)
		}
	})
}

var fontFamily = regexp.MustCompile(`(?i)font-family\s*:\s*([^;]*)`)

// styleFont returns the font-family list of an inline style.
func styleFont(style string) string {
	if m := fontFamily.FindStringSubmatch(style); m != nil {
		return m[1]
	}
	return ""
}

// isHFont reports whether the first family of a font list is an ABC
// capitals font: ".Vn…H".
func isHFont(list string) bool {
	first, _, _ := strings.Cut(list, ",")
	name := strings.ToLower(strings.Trim(strings.TrimSpace(first), `"'`))
	return strings.HasPrefix(name, ".vn") && strings.HasSuffix(name, "h")
}

// upperText upper-cases, in place, the text of n and of every node below
// it; elements and attributes are left as they are.
func upperText(n *html.Node) {
	if n.Type == html.TextNode {
		n.Data = strings.ToUpper(n.Data)
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		upperText(c)
	}
}
