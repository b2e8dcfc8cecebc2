package bot

import (
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Ensure that "/admins add" and "/members remove" name the right person:
// the ID typed, the author of the replied-to message, the original author
// of a forwarded one — and nobody when a forward hides its author, whose
// From is only the person who forwarded it.
func TestPersonTarget(t *testing.T) {
	forwarder := &tgbotapi.User{ID: 501}
	author := &tgbotapi.User{ID: 502}
	reply := func(m *tgbotapi.Message) *Request {
		return &Request{Update: tgbotapi.Update{Message: &tgbotapi.Message{Text: "/admins add", ReplyToMessage: m}}}
	}
	for _, tc := range []struct {
		name string
		r    *Request
		arg  string
		want int64
		ok   bool
	}{
		{"an ID", reply(nil), "777", 777, true},
		{"a bad ID", reply(nil), "abc", 0, false},
		{"no reply, no ID", reply(nil), "", 0, false},
		{"a reply", reply(&tgbotapi.Message{From: author}), "", 502, true},
		{"a forward", reply(&tgbotapi.Message{From: forwarder, ForwardFrom: author, ForwardDate: 1}), "", 502, true},
		{"a forward from a hidden account", reply(&tgbotapi.Message{From: forwarder, ForwardDate: 1, ForwardSenderName: "Ẩn danh"}), "", 0, false},
		{"a forward from a channel", reply(&tgbotapi.Message{From: forwarder, ForwardDate: 1, ForwardFromChat: &tgbotapi.Chat{ID: -100}}), "", 0, false},
		{"a bot's message", reply(&tgbotapi.Message{From: &tgbotapi.User{ID: 9, IsBot: true}}), "", 0, false},
	} {
		id, ok := personTarget(tc.r, tc.arg)
		if id != tc.want || ok != tc.ok {
			t.Errorf("%s: personTarget=%d,%v, want %d,%v", tc.name, id, ok, tc.want, tc.ok)
		}
	}
}
