package source

import (
	"net/url"
	"regexp"
	"testing"
	"time"

	"newsbot/content"
)

// Ensure that links that differ only in tracking, fragment, case of the
// host or default port are one canonical URL.
func TestCanonicalURL(t *testing.T) {
	base, _ := url.Parse("https://Huyen.Example.vn/tin-tuc/")
	tests := []struct{ in, want string }{
		{"https://huyen.example.vn/a.html", "https://huyen.example.vn/a.html"},
		{"HTTPS://HUYEN.EXAMPLE.VN:443/a.html#binh-luan", "https://huyen.example.vn/a.html"},
		{"http://huyen.example.vn:80/a.html", "http://huyen.example.vn/a.html"},
		{"http://huyen.example.vn:8080/a.html", "http://huyen.example.vn:8080/a.html"},
		{"/a.html?utm_source=zalo&utm_medium=social&id=5&fbclid=IwAR", "https://huyen.example.vn/a.html?id=5"},
		{"a.html?gclid=1&b=2&a=1&zarsrc=30", "https://huyen.example.vn/tin-tuc/a.html?b=2&a=1"},
		{"https://user:pw@huyen.example.vn", "https://huyen.example.vn/"},
		{"https://huyen.example.vn/a.html?", "https://huyen.example.vn/a.html"},
		{"https://huyen.example.vn/t%C3%ACm?q=h%E1%BB%99i", "https://huyen.example.vn/t%C3%ACm?q=h%E1%BB%99i"},
		{"  https://huyen.example.vn/a.html?UTM_Source=x  ", "https://huyen.example.vn/a.html"},
	}
	for _, tc := range tests {
		got, err := CanonicalURL(tc.in, base)
		if err != nil || got != tc.want {
			t.Errorf("CanonicalURL(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "mailto:a@b.vn", "javascript:void(0)", "ftp://x.vn/a", "//"} {
		if got, err := CanonicalURL(bad, nil); err == nil {
			t.Errorf("CanonicalURL(%q) = %q, want an error", bad, got)
		}
	}
}

// Ensure that an item is identified by its GUID, else its canonical URL,
// else a full SHA-256 of its title and date, and that the ID of a URL
// identity is the one the inbox gives an article with that link.
func TestIdentity(t *testing.T) {
	date := time.Date(2021, 3, 12, 8, 5, 9, 0, content.VietnamZone())
	g := identify("portal", Item{GUID: " tin-1 ", Link: "https://x.vn/a", Title: "T"})
	if g.Kind != "guid" || g.Key != "portal\x00tin-1" {
		t.Fatalf("guid identity = %+v", g)
	}
	if other := identify("other", Item{GUID: "tin-1"}); other.ArticleID() == g.ArticleID() {
		t.Fatal("the same GUID from two sources gave one ID")
	}
	u := identify("portal", Item{Link: "https://x.vn/a", Title: "T"})
	a := content.Article{SourceURL: "https://x.vn/a"}
	if u.Kind != "url" || u.ArticleID() != a.DeriveID() {
		t.Fatalf("url identity = %+v, ID %s, want %s", u, u.ArticleID(), a.DeriveID())
	}
	h := identify("portal", Item{Title: "Thông báo", Published: date})
	if h.Kind != "hash" || !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(h.Key) {
		t.Fatalf("hash identity = %+v, want a full SHA-256", h)
	}
	nfd := identify("portal", Item{Title: "Tho\u0302ng ba\u0301o", Published: date.UTC()})
	if nfd.Key != h.Key {
		t.Fatal("NFD title or UTC date changed the hash")
	}
	if later := identify("portal", Item{Title: "Thông báo", Published: date.Add(time.Second)}); later.Key == h.Key {
		t.Fatal("a different date gave the same hash")
	}
	if id := h.ArticleID(); len(id) != 24 {
		t.Fatalf("article ID %q is not content's 24-character form", id)
	}
}
