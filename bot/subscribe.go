package bot

import (
	"context"
	"slices"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

func (b *Bot) subscribeRoutes(rt *Router) {
	rt.Command("subscribe", b.handleSubscribe)
	rt.Command("unsubscribe", b.handleUnsubscribe)
	rt.Callback(callbackCategory, b.handleCategoryToggle)
}

// handleSubscribe subscribes the chat and shows its categories as toggles.
func (b *Bot) handleSubscribe(ctx context.Context, r *Request) error {
	newly, err := b.store.Subscribe(ctx, subscriberOf(r))
	if err != nil {
		return err
	}
	s, err := b.store.Subscriber(ctx, r.ChatID)
	if err != nil {
		return err
	}
	text := r.Lang.T(msgAlreadySub)
	if newly {
		text = r.Lang.T(msgSubscribed)
	}
	return b.reply(ctx, r, text, categoryKeyboard(r.Lang, s))
}

func (b *Bot) handleUnsubscribe(ctx context.Context, r *Request) error {
	was, err := b.store.Unsubscribe(ctx, r.ChatID)
	if err != nil {
		return err
	}
	if !was {
		return b.reply(ctx, r, r.Lang.T(msgNotSubscribed), nil)
	}
	return b.reply(ctx, r, r.Lang.T(msgUnsubscribed), nil)
}

// handleCategoryToggle turns one category on or off for the chat the button
// is in ("c:<category>"). Unknown categories, chats that never subscribed and
// turning off the last category change nothing.
func (b *Bot) handleCategoryToggle(ctx context.Context, r *Request) error {
	c := content.Category(strings.TrimPrefix(r.Callback, callbackCategory+":"))
	if !c.Valid() || r.ChatID == 0 {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	refused := false
	s, err := b.store.SetPreferences(ctx, r.ChatID, func(s *content.Subscriber) {
		next := toggleCategory(s.Categories, c)
		if len(next) == 0 {
			refused = true
			return
		}
		s.Categories = next
	})
	if err != nil {
		return b.settingsRefused(ctx, r, err)
	}
	if refused {
		return b.answer(ctx, r, r.Lang.T(msgKeepOneCategory))
	}
	if err := b.editKeyboard(ctx, r, categoryKeyboard(r.Lang, s)); err != nil {
		return err
	}
	return b.answer(ctx, r, r.Lang.T(msgSaved))
}

// toggleCategory flips c in the chosen set, where an empty set means every
// category. The result is empty only when c was the last one chosen; a set
// holding every category is returned empty.
func toggleCategory(chosen []content.Category, c content.Category) []content.Category {
	all := content.Categories()
	if len(chosen) == 0 {
		chosen = all
	}
	var next []content.Category
	for _, k := range all {
		on := slices.Contains(chosen, k)
		if k == c {
			on = !on
		}
		if on {
			next = append(next, k)
		}
	}
	if len(next) == len(all) {
		return nil
	}
	if len(next) == 0 {
		return []content.Category{}
	}
	return next
}

// categoryKeyboard shows each category with ✅ when the chat receives it.
func categoryKeyboard(l Lang, s content.Subscriber) tgbotapi.InlineKeyboardMarkup {
	var rows [][]tgbotapi.InlineKeyboardButton
	for _, c := range content.Categories() {
		mark := "⬜ "
		if len(s.Categories) == 0 || slices.Contains(s.Categories, c) {
			mark = "✅ "
		}
		rows = append(rows, tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData(mark+categoryName(l, c), callbackCategory+":"+string(c))))
	}
	return tgbotapi.NewInlineKeyboardMarkup(rows...)
}

// categoryName is a category's name in l.
func categoryName(l Lang, c content.Category) string {
	return l.T(msg("category_" + string(c)))
}

// editKeyboard replaces the buttons of the message a button was pressed on.
func (b *Bot) editKeyboard(ctx context.Context, r *Request, kb tgbotapi.InlineKeyboardMarkup) error {
	m := r.Update.CallbackQuery.Message
	if m == nil || m.Chat == nil {
		return nil
	}
	return b.edit(ctx, m.Chat.ID, tgbotapi.NewEditMessageReplyMarkup(m.Chat.ID, m.MessageID, kb))
}
