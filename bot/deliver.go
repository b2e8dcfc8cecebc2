package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"newsbot/content"
)

// Delivery tuning.
const (
	// deliveryBatch is how many sends are committed in one transaction; it is
	// also the most notices a crash can make the bot send twice.
	deliveryBatch = 50
	// sendAttempts bounds the tries for a transient failure.
	sendAttempts = 3
	// rescanEvery is how often the worker looks for jobs it was not told of.
	rescanEvery = 30 * time.Second
)

// Notify wakes the delivery worker: a job was created. It never blocks.
func (b *Bot) Notify() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// Deliver drains push jobs until ctx is done, oldest job first, resuming
// where a previous run stopped. Each recipient's outcome is committed in
// batches; a clean stop commits what was sent before it returns nil.
func (b *Bot) Deliver(ctx context.Context) error {
	t := time.NewTicker(rescanEvery)
	defer t.Stop()
	for {
		jobs, err := b.store.OpenJobs(ctx)
		if err != nil && ctx.Err() == nil {
			b.log.Error("list push jobs", slog.Any("err", err))
		}
		for _, job := range jobs {
			if err := b.runJob(ctx, job); err != nil && ctx.Err() == nil {
				b.log.Error("push job failed; will retry", slog.Uint64("job", job.ID), slog.Any("err", err))
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-b.wake:
		case <-t.C:
		}
	}
}

// runJob sends job's notice to its pending recipients, batch by batch.
func (b *Bot) runJob(ctx context.Context, job content.Job) error {
	a, err := b.store.Article(ctx, job.ArticleID)
	if err != nil {
		return fmt.Errorf("bot: job %d: %w", job.ID, err)
	}
	for ctx.Err() == nil {
		rs, err := b.store.PendingRecipients(ctx, job.ID, deliveryBatch)
		if err != nil || len(rs) == 0 {
			return err
		}
		ds := make([]content.Delivery, 0, len(rs))
		for _, r := range rs {
			d := b.deliverOne(ctx, r, a)
			if d.Outcome == content.OutcomePending {
				break // stopping: leave the rest pending
			}
			ds = append(ds, d)
		}
		job, err = b.store.RecordDeliveries(context.WithoutCancel(ctx), job.ID, ds)
		if err != nil {
			return err
		}
		if job.Done {
			b.log.Info("push job done", slog.Uint64("job", job.ID), slog.String("article", a.ID),
				slog.Int("sent", job.Sent), slog.Int("blocked", job.Blocked), slog.Int("failed", job.Failed))
		}
	}
	return nil
}

// deliverOne sends a's notice to r, waiting its turn under the rate limit and
// retrying transient failures. It returns OutcomePending when ctx ended first.
func (b *Bot) deliverOne(ctx context.Context, r content.Recipient, a content.Article) content.Delivery {
	d := content.Delivery{ChatID: r.ChatID}
	lang := LangFor(r.Lang)
	var err error
	for attempt := 0; attempt < sendAttempts; attempt++ {
		if b.limiter.Wait(ctx) != nil {
			return d
		}
		err = b.sendArticle(ctx, r.ChatID, a, lang)
		if err == nil {
			d.Outcome = content.OutcomeSent
			return d
		}
		if ctx.Err() != nil {
			return d
		}
		wait, retry := retryAfter(err, attempt)
		if !retry {
			break
		}
		if !waitCtx(ctx, wait) {
			return d
		}
	}
	d.Outcome, d.Reason = content.OutcomeFailed, err.Error()
	if unreachable(err) {
		d.Outcome = content.OutcomeBlocked
	}
	b.log.Warn("push not delivered", slog.Int64("chat_id", r.ChatID), slog.String("outcome", d.Outcome.String()), slog.Any("err", err))
	return d
}

// sendArticle sends the article's card with its buttons: the whole text in
// Telegram, and the portal's page when the article has a URL.
func (b *Bot) sendArticle(ctx context.Context, chatID int64, a content.Article, l Lang) error {
	return b.sendHTML(ctx, chatID, articleCard(a, l, b.zone), articleKeyboard(l, a), false)
}

// retryAfter says whether err is worth another try, and after how long.
func retryAfter(err error, attempt int) (time.Duration, bool) {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		switch {
		case apiErr.Code == 429:
			return time.Duration(max(apiErr.RetryAfter, 1)) * time.Second, true
		case apiErr.Code >= 500:
			return time.Duration(1<<attempt) * time.Second, true
		}
		return 0, false
	}
	var tErr *TransportError
	return time.Duration(1<<attempt) * time.Second, errors.As(err, &tErr)
}

// unreachable reports whether err means the chat can no longer receive
// messages: the bot was blocked, the account deleted, the chat not found.
func unreachable(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	return apiErr.Code == 403 || (apiErr.Code == 400 && strings.Contains(apiErr.Description, "chat not found"))
}
