package source

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"newsbot/content"
)

// checkItemText fails t when an item's text is not valid UTF-8 NFC.
func checkItemText(t *testing.T, it Item) {
	t.Helper()
	for _, s := range append([]string{it.Title, it.Author}, it.Paragraphs...) {
		if !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) {
			t.Fatalf("text %q is not valid UTF-8 NFC", s)
		}
	}
}

// Ensure that no feed, however broken, panics the feed parser, and what it
// returns is clean text with canonical links.
func FuzzParseFeed(f *testing.F) {
	for _, name := range []string{"rss.xml", "atom.xml", "feed.json", "noguid.rss", "changed.rss", "enclosures.rss", "enclosures.atom"} {
		f.Add(fixture(f, name), "application/xml")
	}
	f.Add([]byte(`<?xml version="1.0" encoding="windows-1258"?><rss><channel><item><title>Th\xf4ng b\xe1o</title></item></channel></rss>`), "")
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":1}]}`), "application/json")
	f.Add([]byte("<rss><channel><item><pubDate>31/02/2021</pubDate><link>javascript:x</link></item>"), "text/xml; charset=tcvn3")
	base, _ := url.Parse("https://huyen.example.vn/")
	f.Fuzz(func(t *testing.T, body []byte, ctype string) {
		items, err := ParseFeed(body, ctype, KindFeed, base)
		if err != nil {
			return
		}
		for _, it := range items {
			checkItemText(t, it)
			if it.Link != "" && !strings.HasPrefix(it.Link, "http") {
				t.Fatalf("link %q", it.Link)
			}
			checkAttachments(t, it.Attachments)
		}
	})
}

// Ensure that no page, however broken, panics the article or listing
// parser.
func FuzzParsePage(f *testing.F) {
	for _, name := range []string{"listing.html", "bai-1.html", "bai-2.html", "cp1258.html", "tcvn3.html", "vni.html", "van-ban.html"} {
		f.Add(fixture(f, name), "text/html", "h1")
	}
	f.Add([]byte("<html><head><meta charset=x-viet-vni></head></html>"), "", "")
	f.Add([]byte(strings.Repeat("<div>", 5000)+"Đăng lúc: 08:05:09 12/03/2021"), "text/html; charset=utf-8", "div p")
	f.Add([]byte(`<base href="::"><a href="%zz">một hai ba bốn năm sáu</a><meta property="og:image" content="javascript:1">`), "text/html", "a[")
	pageURL, _ := url.Parse("https://huyen.example.vn/tin-tuc/")
	f.Fuzz(func(t *testing.T, body []byte, ctype, sel string) {
		if checkSelector(sel) != nil {
			sel = "" // the config refuses what does not compile
		}
		if it, err := ParseArticle(body, ctype, pageURL, Selectors{Title: sel, Body: sel, Published: sel, Image: sel, Attachments: sel}); err == nil {
			checkItemText(t, it)
			if it.Title == "" {
				t.Fatal("an article without a title")
			}
			checkAttachments(t, it.Attachments)
		}
		links, err := ParseListing(body, ctype, pageURL, sel)
		if err != nil {
			return
		}
		for _, l := range links {
			if !strings.HasPrefix(l, "http") {
				t.Fatalf("link %q", l)
			}
		}
	})
}

// checkAttachments fails t unless every attachment is an accepted document
// at an absolute http(s) URL with a clean name, at most maxAttachments.
func checkAttachments(t *testing.T, atts []content.Attachment) {
	t.Helper()
	if len(atts) > maxAttachments {
		t.Fatalf("%d attachments", len(atts))
	}
	for _, a := range atts {
		if !strings.HasPrefix(a.URL, "http") || a.Name != content.CleanFileName(a.Name) || a.MediaType == "" {
			t.Fatalf("attachment %#v", a)
		}
		if mt, ok := content.DocumentMediaType(a.Name); !ok || mt != a.MediaType {
			t.Fatalf("attachment %#v: name and type disagree", a)
		}
	}
}

// Ensure that ParseDate never panics and gives only sane times.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"Thứ năm, 31/12/2020 14:54", "31/12/2020 - 14:54", "(GMT+7)", "Đăng lúc: 08:05:09 12/03/2021",
		"2020-12-31T14:54:00+07:00", "ngày 31 tháng 12 năm 2020", "99/99/9999 99:99", "2:54 CH 31/12/2020 (GMT-12)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s)
		if ok && (d.Year() < 1969 || d.Year() > 2201) {
			t.Fatalf("ParseDate(%q) = %v", s, d)
		}
	})
}

// Ensure that CanonicalURL never panics, and is idempotent.
func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{"https://X.vn:443/a?utm_source=1&b=2#f", "/rel?fbclid=1", "http://[::1]:80/", "%zz", "https://x.vn/a?&&"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://huyen.example.vn/tin/")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := CanonicalURL(s, base)
		if err != nil {
			return
		}
		again, err := CanonicalURL(c, nil)
		if err != nil || again != c {
			t.Fatalf("CanonicalURL(%q) = %q, then %q, %v", s, c, again, err)
		}
	})
}
