package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
	"newsbot/content/guard"
)

// Digests runs the daily digest (content.DigestHour, Vietnam time).
type Digests interface {
	// StartDigest starts the run due at due, covering arrivals up to until,
	// unless one started at or after due; the job and the run's time commit
	// together. It reports whether a run started; the job is zero when
	// nobody had anything to read.
	StartDigest(ctx context.Context, due, until time.Time) (content.Job, bool, error)
	// DigestArticles returns what a chat's digest lists, newest first.
	DigestArticles(ctx context.Context, jobID uint64, chatID int64) ([]content.Article, error)
}

// digestListed caps the articles one digest lists; the rest are counted.
const digestListed = 20

// digestButtons caps the "read in full" buttons under a digest.
const digestButtons = 10

// digestCheckEvery bounds how long the digest loop sleeps between looks at
// the clock, so a clock that jumps (a resumed VM) is noticed soon.
const digestCheckEvery = time.Minute

// Digests starts each day's digest run when it is due, and once at start
// for a run missed while the bot was down, until ctx ends. Store errors, and
// panics (guard.Do), are logged and tried again at the next look; they
// never stop the bot.
func (b *Bot) Digests(ctx context.Context) error {
	for {
		err := guard.Do(b.log, b.metrics.Panicked, "digest", func() error {
			_, err := b.CheckDigest(ctx)
			return err
		})
		if err != nil && ctx.Err() == nil {
			b.log.Error("daily digest", slog.Any("err", err))
		}
		wait := min(content.NextDigest(b.now(), b.zone).Sub(b.now()), digestCheckEvery)
		t := time.NewTimer(max(wait, time.Millisecond))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// CheckDigest starts the digest run due by now, if it has not started yet,
// and wakes the delivery worker for it. It reports whether a run started.
func (b *Bot) CheckDigest(ctx context.Context) (bool, error) {
	now := b.now()
	job, started, err := b.store.StartDigest(ctx, content.DigestDue(now, b.zone), now)
	if err != nil {
		return false, err
	}
	if started {
		b.log.Info("daily digest started", slog.Uint64("job", job.ID), slog.Int("recipients", job.Total))
	} else {
		b.log.Debug("daily digest not due", slog.Time("next", content.NextDigest(now, b.zone)))
	}
	if job.ID != 0 {
		b.Notify()
	}
	return started, nil
}

// digestParts renders chatID's digest of job jobID in l; none when it has
// nothing to read.
func (b *Bot) digestParts(ctx context.Context, jobID uint64, chatID int64, l Lang) ([]part, error) {
	as, err := b.store.DigestArticles(ctx, jobID, chatID)
	if err != nil || len(as) == 0 {
		return nil, err
	}
	html, kb := digestMessage(l, b.identity.digestHeader(l, len(as)), as, b.zone)
	return textParts(html, kb), nil
}

// digestMessage lists as (newest first) under header, each title linked to
// the portal when it has a page, at most digestListed, and numbered buttons
// that open the first digestButtons in full.
func digestMessage(l Lang, header string, as []content.Article, zone *time.Location) (string, tgbotapi.InlineKeyboardMarkup) {
	lines := []string{header}
	var row []tgbotapi.InlineKeyboardButton
	var rows [][]tgbotapi.InlineKeyboardButton
	for i, a := range as {
		if i == digestListed {
			lines = append(lines, l.T(msgDigestMore, len(as)-digestListed))
			break
		}
		lines = append(lines, articleHeading(i+1, a, zone))
		if i < digestButtons {
			row = append(row, tgbotapi.NewInlineKeyboardButtonData(fmt.Sprint(i+1), callbackArticle+":"+a.ID))
			if len(row) == 5 {
				rows, row = append(rows, row), nil
			}
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return strings.Join(lines, "\n\n"), tgbotapi.NewInlineKeyboardMarkup(rows...)
}
