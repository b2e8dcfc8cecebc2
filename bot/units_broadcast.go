package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// Broadcasts to units: "/broadcast @unit text" previews, "u:send:<slugs>"
// sends.

// unitTargets splits "@slug @slug2 text" (or "@slug,slug2 text") into the
// slugs and the text; ok is false when text does not start with '@'.
func unitTargets(text string) (slugs []string, rest string, ok bool) {
	rest = text
	for strings.HasPrefix(rest, "@") {
		word, after := rest, ""
		if i := strings.IndexFunc(rest, unicode.IsSpace); i >= 0 {
			word, after = rest[:i], rest[i:]
		}
		for _, s := range strings.Split(strings.TrimPrefix(word, "@"), ",") {
			if s = strings.ToLower(strings.TrimPrefix(s, "@")); s != "" && !slices.Contains(slugs, s) {
				slugs = append(slugs, s)
			}
		}
		rest = strings.TrimSpace(after)
	}
	return slugs, rest, len(slugs) > 0
}

// previewUnitBroadcast answers "/broadcast @unit text": the preview states
// how many people of those units it reaches, with Gửi ("u:send:<slugs>") and
// Huỷ buttons. Unknown units are named and nothing is previewed.
func (b *Bot) previewUnitBroadcast(ctx context.Context, r *Request, slugs []string, text string) error {
	if text == "" {
		return b.reply(ctx, r, r.Lang.T(msgBroadcastUsage), nil)
	}
	if len(slugs) > maxBroadcastUnits {
		return b.reply(ctx, r, r.Lang.T(msgUnitTooMany), nil)
	}
	names, err := b.unitNames(ctx, slugs)
	if err != nil {
		var unknown unknownUnitError
		if errors.As(err, &unknown) {
			return b.reply(ctx, r, r.Lang.T(msgUnitUnknown, escape(truncate(string(unknown), content.MaxUnitSlugLen))), nil)
		}
		return err
	}
	chats, err := b.store.UnitRecipients(ctx, slugs)
	if err != nil {
		return err
	}
	head := r.Lang.T(msgUnitPreview, formatInt(int64(len(chats)), r.Lang), escape(strings.Join(names, ", ")))
	if err := b.reply(ctx, r, head, nil); err != nil {
		return err
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgBroadcastSend), "u:send:"+strings.Join(slugs, ",")),
		tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgBroadcastCancel), "b:cancel")))
	m := tgbotapi.NewMessage(r.ChatID, truncate(text, maxBroadcastRunes)) // plain text, as people get it
	m.ReplyMarkup = kb
	_, err = b.client.Send(ctx, m)
	return err
}

// unknownUnitError names a slug that is not a unit.
type unknownUnitError string

func (e unknownUnitError) Error() string { return fmt.Sprintf("no unit %q", string(e)) }

// unitNames returns the names of slugs' units, or an unknownUnitError.
func (b *Bot) unitNames(ctx context.Context, slugs []string) ([]string, error) {
	units, err := b.store.Units(ctx)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(slugs))
	for _, s := range slugs {
		i := slices.IndexFunc(units, func(u content.Unit) bool { return u.Slug == s })
		if i < 0 {
			return nil, unknownUnitError(s)
		}
		names = append(names, units[i].Name)
	}
	return names, nil
}

// sendUnitBroadcast sends the preview the Gửi button is on to the people of
// the units named in the button's data, once. The text is the preview's
// own; forged slugs that are not units send nothing.
func (b *Bot) sendUnitBroadcast(ctx context.Context, r *Request) error {
	m := r.Update.CallbackQuery.Message
	slugs := strings.Split(strings.TrimPrefix(r.Callback, "u:send:"), ",")
	if m == nil || m.Chat == nil || strings.TrimSpace(m.Text) == "" || len(slugs) > maxBroadcastUnits {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	if _, err := b.unitNames(ctx, slugs); err != nil {
		if errors.As(err, new(unknownUnitError)) {
			return b.answer(ctx, r, r.Lang.T(msgStaleButton))
		}
		return err
	}
	inUnits := func(ctx context.Context) ([]int64, error) { return b.store.UnitRecipients(ctx, slugs) }
	return b.startBroadcast(ctx, r, m, false, inUnits, slugs)
}
