package bot

import (
	"context"
	"errors"
	"hash/maphash"
	"log/slog"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// handleTimeout bounds the handling of one update.
const handleTimeout = 30 * time.Second

// Poll long-polls Telegram for updates and handles them until ctx is done;
// then it finishes the batch in hand, commits the offset, stops the test
// reads of /sources add still under way (StopSourceChecks) and returns nil.
//
// The offset is committed after a batch's effects are, together with the
// visits the batch made, so a restart never skips an update nor counts one
// twice; a crash (not a clean stop) in the middle of a batch can hand that
// batch's already-handled updates over again (their visits were not
// committed, so they are still counted once).
func (b *Bot) Poll(ctx context.Context) error {
	defer b.StopSourceChecks()
	offset, err := b.store.UpdateOffset(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped before the first poll
		}
		return err
	}
	backoff := time.Second
	for {
		ups, err := b.client.GetUpdates(ctx, offset, b.poll)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			b.log.Warn("poll failed; retrying", slog.Any("err", err), slog.Duration("in", backoff))
			if !waitCtx(ctx, backoff) {
				return nil
			}
			backoff = min(backoff*2, time.Minute)
			continue
		}
		backoff = time.Second
		b.metrics.polled(b.now())
		if len(ups) == 0 {
			continue
		}
		next := b.HandleBatch(context.WithoutCancel(ctx), ups)
		if err := b.commit(context.WithoutCancel(ctx), next); err != nil {
			return err
		}
		offset = next
	}
}

// HandleBatch handles updates, each chat's in order and up to Lanes chats at
// once, and returns the offset that confirms them all. It returns when every
// update has been handled.
func (b *Bot) HandleBatch(ctx context.Context, ups []tgbotapi.Update) int {
	lanes := make([][]tgbotapi.Update, b.lanes)
	seed := maphash.MakeSeed()
	next := 0
	for _, u := range ups {
		i := int(maphash.Comparable(seed, laneKey(u)) % uint64(b.lanes))
		lanes[i] = append(lanes[i], u)
		next = max(next, u.UpdateID+1)
	}
	var wg sync.WaitGroup
	for _, lane := range lanes {
		if len(lane) == 0 {
			continue
		}
		wg.Go(func() {
			for _, u := range lane {
				b.HandleUpdate(ctx, u)
			}
		})
	}
	wg.Wait()
	return next
}

// laneKey groups updates that must be handled in order: those of one chat.
func laneKey(u tgbotapi.Update) int64 {
	if c := u.FromChat(); c != nil {
		return c.ID
	}
	if s := u.SentFrom(); s != nil {
		return s.ID
	}
	return 0
}

// HandleUpdate routes one update. Errors are logged and answered with an
// apology; nothing is returned because nothing more can be done.
func (b *Bot) HandleUpdate(ctx context.Context, u tgbotapi.Update) {
	r, ok := b.router.NewRequest(u)
	if !ok {
		return
	}
	b.metrics.updates.Inc()
	ctx, cancel := context.WithTimeout(ctx, handleTimeout)
	defer cancel()
	err := b.handler(ctx, r)
	if !r.dropped {
		b.countVisit(r)
	}
	if err != nil && r.ChatID != 0 && !errors.Is(err, context.Canceled) {
		_ = b.replyText(ctx, r.ChatID, r.Lang.T(msgInternalError))
	}
}

// waitCtx waits d or until ctx is done; it reports whether d passed.
func waitCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
