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

const jobsListed = 10

func (b *Bot) jobsRoutes(rt *Router) {
	rt.Command("jobs", b.adminOnly(b.handleJobs))
	rt.Callback(callbackJob, b.adminOnly(b.handleCancelJob))
}

// handleJobs lists the latest push jobs with their progress, and a cancel
// button for each one still running.
func (b *Bot) handleJobs(ctx context.Context, r *Request) error {
	text, kb, err := b.jobsList(ctx, r.Lang)
	if err != nil {
		return err
	}
	return b.reply(ctx, r, text, kb)
}

func (b *Bot) jobsList(ctx context.Context, l Lang) (string, *tgbotapi.InlineKeyboardMarkup, error) {
	jobs, err := b.store.RecentJobs(ctx, jobsListed)
	if err != nil {
		return "", nil, err
	}
	if len(jobs) == 0 {
		return l.T(msgJobsNone), nil, nil
	}
	lines := []string{l.T(msgJobsHeader)}
	var rows [][]tgbotapi.InlineKeyboardButton
	for _, j := range jobs {
		what := l.T(msgJobBroadcast)
		if j.ArticleID != "" {
			what = l.T(msgJobArticle)
		}
		if j.RemindOf != 0 {
			what = l.T(msgJobReminder, j.RemindOf)
		}
		if j.Digest != nil {
			what = l.T(msgJobDigest)
		}
		progress := progressText(l, j, b.now())
		if j.Retract != nil {
			what, progress = l.T(msgJobRetract, j.Retract.Title), retractProgress(l, j)
		}
		if j.Correct != nil {
			what = l.T(msgJobCorrect, j.Correct.Title)
			progress = l.T(msgCorrectReport, j.ID, j.Total-j.Pending(), j.Total, j.Edited, j.Blocked+j.Failed)
		}
		if j.RetractedBy != 0 {
			what += " " + l.T(msgJobRetracted, j.RetractedBy)
		}
		lines = append(lines, fmt.Sprintf("#%d %s · %s", j.ID, escape(what), escape(progress)))
		if !j.Done && !j.Cancelled {
			rows = append(rows, tgbotapi.NewInlineKeyboardRow(
				tgbotapi.NewInlineKeyboardButtonData(l.T(msgJobCancel, j.ID), fmt.Sprintf("%s:%d", callbackJob, j.ID))))
		}
		if canRetractJob(j) {
			rows = append(rows, tgbotapi.NewInlineKeyboardRow(
				tgbotapi.NewInlineKeyboardButtonData(l.T(msgCorrectJobButton, j.ID), fmt.Sprintf("%s%d", correctJobData, j.ID)),
				tgbotapi.NewInlineKeyboardButtonData(l.T(msgRetractJobButton, j.ID), fmt.Sprintf("%s%d", retractJobData, j.ID))))
		}
	}
	if len(rows) == 0 {
		return strings.Join(lines, "\n"), nil, nil
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(rows...)
	return strings.Join(lines, "\n"), &kb, nil
}

// handleCancelJob cancels the job named by "j:<id>" and audits it. A job
// that had already finished or been cancelled is left as it is, and the
// admin told so (nothing audited); an unknown ID changes nothing and gets the
// stale-button answer; a store failure is returned.
func (b *Bot) handleCancelJob(ctx context.Context, r *Request) error {
	id, err := strconv.ParseUint(strings.TrimPrefix(r.Callback, callbackJob+":"), 10, 64)
	if err != nil {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	job, err := b.store.CancelJob(ctx, id)
	switch {
	case errors.Is(err, content.ErrNotFound):
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	case errors.Is(err, content.ErrJobDone) && job.Cancelled:
		return b.answer(ctx, r, r.Lang.T(msgJobAlreadyCancelled, id))
	case errors.Is(err, content.ErrJobDone):
		return b.answer(ctx, r, r.Lang.T(msgJobAlreadyDone, id))
	case err != nil:
		return fmt.Errorf("cancel job %d: %w", id, err)
	}
	b.audit(ctx, r, content.AuditJobCancel, "#"+strconv.FormatUint(id, 10))
	return b.answer(ctx, r, r.Lang.T(msgJobCancelled, id))
}
