package bot

import (
	"context"
	"log/slog"
	"time"

	"newsbot/content/guard"
)

// recoverer turns a handler's panic into an error (guard.ErrPanic), logged
// with its stack and counted, so one bad update never stops the bot.
func (b *Bot) recoverer(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, r *Request) error {
		return guard.Do(b.log, b.metrics.Panicked, "handler", func() error { return next(ctx, r) })
	}
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
