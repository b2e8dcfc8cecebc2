package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// The callback data of correction buttons, admin-only like the
// retraction's: "cr:a:<article>" and "cr:j:<job>" explain how to correct
// an article or a broadcast, and a preview's own "cr:y" (edit silently) or
// "cr:yn" (edit and reply "Đính chính:") confirms it (previews); its Giữ
// lại is the retraction's "rt:n".
const (
	correctArticleData = callbackCorrect + ":a:"
	correctJobData     = callbackCorrect + ":j:"
	correctSilentData  = callbackCorrect + ":y"
	correctNotifyData  = callbackCorrect + ":yn"
)

// pendingCorrection is what a /correct preview would do once confirmed:
// correct an article's words (fix), or broadcast job's text.
type pendingCorrection struct {
	fix  content.ArticleFix
	job  uint64
	text string
}

// jobRef parses "#42", an announcement's job as /jobs shows it; ok is false
// for anything else (an article ID).
func jobRef(s string) (uint64, bool) {
	rest, ok := strings.CutPrefix(s, "#")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseUint(rest, 10, 64)
	return id, err == nil && id != 0
}

func (b *Bot) correctRoutes(rt *Router) {
	rt.Command("correct", b.adminOnly(b.handleCorrect))
	rt.Callback(callbackCorrect, b.adminOnly(b.handleCorrectButton))
}

// handleCorrect answers /correct <id> (an article's ID, or #N for
// broadcast N), sent as a reply to the corrected text, with a preview of
// the correction. For an article the text is the title on the first line,
// then the lead and the body; the article keeps everything else: its ID,
// time, category, pictures, author, source and link. Without a reply, or
// for an unknown article or a job that is not a broadcast, it says how;
// nothing changes before the preview is confirmed.
func (b *Bot) handleCorrect(ctx context.Context, r *Request) error {
	m := r.Update.Message
	id := strings.TrimSpace(r.Args)
	if m == nil || m.ReplyToMessage == nil || id == "" || strings.ContainsAny(id, " \n") {
		return b.reply(ctx, r, r.Lang.T(msgCorrectUsage), nil)
	}
	newText := strings.TrimSpace(m.ReplyToMessage.Text + m.ReplyToMessage.Caption)
	if jid, ok := jobRef(id); ok {
		return b.correctJobPreview(ctx, r, jid, newText)
	}
	a, ok, err := b.findArticle(ctx, id)
	if err != nil {
		return err
	}
	if !ok {
		return b.reply(ctx, r, r.Lang.T(msgArticleGone), nil)
	}
	title, body := splitPost(newText)
	switch {
	case title == "":
		return b.reply(ctx, r, r.Lang.T(msgCorrectUsage), nil)
	case utf16Len(title) > maxPostTitleRunes:
		return b.reply(ctx, r, r.Lang.T(msgPostTitleTooLong, maxPostTitleRunes, utf16Len(title)), nil)
	case utf16Len(body) > maxPostBodyRunes:
		return b.reply(ctx, r, r.Lang.T(msgPostBodyTooLong, maxPostBodyRunes, utf16Len(body)), nil)
	}
	parsed := postArticle(draft{title: title, body: body}, a.Category, a.ID, a.Published)
	fix := content.ArticleFix{ID: a.ID, Title: parsed.Title, Lead: parsed.Lead, Body: parsed.Body}
	n, err := b.store.RetractionReach(ctx, a.ID, 0)
	if err != nil {
		return err
	}
	text := r.Lang.N(msgCorrectPreview, n, truncate(a.Title, maxTitleRunes), formatInt(int64(n), r.Lang)) +
		"\n\n" + fix.Title + "\n\n" + strings.Join(append([]string{fix.Lead}, fix.Body...), "\n")
	return b.sendCorrectPreview(ctx, r, text, pendingCorrection{fix: fix})
}

// correctJobPreview previews correcting broadcast jobID's text to text.
func (b *Bot) correctJobPreview(ctx context.Context, r *Request, jobID uint64, text string) error {
	job, err := b.store.Job(ctx, jobID)
	if err != nil && !errors.Is(err, content.ErrNotFound) {
		return err
	}
	if err != nil || !content.StandingBroadcast(job) {
		return b.reply(ctx, r, r.Lang.T(msgCorrectNotCorrectable, jobID), nil)
	}
	switch n := utf16Len(text); {
	case n == 0:
		return b.reply(ctx, r, r.Lang.T(msgCorrectUsage), nil)
	case n > maxBroadcastRunes:
		return b.reply(ctx, r, r.Lang.T(msgBroadcastTooLong, maxBroadcastRunes, n, n-maxBroadcastRunes), nil)
	}
	n, err := b.store.RetractionReach(ctx, "", jobID)
	if err != nil {
		return err
	}
	preview := r.Lang.N(msgCorrectPreviewJob, n, jobID, formatInt(int64(n), r.Lang)) + "\n\n" + text
	return b.sendCorrectPreview(ctx, r, preview, pendingCorrection{job: jobID, text: text})
}

// sendCorrectPreview sends a correction's preview text with its own
// confirm buttons, and keeps what it would do until one is pressed.
func (b *Bot) sendCorrectPreview(ctx context.Context, r *Request, text string, pc pendingCorrection) error {
	pm := tgbotapi.NewMessage(r.ChatID, truncate(text, 4000)) // plain text: exactly the new words
	pm.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgCorrectConfirm), correctSilentData),
		tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgCorrectConfirmNotify), correctNotifyData)),
		tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgRetractKeep), retractKeepData)))
	sent, err := b.send(ctx, r.ChatID, pm)
	if err != nil {
		return fmt.Errorf("correct preview: %w", err)
	}
	b.corrections.put(msgKey(r.ChatID, sent.MessageID), pc, b.now())
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
	case strings.HasPrefix(data, correctJobData):
		id, err := strconv.ParseUint(strings.TrimPrefix(data, correctJobData), 10, 64)
		if err != nil || id == 0 {
			return b.answer(ctx, r, r.Lang.T(msgStaleButton))
		}
		if err := b.answer(ctx, r, ""); err != nil {
			return err
		}
		return b.reply(ctx, r, r.Lang.T(msgCorrectHowJob, id), nil)
	case data == correctSilentData || data == correctNotifyData:
		return b.confirmCorrect(ctx, r, data == correctNotifyData)
	}
	return b.answer(ctx, r, r.Lang.T(msgStaleButton))
}

// confirmCorrect carries out the correction a preview's own button names,
// once: the article's words are merged into it as stored now (or the
// broadcast's text replaced), its search entries updated and the edits of
// its notices queued in one transaction, audited with who, what and how
// many chats, and the worker woken.
func (b *Bot) confirmCorrect(ctx context.Context, r *Request, renotify bool) error {
	m := r.Update.CallbackQuery.Message
	if m == nil || m.Chat == nil {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	pc, ok := b.corrections.get(msgKey(m.Chat.ID, m.MessageID), b.now())
	if !ok {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	switch b.previews.claim(m.Chat.ID, m.MessageID, r.Callback, b.now()) {
	case previewUnknown, previewMismatch:
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	case previewTaken:
		return b.answer(ctx, r, r.Lang.T(msgBroadcastAlready))
	}
	var (
		job            content.Job
		err            error
		action, detail string
		queued         string
	)
	if pc.job != 0 {
		job, err = b.store.CorrectJob(ctx, pc.job, pc.text, r.User.ID, renotify)
		action = content.AuditBroadcastCorrect
		detail = fmt.Sprintf("#%d %q: #%d, %d chats", pc.job, truncate(pc.text, maxTitleRunes), job.ID, job.Total)
		queued = r.Lang.N(msgCorrectQueuedJob, job.Total, pc.job, job.ID, formatInt(int64(job.Total), r.Lang))
	} else {
		var a content.Article
		a, job, err = b.store.CorrectArticle(ctx, pc.fix, r.User.ID, renotify)
		action = content.AuditArticleCorrect
		detail = fmt.Sprintf("%s %q: #%d, %d chats", a.ID, a.Title, job.ID, job.Total)
		queued = r.Lang.N(msgCorrectQueued, job.Total, job.ID, formatInt(int64(job.Total), r.Lang))
	}
	if err != nil {
		b.previews.release(m.Chat.ID, m.MessageID, b.now())
		switch {
		case errors.Is(err, content.ErrNotFound) && pc.job == 0:
			b.previews.drop(m.Chat.ID, m.MessageID)
			return b.answer(ctx, r, r.Lang.T(msgArticleGone))
		case errors.Is(err, content.ErrNotFound), errors.Is(err, content.ErrNotCorrectable):
			b.previews.drop(m.Chat.ID, m.MessageID)
			return b.answer(ctx, r, r.Lang.T(msgCorrectNotCorrectable, pc.job))
		}
		return fmt.Errorf("correct %s#%d: %w", pc.fix.ID, pc.job, err)
	}
	if renotify {
		detail += ", notified"
	}
	b.audit(ctx, r, action, detail)
	b.Notify()
	b.corrections.drop(msgKey(m.Chat.ID, m.MessageID))
	if err := b.editKeyboard(ctx, r, noButtons()); err != nil {
		b.log.Warn("correct: remove the preview's buttons", slog.Uint64("job", job.ID), slog.Any("err", err))
	}
	if err := b.answer(ctx, r, ""); err != nil {
		return err
	}
	return b.reply(ctx, r, queued, nil)
}
