package bot

import (
	"context"
	"time"

	"newsbot/content"
)

// CommitForTest exposes the commit of offset and visits to benchmarks.
func (b *Bot) CommitForTest(ctx context.Context, offset int) error { return b.commit(ctx, offset) }

// SetProgressEveryForTest makes Progress edit every d; call it before
// Progress starts.
func (b *Bot) SetProgressEveryForTest(d time.Duration) { b.progressEvery = d }

// JobProgress returns the job the worker is delivering now, with the
// outcomes not yet committed already counted, and true; or false when job id
// is not being delivered (then the store's record, updated after every
// batch, is the whole truth).
func (b *Bot) JobProgress(id uint64) (content.Job, bool) {
	d := b.deliv
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.live == nil || d.live.ID != id {
		return content.Job{}, false
	}
	return *d.live, true
}

// Pauses returns how many times Pause extended the pause.
func (p *pacer) Pauses() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pauses
}
