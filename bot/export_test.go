package bot

import (
	"context"
	"time"
)

// CommitForTest exposes the commit of offset and visits to benchmarks.
func (b *Bot) CommitForTest(ctx context.Context, offset int) error { return b.commit(ctx, offset) }

// SetProgressEveryForTest makes Progress edit every d; call it before
// Progress starts.
func (b *Bot) SetProgressEveryForTest(d time.Duration) { b.progressEvery = d }
