package source

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// maxFeedItems bounds the items taken from one feed.
const maxFeedItems = 500

// ParseFeed reads the items of an RSS 2.0, Atom or JSON Feed document
// (github.com/mmcdole/gofeed). kind KindFeed accepts any of them; KindRSS,
// KindAtom and KindJSONFeed fail when the document is another format.
// contentType is the response's Content-Type (for its charset); base
// resolves relative links. Text comes out in NFC, the item's HTML content
// (else its description) cut into paragraphs. Dates are read by ParseDate
// first, so Vietnamese forms work in <pubDate>, then as gofeed read them.
// Items without a title, a link and a GUID are skipped.
func ParseFeed(body []byte, contentType string, kind Kind, base *url.URL) ([]Item, error) {
	data := bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF"))
	if !isJSON(data) {
		var err error
		if data, _, err = decodeXML(data, contentType); err != nil {
			return nil, err
		}
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("parse feed: %w", err)
	}
	if want := feedType(kind); want != "" && f.FeedType != want {
		return nil, fmt.Errorf("parse feed: the source is %s, but it serves %s", kind, f.FeedType)
	}
	if f.Link != "" {
		if u, err := url.Parse(f.Link); err == nil && u.IsAbs() && base == nil {
			base = u
		}
	}
	items := make([]Item, 0, min(len(f.Items), maxFeedItems))
	for _, fi := range f.Items {
		if fi == nil {
			continue
		}
		if len(items) == maxFeedItems {
			break
		}
		if it, ok := feedItem(fi, base); ok {
			items = append(items, it)
		}
	}
	return items, nil
}

// feedType is gofeed's name of the format kind insists on ("" for any).
func feedType(k Kind) string {
	switch k {
	case KindRSS:
		return "rss"
	case KindAtom:
		return "atom"
	case KindJSONFeed:
		return "json"
	}
	return ""
}

func isJSON(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '{'
}

func feedItem(fi *gofeed.Item, base *url.URL) (Item, bool) {
	it := Item{GUID: strings.TrimSpace(fi.GUID), Title: oneLine(fi.Title, maxTitleRunes)}
	link := fi.Link
	if link == "" && len(fi.Links) > 0 {
		link = fi.Links[0]
	}
	if link != "" {
		if c, err := CanonicalURL(link, base); err == nil {
			it.Link = c
		}
	}
	if it.Title == "" && it.Link == "" && it.GUID == "" {
		return Item{}, false
	}
	it.Published = feedDate(fi.Published, fi.PublishedParsed)
	if it.Published.IsZero() {
		it.Published = feedDate(fi.Updated, fi.UpdatedParsed)
	}
	text := fi.Content
	if strings.TrimSpace(text) == "" {
		text = fi.Description
	}
	it.Paragraphs = fragmentText(text)
	if len(fi.Authors) > 0 && fi.Authors[0] != nil {
		it.Author = oneLine(fi.Authors[0].Name, 200)
	}
	it.Image = feedImage(fi, base)
	it.Attachments = feedAttachments(fi, base)
	for _, c := range fi.Categories {
		if c = oneLine(c, 200); c != "" && len(it.Sections) < maxSectionCount {
			it.Sections = append(it.Sections, c)
		}
	}
	if it.Title == "" && len(it.Paragraphs) > 0 {
		it.Title = oneLine(it.Paragraphs[0], 120)
	}
	return it, true
}

// feedDate reads a feed's date: ParseDate on the raw text, else gofeed's
// reading of it, in Vietnam time.
func feedDate(raw string, parsed *time.Time) time.Time {
	if t, ok := ParseDate(raw); ok {
		return t
	}
	if parsed != nil && !parsed.IsZero() && parsed.Year() >= 1970 {
		return parsed.In(vnZone())
	}
	return time.Time{}
}

// feedImage returns the item's picture: its image, else its first image
// enclosure.
func feedImage(fi *gofeed.Item, base *url.URL) string {
	var raw string
	if fi.Image != nil {
		raw = fi.Image.URL
	}
	for _, e := range fi.Enclosures {
		if raw == "" && e != nil && strings.HasPrefix(e.Type, "image/") {
			raw = e.URL
		}
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
