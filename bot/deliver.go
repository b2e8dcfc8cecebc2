package bot

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"newsbot/content"
	"newsbot/content/guard"
)

// rescanEvery is how often the worker looks for jobs it was not told of, and
// retries jobs that failed.
const rescanEvery = 30 * time.Second

// delivery is the delivery worker's state: its options, its pacer and the
// progress of the job it is running.
type delivery struct {
	opts DeliveryOptions
	pace *pacer

	mu sync.Mutex
	// live is the job being delivered, with the outcomes not yet committed
	// already counted (nil when idle).
	live *content.Job
	// pending holds each open job's recipients not yet delivered to, as
	// the worker last saw them: the queue depth the metrics show, kept
	// here so that a scrape never reads the store.
	pending map[uint64]int
}

// newDelivery returns the worker's state for a global rate of sendRate
// messages per second (default DefaultSendRate) and options o.
func newDelivery(sendRate float64, o DeliveryOptions) *delivery {
	if sendRate <= 0 {
		sendRate = DefaultSendRate
	}
	o = o.withDefaults()
	return &delivery{opts: o, pace: newPacer(o.paceLimits(sendRate))}
}

// Notify wakes the delivery worker: a job was created. It never blocks.
func (b *Bot) Notify() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// Deliver drains push jobs until ctx is done, oldest job first, resuming
// where a previous run stopped, and returns nil then.
//
// Guarantees:
//   - every pending recipient of an open job is tried until it has an
//     outcome (sent, blocked, failed after bounded retries); a 429, a
//     migrated group, a 5xx or a broken connection never loses a notice;
//   - outcomes are committed in batches (DeliveryOptions.Batch, or every
//     CommitEvery); the worker never has more than RepeatBound recipients
//     handed out and uncommitted, so a crash makes at most that many people
//     get the notice twice (a timeout whose request did reach Telegram can
//     repeat one notice too: delivery is at least once);
//   - a clean stop hands out no new recipient, lets the sends in flight
//     finish (StopGrace at most) and commits their outcomes;
//   - a job cancelled in the store (CancelJob) stops within one batch.
//
// Progress is visible in the store after each commit (store.Job,
// RecentJobs).
func (b *Bot) Deliver(ctx context.Context) error {
	t := time.NewTicker(rescanEvery)
	defer t.Stop()
	for {
		progressed := false
		jobs, err := b.store.OpenJobs(ctx)
		if err != nil && ctx.Err() == nil {
			b.log.Error("list push jobs", slog.Any("err", err))
		}
		if err == nil {
			b.queuedAll(jobs)
		}
		for _, job := range jobs {
			if ctx.Err() != nil {
				break
			}
			var n int
			err := guard.Do(b.log.With(slog.Uint64("job", job.ID)), b.metrics.Panicked, "deliver", func() (err error) {
				n, err = b.runJob(ctx, job)
				return err
			})
			progressed = progressed || n > 0
			if err != nil && ctx.Err() == nil {
				b.log.Error("push job stopped; will retry", slog.Uint64("job", job.ID), slog.Any("err", err))
			}
		}
		if ctx.Err() != nil {
			return nil
		}
		if progressed {
			// Look again at once: a job may have been created meanwhile, or
			// a chat moved (a migrated group) behind the pass's cursor.
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case <-b.wake:
		case <-t.C:
		}
	}
}

// queuedAll records the pending recipients of every open job, as the
// worker's scan found them, for the queue depth metric.
func (b *Bot) queuedAll(jobs []content.Job) {
	d := b.deliv
	d.mu.Lock()
	defer d.mu.Unlock()
	d.pending = make(map[uint64]int, len(jobs))
	for _, j := range jobs {
		d.pending[j.ID] = j.Pending()
	}
	b.publishQueueLocked()
}

// queued updates one job's pending recipients after a commit; a finished
// or cancelled job leaves the queue.
func (b *Bot) queued(j content.Job) {
	d := b.deliv
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.pending == nil {
		d.pending = map[uint64]int{}
	}
	d.pending[j.ID] = j.Pending()
	if j.Done || j.Cancelled {
		delete(d.pending, j.ID)
	}
	b.publishQueueLocked()
}

// publishQueueLocked sets the queue depth metric; deliv.mu must be held.
func (b *Bot) publishQueueLocked() {
	n := 0
	for _, p := range b.deliv.pending {
		n += p
	}
	b.metrics.queueDepth.Set(float64(n))
}

// setLive records the running job's progress; nil when the run ends.
func (d *delivery) setLive(j *content.Job) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.live = j
}
