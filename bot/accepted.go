package bot

import (
	"context"
	"fmt"
	"log/slog"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// HandleAccepted handles every update the webhook accepted (answered 200)
// and did not handle, because the process was killed or its handling
// failed: lowest update ID first, in batches, each committed with its
// visits as it is handled. It returns nil when none is left, or when ctx
// is done (after the batch in hand; the others stay stored), or the first
// failure (the updates not committed stay stored). newsbot calls it before
// polling, so that moving from the webhook to polling loses nothing. It
// must not run while a WebhookServer runs on the same store. As with
// HandleBatch, the caller calls StopSourceChecks once it hands over no more
// updates (Poll and ServeWebhook do when they return).
func (b *Bot) HandleAccepted(ctx context.Context) error {
	for ctx.Err() == nil {
		n, err := b.handleAccepted(context.WithoutCancel(ctx))
		if err != nil || n == 0 {
			return err
		}
	}
	return nil
}

// handleAccepted handles the next batch of accepted updates (up to
// webhookBatch, lowest ID first) as Poll handles a batch, then deletes them
// in the transaction that commits their visits and raises the offset past
// them. It returns how many it took: 0 when none is waiting.
func (b *Bot) handleAccepted(ctx context.Context) (int, error) {
	waiting, err := b.store.AcceptedUpdates(ctx, webhookBatch)
	if err != nil || len(waiting) == 0 {
		return 0, err
	}
	ups := make([]tgbotapi.Update, 0, len(waiting))
	ids := make([]int, len(waiting))
	next := 0
	for i, a := range waiting {
		ids[i] = a.ID
		next = max(next, a.ID+1)
		u, ok := decodeUpdate(a.Body)
		if !ok || u.UpdateID != a.ID {
			// ServeHTTP stored it after decoding it: only a damaged
			// record gets here, and it would fail again at every start.
			b.log.Error("an accepted update cannot be read; dropping it", slog.Int("update_id", a.ID))
			continue
		}
		ups = append(ups, u)
	}
	b.HandleBatch(ctx, ups)
	b.metrics.polled(b.now())
	if err := b.commitAccepted(ctx, ids, next); err != nil {
		return 0, fmt.Errorf("commit %d accepted updates up to offset %d: %w", len(ids), next, err)
	}
	return len(ids), nil
}
