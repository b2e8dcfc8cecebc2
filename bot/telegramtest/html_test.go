package telegramtest

import (
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestParseHTMLValid(t *testing.T) {
	tests := []struct {
		in   string
		text string
		ents []tgbotapi.MessageEntity
	}{
		{"plain > text", "plain > text", nil},
		{"&lt;b&gt; &amp; &quot;x&quot; &#39; &#x1F525;", `<b> & "x" ' 🔥`, nil},
		{"<b>Tin</b> <i>mới</i>", "Tin mới", []tgbotapi.MessageEntity{
			{Type: "bold", Offset: 0, Length: 3}, {Type: "italic", Offset: 4, Length: 3}}},
		{"🔥<strong>x</strong>", "🔥x", []tgbotapi.MessageEntity{{Type: "bold", Offset: 2, Length: 1}}},
		{"<b><i>a</i>b</b>", "ab", []tgbotapi.MessageEntity{
			{Type: "bold", Offset: 0, Length: 2}, {Type: "italic", Offset: 0, Length: 1}}},
		{"<u>u</u><ins>i</ins><s>s</s><strike>k</strike><del>d</del><em>e</em>", "uiskde", []tgbotapi.MessageEntity{
			{Type: "underline", Offset: 0, Length: 1}, {Type: "underline", Offset: 1, Length: 1},
			{Type: "strikethrough", Offset: 2, Length: 1}, {Type: "strikethrough", Offset: 3, Length: 1},
			{Type: "strikethrough", Offset: 4, Length: 1}, {Type: "italic", Offset: 5, Length: 1}}},
		{`<a href='https://vnexpress.net/?a=1&amp;b=2'>link</a>`, "link", []tgbotapi.MessageEntity{
			{Type: "text_link", Offset: 0, Length: 4, URL: "https://vnexpress.net/?a=1&b=2"}}},
		{`<A HREF="tg://user?id=1">me</A>`, "me", []tgbotapi.MessageEntity{
			{Type: "text_link", Offset: 0, Length: 2, URL: "tg://user?id=1"}}},
		{`<pre><code class="language-go">x := 1</code></pre>`, "x := 1", []tgbotapi.MessageEntity{
			{Type: "pre", Offset: 0, Length: 6}}},
		{"<code>a&lt;b</code>", "a<b", []tgbotapi.MessageEntity{{Type: "code", Offset: 0, Length: 3}}},
		{`<tg-spoiler>a</tg-spoiler><span class="tg-spoiler">b</span>`, "ab", []tgbotapi.MessageEntity{
			{Type: "spoiler", Offset: 0, Length: 1}, {Type: "spoiler", Offset: 1, Length: 1}}},
		{"<blockquote>q</blockquote><blockquote expandable>e</blockquote>", "qe", []tgbotapi.MessageEntity{
			{Type: "blockquote", Offset: 0, Length: 1}, {Type: "expandable_blockquote", Offset: 1, Length: 1}}},
		{"<b></b>x", "x", nil},
		{"dòng 1\ndòng 2", "dòng 1\ndòng 2", nil},
	}
	for _, tt := range tests {
		text, ents, err := parseHTML(tt.in)
		if err != nil {
			t.Errorf("parseHTML(%q): %v", tt.in, err)
			continue
		}
		if text != tt.text || !sameJSON(ents, tt.ents) {
			t.Errorf("parseHTML(%q) = %q %+v, want %q %+v", tt.in, text, ents, tt.text, tt.ents)
		}
	}
}

func TestParseHTMLInvalid(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a < b", `Unsupported start tag "" at byte offset 2`},
		{"1 <3", `Unsupported start tag "3" at byte offset 2`},
		{"<br>", `Unsupported start tag "br"`},
		{"<div>x</div>", `Unsupported start tag "div"`},
		{"<b>x", `Can't find end tag corresponding to start tag "b"`},
		{"x</b>", "Unexpected end tag at byte offset 1"},
		{"<b><i>x</b></i>", `Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`},
		{"<b", "Unclosed start tag"},
		{`<a href="x>y`, "Unclosed start tag"},
		{"<b>x</b", "Unclosed end tag"},
		{"Q&A", `Character '&' must be escaped`},
		{"a & b;", `Character '&' must be escaped`},
		{"&nbsp;", `Unsupported HTML entity "&nbsp;"`},
		{"&#xZZ;", "Invalid numeric entity"},
		{"&#0;", "Invalid numeric entity"},
		{`<a href="?a=1&b=2">x</a>`, `Character '&' must be escaped`},
		{`<span>x</span>`, `Tag "span" must have class "tg-spoiler"`},
	}
	for _, tt := range tests {
		_, _, err := parseHTML(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseHTML(%q) error = %v, want %q", tt.in, err, tt.want)
		}
	}
}
