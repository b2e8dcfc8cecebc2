package bot

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// Broadcasts to units: "/broadcast @unit text" previews, "u:send:<id>"
// sends. The chosen units stay on the server with the preview, under a
// short random id: their slugs (up to maxBroadcastUnits of
// content.MaxUnitSlugLen bytes) would not fit Telegram's 64 bytes of
// callback data.

// unitSendData starts the callback data of a unit broadcast preview's Gửi
// button (callbackUnit): "u:send:<id>".
const unitSendData = callbackUnit + ":send:"

// unitPreview is a unit broadcast waiting, under its preview, for an
// admin's Gửi.
type unitPreview struct {
	chat  int64    // the chat the preview is in
	slugs []string // the units it goes to
}

// unitPreviews holds the unit broadcast previews by id (see ttlMap).
type unitPreviews struct {
	m ttlMap[string, unitPreview]
}

// put keeps p, made at now, and returns its id: a few lower-case letters
// and digits, new among the kept ones.
func (u *unitPreviews) put(p unitPreview, now time.Time) string {
	for {
		id := strconv.FormatUint(rand.Uint64(), 36)
		if u.m.putNew(id, p, now) {
			return id
		}
	}
}

// get returns the preview kept under id for chat, if it is there and not
// older than draftTTL at now. It stays kept: the preview's own claim (see
// previews) keeps a second press from sending twice.
func (u *unitPreviews) get(id string, chat int64, now time.Time) (unitPreview, bool) {
	p, ok := u.m.get(id, now)
	return p, ok && p.chat == chat
}

// drop forgets the preview kept under id.
func (u *unitPreviews) drop(id string) { u.m.drop(id) }

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
// how many people of those units it reaches, with Gửi ("u:send:<id>", the
// units kept under id in b.unitPreviews) and Hủy buttons. Unknown units are
// named and nothing is previewed. text is the notice, not empty and within
// maxBroadcastRunes (handleBroadcast checks).
func (b *Bot) previewUnitBroadcast(ctx context.Context, r *Request, slugs []string, text string) error {
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
	head := r.Lang.N(msgUnitPreview, len(chats), formatInt(int64(len(chats)), r.Lang), escape(strings.Join(names, ", ")))
	if err := b.reply(ctx, r, head, nil); err != nil {
		return err
	}
	// Kept before the preview is sent, so that the Gửi button always finds it.
	id := b.unitPreviews.put(unitPreview{chat: r.ChatID, slugs: slugs}, b.now())
	kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgBroadcastSend), unitSendData+id),
		tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgBroadcastCancel), broadcastCancelData)))
	m := tgbotapi.NewMessage(r.ChatID, text) // plain text, as people get it
	m.ReplyMarkup = kb
	sent, err := b.send(ctx, r.ChatID, m)
	if err != nil {
		b.unitPreviews.drop(id)
		return fmt.Errorf("unit broadcast preview: %w", err)
	}
	b.previews.put(r.ChatID, sent.MessageID, []string{unitSendData + id}, b.now())
	return nil
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

// sendUnitBroadcast sends the preview the Gửi button ("u:send:<id>") is on
// to the people of the units kept under id for the preview's chat, once.
// The text is the preview's own. An id the bot does not keep (forged, too
// old, or from before a restart) sends nothing and asks for a new
// /broadcast; a unit deleted since the preview sends nothing either.
func (b *Bot) sendUnitBroadcast(ctx context.Context, r *Request) error {
	m := r.Update.CallbackQuery.Message
	if m == nil || m.Chat == nil || strings.TrimSpace(m.Text) == "" {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	p, ok := b.unitPreviews.get(strings.TrimPrefix(r.Callback, unitSendData), m.Chat.ID, b.now())
	if !ok {
		return b.answer(ctx, r, r.Lang.T(msgBroadcastExpired))
	}
	slugs := p.slugs
	if _, err := b.unitNames(ctx, slugs); err != nil {
		if errors.As(err, new(unknownUnitError)) {
			return b.answer(ctx, r, r.Lang.T(msgStaleButton))
		}
		return err
	}
	inUnits := func(ctx context.Context) ([]int64, error) { return b.store.UnitRecipients(ctx, slugs) }
	return b.startBroadcast(ctx, r, m, false, inUnits, slugs)
}
