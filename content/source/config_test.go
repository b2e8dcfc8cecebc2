package source

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"newsbot/content"
)

// Ensure that the README's example sources file parses to what it says,
// and that its rules are the default rules.
func TestLoadConfigExample(t *testing.T) {
	c, err := LoadConfig("sources.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxInFlight != 4 || c.Timeout != 30*time.Second || c.MaxBackoff != 6*time.Hour ||
		c.FailThreshold != 3 || c.PushMaxAge != 72*time.Hour {
		t.Errorf("settings: %+v", c)
	}
	if len(c.Sources) != 3 {
		t.Fatalf("sources: %+v", c.Sources)
	}
	rss, feed, page := c.Sources[0], c.Sources[1], c.Sources[2]
	if rss.Kind != KindRSS || rss.Interval != 5*time.Minute || rss.Category != content.CategoryNews || rss.MaxItems != DefaultMaxItems {
		t.Errorf("rss source: %+v", rss)
	}
	if feed.Kind != KindFeed || !feed.FullText || feed.Section != "Văn bản chỉ đạo" {
		t.Errorf("feed source: %+v", feed)
	}
	if page.Kind != KindHTML || page.Selectors.List != "ul.tin-moi li a" || page.Selectors.Published != "span.ngay-dang" ||
		page.Selectors.Attachments != "div.file-dinh-kem a" {
		t.Errorf("html source: %+v", page)
	}
	if !reflect.DeepEqual(c.Rules, DefaultRules()) {
		t.Errorf("rules:\n%+v\nwant the defaults:\n%+v", c.Rules, DefaultRules())
	}
	if _, ok := c.Source("van-ban"); !ok {
		t.Error("Source(van-ban) not found")
	}
}

// Ensure that the README shows the example sources file as it is, so that
// what operators copy from either is the same.
func TestREADMEShowsExampleSourcesFile(t *testing.T) {
	example, err := os.ReadFile("sources.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "```toml\n"+string(example)+"```\n") {
		t.Error("the README's example sources file differs from content/source/sources.example.toml")
	}
}

// Ensure that a minimal file gets the defaults.
func TestParseConfigDefaults(t *testing.T) {
	c, err := ParseConfig(strings.NewReader(`[[source]]
name = "a"
url = "http://127.0.0.1/rss"
`), "min.toml")
	if err != nil {
		t.Fatal(err)
	}
	s := c.Sources[0]
	if s.Kind != KindFeed || s.Interval != DefaultInterval || s.MaxItems != DefaultMaxItems || s.Category != "" {
		t.Errorf("source: %+v", s)
	}
	if c.MaxInFlight != DefaultMaxInFlight || c.Timeout != DefaultTimeout || c.FailThreshold != DefaultFailThreshold ||
		c.MaxBackoff != DefaultMaxBackoff || c.PushMaxAge != DefaultPushMaxAge || len(c.Rules) != len(DefaultRules()) {
		t.Errorf("config: %+v", c)
	}
}

// Ensure that mistakes in the file are reported, each naming the source or
// rule and the key.
func TestParseConfigErrors(t *testing.T) {
	tests := []struct{ name, file, want string }{
		{"no sources", `timeout = "1s"`, "no [[source]]"},
		{"unknown key", "[[source]]\nname = \"a\"\nurl = \"http://x.vn/\"\nintervall = \"5m\"", "unknown keys: source.intervall"},
		{"bad name", "[[source]]\nname = \"Tin Tức\"\nurl = \"http://x.vn/\"", "name"},
		{"bad url", "[[source]]\nname = \"a\"\nurl = \"ftp://x.vn/\"", `url "ftp://x.vn/"`},
		{"relative url", "[[source]]\nname = \"a\"\nurl = \"/rss\"", "absolute"},
		{"bad kind", "[[source]]\nname = \"a\"\nurl = \"http://x.vn/\"\nkind = \"xml\"", `kind "xml"`},
		{"bad interval", "[[source]]\nname = \"a\"\nurl = \"http://x.vn/\"\ninterval = \"5\"", `interval "5"`},
		{"negative interval", "[[source]]\nname = \"a\"\nurl = \"http://x.vn/\"\ninterval = \"-5m\"", "positive"},
		{"bad category", "[[source]]\nname = \"a\"\nurl = \"http://x.vn/\"\ncategory = \"sport\"", `category "sport"`},
		{"twice", "[[source]]\nname = \"a\"\nurl = \"http://x.vn/\"\n[[source]]\nname = \"a\"\nurl = \"http://y.vn/\"", "used twice"},
		{"bad selector", "[[source]]\nname = \"a\"\nurl = \"http://x.vn/\"\nkind = \"html\"\n[source.selectors]\nlist = \"ul >> a[\"", "selectors.list"},
		{"bad attachments selector", "[[source]]\nname = \"a\"\nurl = \"http://x.vn/\"\nkind = \"html\"\n[source.selectors]\nattachments = \"a[\"", "selectors.attachments"},
		{"rule without words", "[[source]]\nname = \"a\"\nurl = \"http://x.vn/\"\n[[rule]]\ncategory = \"chi-dao\"", "rule 1: words"},
		{"rule without effect", "[[source]]\nname = \"a\"\nurl = \"http://x.vn/\"\n[[rule]]\nwords = [\"x\"]", "needs a category"},
		{"rule bad in", "[[source]]\nname = \"a\"\nurl = \"http://x.vn/\"\n[[rule]]\nwords = [\"x\"]\nurgent = true\nin = \"body\"", `in "body"`},
		{"bad toml", "[[source]\nname = 1", "toml"},
		{"bad duration", "timeout = \"soon\"\n[[source]]\nname = \"a\"\nurl = \"http://x.vn/\"", `timeout "soon"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig(strings.NewReader(tc.file), "s.toml")
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "s.toml: ") {
				t.Fatalf("err = %v, want one naming the file and saying %q", err, tc.want)
			}
		})
	}
}

// Ensure that a source's name is at most 40 characters, in the file and
// from the bot alike: the bot's buttons carry it in Telegram's 64 bytes of
// callback data ("src:dy:<name>").
func TestSourceNameLength(t *testing.T) {
	longest := strings.Repeat("a", 39) + "9"
	if _, err := NewSource(longest, "https://x.vn/rss", "rss", ""); err != nil {
		t.Errorf("a %d-character name: %v", len(longest), err)
	}
	if _, err := NewSource(longest+"x", "https://x.vn/rss", "rss", ""); err == nil {
		t.Errorf("a %d-character name was accepted", len(longest)+1)
	}
	if _, err := ParseConfig(strings.NewReader("[[source]]\nname = \""+longest+"x\"\nurl = \"http://x.vn/\""), "s.toml"); err == nil {
		t.Errorf("a %d-character name was accepted in the file", len(longest)+1)
	}
}

// Ensure that a file's own rules replace the defaults.
func TestParseConfigOwnRules(t *testing.T) {
	c, err := ParseConfig(strings.NewReader("[[source]]\nname = \"a\"\nurl = \"http://x.vn/\"\n"+
		"[[rule]]\nwords = [\"bóng đá\", \" \"]\ncategory = \"tin-tuc\"\nin = \"TITLE\""), "s.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := []Rule{{Words: []string{"bóng đá"}, Category: content.CategoryNews, In: InTitle}}
	if !reflect.DeepEqual(c.Rules, want) {
		t.Fatalf("rules = %+v, want %+v", c.Rules, want)
	}
}
