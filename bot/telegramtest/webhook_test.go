package telegramtest

import (
	"net/http"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Ensure that setWebhook checks what Telegram checks, that getUpdates is
// refused with 409 while a webhook is set, and that deleteWebhook lets it
// work again, with Telegram's wire format throughout.
func TestWebhookMethods(t *testing.T) {
	srv, bot := newBot(t)
	base := srv.URL() + "/bot" + testToken + "/"
	tests := []struct {
		name   string
		params map[string]string
		status int
		body   string
	}{
		{"an http URL is refused", map[string]string{"url": "http://bot.example.vn/hook"}, 400,
			`"description":"Bad Request: bad webhook: An HTTPS URL must be provided for webhook"`},
		{"another port is refused", map[string]string{"url": "https://bot.example.vn:8080/hook"}, 400,
			`"description":"Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"`},
		{"a secret with other characters is refused", map[string]string{"url": "https://bot.example.vn/hook", "secret_token": "a b"}, 400,
			`"description":"Bad Request: secret token contains unallowed characters"`},
		{"a good webhook is set", map[string]string{"url": "https://bot.example.vn:8443/hook", "secret_token": "Ab_-9",
			"allowed_updates": `["message"]`, "max_connections": "8"}, 200, `{"ok":true,"result":true,"description":"Webhook was set"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := post(t, base+"setWebhook", "application/x-www-form-urlencoded", form(tc.params))
			if status != tc.status || !strings.Contains(body, tc.body) {
				t.Fatalf("%d %s, want %d %s", status, body, tc.status, tc.body)
			}
		})
	}
	hook, ok := srv.Webhook()
	if !ok || hook.URL != "https://bot.example.vn:8443/hook" || hook.SecretToken != "Ab_-9" || hook.MaxConnections != 8 {
		t.Fatalf("webhook %+v %v", hook, ok)
	}
	status, body := post(t, base+"getWebhookInfo", "application/json", "{}")
	if status != 200 || !strings.Contains(body, `"url":"https://bot.example.vn:8443/hook"`) {
		t.Fatalf("getWebhookInfo: %d %s", status, body)
	}
	_, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	wantAPIError(t, err, http.StatusConflict, "Conflict: can't use getUpdates method while webhook is active")

	for _, want := range []string{`"description":"Webhook was deleted"`, `"description":"Webhook is already deleted"`} {
		status, body := post(t, base+"deleteWebhook", "application/json", "{}")
		if status != 200 || !strings.Contains(body, want) {
			t.Fatalf("deleteWebhook: %d %s, want %s", status, body, want)
		}
	}
	if _, ok := srv.Webhook(); ok {
		t.Fatal("the webhook is still set")
	}
	if _, err := bot.GetUpdates(tgbotapi.UpdateConfig{}); err != nil {
		t.Fatalf("getUpdates after deleteWebhook: %v", err)
	}
}
