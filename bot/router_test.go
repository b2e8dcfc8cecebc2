package bot

import (
	"strings"
	"testing"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func message(text string) tgbotapi.Update {
	return tgbotapi.Update{UpdateID: 1, Message: &tgbotapi.Message{
		Text: text, Chat: &tgbotapi.Chat{ID: 5, Type: "group"},
		From: &tgbotapi.User{ID: 7, LanguageCode: "en-US"},
	}}
}

// Ensure that commands are parsed the way people type them.
func TestNewRequestParsesCommands(t *testing.T) {
	rt := NewRouter("NewsBot")
	tests := []struct {
		name, text, cmd, args string
		ok                    bool
	}{
		{"a bare command", "/latest", "latest", "", true},
		{"a command with arguments", "/latest  10 ", "latest", "10", true},
		{"a command addressed to this bot in a group", "/latest@newsbot 3", "latest", "3", true},
		{"a command for another bot is ignored", "/latest@otherbot", "", "", false},
		{"upper case is folded", "/LATEST", "latest", "", true},
		{"a newline ends the command", "/latest\n4", "latest", "4", true},
		{"plain text is not a command", "xin chào", "", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, ok := rt.NewRequest(message(tc.text))
			if ok != tc.ok {
				t.Fatalf("ok=%v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			if r.Command != tc.cmd || r.Args != tc.args {
				t.Fatalf("command=%q args=%q, want %q %q", r.Command, r.Args, tc.cmd, tc.args)
			}
			if r.Lang != English || r.ChatID != 5 {
				t.Fatalf("lang=%s chat=%d", r.Lang, r.ChatID)
			}
		})
	}
}

// Ensure that huge or broken arguments are capped and made valid.
func TestNewRequestCapsArguments(t *testing.T) {
	rt := NewRouter("newsbot")
	r, ok := rt.NewRequest(message("/latest " + strings.Repeat("x", 10000) + "\xff"))
	if !ok {
		t.Fatal("not ok")
	}
	if n := utf8.RuneCountInString(r.Args); n != maxArgsRunes {
		t.Fatalf("args runes=%d, want %d", n, maxArgsRunes)
	}
	r, _ = rt.NewRequest(message("/lat\xffest"))
	if !utf8.ValidString(r.Command) {
		t.Fatalf("command %q is not valid UTF-8", r.Command)
	}
}
