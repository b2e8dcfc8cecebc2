package bot

import (
	"context"
	"errors"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// answer acknowledges a button press, with text shown to the person as a
// small notice when not empty.
func (b *Bot) answer(ctx context.Context, r *Request, text string) error {
	q := r.Update.CallbackQuery
	if q == nil {
		return nil
	}
	_, err := b.client.Request(ctx, tgbotapi.NewCallback(q.ID, text))
	return err
}

// isNotModified reports Telegram's refusal of an edit that changes nothing,
// which is harmless (a person pressed the same button twice).
func isNotModified(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && strings.Contains(apiErr.Description, "message is not modified")
}
