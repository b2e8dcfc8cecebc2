package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// The callback data of correction buttons, admin-only like the
// retraction's: "cr:a:<article>" explains how to correct, and a preview's
// own "cr:y" (edit silently) or "cr:yn" (edit and reply "Đính chính:")
// confirms it (previews); its Giữ lại is the retraction's "rt:n".
const (
	correctArticleData = "cr:a:"
	correctSilentData  = "cr:y"
	correctNotifyData  = "cr:yn"
)

func (b *Bot) correctRoutes(rt *Router) {
	rt.Command("correct", b.adminOnly(b.handleCorrect))
	rt.Callback("cr", b.adminOnly(b.handleCorrectButton))
}

// handleCorrect answers /correct <id>, sent as a reply to the corrected
// text (title on the first line, then the lead and the body), with a
// preview of the correction. The article keeps everything else: its ID,
// time, category, pictures, author, source and link. Without a reply or an article, it says
// how; nothing changes before the preview is confirmed.
func (b *Bot) handleCorrect(ctx context.Context, r *Request) error {
	m := r.Update.Message
	id := strings.TrimSpace(r.Args)
	if m == nil || m.ReplyToMessage == nil || id == "" || strings.ContainsAny(id, " \n") {
		return b.reply(ctx, r, r.Lang.T(msgCorrectUsage), nil)
	}
	a, ok, err := b.findArticle(ctx, id)
	if err != nil {
		return err
	}
	if !ok {
		return b.reply(ctx, r, r.Lang.T(msgArticleGone), nil)
	}
	title, body := splitPost(m.ReplyToMessage.Text + m.ReplyToMessage.Caption)
	switch {
	case title == "":
		return b.reply(ctx, r, r.Lang.T(msgCorrectUsage), nil)
	case utf16Len(title) > maxPostTitleRunes:
		return b.reply(ctx, r, r.Lang.T(msgPostTitleTooLong, maxPostTitleRunes, utf16Len(title)), nil)
	case utf16Len(body) > maxPostBodyRunes:
		return b.reply(ctx, r, r.Lang.T(msgPostBodyTooLong, maxPostBodyRunes, utf16Len(body)), nil)
	}
	parsed := postArticle(draft{title: title, body: body}, a.Category, a.ID, a.Published)
	fixed := a
	fixed.Title, fixed.Lead, fixed.Body = parsed.Title, parsed.Lead, parsed.Body
	n, err := b.store.RetractionReach(ctx, a.ID, 0)
	if err != nil {
		return err
	}
	text := r.Lang.N(msgCorrectPreview, n, truncate(a.Title, maxTitleRunes), formatInt(int64(n), r.Lang)) +
		"\n\n" + fixed.Title + "\n\n" + strings.Join(append([]string{fixed.Lead}, fixed.Body...), "\n")
	pm := tgbotapi.NewMessage(r.ChatID, truncate(text, 4000)) // plain text: exactly the new words
	pm.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgCorrectConfirm), correctSilentData),
		tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgCorrectConfirmNotify), correctNotifyData)),
		tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgRetractKeep), retractKeepData)))
	sent, err := b.send(ctx, r.ChatID, pm)
	if err != nil {
		return fmt.Errorf("correct preview: %w", err)
	}
	b.corrections.put(msgKey(r.ChatID, sent.MessageID), fixed, b.now())
	b.previews.put(r.ChatID, sent.MessageID, []string{correctSilentData, correctNotifyData}, b.now())
	return nil
}

// handleCorrectButton handles every "cr:" button.
func (b *Bot) handleCorrectButton(ctx context.Context, r *Request) error {
	data := r.Callback
	switch {
	case strings.HasPrefix(data, correctArticleData):
		id := strings.TrimPrefix(data, correctArticleData)
		if err := b.answer(ctx, r, ""); err != nil {
			return err
		}
		return b.reply(ctx, r, r.Lang.T(msgCorrectHow, escape(id)), nil)
	case data == correctSilentData || data == correctNotifyData:
		return b.confirmCorrect(ctx, r, data == correctNotifyData)
	}
	return b.answer(ctx, r, r.Lang.T(msgStaleButton))
}

// confirmCorrect carries out the correction a preview's own button names,
// once: the article and its search entries are replaced and the edits of
// its notices queued in one transaction, audited with who, what and how
// many chats, and the worker woken.
func (b *Bot) confirmCorrect(ctx context.Context, r *Request, renotify bool) error {
	m := r.Update.CallbackQuery.Message
	if m == nil || m.Chat == nil {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	fixed, ok := b.corrections.get(msgKey(m.Chat.ID, m.MessageID), b.now())
	if !ok {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	switch b.previews.claim(m.Chat.ID, m.MessageID, r.Callback, b.now()) {
	case previewUnknown, previewMismatch:
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	case previewTaken:
		return b.answer(ctx, r, r.Lang.T(msgBroadcastAlready))
	}
	job, err := b.store.CorrectArticle(ctx, fixed, r.User.ID, renotify)
	if err != nil {
		b.previews.release(m.Chat.ID, m.MessageID, b.now())
		if errors.Is(err, content.ErrNotFound) {
			b.previews.drop(m.Chat.ID, m.MessageID)
			return b.answer(ctx, r, r.Lang.T(msgArticleGone))
		}
		return fmt.Errorf("correct %s: %w", fixed.ID, err)
	}
	detail := fmt.Sprintf("%s %q: #%d, %d chats", fixed.ID, fixed.Title, job.ID, job.Total)
	if renotify {
		detail += ", notified"
	}
	b.audit(ctx, r, content.AuditArticleCorrect, detail)
	b.Notify()
	b.corrections.drop(msgKey(m.Chat.ID, m.MessageID))
	if err := b.editKeyboard(ctx, r, noButtons()); err != nil {
		b.log.Warn("correct: remove the preview's buttons", slog.Uint64("job", job.ID), slog.Any("err", err))
	}
	if err := b.answer(ctx, r, ""); err != nil {
		return err
	}
	return b.reply(ctx, r, r.Lang.N(msgCorrectQueued, job.Total, job.ID, formatInt(int64(job.Total), r.Lang)), nil)
}
