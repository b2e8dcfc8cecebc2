package telegramtest

import (
	"net/http"
	"sync/atomic"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestBlocked(t *testing.T) {
	srv, bot := newBot(t)
	unblock := srv.Blocked(21)
	_, err := bot.Send(tgbotapi.NewMessage(21, "chào"))
	wantAPIError(t, err, http.StatusForbidden, "Forbidden: bot was blocked by the user")
	_, err = bot.Request(tgbotapi.NewChatAction(21, tgbotapi.ChatTyping))
	wantAPIError(t, err, http.StatusForbidden, "Forbidden: bot was blocked by the user")
	if _, err := bot.Send(tgbotapi.NewMessage(22, "chào")); err != nil {
		t.Fatalf("other chat: %v", err)
	}
	c := srv.Sent(21)[0]
	if !c.Intercepted || c.Status != http.StatusForbidden || c.Error != "Forbidden: bot was blocked by the user" {
		t.Fatalf("call = %v", c)
	}
	if len(srv.Messages(21)) != 0 {
		t.Fatal("a blocked send produced a message")
	}
	unblock()
	if _, err := bot.Send(tgbotapi.NewMessage(21, "chào")); err != nil {
		t.Fatalf("after unblock: %v", err)
	}
}

func TestInterceptRetryAfter(t *testing.T) {
	srv, bot := newBot(t)
	var left atomic.Int32
	left.Store(1)
	remove := srv.Intercept(func(method string, params map[string]string) *Reply {
		if method != "sendMessage" || left.Add(-1) < 0 {
			return nil
		}
		return RetryAfterReply(7)
	})
	defer remove()
	_, err := bot.Send(tgbotapi.NewMessage(5, "x"))
	e := apiError(t, err)
	if e.Code != http.StatusTooManyRequests || e.RetryAfter != 7 || e.Message != "Too Many Requests: retry after 7" {
		t.Fatalf("error = %+v", e)
	}
	if _, err := bot.Send(tgbotapi.NewMessage(5, "x")); err != nil {
		t.Fatalf("second try: %v", err)
	}
	sent := srv.Sent(5)
	if len(sent) != 2 || !sent[0].Intercepted || sent[1].Intercepted {
		t.Fatalf("Sent(5) = %v", sent)
	}
}

func TestInterceptReplies(t *testing.T) {
	srv, bot := newBot(t)
	var reply atomic.Pointer[Reply]
	srv.Intercept(func(method string, params map[string]string) *Reply {
		if method == "sendMessage" {
			return reply.Load()
		}
		return nil
	})

	reply.Store(MigrateReply(-1009876543210))
	_, err := bot.Send(tgbotapi.NewMessage(-5, "x"))
	if e := apiError(t, err); e.Code != http.StatusBadRequest || e.MigrateToChatID != -1009876543210 {
		t.Fatalf("migrate error = %+v", e)
	}

	reply.Store(&Reply{Status: http.StatusBadGateway})
	_, err = bot.Send(tgbotapi.NewMessage(-5, "x"))
	wantAPIError(t, err, http.StatusBadGateway, "Bad Gateway")

	reply.Store(&Reply{Status: http.StatusInternalServerError, Body: []byte("<html>oops</html>")})
	if _, err = bot.Send(tgbotapi.NewMessage(-5, "x")); err == nil {
		t.Fatal("malformed body gave no error")
	}

	reply.Store(&Reply{Body: map[string]any{"ok": true, "result": map[string]any{"message_id": 77, "date": 1, "chat": map[string]any{"id": -5, "type": "group"}}}})
	m, err := bot.Send(tgbotapi.NewMessage(-5, "x"))
	if err != nil || m.MessageID != 77 {
		t.Fatalf("custom success: %+v, %v", m, err)
	}
	for _, c := range srv.Sent(-5) {
		if !c.Intercepted {
			t.Fatalf("call not marked intercepted: %v", c)
		}
	}
}

func TestInterceptMayCallServer(t *testing.T) {
	srv, bot := newBot(t)
	srv.Intercept(func(method string, params map[string]string) *Reply {
		if method == "sendMessage" && len(srv.Sent(1)) >= 1 {
			return ErrorReply(http.StatusTooManyRequests, "Too Many Requests")
		}
		return nil
	})
	if _, err := bot.Send(tgbotapi.NewMessage(1, "a")); err != nil {
		t.Fatal(err)
	}
	_, err := bot.Send(tgbotapi.NewMessage(1, "b"))
	wantAPIError(t, err, http.StatusTooManyRequests, "Too Many Requests")
}
