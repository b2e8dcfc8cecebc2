package source

import (
	"strings"
	"testing"
)

// Ensure that user info goes from every form of URL, well formed or not,
// and nothing else changes.
func TestRedact(t *testing.T) {
	for raw, want := range map[string]string{
		"https://user:secret@huyen.example.vn/rss":   "https://huyen.example.vn/rss",
		"https://user@huyen.example.vn/rss?a=1#x":    "https://huyen.example.vn/rss?a=1#x",
		"http://user:p%40ss@10.1.2.3:8080/tin-tuc/":  "http://10.1.2.3:8080/tin-tuc/",
		"https://huyen.example.vn/rss":               "https://huyen.example.vn/rss",
		"https://huyen.example.vn/@tin/a@b?x=@":      "https://huyen.example.vn/@tin/a@b?x=@",
		"http://user:pa/ss@huyen.example.vn/rss":     "http://huyen.example.vn/rss",
		"http://user:secret@huyen.example.vn:xx/rss": "http://huyen.example.vn:xx/rss",
		"user:secret@huyen.example.vn/rss":           "huyen.example.vn/rss",
		"ftp://user:secret@x/%zz":                    "ftp://x/%zz",
		"":                                           "",
		"not a url":                                  "not a url",
	} {
		if got := Redact(raw); got != want {
			t.Errorf("Redact(%q) = %q, want %q", raw, got, want)
		}
	}
}

// Ensure that no URL, however malformed after its user info, keeps the
// password it was given (a user name holding '/' ends the authority
// there, so it is not user info).
func FuzzRedact(f *testing.F) {
	f.Add("https", "user", "huyen.example.vn/rss")
	f.Add("http", "u", "h:xx/p@q?x@y")
	f.Add("", "", "[::1]:80/%zz")
	f.Add("h", "a:b", "")
	f.Fuzz(func(t *testing.T, scheme, user, rest string) {
		const pw = "s3cr3tPW"
		for _, raw := range []string{scheme + "://" + user + ":" + pw + "@" + rest, user + ":" + pw + "@" + rest} {
			if strings.Contains(scheme+user+rest, pw[:4]) || strings.ContainsAny(user+scheme, "/?#@") {
				return
			}
			if got := Redact(raw); strings.Contains(got, pw) {
				t.Fatalf("Redact(%q) = %q keeps the password", raw, got)
			}
		}
	})
}
