package bot

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"newsbot/content"
)

// Ensure that user-supplied text cannot inject markup.
func TestEscape(t *testing.T) {
	if got, want := escape(`<b>"Tom & Jerry"</b>`), "&lt;b&gt;&quot;Tom &amp; Jerry&quot;&lt;/b&gt;"; got != want {
		t.Fatalf("escape=%q, want %q", got, want)
	}
}

// Ensure that long HTML is split under the limit, at safe points, losing nothing.
func TestSplitHTML(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		limit int
	}{
		{"paragraphs are kept whole when they fit", strings.Repeat("<b>Tiêu đề</b>\nđoạn văn &amp; chữ\n\n", 300), 4096},
		{"a paragraph longer than the limit is cut at spaces", strings.Repeat("chữ ", 3000), 4096},
		{"text with no spaces is cut on rune boundaries", strings.Repeat("ệ", 9000), 4096},
		{"emoji count as two units", strings.Repeat("📰 <i>tin</i> ", 1000), 1000},
		{"entities are never cut", strings.Repeat("&amp;&lt;&gt;", 2000), 100},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			parts := splitHTML(tc.in, tc.limit)
			if len(parts) < 2 {
				t.Fatalf("got %d parts, want several", len(parts))
			}
			for i, p := range parts {
				if n := utf16Len(p); n > tc.limit {
					t.Fatalf("part %d has %d units > %d", i, n, tc.limit)
				}
				if !utf8.ValidString(p) {
					t.Fatalf("part %d is not valid UTF-8", i)
				}
				if strings.Count(p, "<b>") != strings.Count(p, "</b>") || strings.Count(p, "<i>") != strings.Count(p, "</i>") {
					t.Fatalf("part %d has unbalanced tags: %q", i, p)
				}
				if strings.HasSuffix(p, "&") || strings.HasSuffix(p, "&amp") {
					t.Fatalf("part %d ends inside an entity: %q", i, p[max(0, len(p)-10):])
				}
			}
			strip := func(s string) string { return strings.Join(strings.Fields(s), "") }
			if got, want := strip(strings.Join(parts, "")), strip(tc.in); got != want {
				t.Fatal("text was lost or changed by splitting")
			}
		})
	}
}

// Ensure that a short message is one part, unchanged.
func TestSplitHTMLShort(t *testing.T) {
	parts := splitHTML("<b>Xin chào</b>", 4096)
	if len(parts) != 1 || parts[0] != "<b>Xin chào</b>" {
		t.Fatalf("parts=%q", parts)
	}
}

// Ensure that times are shown in Vietnam time whatever zone they carry.
func TestFormatTimeInVietnam(t *testing.T) {
	utc := time.Date(2021, 3, 12, 1, 5, 9, 0, time.UTC)
	if got, want := formatTime(utc, content.VietnamZone()), "08:05 12/03/2021"; got != want {
		t.Fatalf("formatTime=%q, want %q", got, want)
	}
}

// Ensure that an article card escapes every field and caps long ones.
func TestArticleCardEscapes(t *testing.T) {
	a := content.Article{Title: "<script>" + strings.Repeat("A", 1000), Lead: "a & b",
		Published: time.Date(2021, 3, 12, 8, 5, 0, 0, content.VietnamZone())}
	card := articleCard(a, Vietnamese, content.VietnamZone())
	if strings.Contains(card, "<script>") || !strings.Contains(card, "a &amp; b") {
		t.Fatalf("card not escaped: %q", card)
	}
	if !strings.Contains(card, "Đăng lúc 08:05 12/03/2021") {
		t.Fatalf("card lacks the time: %q", card)
	}
	if utf16Len(card) > 1000 {
		t.Fatalf("card is %d units long; the title was not capped", utf16Len(card))
	}
}

// Ensure that every catalogue key (the msg constants) has a text in
// every language, with the same format verbs, and that Telegram English
// users get English.
func TestCatalogueComplete(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "messages.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	declared := 0
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || vs.Type == nil || fmt.Sprint(vs.Type) != "msg" {
			return true
		}
		for _, name := range vs.Names {
			declared++
			for _, l := range []Lang{Vietnamese, English} {
				if strings.TrimSpace(catalogue[l][msg(strings.Trim(fmt.Sprint(vs.Values[0].(*ast.BasicLit).Value), `"`))]) == "" {
					t.Errorf("%s has no %s text", name.Name, l)
				}
			}
		}
		return true
	})
	if declared != len(catalogue[Vietnamese]) {
		t.Errorf("%d keys declared, %d Vietnamese texts", declared, len(catalogue[Vietnamese]))
	}
	for key, vi := range catalogue[Vietnamese] {
		for _, l := range []Lang{English} {
			other, ok := catalogue[l][key]
			if !ok {
				t.Errorf("%s: missing in %s", key, l)
				continue
			}
			if strings.Count(vi, "%") != strings.Count(other, "%") {
				t.Errorf("%s: format verbs differ between vi and %s", key, l)
			}
		}
	}
	if len(catalogue[English]) != len(catalogue[Vietnamese]) {
		t.Errorf("English has %d texts, Vietnamese %d", len(catalogue[English]), len(catalogue[Vietnamese]))
	}
	for code, want := range map[string]Lang{"en": English, "en-GB": English, "vi": Vietnamese, "": Vietnamese, "fr": Vietnamese} {
		if got := LangFor(code); got != want {
			t.Errorf("LangFor(%q)=%s, want %s", code, got, want)
		}
	}
}

// Ensure that toggling categories keeps "empty means all" and never empties
// the choice silently.
func TestToggleCategory(t *testing.T) {
	all := content.Categories()
	off := toggleCategory(nil, content.CategoryNews)
	if len(off) != len(all)-1 || slices.Contains(off, content.CategoryNews) {
		t.Fatalf("turning news off from all: %v", off)
	}
	if back := toggleCategory(off, content.CategoryNews); back != nil {
		t.Fatalf("turning news back on should mean all (nil), got %v", back)
	}
	if last := toggleCategory([]content.Category{content.CategoryDirective}, content.CategoryDirective); last == nil || len(last) != 0 {
		t.Fatalf("turning off the last category: %v, want an empty non-nil set", last)
	}
}
