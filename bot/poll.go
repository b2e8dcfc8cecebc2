package bot

import (
	"context"
	"errors"
	"hash/maphash"
	"log/slog"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// handleTimeout bounds the handling of one update.
const handleTimeout = 30 * time.Second

// Poll long-polls Telegram for updates and handles them until ctx is done;
// then it finishes the batch in hand, commits the offset, stops the test
// reads of /sources add still under way (StopSourceChecks) and returns nil.
//
// The offset is committed after a batch's effects are, together with the
// visits the batch made, so a restart never skips an update nor counts one
// twice. A crash (not a clean stop) in the middle of a batch hands the
// batch over again: HandleBatch skips the updates already handled (their
// visits, not yet committed, are not counted) and quarantines an update
// that was in hand at two crashes.
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
// update has been handled or skipped, and never panics (see contain).
//
// It guards against an update that kills the process (a panic nobody
// foresaw, an out-of-memory kill): first it records the batch in the store
// as in flight (BeginUpdates), then each lane records which update it has
// in hand and which it has handled (AdvanceUpdates). Should the process
// die, the next run skips the updates already handled, and an update that
// was in hand at PoisonDeaths deaths is quarantined: skipped, confirmed,
// logged with its ID and type, and the admins told. A batch that holds an
// update charged with a death runs in one lane, so that the next death is
// charged to one update only. Should the store fail to record the batch,
// the batch is handled all the same, unguarded.
func (b *Bot) HandleBatch(ctx context.Context, ups []tgbotapi.Update) int {
	next := 0
	for _, u := range ups {
		next = max(next, u.UpdateID+1)
	}
	_ = b.contain("update batch", func() error {
		b.handleBatch(ctx, ups)
		return nil
	})
	return next
}

func (b *Bot) handleBatch(ctx context.Context, ups []tgbotapi.Update) {
	ids := make([]int, len(ups))
	for i, u := range ups {
		ids[i] = u.UpdateID
	}
	known, err := b.store.BeginUpdates(ctx, ids)
	if err != nil {
		b.log.Error("updates in flight not recorded; handling the batch without quarantine", slog.Any("err", err))
	}
	// After a death, every update that was in hand was charged with it.
	// The batch then runs in one lane, so that a second death is charged
	// to the one update that caused it, not to other chats' updates that
	// happened to be in hand beside it.
	n := b.lanes
	for _, f := range known {
		if f.Deaths > 0 && !f.Handled {
			n = 1
		}
	}
	lanes := make([][]tgbotapi.Update, n)
	seed := maphash.MakeSeed()
	for _, u := range ups {
		i := int(maphash.Comparable(seed, laneKey(u)) % uint64(n))
		lanes[i] = append(lanes[i], u)
	}
	var wg sync.WaitGroup
	for _, lane := range lanes {
		if len(lane) == 0 {
			continue
		}
		wg.Go(func() {
			_ = b.contain("update lane", func() error {
				b.handleLane(ctx, lane, known)
				return nil
			})
		})
	}
	wg.Wait()
}

// handleLane handles a lane's updates in order. known is what BeginUpdates
// returned (nil when it failed: nothing is recorded then).
func (b *Bot) handleLane(ctx context.Context, lane []tgbotapi.Update, known map[int]content.InFlight) {
	advance := func(handled, next int) {
		if known == nil {
			return
		}
		if err := b.store.AdvanceUpdates(ctx, handled, next); err != nil {
			b.log.Error("update progress not recorded", slog.Any("err", err))
		}
	}
	prev := -1
	for _, u := range lane {
		f := known[u.UpdateID]
		if f.Committed {
			// Handled and counted by an earlier batch (the webhook's,
			// whose answer Telegram did not get): only confirmed.
			_ = b.contain("update", func() error { b.skip(ctx, u, skipRedelivered); return nil })
			continue
		}
		if f.Handled {
			// A run that died handled it but never committed its
			// visit (visits go with the offset): count it now.
			_ = b.contain("update", func() error {
				b.skip(ctx, u, skipRedelivered)
				if r, ok := b.router.NewRequest(u); ok {
					b.countVisit(r)
				}
				return nil
			})
			continue
		}
		advance(prev, u.UpdateID)
		if f.Poisoned() {
			_ = b.contain("update", func() error { b.quarantine(ctx, u, f); return nil })
		} else {
			b.HandleUpdate(ctx, u)
		}
		prev = u.UpdateID
	}
	advance(prev, -1)
}

// laneKey groups updates that must be handled in order: those of one chat,
// else those of one person. It reads only fields it has checked are there.
func laneKey(u tgbotapi.Update) int64 {
	for _, m := range []*tgbotapi.Message{u.Message, u.EditedMessage, u.ChannelPost, u.EditedChannelPost} {
		if m != nil && m.Chat != nil {
			return m.Chat.ID
		}
	}
	if q := u.CallbackQuery; q != nil {
		if q.Message != nil && q.Message.Chat != nil {
			return q.Message.Chat.ID
		}
		if q.From != nil {
			return q.From.ID
		}
	}
	if q := u.InlineQuery; q != nil && q.From != nil {
		return q.From.ID
	}
	for _, c := range []*tgbotapi.ChatMemberUpdated{u.MyChatMember, u.ChatMember} {
		if c != nil {
			return c.Chat.ID
		}
	}
	if u.ChatJoinRequest != nil {
		return u.ChatJoinRequest.Chat.ID
	}
	return 0
}

// HandleUpdate routes one update. A panic anywhere in it is contained
// (logged and counted); errors are logged and answered with an apology; an
// update of a shape the bot does not handle is counted as skipped and
// logged at debug. Nothing is returned because nothing more can be done.
func (b *Bot) HandleUpdate(ctx context.Context, u tgbotapi.Update) {
	_ = b.contain("update", func() error {
		b.handleUpdate(ctx, u)
		return nil
	})
}

func (b *Bot) handleUpdate(ctx context.Context, u tgbotapi.Update) {
	crashHook(u.UpdateID)
	r, ok := b.router.NewRequest(u)
	if !ok {
		b.skip(ctx, u, skipUnhandled)
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
