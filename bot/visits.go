package bot

import (
	"context"
	"sync"

	"newsbot/content"
)

// visitBatch gathers the visits of the updates handled since the last
// commit. It is safe for concurrent use.
type visitBatch struct {
	mu sync.Mutex
	v  content.Visits
}

// countVisit counts r as a visit when it comes from a person. Pushes the bot
// sends are not updates, so they never count.
func (b *Bot) countVisit(r *Request) {
	if r.User == nil || r.User.IsBot {
		return
	}
	b.metrics.visits.Inc()
	day := content.DayOf(b.now(), b.zone)
	b.visits.mu.Lock()
	b.visits.v.Add(day, r.User.ID)
	b.visits.mu.Unlock()
}

// countView counts one opening of article id.
func (b *Bot) countView(id string) {
	day := content.DayOf(b.now(), b.zone)
	b.visits.mu.Lock()
	b.visits.v.View(day, id)
	b.visits.mu.Unlock()
}

// commit stores the offset and the visits gathered since the last commit.
// Should it fail, the visits are dropped with the offset: Telegram hands the
// same updates over again and they are counted then.
func (b *Bot) commit(ctx context.Context, offset int) error {
	b.visits.mu.Lock()
	v := b.visits.v
	b.visits.v = content.Visits{}
	b.visits.mu.Unlock()
	return b.store.CommitUpdates(ctx, offset, v)
}
