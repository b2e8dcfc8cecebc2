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

// AlertKeeper keeps people's keyword alerts. An alert belongs to a private
// chat, whose ID is its person's user ID.
type AlertKeeper interface {
	// AddAlert saves text as an alert of chatID. Invalid text, a duplicate
	// and one alert too many fail with errors wrapping content.ErrAlertEmpty,
	// ErrAlertTooLong, ErrAlertDuplicate and ErrTooManyAlerts.
	AddAlert(ctx context.Context, chatID int64, text string) (content.Alert, error)
	// Alerts returns chatID's alerts, oldest first.
	Alerts(ctx context.Context, chatID int64) ([]content.Alert, error)
	// DeleteAlert deletes alert id if it belongs to chatID; otherwise it
	// changes nothing and returns an error.
	DeleteAlert(ctx context.Context, chatID int64, id uint64) (content.Alert, error)
}

// alertButtonRunes caps an alert's text on its delete button.
const alertButtonRunes = 32

func (b *Bot) alertsRoutes(rt *Router) {
	rt.Command("alert", b.handleAlert)
	rt.Command("alerts", b.handleAlerts)
	rt.Callback(callbackAlert, b.handleAlertDelete)
}

// handleAlert saves "/alert <words>" for the person; without words it
// explains how.
func (b *Bot) handleAlert(ctx context.Context, r *Request) error {
	if !ownsAlerts(r) {
		return b.reply(ctx, r, r.Lang.T(msgAlertPrivateOnly), nil)
	}
	if r.Args == "" {
		return b.reply(ctx, r, alertHelp(r.Lang), nil)
	}
	a, err := b.store.AddAlert(ctx, r.ChatID, r.Args)
	switch {
	case errors.Is(err, content.ErrAlertEmpty):
		return b.reply(ctx, r, alertHelp(r.Lang), nil)
	case errors.Is(err, content.ErrAlertTooLong):
		return b.reply(ctx, r, r.Lang.T(msgAlertTooLong, content.MaxAlertRunes), nil)
	case errors.Is(err, content.ErrTooManyAlerts):
		return b.reply(ctx, r, r.Lang.T(msgAlertTooMany, content.MaxAlertsPerChat), nil)
	case errors.Is(err, content.ErrAlertDuplicate):
		return b.reply(ctx, r, r.Lang.T(msgAlertDuplicate, escape(strings.TrimSpace(r.Args))), nil)
	case err != nil:
		return err
	}
	all, err := b.store.Alerts(ctx, r.ChatID)
	if err != nil {
		return err
	}
	text := r.Lang.T(msgAlertSaved, escape(a.Text), len(all), content.MaxAlertsPerChat)
	if s, err := b.store.Subscriber(ctx, r.ChatID); err != nil || !s.Active() {
		if err != nil && !errors.Is(err, content.ErrNotFound) {
			return err
		}
		text += "\n" + r.Lang.T(msgAlertNeedsSub)
	}
	return b.reply(ctx, r, text, nil)
}

// handleAlerts lists the person's alerts with a delete button each.
func (b *Bot) handleAlerts(ctx context.Context, r *Request) error {
	if !ownsAlerts(r) {
		return b.reply(ctx, r, r.Lang.T(msgAlertPrivateOnly), nil)
	}
	all, err := b.store.Alerts(ctx, r.ChatID)
	if err != nil {
		return err
	}
	text, kb := alertList(r.Lang, all)
	return b.reply(ctx, r, text, kb)
}

// handleAlertDelete deletes one alert ("al:<id>") of the person who pressed
// and shows the list again. The store deletes only an alert of the chat the
// button is in, which must be the presser's own private chat, so forged data
// can delete nothing of anyone else's; it gets a polite notice.
func (b *Bot) handleAlertDelete(ctx context.Context, r *Request) error {
	id, err := strconv.ParseUint(strings.TrimPrefix(r.Callback, callbackAlert+":"), 10, 64)
	if err != nil || !ownsAlerts(r) {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	a, err := b.store.DeleteAlert(ctx, r.ChatID, id)
	if err != nil {
		if !errors.Is(err, content.ErrNotFound) {
			return err
		}
		return b.answer(ctx, r, r.Lang.T(msgAlertGone))
	}
	all, err := b.store.Alerts(ctx, r.ChatID)
	if err != nil {
		return err
	}
	if m := r.Update.CallbackQuery.Message; m != nil && m.Chat != nil {
		text, kb := alertList(r.Lang, all)
		edit := tgbotapi.NewEditMessageText(m.Chat.ID, m.MessageID, text)
		edit.ParseMode = tgbotapi.ModeHTML
		if kb != nil {
			edit.ReplyMarkup = kb
		}
		if err := b.edit(ctx, m.Chat.ID, edit); err != nil {
			return err
		}
	}
	return b.answer(ctx, r, r.Lang.T(msgAlertDeleted, truncate(a.Text, alertButtonRunes)))
}

// ownsAlerts reports whether r comes from a person's private chat, the only
// place alerts are kept: the chat is then the person's own.
func ownsAlerts(r *Request) bool {
	return r.ChatType == "private" && r.User != nil && r.ChatID == r.User.ID && r.ChatID != 0
}

// alertHelp explains /alert with examples.
func alertHelp(l Lang) string {
	return l.T(msgAlertHelp, content.MaxAlertsPerChat, content.MaxAlertRunes)
}

// alertList renders the person's alerts and their delete buttons (nil
// when there is none).
func alertList(l Lang, all []content.Alert) (string, *tgbotapi.InlineKeyboardMarkup) {
	if len(all) == 0 {
		return l.T(msgAlertsNone), nil
	}
	var sb strings.Builder
	sb.WriteString(l.T(msgAlertsHeader, len(all), content.MaxAlertsPerChat))
	rows := make([][]tgbotapi.InlineKeyboardButton, 0, len(all))
	for i, a := range all {
		fmt.Fprintf(&sb, "\n%d. «%s»", i+1, escape(a.Text))
		label := l.T(msgAlertDeleteButton, truncate(a.Text, alertButtonRunes))
		rows = append(rows, tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData(label, callbackAlert+":"+strconv.FormatUint(a.ID, 10))))
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(rows...)
	return sb.String(), &kb
}
