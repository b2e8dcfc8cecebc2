package bot

import "context"

// CommitForTest exposes the commit of offset and visits to benchmarks.
func (b *Bot) CommitForTest(ctx context.Context, offset int) error { return b.commit(ctx, offset) }
