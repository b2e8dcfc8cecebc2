package main

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/store"
)

// postHook POSTs an update to the webhook listener at addr and returns the
// status.
func postHook(t *testing.T, addr net.Addr, path, secret string, u tgbotapi.Update) int {
	t.Helper()
	body, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, "http://"+addr.String()+path, strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// Ensure that `newsbot run --webhook-url ... --listen ...` registers the
// webhook with a secret, answers an update POSTed with it (and refuses one
// without), and that a run without --webhook-url deletes the webhook and
// polls again.
func TestEndToEndWebhookThenPolling(t *testing.T) {
	h := newHarness(t)
	h.webhookAddr = make(chan net.Addr, 1)
	an := h.api.User(1101, "vi")
	chat := h.api.PrivateChat(an)

	stop := h.start("--webhook-url", "https://bot.example.vn/tg/hook", "--listen", "127.0.0.1:0")
	addr := <-h.webhookAddr
	var hook telegramtest.Webhook
	h.api.WaitCalls(t, wait, func([]telegramtest.Call) bool {
		var ok bool
		hook, ok = h.api.Webhook()
		return ok
	})
	if hook.URL != "https://bot.example.vn/tg/hook" || len(hook.SecretToken) < 43 {
		t.Fatalf("webhook %+v", hook)
	}
	// The fake queues the update, as Telegram does, and the test delivers
	// it to the webhook the way Telegram would.
	id := h.api.SendText(an, chat, "/start")
	msgs := h.api.Messages(chat.ID)
	start := tgbotapi.Update{UpdateID: id, Message: &msgs[len(msgs)-1]}
	if got := postHook(t, addr, "/tg/hook", "", start); got != http.StatusUnauthorized {
		t.Fatalf("without the secret: status %d, want 401", got)
	}
	if got := postHook(t, addr, "/tg/hook", hook.SecretToken, start); got != http.StatusOK {
		t.Fatalf("with the secret: status %d, want 200", got)
	}
	h.waitText(chat.ID, "Xin chào", 1)
	stop()
	if _, ok := h.api.Webhook(); !ok {
		t.Fatal("a clean stop removed the webhook; Telegram would drop updates meanwhile")
	}

	// Back to polling: the webhook is deleted and getUpdates works.
	stop = h.start()
	defer stop()
	if _, ok := h.api.Webhook(); ok {
		t.Fatal("polling started with the webhook still set")
	}
	h.api.SendText(an, chat, "/help")
	h.waitText(chat.ID, "Hướng dẫn", 1)
	if got := countContaining(textsTo(h.api.Calls(), chat.ID), "Xin chào"); got != 1 {
		t.Fatalf("greeted %d times, want once", got)
	}
}

// Ensure that updates a webhook run accepted (stored) and did not handle,
// because it was killed, are handled once when the next start polls
// instead: Telegram will not deliver them again.
func TestEndToEndPollingHandlesWhatTheWebhookStored(t *testing.T) {
	h := newHarness(t)
	an := h.api.User(1102, "vi")
	chat := h.api.PrivateChat(an)
	id := h.api.SendText(an, chat, "/start")
	msgs := h.api.Messages(chat.ID)
	body, err := json.Marshal(tgbotapi.Update{UpdateID: id, Message: &msgs[len(msgs)-1]})
	if err != nil {
		t.Fatal(err)
	}
	// The killed webhook run: it stored the update and answered 200, so
	// Telegram has confirmed it; the fake's queue forgets it likewise.
	db, err := store.Open(h.env["NEWSBOT_DB"], store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AcceptUpdate(context.Background(), id, body); err != nil {
		t.Fatal(err)
	}
	if err := db.CommitUpdates(context.Background(), id+1, content.Visits{}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	stop := h.start()
	h.waitText(chat.ID, "Xin chào", 1)
	h.api.SendText(an, chat, "/help")
	h.waitText(chat.ID, "Hướng dẫn", 1)
	stop()
	if got := countContaining(textsTo(h.api.Calls(), chat.ID), "Xin chào"); got != 1 {
		t.Fatalf("greeted %d times, want once", got)
	}
}
