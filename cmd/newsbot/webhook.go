package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"

	"newsbot/bot"
)

// webhookOptions are run's flags for receiving updates (webhook or long
// polling) and for the per-person rate limit.
type webhookOptions struct {
	url    *string
	listen *string
	rate   *float64
	burst  *int
}

// webhookFlags adds --webhook-url, --listen, --user-rate and --user-burst
// to fs.
func webhookFlags(app *App, fs *flag.FlagSet) *webhookOptions {
	return &webhookOptions{
		url: fs.String("webhook-url", app.Env("NEWSBOT_WEBHOOK_URL"),
			"receive updates by webhook at this public HTTPS URL (port 443, 80, 88 or 8443) instead of long polling (env NEWSBOT_WEBHOOK_URL)"),
		listen: fs.String("listen", app.envOr("NEWSBOT_LISTEN", "127.0.0.1:8443"),
			"address the webhook server listens on, behind the HTTPS reverse proxy; :8443 for all interfaces (env NEWSBOT_LISTEN)"),
		rate: fs.Float64("user-rate", bot.DefaultRatePerSecond,
			"commands and button presses per second one person may send, sustained"),
		burst: fs.Int("user-burst", bot.DefaultRateBurst, "commands and button presses one person may send at once"),
	}
}

// check validates the flags before anything starts.
func (o *webhookOptions) check() error {
	if *o.rate <= 0 || *o.burst <= 0 {
		return fmt.Errorf("--user-rate and --user-burst must be positive: %w", errUsage)
	}
	if *o.url == "" {
		return nil
	}
	u, err := url.Parse(*o.url)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("--webhook-url %q: Telegram needs an https:// URL with a host name: %w", *o.url, errUsage)
	}
	switch u.Port() {
	case "", "443", "80", "88", "8443":
	default:
		return fmt.Errorf("--webhook-url %q: Telegram delivers only to ports 443, 80, 88 or 8443: %w", *o.url, errUsage)
	}
	return nil
}

func (o *webhookOptions) rateLimit() bot.RateLimit {
	return bot.RateLimit{PerSecond: *o.rate, Burst: *o.burst}
}

// receiver returns the loop that receives updates. With --webhook-url it
// listens on --listen at once (so a busy port fails the start) and serves
// the webhook; otherwise it deletes any webhook left from an earlier run,
// so that getUpdates works, and long-polls, after handling the updates an
// earlier webhook run accepted and did not handle.
func (o *webhookOptions) receiver(ctx context.Context, app *App, b *bot.Bot, log *slog.Logger) (func(context.Context) error, error) {
	if *o.url == "" {
		dctx, cancel := context.WithTimeout(ctx, startTimeout)
		err := b.DeleteWebhook(dctx)
		cancel()
		if err != nil {
			log.Warn("could not delete the webhook; polling may fail with 409 Conflict", slog.Any("err", err))
		}
		return func(ctx context.Context) error {
			if err := b.HandleAccepted(ctx); err != nil {
				b.StopSourceChecks() // Poll, which would, does not run
				return fmt.Errorf("updates the webhook accepted: %w", err)
			}
			return b.Poll(ctx)
		}, nil
	}
	ln, err := net.Listen("tcp", *o.listen)
	if err != nil {
		return nil, fmt.Errorf("webhook: listen on %s: %w", *o.listen, err)
	}
	if app.WebhookReady != nil {
		app.WebhookReady(ln.Addr())
	}
	publicURL := *o.url
	return func(ctx context.Context) error { return b.ServeWebhook(ctx, ln, publicURL) }, nil
}
