package source

import (
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/unicode/norm"

	"newsbot/content"
)

// Item is one article as a feed or page gives it, before it becomes a
// content.Article.
type Item struct {
	// GUID is the feed's own ID for the item ("" when it has none).
	GUID string
	// Link is the item's canonical URL ("" when it has none).
	Link  string
	Title string
	// Published is zero when the source gives no date it can read.
	Published time.Time
	// Paragraphs is the text, lead first.
	Paragraphs []string
	Author     string
	// Image is the absolute URL of the article's picture, if any.
	Image string
	// Sections are the source's own sections for the item (RSS categories,
	// the page's section).
	Sections []string
	// Attachments are the documents the item offers (links on its page,
	// its feed enclosures), with absolute URLs.
	Attachments []content.Attachment
}

// Bounds on what one item may hold.
const (
	maxParagraphs   = 400
	maxTitleRunes   = 500
	maxSectionCount = 10
)

// skipTags hold no article text.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Iframe: true, atom.Form: true,
	atom.Button: true, atom.Svg: true, atom.Template: true, atom.Select: true, atom.Textarea: true,
	atom.Head: true, atom.Object: true, atom.Embed: true, atom.Canvas: true,
}

// blockTags start and end a paragraph.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Blockquote: true, atom.Pre: true, atom.Tr: true,
	atom.Td: true, atom.Th: true, atom.Section: true, atom.Article: true, atom.Figcaption: true,
	atom.Figure: true, atom.Header: true, atom.Footer: true, atom.Ul: true, atom.Ol: true,
	atom.Table: true, atom.Dd: true, atom.Dt: true, atom.Main: true, atom.Aside: true, atom.Hr: true,
	atom.Address: true, atom.Center: true,
}

// paragraphs returns the text of nodes cut into paragraphs at block
// elements and <br>, whitespace collapsed, in NFC; empty ones are dropped.
func paragraphs(nodes ...*html.Node) []string {
	var w paraWriter
	for _, n := range nodes {
		w.walk(n, 0)
	}
	w.flush()
	return w.out
}

// paraWriter collects paragraphs.
type paraWriter struct {
	buf strings.Builder
	out []string
}

// maxDepth bounds the recursion on absurdly nested documents.
const maxDepth = 200

func (w *paraWriter) walk(n *html.Node, depth int) {
	if depth > maxDepth || len(w.out) >= maxParagraphs {
		return
	}
	switch n.Type {
	case html.TextNode:
		w.buf.WriteString(n.Data)
		return
	case html.ElementNode:
		if skipTags[n.DataAtom] {
			return
		}
		if n.DataAtom == atom.Br {
			w.flush()
			return
		}
	case html.DocumentNode:
	default:
		return
	}
	block := blockTags[n.DataAtom]
	if block {
		w.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, depth+1)
	}
	if block {
		w.flush()
	}
}

func (w *paraWriter) flush() {
	s := cleanText(w.buf.String())
	w.buf.Reset()
	if s != "" && len(w.out) < maxParagraphs {
		w.out = append(w.out, s)
	}
}

// cleanText returns s in NFC with zero-width characters removed and runs
// of whitespace (NBSP included) made one space, trimmed.
func cleanText(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u200B', '\u200C', '\u200D', '\uFEFF', '\u00AD':
			return -1
		}
		return r
	}, s)
	return norm.NFC.String(strings.Join(strings.Fields(s), " "))
}

// fragmentText returns the text of an HTML fragment (a feed's title or
// description), tags dropped and entities decoded, as paragraphs.
func fragmentText(s string) []string {
	if !strings.ContainsAny(s, "<&") {
		if t := cleanText(s); t != "" {
			return []string{t}
		}
		return nil
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return []string{cleanText(s)}
	}
	return paragraphs(nodes...)
}

// oneLine returns the paragraphs of s as one line, capped at n runes.
func oneLine(s string, n int) string {
	line := strings.Join(fragmentText(s), " ")
	if r := []rune(line); len(r) > n {
		line = strings.TrimSpace(string(r[:n]))
	}
	return line
}
