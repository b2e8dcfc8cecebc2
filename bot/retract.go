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

// Retractions take articles and announcements back (/retract; sent by
// jobRun.takeBack). Implementations are safe for concurrent use.
type Retractions interface {
	// RetractArticle deletes article id and, in the same transaction,
	// queues a retraction job of its notices; an unknown article is an
	// error wrapping content.ErrNotFound.
	RetractArticle(ctx context.Context, id string, by int64) (content.ArticleDeletion, content.Job, error)
	// RetractJob queues a retraction of job id's notice; an unknown job
	// is an error wrapping content.ErrNotFound, one that cannot be
	// retracted one wrapping content.ErrNotRetractable.
	RetractJob(ctx context.Context, id uint64, by int64) (content.Job, error)
	// RetractionReach counts the chats a retraction of article articleID
	// (when set) or of job jobID would reach.
	RetractionReach(ctx context.Context, articleID string, jobID uint64) (int, error)
	// CorrectArticle merges fix into the stored article fix.ID and, in
	// the same transaction, queues the correction of its notices; it
	// returns the corrected article. An unknown article is an error
	// wrapping content.ErrNotFound.
	CorrectArticle(ctx context.Context, fix content.ArticleFix, by int64, renotify bool) (content.Article, content.Job, error)
	// CorrectJob replaces broadcast id's text and, in the same
	// transaction, queues the correction of its notice; an unknown job is
	// an error wrapping content.ErrNotFound, one that is not a broadcast
	// standing one wrapping content.ErrNotCorrectable.
	CorrectJob(ctx context.Context, id uint64, text string, by int64, renotify bool) (content.Job, error)
}

// The callback data of retraction buttons. Every one of them is admin-only
// (adminOnly checks the store on each press): "rt:a:<article>" and
// "rt:j:<job>" ask for the preview, whose own "rt:y:…" button alone
// confirms it (previews), and "rt:n" keeps everything.
const (
	retractArticleData = callbackRetract + ":a:"
	retractJobData     = callbackRetract + ":j:"
	retractConfirmData = callbackRetract + ":y:"
	retractKeepData    = callbackRetract + ":n"
)

func (b *Bot) retractRoutes(rt *Router) {
	rt.Command("retract", b.adminOnly(b.handleRetract))
	rt.Callback(callbackRetract, b.adminOnly(b.handleRetractButton))
}

// retractButtonRow is the ✏️ Sửa and 🗑 Gỡ row an admin sees under article
// a.
func retractButtonRow(l Lang, a content.Article) []tgbotapi.InlineKeyboardButton {
	return tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData(l.T(msgCorrectButton), correctArticleData+a.ID),
		tgbotapi.NewInlineKeyboardButtonData(l.T(msgRetractButton), retractArticleData+a.ID))
}

// canRetractJob reports whether /jobs offers to withdraw or correct j: a
// broadcast not yet withdrawn.
func canRetractJob(j content.Job) bool {
	return content.StandingBroadcast(j)
}

// handleRetract answers /retract <article id> (or #N for broadcast N)
// with the preview.
func (b *Bot) handleRetract(ctx context.Context, r *Request) error {
	id := strings.TrimSpace(r.Args)
	if id == "" || strings.ContainsAny(id, " \n") {
		return b.reply(ctx, r, r.Lang.T(msgRetractUsage), nil)
	}
	if jid, ok := jobRef(id); ok {
		return b.retractPreview(ctx, r, "", jid)
	}
	return b.retractPreview(ctx, r, id, 0)
}

// handleRetractButton handles every "rt:" button.
func (b *Bot) handleRetractButton(ctx context.Context, r *Request) error {
	data := r.Callback
	switch {
	case strings.HasPrefix(data, retractArticleData):
		if err := b.answer(ctx, r, ""); err != nil {
			return err
		}
		return b.retractPreview(ctx, r, strings.TrimPrefix(data, retractArticleData), 0)
	case strings.HasPrefix(data, retractJobData):
		id, err := strconv.ParseUint(strings.TrimPrefix(data, retractJobData), 10, 64)
		if err != nil || id == 0 {
			return b.answer(ctx, r, r.Lang.T(msgStaleButton))
		}
		if err := b.answer(ctx, r, ""); err != nil {
			return err
		}
		return b.retractPreview(ctx, r, "", id)
	case strings.HasPrefix(data, retractConfirmData):
		return b.confirmRetract(ctx, r)
	case data == retractKeepData:
		if m := r.Update.CallbackQuery.Message; m != nil && m.Chat != nil {
			b.previews.drop(m.Chat.ID, m.MessageID)
		}
		if err := b.editKeyboard(ctx, r, noButtons()); err != nil {
			return err
		}
		return b.answer(ctx, r, r.Lang.T(msgRetractKept))
	}
	return b.answer(ctx, r, r.Lang.T(msgStaleButton))
}

// retractPreview sends the preview of retracting article articleID (when
// set) or job jobID: what it is, how many chats it reaches, that it cannot
// be undone, with its own confirm button. An unknown article or a job that
// cannot be retracted gets a notice and changes nothing.
func (b *Bot) retractPreview(ctx context.Context, r *Request, articleID string, jobID uint64) error {
	var text, confirm string
	if articleID != "" {
		a, ok, err := b.findArticle(ctx, articleID)
		if err != nil {
			return err
		}
		if !ok {
			return b.reply(ctx, r, r.Lang.T(msgArticleGone), nil)
		}
		n, err := b.store.RetractionReach(ctx, a.ID, 0)
		if err != nil {
			return err
		}
		text = r.Lang.N(msgRetractPreview, n, truncate(a.Title, maxTitleRunes), formatInt(int64(n), r.Lang))
		confirm = retractConfirmData + "a:" + a.ID
	} else {
		job, err := b.store.Job(ctx, jobID)
		if err != nil && !errors.Is(err, content.ErrNotFound) {
			return err
		}
		if err != nil || !canRetractJob(job) {
			return b.reply(ctx, r, r.Lang.T(msgRetractNotRetractable, jobID), nil)
		}
		n, err := b.store.RetractionReach(ctx, "", jobID)
		if err != nil {
			return err
		}
		text = r.Lang.N(msgRetractPreviewJob, n, truncate(job.Text, maxTitleRunes), jobID, formatInt(int64(n), r.Lang))
		confirm = retractConfirmData + "j:" + strconv.FormatUint(jobID, 10)
	}
	m := tgbotapi.NewMessage(r.ChatID, text) // plain text: a title is shown as it is
	m.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgRetractConfirm), confirm),
		tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgRetractKeep), retractKeepData)))
	sent, err := b.send(ctx, r.ChatID, m)
	if err != nil {
		return fmt.Errorf("retract preview: %w", err)
	}
	b.previews.put(r.ChatID, sent.MessageID, []string{confirm}, b.now())
	return nil
}

// confirmRetract carries out the retraction a preview's own confirm button
// names: only on a preview the bot sent in this run with exactly that
// button, and only once (previews). The article leaves the store and the
// retraction job is queued in one transaction; it is audited with who, what
// and how many chats, and the worker woken.
func (b *Bot) confirmRetract(ctx context.Context, r *Request) error {
	m := r.Update.CallbackQuery.Message
	if m == nil || m.Chat == nil {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	switch b.previews.claim(m.Chat.ID, m.MessageID, r.Callback, b.now()) {
	case previewUnknown, previewMismatch:
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	case previewTaken:
		return b.answer(ctx, r, r.Lang.T(msgBroadcastAlready))
	}
	what := strings.TrimPrefix(r.Callback, retractConfirmData)
	var (
		job    content.Job
		jid    uint64
		err    error
		action string
		detail string
	)
	if id, ok := strings.CutPrefix(what, "a:"); ok {
		var del content.ArticleDeletion
		del, job, err = b.store.RetractArticle(ctx, id, r.User.ID)
		action, detail = content.AuditArticleRetract, fmt.Sprintf("%s %q: #%d, %d chats", id, del.Article.Title, job.ID, job.Total)
	} else {
		jid, err = strconv.ParseUint(strings.TrimPrefix(what, "j:"), 10, 64)
		if err == nil {
			job, err = b.store.RetractJob(ctx, jid, r.User.ID)
		}
		action, detail = content.AuditBroadcastRetract, fmt.Sprintf("#%d: #%d, %d chats", jid, job.ID, job.Total)
	}
	if err != nil {
		b.previews.release(m.Chat.ID, m.MessageID, b.now())
		switch {
		case errors.Is(err, content.ErrNotRetractable):
			b.previews.drop(m.Chat.ID, m.MessageID)
			return b.answer(ctx, r, r.Lang.T(msgRetractNotRetractable, jid))
		case errors.Is(err, content.ErrNotFound):
			b.previews.drop(m.Chat.ID, m.MessageID)
			return b.answer(ctx, r, r.Lang.T(msgArticleGone))
		}
		return fmt.Errorf("retract %s: %w", what, err)
	}
	b.audit(ctx, r, action, detail)
	b.Notify()
	if err := b.editKeyboard(ctx, r, noButtons()); err != nil {
		b.log.Warn("retract: remove the preview's buttons", slog.Uint64("job", job.ID), slog.Any("err", err))
	}
	if err := b.answer(ctx, r, ""); err != nil {
		return err
	}
	return b.reply(ctx, r, r.Lang.N(msgRetractQueued, job.Total, job.ID, formatInt(int64(job.Total), r.Lang)), nil)
}

// retractProgress is a retraction job's line in /jobs.
func retractProgress(l Lang, j content.Job) string {
	if j.Done {
		return l.N(msgRetractReport, j.Total, j.ID, j.Total, j.Deleted, j.Replaced, j.Blocked+j.Failed)
	}
	done := j.Total - j.Pending()
	return l.T(msgRetractProgress, j.ID, progressBar(done, j.Total), done, j.Total, j.Deleted, j.Replaced, j.Blocked+j.Failed)
}

// isAdminRequest reports whether r comes from an admin in a private chat,
// where admin-only buttons are shown; a store failure counts as no (the
// buttons are a convenience; every press is checked again).
func (b *Bot) isAdminRequest(ctx context.Context, r *Request) bool {
	if r.User == nil || r.ChatID != r.User.ID {
		return false
	}
	ok, err := b.store.IsAdmin(ctx, r.User.ID)
	return err == nil && ok
}
