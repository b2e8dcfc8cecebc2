package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Ensure that any message text parses to a valid command name and capped,
// valid, trimmed arguments, without panicking.
func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"/latest", "/latest 10", "/latest@newsbot 3", "/latest@other", "/LATEST",
		"/latest\n4", "xin chào", "/", "/@", "/ x", "/\xff", "/a\tb c", "/" + strings.Repeat("x", 100),
		"/search " + strings.Repeat("đ", 1200)} {
		f.Add(s)
	}
	rt := NewRouter("newsbot")
	f.Fuzz(func(t *testing.T, text string) {
		r, ok := rt.NewRequest(message(text))
		if !ok {
			if !strings.HasPrefix(text, "/") || !strings.Contains(text, "@") {
				t.Fatalf("%q was dropped though it is not addressed to another bot", text)
			}
			return
		}
		if !strings.HasPrefix(text, "/") {
			if r.Command != "" || r.Args != "" {
				t.Fatalf("plain text %q parsed as /%s %q", text, r.Command, r.Args)
			}
			return
		}
		if r.Command == "" || !utf8.ValidString(r.Command) || len(r.Command) > 64 || r.Command != strings.ToLower(r.Command) {
			t.Fatalf("%q: command %q", text, r.Command)
		}
		if !utf8.ValidString(r.Args) || utf8.RuneCountInString(r.Args) > maxArgsRunes {
			t.Fatalf("%q: args of %d runes, valid %v", text, utf8.RuneCountInString(r.Args), utf8.ValidString(r.Args))
		}
		if r.Args != strings.TrimSpace(r.Args) && utf8.RuneCountInString(r.Args) < maxArgsRunes {
			t.Fatalf("%q: args %q not trimmed", text, r.Args)
		}
	})
}
