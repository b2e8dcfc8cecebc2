package bot

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"
)

// recoverer turns a handler's panic into an error (see contain), so one bad
// update never stops the bot and the person still gets an apology.
func (b *Bot) recoverer(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, r *Request) error {
		return b.contain(ctx, "handler", func() error { return next(ctx, r) })
	}
}

// contain runs f and turns a panic in it into an error naming what, logged
// with its stack and counted (newsbot_panics_recovered_total). It is the
// bot's one way to recover from a panic: the update path (HandleBatch,
// HandleUpdate) and the handlers' middleware both go through it. A panic
// in a goroutine f starts is not contained.
func (b *Bot) contain(ctx context.Context, what string, f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			b.metrics.panics.Inc()
			b.log.LogAttrs(ctx, slog.LevelError, what+" panicked", slog.Any("panic", p),
				slog.String("stack", string(debug.Stack())))
			err = fmt.Errorf("bot: %s panicked: %v", what, p)
		}
	}()
	return f()
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
