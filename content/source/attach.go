package source

import (
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"newsbot/content"
	"newsbot/content/vi"
)

// Bounds on an item's attachments.
const (
	// maxAttachments bounds the documents taken from one item: Telegram
	// sends at most 10 in one media group.
	maxAttachments = 10
	// maxLabelRunes bounds a document's label (Telegram's captions take
	// 1024 characters).
	maxLabelRunes = 300
	// maxBlockRunes bounds the text of an element taken as a "Tải về"
	// block: a download box, not the whole page.
	maxBlockRunes = 1000
	// blockLevels is how many ancestors of a link are looked at for a
	// "Tải về" block.
	blockLevels = 4
)

// downloadWords are the (folded) words that head a portal's download box:
// "Tải về", "File đính kèm", "Tệp đính kèm", "Văn bản đính kèm".
var downloadWords = []string{"tai ve", "dinh kem"}

// pageAttachments returns the documents an article page offers, as
// ParseArticle says: links whose path ends in one of
// content.DocumentExtensions, found by the attachments selector when it is
// given and finds any, else inside the body (roots) and in "Tải về" / "File
// đính kèm" blocks outside the page chrome. Relative links resolve against
// pageURL, never the page's <base href>. Each document is listed once, in
// page order, at most maxAttachments.
func pageAttachments(doc *goquery.Document, selector string, pageURL *url.URL, roots []*html.Node) []content.Attachment {
	var c attachmentCollector
	if selector != "" {
		doc.Find(selector).Each(func(_ int, s *goquery.Selection) {
			links := s.Find("a[href]")
			if s.Is("a[href]") {
				links = s
			}
			links.Each(func(_ int, a *goquery.Selection) { c.addLink(a, pageURL) })
		})
		if len(c.out) > 0 {
			return c.out
		}
	}
	inBody := func(n *html.Node) bool { return false }
	if len(roots) > 0 {
		inBody = func(n *html.Node) bool {
			for p := n; p != nil; p = p.Parent {
				for _, r := range roots {
					if p == r {
						return true
					}
				}
			}
			return false
		}
	}
	// Readability works on a copy of the page: its links are collected
	// from its own tree, the page's from the page.
	for _, r := range roots {
		if !nodeIn(r, doc.Nodes) {
			goquery.NewDocumentFromNode(r).Find("a[href]").Each(func(_ int, a *goquery.Selection) { c.addLink(a, pageURL) })
		}
	}
	doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		if href, _ := a.Attr("href"); !isDocumentHref(href) || a.Closest("nav, header, footer, aside").Length() > 0 {
			return
		}
		if inBody(a.Nodes[0]) || inDownloadBlock(a) {
			c.addLink(a, pageURL)
		}
	})
	return c.out
}

// isDocumentHref reports, cheaply, whether href's path may name a
// document: documentLink decides.
func isDocumentHref(href string) bool {
	if i := strings.IndexAny(href, "?#"); i >= 0 {
		href = href[:i]
	}
	_, ok := content.DocumentMediaType(href)
	return ok
}

// nodeIn reports whether n belongs to the tree of one of docs.
func nodeIn(n *html.Node, docs []*html.Node) bool {
	for ; n.Parent != nil; n = n.Parent {
	}
	for _, d := range docs {
		if n == d {
			return true
		}
	}
	return false
}

// inDownloadBlock reports whether link a sits in a portal's download box:
// its own text or that of one of its nearest ancestors (a short one, not
// the page) says "Tải về" or "đính kèm".
func inDownloadBlock(a *goquery.Selection) bool {
	s := a
	for range blockLevels + 1 {
		if s.Length() == 0 || s.Is("body, html") {
			return false
		}
		text := cleanText(s.Text())
		if utf8.RuneCountInString(text) > maxBlockRunes {
			return false
		}
		folded := vi.Fold(text)
		for _, w := range downloadWords {
			if strings.Contains(folded, w) {
				return true
			}
		}
		s = s.Parent()
	}
	return false
}

// attachmentCollector gathers documents, each URL once, up to
// maxAttachments.
type attachmentCollector struct {
	out  []content.Attachment
	seen map[string]bool
}

// addLink adds the document link a points to, labelled with its text (else
// its title attribute), when its path names an accepted document.
func (c *attachmentCollector) addLink(a *goquery.Selection, pageURL *url.URL) {
	href, _ := a.Attr("href")
	label := cleanText(a.Text())
	if label == "" {
		label = cleanText(a.AttrOr("title", ""))
	}
	if att, ok := documentLink(href, pageURL, label, ""); ok {
		c.add(att)
	}
}

func (c *attachmentCollector) add(att content.Attachment) {
	if len(c.out) >= maxAttachments || c.seen[att.URL] {
		return
	}
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	c.seen[att.URL] = true
	c.out = append(c.out, att)
}

// documentLink makes the attachment a link to a document: raw resolved
// against base into a canonical http(s) URL whose path ends in an accepted
// extension — or, when mediaType (a feed enclosure's type) is an accepted
// type, any path, the name then taking that type's extension. The name is
// the path's last element, decoded and cleaned (content.CleanFileName);
// the label is capped at maxLabelRunes.
func documentLink(raw string, base *url.URL, label, mediaType string) (content.Attachment, bool) {
	u, err := CanonicalURL(raw, base)
	if err != nil {
		return content.Attachment{}, false
	}
	parsed, err := url.Parse(u)
	if err != nil {
		return content.Attachment{}, false
	}
	name := path.Base(parsed.Path)
	if name == "/" || name == "." {
		name = ""
	}
	mt, ok := content.DocumentMediaType(name)
	if !ok {
		ext := content.DocumentExtension(mediaType)
		if ext == "" {
			return content.Attachment{}, false
		}
		if name == "" {
			name = "document"
		}
		name += ext
		mt, _ = content.DocumentMediaType(name)
	}
	return content.Attachment{Name: content.CleanFileName(name), URL: u, MediaType: mt,
		Label: oneLine(label, maxLabelRunes)}, true
}

// feedAttachments returns the documents among a feed item's enclosures
// (RSS <enclosure>, Atom <link rel="enclosure">, JSON Feed attachments):
// those whose URL path or type names an accepted document, with the size
// the feed gives.
func feedAttachments(fi *gofeed.Item, base *url.URL) []content.Attachment {
	var c attachmentCollector
	for _, e := range fi.Enclosures {
		if e == nil {
			continue
		}
		att, ok := documentLink(e.URL, base, "", e.Type)
		if !ok {
			continue
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(e.Length), 10, 64); err == nil && n > 0 {
			att.Size = n
		}
		c.add(att)
	}
	return c.out
}

// mergeAttachments returns a's attachments followed by those of b not
// already in a (by URL), at most maxAttachments.
func mergeAttachments(a, b []content.Attachment) []content.Attachment {
	var c attachmentCollector
	for _, att := range a {
		c.add(att)
	}
	for _, att := range b {
		c.add(att)
	}
	return c.out
}
