package bot_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
)

// Ensure that Client.Upload streams a document to Telegram and that its
// refusals keep their error codes (tgbotapi's own upload drops them): a
// blocked chat's 403, a flood wait's 429 with retry_after; and that a
// failure to reach Telegram never shows the token.
func TestClientUpload(t *testing.T) {
	e := newPushEnv(t, bot.Config{})
	ctx := context.Background()
	client, err := bot.NewClient(ctx, e.api.URL(), pushToken, http.DefaultClient)
	if err != nil {
		t.Fatal(err)
	}
	upload := func(chat string) (*tgbotapi.APIResponse, error) {
		return client.Upload(ctx, "sendDocument", tgbotapi.Params{"chat_id": chat, "caption": "📎 Công văn"},
			[]bot.UploadFile{{Field: "document", Name: "cong-van.pdf", Reader: strings.NewReader("%PDF-1.4\n%%EOF\n")}})
	}
	resp, err := upload("42")
	if err != nil {
		t.Fatal(err)
	}
	var m tgbotapi.Message
	if err := json.Unmarshal(resp.Result, &m); err != nil || m.Document == nil || m.Document.FileName != "cong-van.pdf" || m.Caption != "📎 Công văn" {
		t.Fatalf("result %s (%v)", resp.Result, err)
	}
	e.api.Blocked(43)
	var apiErr *bot.APIError
	if _, err := upload("43"); !errors.As(err, &apiErr) || apiErr.Code != http.StatusForbidden {
		t.Errorf("upload to a blocked chat: %v, want a 403 APIError", err)
	}
	e.api.Intercept(func(method string, _ map[string]string) *telegramtest.Reply {
		if method == "sendDocument" {
			return telegramtest.RetryAfterReply(7)
		}
		return nil
	})
	if _, err := upload("44"); !errors.As(err, &apiErr) || apiErr.Code != http.StatusTooManyRequests || apiErr.RetryAfter != 7 {
		t.Errorf("upload under flood control: %v, want a 429 APIError with retry_after 7", err)
	}
	e.api.Close()
	_, err = upload("45")
	if err == nil || strings.Contains(err.Error(), pushToken) || strings.Contains(err.Error(), strings.Split(pushToken, ":")[1]) {
		t.Errorf("upload to a closed server: %v, want an error without the token", err)
	}
}
