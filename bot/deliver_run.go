package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"newsbot/content"
	"newsbot/content/guard"
)

// jobRun is one pass of the delivery worker over a job's pending
// recipients. A feeder hands recipients, in the store's order, to Workers
// goroutines that send; a collector commits their outcomes in batches. At
// most Batch+Workers recipients are handed out and not yet committed: the
// feeder takes a slot for each, and a commit gives the slots back.
type jobRun struct {
	b *Bot
	o DeliveryOptions
	// id and urgent are the job's, for every goroutine of the run.
	id     uint64
	urgent bool
	// digest is set for a digest run: each recipient's text is its own.
	digest bool
	notice *notice
	// log is the bot's logger with the job's ID, for contained panics.
	log *slog.Logger
	// retract is set for a retraction (jobRun.takeBack), correct for a
	// correction (jobRun.correctChat).
	retract *content.Retraction
	correct *content.Correction
	// job is the job as last committed; only the collector touches it.
	job content.Job

	// stop is closed when the job must hand out no more recipients: it was
	// cancelled, a commit failed, or Telegram refused the bot's token.
	stop     chan struct{}
	stopOnce sync.Once

	mu sync.Mutex
	// err is why the run stopped early, if not a cancellation.
	err error
	// reached holds chats this pass already delivered to under a new ID (a
	// migrated group), so the feeder does not hand them out again.
	reached map[int64]bool
}

// runJob delivers job to its pending recipients and returns how many
// outcomes it committed.
func (b *Bot) runJob(ctx context.Context, job content.Job) (int, error) {
	n, err := b.prepareNotice(ctx, job)
	if err != nil {
		return 0, fmt.Errorf("bot: job %d: %w", job.ID, err)
	}
	r := &jobRun{b: b, o: b.deliv.opts, id: job.ID, urgent: job.Urgent, digest: job.Digest != nil, job: job, notice: n, stop: make(chan struct{}), reached: map[int64]bool{},
		log: b.log.With(slog.Uint64("job", job.ID))}
	r.retract, r.correct = job.Retract, job.Correct
	r.publish(nil)
	defer b.deliv.setLive(nil)

	// Sends already begun may finish for StopGrace after ctx ends.
	gctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stopGrace := context.AfterFunc(ctx, func() {
		t := time.NewTimer(r.o.StopGrace)
		defer t.Stop()
		select {
		case <-t.C:
			cancel()
		case <-gctx.Done():
		}
	})
	defer stopGrace()

	window := r.o.Batch + r.o.Workers
	slots := make(chan struct{}, window)
	work := make(chan content.Recipient)
	results := make(chan content.Delivery, window)
	var workers sync.WaitGroup
	for range r.o.Workers * r.notice.workersFactor() {
		workers.Go(func() {
			for rc := range work {
				results <- r.deliverGuarded(ctx, gctx, rc)
			}
		})
	}
	feedErr := make(chan error, 1)
	go func() {
		defer close(work)
		err := guard.Do(r.log, r.b.metrics.Panicked, "deliver", func() error { return r.feed(ctx, slots, work) })
		if errors.Is(err, guard.ErrPanic) {
			r.halt(nil) // hand out no more; the next pass tries again
		}
		feedErr <- err
	}()
	go func() {
		workers.Wait()
		close(results)
	}()
	committed, err := r.collect(ctx, results, slots)
	return committed, errors.Join(<-feedErr, err, r.failure())
}

// deliverGuarded is deliver with its panics contained: the recipient is
// marked failed ("internal error", the delivery's reason, which names the
// chat) and the run goes on.
func (r *jobRun) deliverGuarded(ctx, gctx context.Context, rc content.Recipient) (d content.Delivery) {
	err := guard.Do(r.log, r.b.metrics.Panicked, "deliver", func() error {
		d = r.deliver(ctx, gctx, rc)
		return nil
	})
	if err != nil {
		return content.Delivery{ChatID: rc.ChatID, Outcome: content.OutcomeFailed, Reason: err.Error()}
	}
	return d
}

// halt closes stop; err, if not nil, is why.
func (r *jobRun) halt(err error) {
	if err != nil {
		r.mu.Lock()
		r.err = errors.Join(r.err, err)
		r.mu.Unlock()
	}
	r.stopOnce.Do(func() { close(r.stop) })
}

func (r *jobRun) failure() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

func (r *jobRun) stopped() bool {
	select {
	case <-r.stop:
		return true
	default:
		return false
	}
}

// markReached notes that chatID was delivered to in this pass.
func (r *jobRun) markReached(chatID int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reached[chatID] = true
}

func (r *jobRun) wasReached(chatID int64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.reached[chatID]
}

// feed hands the pending recipients out, one slot each, until there are no
// more, the run stops or ctx ends.
func (r *jobRun) feed(ctx context.Context, slots chan<- struct{}, work chan<- content.Recipient) error {
	var after int64
	for {
		rs, err := r.b.store.PendingRecipientsAfter(ctx, r.id, after, r.o.Batch)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			r.halt(nil)
			return err
		}
		if len(rs) == 0 {
			return nil
		}
		after = rs[len(rs)-1].ChatID
		if r.retract != nil || r.correct != nil {
			r.mostRequestsFirst(rs)
		}
		for _, rc := range rs {
			if r.wasReached(rc.ChatID) {
				continue
			}
			select {
			case slots <- struct{}{}:
			case <-r.stop:
				return nil
			case <-ctx.Done():
				return nil
			}
			select {
			case work <- rc:
			case <-r.stop:
				return nil
			case <-ctx.Done():
				return nil
			}
		}
	}
}

// collect commits the outcomes as they come, every Batch of them or every
// CommitEvery, until the workers are done; it returns how many it committed.
func (r *jobRun) collect(ctx context.Context, results <-chan content.Delivery, slots <-chan struct{}) (int, error) {
	tick := time.NewTicker(r.o.CommitEvery)
	defer tick.Stop()
	var (
		buf       []content.Delivery
		committed int
		err       error
	)
	commit := func() {
		if len(buf) == 0 {
			return
		}
		job, cerr := r.b.store.RecordDeliveries(context.WithoutCancel(ctx), r.id, buf)
		if cerr != nil {
			if err == nil {
				r.b.log.Error("commit push outcomes", slog.Uint64("job", r.id), slog.Int("outcomes", len(buf)), slog.Any("err", cerr))
			}
			err = cerr
			r.halt(nil) // the outcomes stay in buf; the last commit tries again
			return
		}
		err = nil
		r.committedJob(job) // a cancelled job halts before any slot is freed
		for range buf {
			<-slots
		}
		committed += len(buf)
		buf = buf[:0]
		r.publish(buf)
	}
	for {
		select {
		case d, ok := <-results:
			if !ok {
				commit()
				return committed, err
			}
			if d.Outcome == content.OutcomePending {
				<-slots // not sent: it stays pending in the store
				continue
			}
			buf = append(buf, d)
			r.publish(buf)
			if len(buf) >= r.o.Batch {
				commit()
			}
		case <-tick.C:
			commit()
		}
	}
}

// committedJob takes in the job as a commit left it.
func (r *jobRun) committedJob(job content.Job) {
	r.job = job
	r.b.queued(job)
	if job.Cancelled {
		if !r.stopped() {
			r.b.log.Info("push job cancelled", slog.Uint64("job", job.ID), slog.Int("sent", job.Sent), slog.Int("total", job.Total))
		}
		r.halt(nil)
		return
	}
	if job.Done {
		r.b.log.Info("push job done", slog.Uint64("job", job.ID), slog.String("article", job.ArticleID),
			slog.Int("sent", job.Sent), slog.Int("blocked", job.Blocked), slog.Int("failed", job.Failed))
	}
}

// publish shows the job as last committed plus the outcomes in buf.
func (r *jobRun) publish(buf []content.Delivery) {
	j := r.job
	for _, d := range buf {
		j.Count(d.Outcome)
	}
	r.b.deliv.setLive(&j)
}
