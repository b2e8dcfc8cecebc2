package source

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"

	"newsbot/content/guard"
	"newsbot/content/vi"
)

// ErrNoTitle means an article page has no title anywhere.
var ErrNoTitle = errors.New("article page has no title")

// Bounds of the listing heuristic.
const (
	minLinkWords = 4
	minLinkRunes = 15
	maxLinks     = 500
)

// parsePage decodes an HTML body and parses it.
func parsePage(body []byte, contentType string) (*goquery.Document, error) {
	s, charset, err := decodeHTML(body, contentType)
	if err != nil {
		return nil, err
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(s))
	if err != nil {
		return nil, fmt.Errorf("parse page: %w", err)
	}
	if charset == charsetTCVN3 {
		upperHFonts(doc)
	}
	return doc, nil
}

// pageBase returns the URL relative links of doc resolve against: its
// <base href> when it has one, else pageURL.
func pageBase(doc *goquery.Document, pageURL *url.URL) *url.URL {
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok && pageURL != nil {
		if u, err := pageURL.Parse(strings.TrimSpace(href)); err == nil {
			return u
		}
	}
	return pageURL
}

// ParseListing returns the canonical URLs of the articles a listing page
// links to, in page order, without duplicates. Relative links resolve
// against the page's <base href>, as browsers do. With a selector, the
// links are the elements it selects (an <a href>, or the first one inside
// each). Without one, or when it finds none, the links are those on the
// host of pageURL itself, whatever <base href> says, outside <nav>,
// <header>, <footer> and <aside>, whose text has at least 4 words and 15
// letters (article titles, not menu entries).
func ParseListing(body []byte, contentType string, pageURL *url.URL, selector string) ([]string, error) {
	doc, err := parsePage(body, contentType)
	if err != nil {
		return nil, err
	}
	base := pageBase(doc, pageURL)
	self := ""
	if pageURL != nil {
		self, _ = CanonicalURL(pageURL.String(), nil)
	}
	var links []string
	seen := map[string]bool{}
	add := func(href string) {
		u, err := CanonicalURL(href, base)
		if err != nil || u == self || seen[u] || len(links) >= maxLinks {
			return
		}
		seen[u] = true
		links = append(links, u)
	}
	if selector != "" {
		doc.Find(selector).Each(func(_ int, s *goquery.Selection) {
			a := s
			if !s.Is("a[href]") {
				a = s.Find("a[href]").First()
			}
			if href, ok := a.Attr("href"); ok {
				add(href)
			}
		})
	}
	if len(links) > 0 {
		return links, nil
	}
	doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		if a.Closest("nav, header, footer, aside").Length() > 0 {
			return
		}
		text := cleanText(a.Text())
		if len(strings.Fields(text)) < minLinkWords || utf8.RuneCountInString(text) < minLinkRunes {
			return
		}
		href, _ := a.Attr("href")
		u, err := url.Parse(strings.TrimSpace(href))
		if err != nil || base == nil {
			return
		}
		u = base.ResolveReference(u)
		// The page's own host, not its <base>: a page must not point the
		// poller at another host by declaring one.
		if !strings.EqualFold(u.Host, pageURL.Host) || u.Path == "" || u.Path == "/" {
			return
		}
		add(u.String())
	})
	return links, nil
}

// ParseArticle reads one article page. Each field comes from its selector
// when one is given and finds something, else from what the page says of
// itself:
//
//   - title: og:title, else the first <h1>, else <title>;
//   - published: the selector's element (its datetime, content or title
//     attribute, else its text), else article:published_time,
//     itemprop=datePublished or <time datetime>, else a "Đăng lúc:
//     08:05:09 12/03/2021" mention in the page (see ParseDate for the forms);
//   - body: the main text found by readability (go-readability), else the
//     page's description;
//   - author: meta author, else readability's byline;
//   - image: og:image, else twitter:image;
//   - section: article:section;
//   - attachments: the links to documents (a path ending in .pdf, .doc,
//     .docx, .xls, .xlsx, .odt, .zip or .rar) the selector finds, else
//     those inside the body and in "Tải về" / "File đính kèm" blocks
//     outside <nav>, <header>, <footer> and <aside>, labelled with the
//     link's text (else its title), each once, at most 10. Unlike the
//     picture, they resolve against pageURL, never the page's <base href>.
//
// The text is UTF-8 NFC whatever the page's charset. A page without any
// title fails with ErrNoTitle. Link is pageURL's canonical form.
func ParseArticle(body []byte, contentType string, pageURL *url.URL, sel Selectors) (Item, error) {
	doc, err := parsePage(body, contentType)
	if err != nil {
		return Item{}, err
	}
	base := pageBase(doc, pageURL)
	var it Item
	if pageURL != nil {
		it.Link, _ = CanonicalURL(pageURL.String(), nil)
	}
	it.Title = firstText(selText(doc, sel.Title), meta(doc, "og:title"), selText(doc, "h1"), selText(doc, "title"))
	if r := []rune(it.Title); len(r) > maxTitleRunes {
		it.Title = string(r[:maxTitleRunes])
	}
	if it.Title == "" {
		return Item{}, ErrNoTitle
	}
	it.Published = pageDate(doc, sel.Published)
	var roots []*html.Node
	it.Paragraphs, roots = pageBody(doc, sel.Body, pageURL, it.Title)
	it.Attachments = pageAttachments(doc, sel.Attachments, pageURL, roots)
	it.Author = firstText(selText(doc, sel.Author), meta(doc, "author"))
	it.Image = pageImage(doc, sel.Image, base)
	if s := firstText(selText(doc, sel.Section), meta(doc, "article:section")); s != "" {
		it.Sections = []string{s}
	}
	return it, nil
}

// selText returns the text of the first element selector finds ("" when
// selector is empty or finds nothing).
func selText(doc *goquery.Document, selector string) string {
	if selector == "" {
		return ""
	}
	return cleanText(doc.Find(selector).First().Text())
}

// meta returns the content of the first <meta> whose property, name or
// itemprop is key.
func meta(doc *goquery.Document, key string) string {
	var out string
	doc.Find("meta[content]").EachWithBreak(func(_ int, m *goquery.Selection) bool {
		for _, attr := range []string{"property", "name", "itemprop"} {
			if v, _ := m.Attr(attr); strings.EqualFold(strings.TrimSpace(v), key) {
				c, _ := m.Attr("content")
				out = cleanText(c)
				return out == ""
			}
		}
		return true
	})
	return out
}

func firstText(candidates ...string) string {
	for _, c := range candidates {
		if c != "" {
			return c
		}
	}
	return ""
}

// pageDate finds the publication time of a page, as ParseArticle says.
func pageDate(doc *goquery.Document, selector string) time.Time {
	if selector != "" {
		if d, ok := elementDate(doc.Find(selector).First()); ok {
			return d
		}
	}
	for _, key := range []string{"article:published_time", "datePublished", "pubdate", "publishdate", "date", "dc.date.issued"} {
		if d, ok := ParseDate(meta(doc, key)); ok {
			return d
		}
	}
	if d, ok := elementDate(doc.Find(`[itemprop="datePublished"], time[datetime]`).First()); ok {
		return d
	}
	if d, ok := findDatedLine(doc.Find("body").Text()); ok {
		return d
	}
	return time.Time{}
}

// elementDate reads a date from an element's datetime, content or title
// attribute, else from its text.
func elementDate(s *goquery.Selection) (time.Time, bool) {
	if s.Length() == 0 {
		return time.Time{}, false
	}
	for _, attr := range []string{"datetime", "content", "title"} {
		if v, ok := s.Attr(attr); ok {
			if d, ok := ParseDate(v); ok {
				return d, true
			}
		}
	}
	return ParseDate(cleanText(s.Text()))
}

// pageBody returns the article's paragraphs, as ParseArticle says, without
// the title and the "Đăng lúc" line where the extraction kept them, and the
// elements they came from (the selector's, or readability's copy of the
// main text; none for the description).
func pageBody(doc *goquery.Document, selector string, pageURL *url.URL, title string) ([]string, []*html.Node) {
	var paras []string
	var roots []*html.Node
	if selector != "" {
		roots = doc.Find(selector).Nodes
		paras = paragraphs(roots...)
	}
	if len(paras) == 0 && len(doc.Nodes) > 0 {
		var main *html.Node
		paras, main = readable(doc.Nodes[0], pageURL)
		roots = nil
		if main != nil {
			roots = []*html.Node{main}
		}
	}
	if len(paras) == 0 {
		if d := firstText(meta(doc, "og:description"), meta(doc, "description")); d != "" {
			paras = []string{d}
		}
	}
	out := paras[:0]
	ft := vi.Fold(title)
	for _, p := range paras {
		f := vi.Fold(p)
		if f == ft || strings.HasPrefix(f, "dang luc") {
			continue
		}
		out = append(out, p)
	}
	return out, roots
}

// readable returns the paragraphs of the main text readability finds in
// doc, or nil, and the element holding that text (readability's copy). A panic in the library (a page it cannot handle) is taken as
// finding nothing (guard.Do), so one hostile page cannot stop the poller.
func readable(doc *html.Node, pageURL *url.URL) ([]string, *html.Node) {
	if pageURL == nil {
		pageURL = &url.URL{Scheme: "http", Host: "localhost", Path: "/"}
	}
	var paras []string
	var main *html.Node
	_ = guard.Do(nil, nil, "readability", func() error {
		a, err := readability.FromDocument(doc, pageURL)
		if err == nil && a.Node != nil {
			paras, main = paragraphs(a.Node), a.Node
		}
		return nil
	})
	return paras, main
}

// pageImage returns the article's picture as an absolute URL.
func pageImage(doc *goquery.Document, selector string, base *url.URL) string {
	var raw string
	if selector != "" {
		s := doc.Find(selector).First()
		if !s.Is("img, meta, a, source") {
			if img := s.Find("img").First(); img.Length() > 0 {
				s = img
			}
		}
		for _, attr := range []string{"src", "data-src", "content", "href", "srcset"} {
			if v, ok := s.Attr(attr); ok && strings.TrimSpace(v) != "" {
				raw = strings.Fields(v)[0]
				break
			}
		}
	}
	if raw == "" {
		raw = firstText(meta(doc, "og:image"), meta(doc, "twitter:image"))
	}
	if raw == "" {
		return ""
	}
	u, err := CanonicalURL(raw, base)
	if err != nil {
		return ""
	}
	return u
}

// checkSelector reports a selector cascadia cannot compile.
func checkSelector(s string) error {
	if s == "" {
		return nil
	}
	_, err := cascadia.Compile(s)
	return err
}
