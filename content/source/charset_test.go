package source

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// Ensure that a Windows-1258 page (tones as combining marks), declared by
// <meta http-equiv>, comes out as UTF-8 NFC.
func TestDecodeWindows1258Meta(t *testing.T) {
	s, name, err := decodeHTML(fixture(t, "cp1258.html"), "text/html")
	if err != nil {
		t.Fatal(err)
	}
	if name != "windows-1258" {
		t.Fatalf("charset %q, want windows-1258", name)
	}
	for _, want := range []string{"Thông báo tuyển dụng viên chức năm 2021", "Ủy ban nhân dân huyện", "nghiệp"} {
		if !strings.Contains(s, want) {
			t.Errorf("decoded page lacks %q", want)
		}
	}
	if !norm.NFC.IsNormalString(s) {
		t.Error("decoded page is not NFC")
	}
}

// Ensure that the Content-Type header's charset wins, and a body that
// declares nothing is UTF-8 when valid, Windows-1258 otherwise.
func TestDecodeCharsetSources(t *testing.T) {
	vi := "Hội nghị tổng kết"
	// "Thông báo hội": ô and á precomposed, ộ as ô and a combining dot below.
	cp := "Th\xf4ng b\xe1o h\xf4\xf2i"
	tests := []struct {
		name, body, ctype, want, charset string
	}{
		{"header", cp, "text/html; charset=windows-1258", "Thông báo hội", "windows-1258"},
		{"header beats meta", `<meta charset="utf-8">` + cp, "text/html; charset=Windows-1258", "Thông báo hội", "windows-1258"},
		{"meta charset", `<meta charset="windows-1258">` + cp, "text/html", "Thông báo hội", "windows-1258"},
		{"utf-8 undeclared", vi, "text/html", vi, "utf-8"},
		{"legacy undeclared", cp, "", "Thông báo hội", "windows-1258"},
		{"utf-8 BOM", "\xEF\xBB\xBF" + vi, "text/html; charset=windows-1258", vi, "utf-8"},
		{"NFD in, NFC out", norm.NFD.String(vi), "text/html; charset=utf-8", vi, "utf-8"},
		{"latin1 label", "caf\xe9", "text/html; charset=iso-8859-1", "café", "windows-1252"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, name, err := decodeHTML([]byte(tc.body), tc.ctype)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(s, tc.want) || name != tc.charset {
				t.Fatalf("got %q in %s, want %q in %s", s, name, tc.want, tc.charset)
			}
		})
	}
}

// Ensure that VPS pages, and unknown charsets, are refused with ErrCharset
// rather than imported as garbage.
func TestDecodeRefusesLegacyCharsets(t *testing.T) {
	for _, ct := range []string{"text/html; charset=VPS", "text/html; charset=x-no-such"} {
		if _, _, err := decodeHTML([]byte("abc"), ct); !errors.Is(err, ErrCharset) {
			t.Errorf("%s: err = %v, want ErrCharset", ct, err)
		}
	}
	_, err := ParseArticle([]byte("<title>x</title>"), "text/html; charset=vps", nil, Selectors{})
	if !errors.Is(err, ErrCharset) || !strings.Contains(err.Error(), "not converted") {
		t.Fatalf("err = %v", err)
	}
}

// Ensure that an XML feed in Windows-1258, declared in its XML declaration
// or only by the header, parses with the right text.
func TestDecodeFeedCharset(t *testing.T) {
	title, _ := charmap.Windows1258.NewEncoder().String("Thông báo")
	doc := func(decl string) []byte {
		return []byte(`<?xml version="1.0"` + decl + `?><rss version="2.0"><channel><title>c</title><item><title>` +
			title + `</title><link>http://x.vn/a</link></item></channel></rss>`)
	}
	base, _ := url.Parse("http://x.vn/")
	for _, tc := range []struct {
		name, decl, ctype string
	}{
		{"declaration", ` encoding="windows-1258"`, "application/rss+xml"},
		{"header only", "", "application/rss+xml; charset=windows-1258"},
		{"header over declaration", ` encoding="utf-8"`, "text/xml; charset=windows-1258"},
	} {
		items, err := ParseFeed(doc(tc.decl), tc.ctype, KindRSS, base)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(items) != 1 || items[0].Title != "Thông báo" {
			t.Fatalf("%s: items %+v", tc.name, items)
		}
	}
}
