package bot

import (
	"context"
	"errors"
	"regexp"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// reply sends html to the request's chat, split into as many messages as
// Telegram's length limit needs; markup (if any) goes on the last one.
func (b *Bot) reply(ctx context.Context, r *Request, html string, markup any) error {
	return b.sendHTML(ctx, r.ChatID, html, markup, false)
}

// replyText sends one message of the catalogue to chatID.
func (b *Bot) replyText(ctx context.Context, chatID int64, html string) error {
	return b.sendHTML(ctx, chatID, html, nil, false)
}

// sendHTML sends html in parts under the length limit. A part Telegram cannot
// parse is sent again as plain text, so a rendering slip never loses a message.
func (b *Bot) sendHTML(ctx context.Context, chatID int64, html string, markup any, silent bool) error {
	parts := splitHTML(html, maxMessageLen)
	for i, part := range parts {
		m := tgbotapi.NewMessage(chatID, part)
		m.ParseMode = tgbotapi.ModeHTML
		m.DisableWebPagePreview = true
		m.DisableNotification = silent
		if i == len(parts)-1 && markup != nil {
			m.ReplyMarkup = markup
		}
		_, err := b.send(ctx, chatID, m)
		if isParseError(err) {
			m.ParseMode = ""
			m.Text = plainText(part)
			_, err = b.send(ctx, chatID, m)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// isParseError reports whether Telegram refused a message's markup.
func isParseError(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Code == 400 &&
		strings.Contains(apiErr.Description, "can't parse entities")
}

var tagPattern = regexp.MustCompile(`<[^>]*>`)

// plainText strips tags and entities from Telegram HTML.
func plainText(html string) string {
	s := tagPattern.ReplaceAllString(html, "")
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&amp;", "&").Replace(s)
}
