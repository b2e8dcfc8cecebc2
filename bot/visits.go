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
	return b.store.CommitUpdates(ctx, offset, b.takeVisits())
}

// commitAccepted deletes the accepted updates ids with the visits gathered
// since the last commit and raises the offset to offset, in one
// transaction. Should it fail, the visits are dropped and the updates stay
// stored: they are handled, and counted, again at the next start.
func (b *Bot) commitAccepted(ctx context.Context, ids []int, offset int) error {
	return b.store.CommitAccepted(ctx, ids, offset, b.takeVisits())
}

// takeVisits returns the visits gathered since the last commit and starts
// gathering anew.
func (b *Bot) takeVisits() content.Visits {
	b.visits.mu.Lock()
	defer b.visits.mu.Unlock()
	v := b.visits.v
	b.visits.v = content.Visits{}
	return v
}
