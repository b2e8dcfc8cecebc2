package telegramtest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// htmlTag is a start tag whose end tag the parser still expects.
type htmlTag struct {
	name string
	// start is the tag's offset in the plain text, in UTF-16 units.
	start int
	// entity is the entity type the tag makes ("" for none).
	entity string
	url    string
}

// htmlParser turns Telegram's HTML into plain text and entities.
type htmlParser struct {
	src      string
	pos      int
	text     strings.Builder
	u16      int
	stack    []htmlTag
	entities []tgbotapi.MessageEntity
}

// parseHTML parses text in Telegram's HTML style and returns the plain text
// users see and its entities, with UTF-16 offsets. Like Telegram, it accepts
// only the tags b, strong, i, em, u, ins, s, strike, del, a href, code, pre,
// tg-spoiler, span class="tg-spoiler" and blockquote, properly nested, and
// only the entities &lt; &gt; &amp; &quot; and numeric ones: a "<" or "&" that
// does not start one of those is an error. Errors read like Telegram's text
// after "can't parse entities: ".
func parseHTML(src string) (string, []tgbotapi.MessageEntity, error) {
	p := &htmlParser{src: src}
	for p.pos < len(src) {
		var err error
		switch src[p.pos] {
		case '<':
			if strings.HasPrefix(src[p.pos:], "</") {
				err = p.endTag()
			} else {
				err = p.startTag()
			}
		case '&':
			var s string
			s, err = p.entity()
			p.write(s)
		default:
			_, size := utf8.DecodeRuneInString(src[p.pos:])
			p.write(src[p.pos : p.pos+size])
			p.pos += size
		}
		if err != nil {
			return "", nil, err
		}
	}
	if n := len(p.stack); n > 0 {
		return "", nil, fmt.Errorf("Can't find end tag corresponding to start tag \"%s\"", p.stack[n-1].name)
	}
	slices.SortStableFunc(p.entities, func(a, b tgbotapi.MessageEntity) int {
		if a.Offset != b.Offset {
			return a.Offset - b.Offset
		}
		return b.Length - a.Length
	})
	return p.text.String(), p.entities, nil
}

// write appends plain text.
func (p *htmlParser) write(s string) {
	p.text.WriteString(s)
	p.u16 += utf16Len(s)
}

// startTag parses a start tag at p.pos.
func (p *htmlParser) startTag() error {
	at := p.pos
	i := at + 1
	name := strings.ToLower(p.src[i : i+tagNameLen(p.src[i:])])
	i += len(name)
	if !supportedTag(name) {
		return fmt.Errorf("Unsupported start tag \"%s\" at byte offset %d", name, at)
	}
	attrs := make(map[string]string)
	for {
		i += spaceLen(p.src[i:])
		if i >= len(p.src) {
			return fmt.Errorf("Unclosed start tag at byte offset %d", at)
		}
		if p.src[i] == '>' {
			i++
			break
		}
		an := tagNameLen(p.src[i:])
		if an == 0 {
			return fmt.Errorf("Empty attribute name in the tag \"%s\" at byte offset %d", name, at)
		}
		attr := strings.ToLower(p.src[i : i+an])
		i += an
		i += spaceLen(p.src[i:])
		value := ""
		if i < len(p.src) && p.src[i] == '=' {
			i++
			i += spaceLen(p.src[i:])
			v, n, err := p.attrValue(i, at)
			if err != nil {
				return err
			}
			value, i = v, i+n
		}
		attrs[attr] = value
	}
	tag := htmlTag{name: name, start: p.u16}
	switch name {
	case "b", "strong":
		tag.entity = "bold"
	case "i", "em":
		tag.entity = "italic"
	case "u", "ins":
		tag.entity = "underline"
	case "s", "strike", "del":
		tag.entity = "strikethrough"
	case "tg-spoiler":
		tag.entity = "spoiler"
	case "span":
		if attrs["class"] != "tg-spoiler" {
			return fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", at)
		}
		tag.entity = "spoiler"
	case "a":
		if href := attrs["href"]; href != "" {
			tag.entity, tag.url = "text_link", href
		}
	case "code":
		// Code inside pre only names the pre block's language.
		if n := len(p.stack); n == 0 || p.stack[n-1].name != "pre" {
			tag.entity = "code"
		}
	case "pre":
		tag.entity = "pre"
	case "blockquote":
		tag.entity = "blockquote"
		if _, ok := attrs["expandable"]; ok {
			tag.entity = "expandable_blockquote"
		}
	}
	p.stack = append(p.stack, tag)
	p.pos = i
	return nil
}

// supportedTag reports whether Telegram accepts the tag name.
func supportedTag(name string) bool {
	switch name {
	case "b", "strong", "i", "em", "u", "ins", "s", "strike", "del",
		"a", "code", "pre", "tg-spoiler", "span", "blockquote":
		return true
	}
	return false
}

// attrValue parses an attribute value at src[i:], quoted or not, and returns
// it decoded and the bytes it took. at is the tag's offset, for errors.
func (p *htmlParser) attrValue(i, at int) (string, int, error) {
	src := p.src
	if i >= len(src) {
		return "", 0, fmt.Errorf("Unclosed start tag at byte offset %d", at)
	}
	var raw string
	n := 0
	if q := src[i]; q == '"' || q == '\'' {
		end := strings.IndexByte(src[i+1:], q)
		if end < 0 {
			return "", 0, fmt.Errorf("Unclosed start tag at byte offset %d", at)
		}
		raw, n = src[i+1:i+1+end], end+2
	} else {
		for n < len(src)-i && !isSpace(src[i+n]) && src[i+n] != '>' {
			n++
		}
		raw = src[i : i+n]
	}
	var b strings.Builder
	for j := 0; j < len(raw); {
		if raw[j] != '&' {
			b.WriteByte(raw[j])
			j++
			continue
		}
		s, k, err := decodeEntity(raw[j:], i+j)
		if err != nil {
			return "", 0, err
		}
		b.WriteString(s)
		j += k
	}
	return b.String(), n, nil
}

// endTag parses an end tag at p.pos.
func (p *htmlParser) endTag() error {
	at := p.pos
	end := strings.IndexByte(p.src[at:], '>')
	if end < 0 {
		return fmt.Errorf("Unclosed end tag at byte offset %d", at)
	}
	name := strings.ToLower(strings.TrimSpace(p.src[at+2 : at+end]))
	n := len(p.stack)
	if n == 0 {
		return fmt.Errorf("Unexpected end tag at byte offset %d", at)
	}
	top := p.stack[n-1]
	if top.name != name {
		return fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", at, top.name, name)
	}
	p.stack = p.stack[:n-1]
	if length := p.u16 - top.start; top.entity != "" && length > 0 {
		p.entities = append(p.entities, tgbotapi.MessageEntity{Type: top.entity, Offset: top.start, Length: length, URL: top.url})
	}
	p.pos = at + end + 1
	return nil
}

// entity decodes the character entity at p.pos.
func (p *htmlParser) entity() (string, error) {
	s, n, err := decodeEntity(p.src[p.pos:], p.pos)
	p.pos += n
	return s, err
}

// decodeEntity decodes the entity at the start of s (which starts with
// "&") and returns its text and length. at is its byte offset, for errors.
func decodeEntity(s string, at int) (string, int, error) {
	end := strings.IndexByte(s, ';')
	if end < 0 || end > 12 {
		return "", 0, fmt.Errorf("Character '&' must be escaped as \"&amp;\" at byte offset %d", at)
	}
	name := s[1:end]
	switch name {
	case "lt":
		return "<", end + 1, nil
	case "gt":
		return ">", end + 1, nil
	case "amp":
		return "&", end + 1, nil
	case "quot":
		return "\"", end + 1, nil
	}
	if num, ok := strings.CutPrefix(name, "#"); ok && num != "" {
		base := 10
		if hex, ok := strings.CutPrefix(strings.ToLower(num), "x"); ok {
			num, base = hex, 16
		}
		code, err := strconv.ParseUint(num, base, 32)
		if err == nil && code != 0 && utf8.ValidRune(rune(code)) {
			return string(rune(code)), end + 1, nil
		}
		return "", 0, fmt.Errorf("Invalid numeric entity \"&%s;\" at byte offset %d", name, at)
	}
	if tagNameLen(name) == len(name) && name != "" {
		return "", 0, fmt.Errorf("Unsupported HTML entity \"&%s;\" at byte offset %d", name, at)
	}
	return "", 0, fmt.Errorf("Character '&' must be escaped as \"&amp;\" at byte offset %d", at)
}

// tagNameLen returns the length of the leading run of tag or attribute name
// characters (ASCII letters, digits, '-' and '_') in s.
func tagNameLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return i
		}
	}
	return len(s)
}

// spaceLen returns the length of the leading run of ASCII spaces in s.
func spaceLen(s string) int {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

// isSpace reports whether c is ASCII white space.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}
