package bot

import (
	"context"
	"log/slog"
	"time"

	"newsbot/content/guard"
)

// recoverer turns a handler's panic into an error (see contain), so one bad
// update never stops the bot and the person still gets an apology.
func (b *Bot) recoverer(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, r *Request) error {
		return b.contain("handler", func() error { return next(ctx, r) })
	}
}

// contain runs f under guard.Do: a panic in it is logged with its stack,
// counted in newsbot_panics_total under what, and returned as
// guard.ErrPanic. It is the bot's one way to recover from a panic: the
// update path (HandleBatch, HandleUpdate), the handlers' middleware and the
// bot's loops go through it. A panic in a goroutine f starts is not
// contained.
func (b *Bot) contain(what string, f func() error) error {
	return guard.Do(b.log, b.metrics.Panicked, what, f)
}

// logging logs each handled update with its outcome and duration.
func (b *Bot) logging(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, r *Request) error {
		start := time.Now()
		err := next(ctx, r)
		attrs := []slog.Attr{
			slog.Int("update_id", r.Update.UpdateID),
			slog.Int64("chat_id", r.ChatID),
			slog.String("command", r.Command),
			slog.Duration("took", time.Since(start)),
		}
		if err != nil {
			b.log.LogAttrs(ctx, slog.LevelError, "update failed", append(attrs, slog.Any("err", err))...)
			return err
		}
		b.log.LogAttrs(ctx, slog.LevelDebug, "update handled", attrs...)
		return nil
	}
}
