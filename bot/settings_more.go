package bot

import (
	"context"
	"errors"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// The settings below extend /settings (Bot.handleSettings): the language a chat
// reads, which overrides the one Telegram reports ("lang:vi", "lang:en"),
// and the daily digest ("dg:on", "dg:off"; "dg:cats" shows the categories).

// langRow offers the languages, the current one marked.
func langRow(l Lang) []tgbotapi.InlineKeyboardButton {
	var row []tgbotapi.InlineKeyboardButton
	for _, c := range []Lang{Vietnamese, English} {
		label := c.T(msgLangName)
		if c == l {
			label = "• " + label
		}
		row = append(row, tgbotapi.NewInlineKeyboardButtonData(label, callbackLang+":"+string(c)))
	}
	return row
}

// digestRow offers the digest as a toggle, and the categories.
func digestRow(l Lang, s content.Subscriber) []tgbotapi.InlineKeyboardButton {
	label, data := "⬜ "+l.T(msgDigestToggle), callbackDigest+":on"
	if s.Digest {
		label, data = "✅ "+l.T(msgDigestToggle), callbackDigest+":off"
	}
	return tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData(label, data),
		tgbotapi.NewInlineKeyboardButtonData(l.T(msgCategoriesBt), callbackDigest+":cats"))
}

func digestLabel(l Lang, s content.Subscriber) string {
	if s.Digest {
		return l.T(msgDigestOn)
	}
	return l.T(msgDigestOff)
}

// handleLangChoice stores the chat's language ("lang:vi", "lang:en") and
// shows the settings in it.
func (b *Bot) handleLangChoice(ctx context.Context, r *Request) error {
	choice := Lang(strings.TrimPrefix(r.Callback, callbackLang+":"))
	if (choice != Vietnamese && choice != English) || r.ChatID == 0 {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	s, err := b.store.SetPreferences(ctx, r.ChatID, func(s *content.Subscriber) { s.LangChoice = string(choice) })
	if err != nil {
		return b.settingsRefused(ctx, r, err)
	}
	r.Lang = choice
	return b.settingsSaved(ctx, r, s)
}

// handleDigestChoice turns the daily digest on or off ("dg:on", "dg:off"),
// or shows the category toggles ("dg:cats").
func (b *Bot) handleDigestChoice(ctx context.Context, r *Request) error {
	arg := strings.TrimPrefix(r.Callback, callbackDigest+":")
	if (arg != "on" && arg != "off" && arg != "cats") || r.ChatID == 0 {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	if arg == "cats" {
		s, err := b.store.Subscriber(ctx, r.ChatID)
		if err != nil || !s.Active() {
			return b.settingsRefused(ctx, r, err)
		}
		if err := b.answer(ctx, r, ""); err != nil {
			return err
		}
		return b.reply(ctx, r, r.Lang.T(msgAlreadySub), categoryKeyboard(r.Lang, s))
	}
	now := b.now()
	s, err := b.store.SetPreferences(ctx, r.ChatID, func(s *content.Subscriber) { s.SetDigest(arg == "on", now) })
	if err != nil {
		return b.settingsRefused(ctx, r, err)
	}
	return b.settingsSaved(ctx, r, s)
}

// settingsRefused answers a settings button of a chat that is not
// subscribed (err nil or wrapping content.ErrNotFound); any other error is
// returned as is.
func (b *Bot) settingsRefused(ctx context.Context, r *Request, err error) error {
	if err != nil && !errors.Is(err, content.ErrNotFound) {
		return err
	}
	return b.answer(ctx, r, r.Lang.T(msgNotSubscribed))
}
