package bot

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"newsbot/content"
)

// Telegram's limits, in UTF-16 code units as Telegram counts them.
const (
	maxMessageLen = 4096
	maxTitleRunes = 300
	maxLeadRunes  = 400
)

// escape makes s safe inside Telegram's HTML: &, < and > become entities,
// and so does " (for attribute values).
func escape(s string) string {
	return htmlEscaper.Replace(s)
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// truncate shortens s to at most n runes, ending with "…" when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// formatTime shows t in zone as "08:05 12/03/2021", the way Vietnamese
// portals do.
func formatTime(t time.Time, zone *time.Location) string {
	return t.In(zone).Format("15:04 02/01/2006")
}

// articleCard renders the notice pushed for a new article: title in bold,
// time, lead.
func articleCard(a content.Article, l Lang, zone *time.Location) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<b>%s</b>\n", escape(truncate(a.Title, maxTitleRunes)))
	if !a.Published.IsZero() {
		fmt.Fprintf(&b, "<i>%s %s</i>\n", l.T(msgPublishedAt), formatTime(a.Published, zone))
	}
	if a.Lead != "" {
		fmt.Fprintf(&b, "\n%s", escape(truncate(a.Lead, maxLeadRunes)))
	}
	return strings.TrimRight(b.String(), "\n")
}

// articleItem renders one entry of a list such as /latest: the heading
// and the lead.
func articleItem(i int, a content.Article, zone *time.Location) string {
	var b strings.Builder
	b.WriteString(articleHeading(i, a, zone))
	if a.Lead != "" {
		fmt.Fprintf(&b, "\n%s", escape(truncate(a.Lead, maxLeadRunes)))
	}
	return b.String()
}

// articleHeading renders a list entry's number, title (linked when the
// article has a URL), time and, for an article with documents, "📎 N"
// (/latest, search results, the digest).
func articleHeading(i int, a content.Article, zone *time.Location) string {
	title := escape(truncate(a.Title, maxTitleRunes))
	if a.SourceURL != "" {
		title = fmt.Sprintf(`<a href="%s">%s</a>`, escape(a.SourceURL), title)
	}
	s := fmt.Sprintf("%d. <b>%s</b>", i, title)
	if !a.Published.IsZero() {
		s += "\n🕒 " + formatTime(a.Published, zone)
	}
	if n := len(a.Attachments); n > 0 {
		sep := "\n"
		if !a.Published.IsZero() {
			sep = "  "
		}
		s += sep + fmt.Sprintf(docsMark, n)
	}
	return s
}

// docsMark marks a list entry whose article has documents, with their
// number; it reads the same in every language.
const docsMark = "📎 %d"

// utf16Len counts s in UTF-16 code units, as Telegram measures text.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// splitHTML cuts well-formed Telegram HTML into messages of at most limit
// UTF-16 units each. Cuts fall where no tag is open and outside any tag or
// entity, preferring paragraph breaks, then line breaks, then spaces.
func splitHTML(s string, limit int) []string {
	var out []string
	for utf16Len(s) > limit {
		cut := safeCut(s, limit)
		if part := strings.TrimRight(s[:cut], " \n"); part != "" {
			out = append(out, part)
		}
		s = strings.TrimLeft(s[cut:], " \n")
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

// safeCut returns the byte index at which to cut s so that s[:i] fits limit.
func safeCut(s string, limit int) int {
	var (
		units, depth      int
		inTag, inEntity   bool
		closing           bool
		para, line, space int // best cut points found so far
		anyPoint          int
	)
	for i, r := range s {
		if units+utf16.RuneLen(r) > limit {
			break
		}
		units += utf16.RuneLen(r)
		switch {
		case inTag:
			if r == '/' && i > 0 && s[i-1] == '<' {
				closing = true
			}
			if r == '>' {
				inTag = false
				if closing {
					depth--
				} else {
					depth++
				}
			}
			continue
		case r == '<':
			inTag, closing = true, false
			continue
		case inEntity:
			inEntity = r != ';'
			if !inEntity && depth == 0 {
				anyPoint = i + 1
			}
			continue
		case r == '&':
			inEntity = true
			continue
		}
		if depth != 0 {
			continue
		}
		end := i + utf8.RuneLen(r)
		anyPoint = end
		switch r {
		case '\n':
			if i > 0 && s[i-1] == '\n' {
				para = end
			}
			line = end
		case ' ':
			space = end
		}
	}
	for _, p := range []int{para, line, space, anyPoint} {
		if p > 0 {
			return p
		}
	}
	// No safe point within the limit (a tag spans it): cut at the limit on a
	// rune boundary. Telegram will reject the broken markup and the sender
	// falls back to plain text.
	n := 0
	for i, r := range s {
		if n+utf16.RuneLen(r) > limit {
			return max(i, 1)
		}
		n += utf16.RuneLen(r)
	}
	return len(s)
}
