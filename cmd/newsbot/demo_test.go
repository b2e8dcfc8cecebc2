package main

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
	"newsbot/content/vi"
)

// Ensure that the demo page listens on loopback addresses only, unless
// --allow-remote says otherwise, and that a malformed address is a usage
// error.
func TestDemoListenLoopbackOnly(t *testing.T) {
	for _, tc := range []struct {
		addr    string
		allowed bool
		ok      bool
	}{
		{"127.0.0.1:8080", false, true},
		{"localhost:8080", false, true},
		{"[::1]:8080", false, true},
		{"127.0.0.1:0", false, true},
		{"0.0.0.0:8080", false, false},
		{":8080", false, false},
		{"192.168.1.10:8080", false, false},
		{"0.0.0.0:8080", true, true},
		{"8080", false, false},
	} {
		err := checkLoopback(tc.addr, tc.allowed)
		if (err == nil) != tc.ok {
			t.Errorf("checkLoopback(%q, %v) = %v, want ok %v", tc.addr, tc.allowed, err, tc.ok)
		}
		if err != nil && !errors.Is(err, errUsage) {
			t.Errorf("checkLoopback(%q): %v is not a usage error", tc.addr, err)
		}
	}
}

// Ensure that `newsbot demo` refuses a non-loopback --listen before it
// starts anything, with exit status 2.
func TestDemoRefusesRemoteListen(t *testing.T) {
	h := newHarness(t)
	if code := h.cli("demo", "--listen", "0.0.0.0:0"); code != 2 {
		t.Fatalf("exit status %d, want 2; output:\n%s", code, h.logs.String())
	}
	if !strings.Contains(h.logs.String(), "--allow-remote") {
		t.Errorf("the refusal does not say how to allow it:\n%s", h.logs.String())
	}
}

// Ensure that the embedded samples parse, cover the four categories, and
// hold one picture and one directive among those the page publishes; and
// that the picture each names is embedded.
func TestDemoSamples(t *testing.T) {
	names, err := fs.Glob(demoFiles, "demo/samples/*/*.txt")
	if err != nil || len(names) < 5 {
		t.Fatalf("samples %v, %v", names, err)
	}
	cats := map[content.Category]int{}
	photos, directives := 0, 0
	for _, name := range names {
		a, err := demoSample(name, "http://127.0.0.1:1")
		if err != nil {
			t.Fatal(err)
		}
		cats[a.Category]++
		if content.NeedsAck(a.Category) {
			directives++
		}
		for _, img := range a.Images {
			photos++
			if _, err := fs.Stat(demoFiles, "demo/samples/publish/"+img.Name); err != nil || !strings.Contains(name, "/publish/") {
				t.Errorf("%s: picture %s is not embedded beside the articles the page publishes: %v", name, img.Name, err)
			}
			if img.URL != "http://127.0.0.1:1/media/"+img.Name {
				t.Errorf("%s: picture URL %q", name, img.URL)
			}
		}
		if a.Author == "" || len(a.Body) == 0 || a.Lead == "" {
			t.Errorf("%s: parsed without signature, lead or body: %+v", name, a)
		}
	}
	for _, c := range content.Categories() {
		if cats[c] == 0 {
			t.Errorf("no sample in category %s (have %v)", c, cats)
		}
	}
	if photos != 1 || directives != 1 {
		t.Errorf("%d samples with a picture and %d directives, want 1 and 1", photos, directives)
	}
}

// Ensure that the page's rendering of a message escapes its text, nests
// Telegram's entities, counts offsets in UTF-16 units (emoji take two), and
// links only http and https URLs.
func TestDemoRenderEntities(t *testing.T) {
	for _, tc := range []struct {
		text string
		ents []tgbotapi.MessageEntity
		want string
	}{
		{"a <b> & c", nil, "a &lt;b&gt; &amp; c"},
		{"📖 Đọc toàn văn", []tgbotapi.MessageEntity{{Type: "bold", Offset: 3, Length: 3}},
			"📖 <b>Đọc</b> toàn văn"},
		{"Tiêu đề in nghiêng", []tgbotapi.MessageEntity{
			{Type: "italic", Offset: 8, Length: 10}, {Type: "bold", Offset: 0, Length: 18}},
			"<b>Tiêu đề <i>in nghiêng</i></b>"},
		{"xem ở đây", []tgbotapi.MessageEntity{{Type: "text_link", Offset: 4, Length: 5, URL: "https://example.org/?a=1&b=2"}},
			`xem <a href="https://example.org/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">ở đây</a>`},
		{"bấm vào", []tgbotapi.MessageEntity{{Type: "text_link", Offset: 0, Length: 3, URL: "javascript:alert(1)"}},
			"<span>bấm</span> vào"},
		{"a", []tgbotapi.MessageEntity{{Type: "bold", Offset: 0, Length: 5}}, "<b>a</b>"},
	} {
		if got := renderEntities(tc.text, tc.ents); got != tc.want {
			t.Errorf("renderEntities(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// Ensure that publishing samples goes through the publish function in
// order, with the picture's URL on the page's own address, and stops with
// errNoSamples when all are published.
func TestDemoPublishNext(t *testing.T) {
	var got []content.Article
	d := &demoChat{base: "http://127.0.0.1:9", publish: func(_ context.Context, a content.Article, _ bool) (bool, error) {
		got = append(got, a)
		return true, nil
	}}
	names, _ := fs.Glob(demoFiles, "demo/samples/publish/*.txt")
	for range names {
		if _, err := d.publishNext(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.publishNext(context.Background()); !errors.Is(err, errNoSamples) {
		t.Fatalf("after every sample: %v, want errNoSamples", err)
	}
	if len(got) != len(names) || got[0].Published.IsZero() {
		t.Fatalf("published %+v", got)
	}
	if len(got[0].Images) != 1 || got[0].Images[0].URL != "http://127.0.0.1:9/media/cau-dong-tien.jpg" {
		t.Errorf("first sample's pictures: %+v", got[0].Images)
	}
}

// Ensure that the demo's sample articles and page write the portal's tone
// style (hóa, ủy), as the bot's catalogue does.
func TestDemoToneStyle(t *testing.T) {
	checked := 0
	err := fs.WalkDir(demoFiles, "demo", func(name string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(name, ".txt") && !strings.HasSuffix(name, ".html") && !strings.HasSuffix(name, ".js") {
			return err
		}
		b, err := fs.ReadFile(demoFiles, name)
		if err != nil {
			return err
		}
		checked++
		if slips := vi.NewStyleTones(string(b)); len(slips) > 0 {
			t.Errorf("%s writes the new tone style (write hóa, thủy, ủy instead): %q", name, slips)
		}
		return nil
	})
	if err != nil || checked < 6 {
		t.Fatalf("checked %d files: %v", checked, err)
	}
}
