package source

import (
	"context"
	"errors"
	"log/slog"
	"net/url"
	"path"
	"strings"
	"time"

	"newsbot/content"
	"newsbot/content/vi"
)

// accept is the Accept header for each kind of source.
var accept = map[Kind]string{
	KindFeed:     "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, application/json;q=0.8, */*;q=0.5",
	KindRSS:      "application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
	KindAtom:     "application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
	KindJSONFeed: "application/feed+json, application/json;q=0.9, */*;q=0.5",
	KindHTML:     "text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
}

// readResult is what one read of a source gave.
type readResult struct {
	resp Response
	// found counts the items listed (listings: after MaxItems).
	found  int
	items  []Item
	failed []failedItem
}

// failedItem is a listed item that could not be read.
type failedItem struct {
	key string
	err error
}

// read fetches src (conditionally, as req says) and returns its items. For
// listings, and full-text feeds, article pages are fetched for the first
// MaxItems items that known says are not stored yet (known may be nil:
// none is). An error means the source itself could not be read.
func (p *Poller) read(ctx context.Context, src Source, req Request, known func(context.Context, string) bool) (readResult, error) {
	req.Accept = accept[src.Kind]
	resp, err := p.fetch.Fetch(ctx, req)
	if err != nil {
		return readResult{}, err
	}
	rd := readResult{resp: resp}
	if resp.NotModified {
		return rd, nil
	}
	base := resolve(resp.URL)
	if src.Kind.IsFeed() {
		items, err := p.parseFeed(resp.Body, resp.ContentType, src.Kind, base)
		if err != nil {
			return rd, err
		}
		rd.found = len(items)
		for _, it := range items {
			if src.FullText && it.Link != "" && len(rd.items) < src.MaxItems && !isKnown(ctx, known, identify(src.Name, it)) {
				it = p.fullText(ctx, src, it)
			}
			rd.items = append(rd.items, it)
		}
		return rd, nil
	}
	links, err := ParseListing(resp.Body, resp.ContentType, base, src.Selectors.List)
	if err != nil {
		return rd, err
	}
	if len(links) == 0 {
		return rd, errors.New("the listing page links to no article (check selectors.list)")
	}
	links = links[:min(len(links), src.MaxItems)]
	rd.found = len(links)
	for _, link := range links {
		id := Identity{Kind: "url", Key: link}
		if isKnown(ctx, known, id) {
			continue
		}
		it, err := p.page(ctx, src, link)
		if ctx.Err() != nil {
			return rd, ctx.Err()
		}
		if err != nil {
			rd.failed = append(rd.failed, failedItem{key: link, err: err})
			continue
		}
		rd.items = append(rd.items, it)
	}
	return rd, nil
}

func isKnown(ctx context.Context, known func(context.Context, string) bool, id Identity) bool {
	return known != nil && known(ctx, id.ArticleID())
}

// page fetches and reads one article page; its Link is link.
func (p *Poller) page(ctx context.Context, src Source, link string) (Item, error) {
	resp, err := p.fetch.Fetch(ctx, Request{URL: link, Accept: accept[KindHTML]})
	if err != nil {
		return Item{}, err
	}
	it, err := ParseArticle(resp.Body, resp.ContentType, resolve(resp.URL), src.Selectors)
	if err != nil {
		return Item{}, err
	}
	it.Link = link
	return it, nil
}

// fullText completes a feed item with its page's text, author and image;
// the feed's title and date stay, unless the feed had no date. When the
// page cannot be read the feed's own text is kept.
func (p *Poller) fullText(ctx context.Context, src Source, it Item) Item {
	pg, err := p.page(ctx, src, it.Link)
	if err != nil {
		p.log.Warn("source page not read; keeping the feed's text", slog.String("source", src.Name),
			slog.String("url", it.Link), slog.Any("err", err))
		return it
	}
	if len(pg.Paragraphs) > 0 {
		it.Paragraphs = pg.Paragraphs
	}
	if it.Published.IsZero() {
		it.Published = pg.Published
	}
	if it.Author == "" {
		it.Author = pg.Author
	}
	if it.Image == "" {
		it.Image = pg.Image
	}
	it.Sections = append(it.Sections, pg.Sections...)
	it.Attachments = mergeAttachments(it.Attachments, pg.Attachments)
	return it
}

// article makes the content.Article of an item of src, and says whether a
// rule made it urgent. An undated item is dated now.
func (p *Poller) article(src Source, it Item, id Identity, now time.Time) (content.Article, bool) {
	a := content.Article{ID: id.ArticleID(), SourceURL: it.Link, Title: it.Title, Author: it.Author,
		Published: it.Published, Body: []string{}}
	if a.Title == "" {
		a.Title = it.Link
	}
	var paras []string
	ft := vi.Fold(a.Title)
	for _, para := range it.Paragraphs {
		if vi.Fold(para) != ft {
			paras = append(paras, para)
		}
	}
	if len(paras) > 0 {
		a.Lead, a.Body = paras[0], append(a.Body, paras[1:]...)
	}
	if it.Image != "" {
		a.Images = []content.Image{{Name: imageName(it.Image), URL: it.Image}}
	}
	a.Attachments = it.Attachments
	var urgent bool
	a.Category, urgent = categoryFor(p.cfg.Rules, src, a.Title, it.Sections)
	if a.Published.IsZero() {
		a.Published = now.In(vnZone()).Truncate(time.Second)
	} else {
		a.Published = a.Published.In(vnZone())
	}
	return a, urgent
}

// imageName is the file name of an image URL.
func imageName(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "image"
	}
	name := path.Base(u.Path)
	if name == "." || name == "/" || strings.TrimSpace(name) == "" {
		return "image"
	}
	return name
}

// vietnam is Vietnam's time zone, loaded once; a *time.Location is immutable.
var vietnam = content.VietnamZone()

func vnZone() *time.Location { return vietnam }
