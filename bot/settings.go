package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// quietChoices are the quiet hours /settings offers, in minutes after midnight.
func quietChoices() []content.QuietHours {
	return []content.QuietHours{
		content.DefaultQuietHours(),
		{From: 21 * 60, To: 7 * 60},
		{From: 23 * 60, To: 5 * 60},
		{}, // none
	}
}

func (b *Bot) settingsRoutes(rt *Router) {
	rt.Command("settings", b.handleSettings)
	rt.Callback(callbackQuiet, b.handleQuietChoice)
	rt.Callback(callbackLang, b.handleLangChoice)
	rt.Callback(callbackDigest, b.handleDigestChoice)
}

// handleSettings shows the chat's settings (quiet hours, language, daily
// digest) with buttons to change them and to choose categories.
func (b *Bot) handleSettings(ctx context.Context, r *Request) error {
	s, err := b.store.Subscriber(ctx, r.ChatID)
	if err != nil || !s.Active() {
		if err != nil && !errors.Is(err, content.ErrNotFound) {
			return err
		}
		return b.reply(ctx, r, r.Lang.T(msgNotSubscribed), nil)
	}
	return b.reply(ctx, r, settingsText(r.Lang, s), settingsKeyboard(r.Lang, s))
}

// handleQuietChoice sets the quiet hours to choice i ("q:<i>").
func (b *Bot) handleQuietChoice(ctx context.Context, r *Request) error {
	choices := quietChoices()
	i, err := strconv.Atoi(strings.TrimPrefix(r.Callback, callbackQuiet+":"))
	if err != nil || i < 0 || i >= len(choices) || r.ChatID == 0 {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	s, err := b.store.SetPreferences(ctx, r.ChatID, func(s *content.Subscriber) { s.Quiet = &choices[i] })
	if err != nil {
		return b.settingsRefused(ctx, r, err)
	}
	return b.settingsSaved(ctx, r, s)
}

// settingsSaved shows the changed settings in place of the message whose
// button was pressed and confirms the press.
func (b *Bot) settingsSaved(ctx context.Context, r *Request, s content.Subscriber) error {
	m := r.Update.CallbackQuery.Message
	if m != nil && m.Chat != nil {
		edit := tgbotapi.NewEditMessageTextAndMarkup(m.Chat.ID, m.MessageID, settingsText(r.Lang, s), settingsKeyboard(r.Lang, s))
		edit.ParseMode = tgbotapi.ModeHTML
		if err := b.edit(ctx, m.Chat.ID, edit); err != nil {
			return err
		}
	}
	return b.answer(ctx, r, r.Lang.T(msgSaved))
}

func settingsText(l Lang, s content.Subscriber) string {
	return l.T(msgSettings, quietLabel(l, s.QuietHoursOf())) + "\n\n" +
		l.T(msgSettingsMore, l.T(msgLangName), digestLabel(l, s))
}

// settingsKeyboard offers the languages, each quiet-hours choice, the
// digest and the categories, the current choices marked.
func settingsKeyboard(l Lang, s content.Subscriber) tgbotapi.InlineKeyboardMarkup {
	cur := s.QuietHoursOf()
	var row []tgbotapi.InlineKeyboardButton
	for i, q := range quietChoices() {
		label := quietLabel(l, q)
		if q == cur || (q.From == q.To && cur.From == cur.To) {
			label = "• " + label
		}
		row = append(row, tgbotapi.NewInlineKeyboardButtonData(label, fmt.Sprintf("%s:%d", callbackQuiet, i)))
	}
	return tgbotapi.NewInlineKeyboardMarkup(langRow(l), row[:2], row[2:], digestRow(l, s), unitsSettingsRow(l))
}

// quietLabel shows quiet hours as "22:00–06:00", or "off".
func quietLabel(l Lang, q content.QuietHours) string {
	if q.From == q.To {
		return l.T(msgQuietOff)
	}
	return fmt.Sprintf("%02d:%02d–%02d:%02d", q.From/60, q.From%60, q.To/60, q.To%60)
}
