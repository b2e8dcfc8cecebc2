package source

import (
	"bytes"
	"errors"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"newsbot/content"
)

// vietLetters are the 134 letters of Vietnamese that are not ASCII.
const vietLetters = "àáảãạâầấẩẫậăằắẳẵặđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ" +
	"ÀÁẢÃẠÂẦẤẨẪẬĂẰẮẲẴẶĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"

// legacyEncoder returns an encoder for charset built by inverting its
// decoder: each single byte, and each pair of a base (any byte) and a mark
// byte, mapped back from what it decodes to; shorter sequences win.
func legacyEncoder(t *testing.T, charset string) func(string) []byte {
	t.Helper()
	inv := map[string][]byte{}
	add := func(seq ...byte) {
		s := norm.NFC.String(decodeLegacy(seq, charset))
		if _, ok := inv[s]; !ok && utf8.RuneCountInString(s) == 1 {
			inv[s] = seq
		}
	}
	for c := 0; c < 256; c++ {
		add(byte(c))
	}
	for base := 0x20; base < 256; base++ {
		for mark := 0x80; mark < 256; mark++ {
			add(byte(base), byte(mark))
		}
	}
	return func(s string) []byte {
		var out []byte
		for _, r := range s {
			seq, ok := inv[string(r)]
			if !ok {
				t.Fatalf("%s cannot encode %q", charset, r)
			}
			out = append(out, seq...)
		}
		return out
	}
}

// Ensure that byte sequences checked by hand against published tables
// decode right, so a wrong table fails.
func TestDecodeLegacyKnownBytes(t *testing.T) {
	tests := []struct {
		charset, in, want string
	}{
		// TCVN3 (GNU libiconv lib/tcvn.h; glibc iconv TCVN5712-1 agrees):
		// 0xAB ô, 0xB8 á, 0xB6 ả, 0xBE ắ, 0xAD ư, 0xEA ờ, 0xAC ơ,
		// 0xA7 Đ, 0xAE đ, 0xD6 ệ; 0xB0-0xB4 combining tone marks.
		{charsetTCVN3, "Th\xabng b\xb8o", "Thông báo"},
		{charsetTCVN3, "B\xb6o Th\xbeng, M\xad\xeang Kh\xad\xacng", "Bảo Thắng, Mường Khương"},
		{charsetTCVN3, "\xa7\xb8nh gi\xb8 \xaei\xd6n", "Đánh giá điện"},
		{charsetTCVN3, "a\xb3 o\xb4", "á ọ"},
		// ABC keeps Windows-1252's punctuation (UniKey's TCVN3 table).
		{charsetTCVN3, "\x93Tr\xad\xeang\x94 \x96 \x85", "“Trường” – …"},
		// VNI (duydev/vietnamese-conversion README: "Xin chào các bạn" is
		// "Xin chaøo caùc baïn"; khiemdoan/VBKey agrees): 0xF8 grave,
		// 0xF9 acute, 0xEF dot below, 0xE2 circumflex, 0xF6 ư, 0xF4 ơ,
		// 0xD1 Đ, 0xC2/0xD9 capital circumflex/acute.
		{charsetVNI, "Xin cha\xf8o ca\xf9c ba\xefn", "Xin chào các bạn"},
		{charsetVNI, "\xd1a\xeang bo\xe4, ng\xf6\xf4\xf8i Ch\xed Minh", "Đăng bộ, người Chí Minh"},
		{charsetVNI, "VIE\xc4T NAM, NGA\xd8Y, \xd6\xd4\xd9C", "VIỆT NAM, NGÀY, ƯỚC"},
		{charsetVNI, "ca\xe9t \xe6 s\xf3 \xf2 k\xee \xec \xf3", "cắt ỉ sĩ ị kỵ ì ĩ"},
		// VISCII (RFC 1456 via GNU libiconv lib/viscii.h; glibc iconv
		// agrees): 0xAE ệ, 0xF0 đ, 0xD0 Đ, 0xB4 Ơ, 0x02 Ẳ.
		{charsetVISCII, "Vi\xaet Nam \xf0\xd0 \xb4 \x02", "Việt Nam đĐ Ơ Ẳ"},
	}
	for _, tc := range tests {
		got := nfc([]byte(decodeLegacy([]byte(tc.in), tc.charset)))
		if got != tc.want {
			t.Errorf("%s %q = %q, want %q", tc.charset, tc.in, got, tc.want)
		}
	}
}

// Ensure that real sentences, and every Vietnamese letter, come back from
// each legacy charset through the same decoding a page or feed gets.
func TestDecodeLegacySentences(t *testing.T) {
	sentences := []string{
		"Ủy ban nhân dân huyện thông báo tuyển dụng viên chức năm 2021.",
		"Đảng bộ xã tổ chức hội nghị sơ kết công tác xây dựng Đảng 6 tháng đầu năm.",
		"Người dân cần chủ động phòng, chống dịch bệnh; không tụ tập đông người nơi công cộng.",
		"Trường Trung học cơ sở Nguyễn Trãi khánh thành phòng học mới, tổng kinh phí gần 3 tỷ đồng.",
		"ƯU TIÊN GIẢI QUYẾT ĐƠN THƯ KHIẾU NẠI, TỐ CÁO CỦA CÔNG DÂN Ở ẤP Mỹ Lợi.",
		vietLetters,
	}
	for _, tc := range []struct{ label, charset string }{
		{"TCVN3", charsetTCVN3}, {"x-viet-tcvn5712", charsetTCVN3}, {"VNI-Win", charsetVNI}, {"viscii", charsetVISCII},
	} {
		enc := legacyEncoder(t, tc.charset)
		for _, s := range sentences {
			got, name, err := decodeAs(enc(s), tc.label)
			if err != nil || name != tc.charset || got != s {
				t.Errorf("%s: got %q in %s (%v), want %q", tc.label, got, name, err, s)
			}
		}
	}
}

// Ensure that a page that declares no charset, or Windows-1252/ISO-8859-1,
// is read as TCVN3 or VNI when its fonts say so, and only then.
func TestDecodeSniffsLegacyFonts(t *testing.T) {
	tcvn := string(legacyEncoder(t, charsetTCVN3)("Thông báo hội nghị"))
	vni := string(legacyEncoder(t, charsetVNI)("Thông báo hội nghị"))
	tests := []struct {
		name, body, ctype, charset string
	}{
		{"VnTime undeclared", `<p style="font-family:.VnTime">` + tcvn, "text/html", charsetTCVN3},
		{"VnArial as latin1", `<font face='.VnArial'>` + tcvn, "text/html; charset=iso-8859-1", charsetTCVN3},
		{"VnTimeH in meta windows-1252", `<meta charset="windows-1252"><font face=".VnTimeH">` + tcvn, "", charsetTCVN3},
		{"VNI undeclared", `<font face="VNI-Times">` + vni, "text/html", charsetVNI},
		{"VNI as windows-1252", `<body style="font-family: VNI-Helve, sans-serif">` + vni, "text/html; charset=windows-1252", charsetVNI},
		{"more VNI than ABC", `<font face="VNI-Times">a</font><font face="VNI-Times">` + vni + `</font><font face=".VnTime">`, "", charsetVNI},
		{"declared windows-1258 wins", `<font face=".VnTime">` + tcvn, "text/html; charset=windows-1258", "windows-1258"},
		{"declared utf-8 wins", `<font face=".VnTime">` + tcvn, "text/html; charset=utf-8", "utf-8"},
		{"valid UTF-8 stays UTF-8", `<font face=".VnTime">Thông báo`, "", "utf-8"},
		{"host name is no font", `<a href="http://www.vntime.vn/vni-times">` + tcvn, "", "windows-1258"},
		{"no font falls back", tcvn, "", "windows-1258"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, name, err := decodeHTML([]byte(tc.body), tc.ctype)
			if err != nil {
				t.Fatal(err)
			}
			if name != tc.charset {
				t.Fatalf("charset %s, want %s", name, tc.charset)
			}
			if (name == charsetTCVN3 || name == charsetVNI) && !strings.Contains(s, "Thông báo hội nghị") {
				t.Fatalf("decoded %q", s)
			}
		})
	}
}

// Ensure that VPS, which has no decoder, is still refused by name.
func TestDecodeRefusesVPS(t *testing.T) {
	for _, ct := range []string{"text/html; charset=VPS", "text/html; charset=x-viet-vps"} {
		_, _, err := decodeHTML([]byte("abc"), ct)
		if !errors.Is(err, ErrCharset) || !strings.Contains(err.Error(), "VPS") {
			t.Errorf("%s: err = %v, want ErrCharset naming VPS", ct, err)
		}
	}
}

// Ensure that a TCVN3 page that declares no charset, typed in .VnTime with
// its headline in .VnTimeH, reads right: title in capitals, date, body.
func TestParseArticleTCVN3(t *testing.T) {
	it, err := ParseArticle(fixture(t, "tcvn3.html"), "text/html", mustURL(t, "http://huyen.example.vn/tcd.html"), Selectors{})
	if err != nil {
		t.Fatal(err)
	}
	if it.Title != "THÔNG BÁO LỊCH TIẾP CÔNG DÂN THÁNG 5 NĂM 2021" {
		t.Errorf("title %q", it.Title)
	}
	if !it.Published.Equal(time.Date(2021, 5, 4, 8, 0, 0, 0, content.VietnamZone())) {
		t.Errorf("published %v", it.Published)
	}
	body := strings.Join(it.Paragraphs, "\n")
	for _, want := range []string{
		"Chủ tịch ủy ban nhân dân huyện tiếp công dân định kỳ vào sáng thứ năm hằng tuần",
		"số 12 đường Trần Hưng Đạo.",
		"đơn thư gửi qua bộ phận một cửa",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	checkItemText(t, it)
}

// Ensure that a VNI page that falsely declares Windows-1252 reads right.
func TestParseArticleVNI(t *testing.T) {
	it, err := ParseArticle(fixture(t, "vni.html"), "text/html", mustURL(t, "http://xa.example.vn/lut-bao.html"), Selectors{})
	if err != nil {
		t.Fatal(err)
	}
	if it.Title != "Kế hoạch phòng chống lụt bão và tìm kiếm cứu nạn năm 2021" {
		t.Errorf("title %q", it.Title)
	}
	if !it.Published.Equal(time.Date(2021, 6, 20, 14, 30, 0, 0, content.VietnamZone())) {
		t.Errorf("published %v", it.Published)
	}
	body := strings.Join(it.Paragraphs, "\n")
	for _, want := range []string{
		"Ủy ban nhân dân xã yêu cầu các thôn, ấp rà soát những hộ dân đang sống ở vùng trũng thấp",
		"Lực lượng dân quân thường trực 24/24 giờ; Ban chỉ huy phòng chống thiên tai xã",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	checkItemText(t, it)
}

// Ensure that every byte decodes in every legacy charset, to one text.
func TestDecodeLegacyEveryByte(t *testing.T) {
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	names := make([]string, 0, len(legacyCharsets))
	for label, charset := range legacyCharsets {
		if charset != "" {
			names = append(names, label)
		}
	}
	sort.Strings(names)
	for _, label := range names {
		s, _, err := decodeAs(all, label)
		if err != nil || !utf8.ValidString(s) || strings.ContainsRune(s, utf8.RuneError) || !norm.NFC.IsNormalString(s) {
			t.Errorf("%s: %v, %q", label, err, s)
		}
	}
}

// Ensure that no body, in any legacy charset, panics the decoder or gives
// anything but valid UTF-8 NFC.
func FuzzDecodeLegacy(f *testing.F) {
	f.Add(fixture(f, "tcvn3.html"), uint8(0))
	f.Add(fixture(f, "vni.html"), uint8(1))
	f.Add([]byte("Vi\xaet Nam \x02\x05"), uint8(2))
	f.Add([]byte("\xe2\xe2\xf9\xd9\xb0\xb3a\xb4"), uint8(1))
	charsets := []string{charsetTCVN3, charsetVNI, charsetVISCII}
	f.Fuzz(func(t *testing.T, body []byte, which uint8) {
		charset := charsets[int(which)%len(charsets)]
		s, name, err := decodeAs(body, charset)
		if err != nil {
			if !errors.Is(err, ErrCharset) {
				t.Fatalf("err %v", err)
			}
			return
		}
		if !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) {
			t.Fatalf("%s: %q is not valid UTF-8 NFC", name, s)
		}
		s, _, err = decodeHTML(body, "")
		if err != nil && !errors.Is(err, ErrCharset) {
			t.Fatalf("undeclared: %v", err)
		}
		if err == nil && (!utf8.ValidString(s) || !norm.NFC.IsNormalString(s)) {
			t.Fatalf("undeclared: %q is not valid UTF-8 NFC", s)
		}
	})
}

// Upper halves of TCVN3 and VISCII as glibc's iconv decodes them
// (iconv -f TCVN5712-1 / -f VISCII, one byte at a time): a table
// independent of the one decodeLegacy uses (GNU libiconv's). For TCVN3,
// what Windows-1252 assigns at 0x80–0x9F wins, as in the ABC fonts.
var glibcUpperHalf = map[string]string{
	charsetTCVN3:  "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ\u00A0ĂÂÊÔƠƯĐăâêôơưđẰ\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịòỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ",
	charsetVISCII: "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲÕắằặấầẩậẽẹếềểễệốồổỗỠƠộờởịỰỨỪỬơớƯÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳĐứÒÓÔạỷừửÙÚỹỵÝỡưàáâãảăữẫèéêẻìíĩỉđựòóôõỏọụùúũủýợỮ",
}

// vniLetters are the 134 letters in VNI-Windows as the tables of
// duydev/vietnamese-conversion (src/charsets.ts) give them, bytes of
// Windows-1252 glyphs there.
var vniLetters = map[string]string{
	"À": "A\xd8",
	"Á": "A\xd9",
	"Â": "A\xc2",
	"Ã": "A\xd5",
	"È": "E\xd8",
	"É": "E\xd9",
	"Ê": "E\xc2",
	"Ì": "\xcc",
	"Í": "\xcd",
	"Ò": "O\xd8",
	"Ó": "O\xd9",
	"Ô": "O\xc2",
	"Õ": "O\xd5",
	"Ù": "U\xd8",
	"Ú": "U\xd9",
	"Ý": "Y\xd9",
	"à": "a\xf8",
	"á": "a\xf9",
	"â": "a\xe2",
	"ã": "a\xf5",
	"è": "e\xf8",
	"é": "e\xf9",
	"ê": "e\xe2",
	"ì": "\xec",
	"í": "\xed",
	"ò": "o\xf8",
	"ó": "o\xf9",
	"ô": "o\xe2",
	"õ": "o\xf5",
	"ù": "u\xf8",
	"ú": "u\xf9",
	"ý": "y\xf9",
	"Ă": "A\xca",
	"ă": "a\xea",
	"Đ": "\xd1",
	"đ": "\xf1",
	"Ĩ": "\xd3",
	"ĩ": "\xf3",
	"Ũ": "U\xd5",
	"ũ": "u\xf5",
	"Ơ": "\xd4",
	"ơ": "\xf4",
	"Ư": "\xd6",
	"ư": "\xf6",
	"Ạ": "A\xcf",
	"ạ": "a\xef",
	"Ả": "A\xdb",
	"ả": "a\xfb",
	"Ấ": "A\xc1",
	"ấ": "a\xe1",
	"Ầ": "A\xc0",
	"ầ": "a\xe0",
	"Ẩ": "A\xc5",
	"ẩ": "a\xe5",
	"Ẫ": "A\xc3",
	"ẫ": "a\xe3",
	"Ậ": "A\xc4",
	"ậ": "a\xe4",
	"Ắ": "A\xc9",
	"ắ": "a\xe9",
	"Ằ": "A\xc8",
	"ằ": "a\xe8",
	"Ẳ": "A\xda",
	"ẳ": "a\xfa",
	"Ẵ": "A\xdc",
	"ẵ": "a\xfc",
	"Ặ": "A\xcb",
	"ặ": "a\xeb",
	"Ẹ": "E\xcf",
	"ẹ": "e\xef",
	"Ẻ": "E\xdb",
	"ẻ": "e\xfb",
	"Ẽ": "E\xd5",
	"ẽ": "e\xf5",
	"Ế": "E\xc1",
	"ế": "e\xe1",
	"Ề": "E\xc0",
	"ề": "e\xe0",
	"Ể": "E\xc5",
	"ể": "e\xe5",
	"Ễ": "E\xc3",
	"ễ": "e\xe3",
	"Ệ": "E\xc4",
	"ệ": "e\xe4",
	"Ỉ": "\xc6",
	"ỉ": "\xe6",
	"Ị": "\xd2",
	"ị": "\xf2",
	"Ọ": "O\xcf",
	"ọ": "o\xef",
	"Ỏ": "O\xdb",
	"ỏ": "o\xfb",
	"Ố": "O\xc1",
	"ố": "o\xe1",
	"Ồ": "O\xc0",
	"ồ": "o\xe0",
	"Ổ": "O\xc5",
	"ổ": "o\xe5",
	"Ỗ": "O\xc3",
	"ỗ": "o\xe3",
	"Ộ": "O\xc4",
	"ộ": "o\xe4",
	"Ớ": "\xd4\xd9",
	"ớ": "\xf4\xf9",
	"Ờ": "\xd4\xd8",
	"ờ": "\xf4\xf8",
	"Ở": "\xd4\xdb",
	"ở": "\xf4\xfb",
	"Ỡ": "\xd4\xd5",
	"ỡ": "\xf4\xf5",
	"Ợ": "\xd4\xcf",
	"ợ": "\xf4\xef",
	"Ụ": "U\xcf",
	"ụ": "u\xef",
	"Ủ": "U\xdb",
	"ủ": "u\xfb",
	"Ứ": "\xd6\xd9",
	"ứ": "\xf6\xf9",
	"Ừ": "\xd6\xd8",
	"ừ": "\xf6\xf8",
	"Ử": "\xd6\xdb",
	"ử": "\xf6\xfb",
	"Ữ": "\xd6\xd5",
	"ữ": "\xf6\xf5",
	"Ự": "\xd6\xcf",
	"ự": "\xf6\xef",
	"Ỳ": "Y\xd8",
	"ỳ": "y\xf8",
	"Ỵ": "\xce",
	"ỵ": "\xee",
	"Ỷ": "Y\xdb",
	"ỷ": "y\xfb",
	"Ỹ": "Y\xd5",
	"ỹ": "y\xf5",
}

// Ensure that TCVN3 and VISCII agree with glibc byte for byte, and VNI
// with duydev/vietnamese-conversion for every letter.
func TestDecodeLegacyTables(t *testing.T) {
	for charset, want := range glibcUpperHalf {
		w := []rune(want)
		if len(w) != 128 {
			t.Fatalf("%s: golden has %d runes", charset, len(w))
		}
		for i, r := range w {
			if q := charmap.Windows1252.DecodeByte(byte(0x80 + i)); charset == charsetTCVN3 && i < 0x20 && q != utf8.RuneError {
				r = q
			}
			if got := decodeLegacy([]byte{byte(0x80 + i)}, charset); got != string(r) {
				t.Errorf("%s 0x%X = %q, glibc says %q", charset, 0x80+i, got, r)
			}
		}
	}
	for letter, bytes := range vniLetters {
		if got := nfc([]byte(decodeLegacy([]byte(bytes), charsetVNI))); got != letter {
			t.Errorf("VNI %q = %q, want %q", bytes, got, letter)
		}
	}
}

// Ensure that the poller stores legacy pages a portal links to, TCVN3 and
// VNI, served as plain text/html, in Unicode.
func TestPollLegacyPages(t *testing.T) {
	s := newSite(t)
	s.set("/tin/", page{body: []byte(`<html><body><ul>
<li><a href="tcvn3.html">Thông báo lịch tiếp công dân tháng 5</a></li>
<li><a href="vni.html">Kế hoạch phòng chống lụt bão năm 2021</a></li>
</ul></body></html>`), contentType: "text/html; charset=utf-8"})
	s.set("/tin/tcvn3.html", page{body: fixture(t, "tcvn3.html"), contentType: "text/html"})
	s.set("/tin/vni.html", page{body: fixture(t, "vni.html"), contentType: "text/html"})
	src := Source{Name: "cu", URL: s.url("/tin/"), Kind: KindHTML, Interval: time.Minute, MaxItems: 10}
	r := newRig(t, Config{Sources: []Source{src}})
	if res := r.poll(t, "cu"); res.New != 2 {
		t.Fatalf("poll %+v", res)
	}
	a, ok := r.sink.byTitle("THÔNG BÁO LỊCH TIẾP CÔNG DÂN THÁNG 5 NĂM 2021")
	if !ok || !strings.Contains(a.Lead+strings.Join(a.Body, " "), "số 12 đường Trần Hưng Đạo") {
		t.Errorf("TCVN3 page stored as %+v", a)
	}
	b, ok := r.sink.byTitle("Kế hoạch phòng chống lụt bão và tìm kiếm cứu nạn năm 2021")
	if !ok || !strings.Contains(b.Lead+strings.Join(b.Body, " "), "Ban chỉ huy phòng chống thiên tai xã") {
		t.Errorf("VNI page stored as %+v", b)
	}
}

// BenchmarkDecodeLegacyPage decodes 1 MiB of each legacy fixture page,
// undeclared, font sniffing included.
func BenchmarkDecodeLegacyPage(b *testing.B) {
	for _, name := range []string{"tcvn3.html", "vni.html"} {
		page := fixture(b, name)
		body := bytes.Repeat(page, 1<<20/len(page))
		b.Run(strings.TrimSuffix(name, ".html"), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, _, err := decodeHTML(body, "text/html"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
