package source

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"slices"
	"time"

	"newsbot/content"
	"newsbot/content/guard"
	"newsbot/content/source/netguard"
)

// ErrPaused is what PollOnce returns for a source an admin paused.
var ErrPaused = errors.New("source paused")

// maxBacklog bounds State.Backlog.
const maxBacklog = 200

// Options wire a Poller. Sink and State are required.
type Options struct {
	Sink  Sink
	State StateStore
	Log   *slog.Logger
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Rand returns a number in [0, 1) for the jitter; it must be safe for
	// concurrent use. Default math/rand/v2's Float64.
	Rand func() float64
	// After waits like time.After (the default); tests drive it.
	After func(time.Duration) <-chan time.Time
	// OnSourceFailing is called once when a source has failed
	// Config.FailThreshold polls in a row, with the last error; not again
	// until it has recovered.
	OnSourceFailing func(ctx context.Context, name string, err error)
	// OnSourceRecovered is called at the first success after
	// OnSourceFailing.
	OnSourceRecovered func(ctx context.Context, name string)
	// OnPanic counts a panic contained in a source's loop (loop
	// "sources"); nil counts nothing. A panic while reading or storing a
	// source fails that poll with guard.ErrPanic ("internal error").
	OnPanic guard.Counter
	// OnPolled, when not nil, is told the outcome of each poll that reached
	// the source: its name, what the poll did and its error (nil on
	// success). Polls of a paused source, polls cut short by their context
	// and Check's trial reads are not told. It is called from the sources'
	// loops at the same time, so it must be safe for concurrent use.
	OnPolled func(name string, res Result, err error)
}

// Poller polls the configured sources and publishes what they list. Create
// it with New; it is safe for concurrent use.
type Poller struct {
	cfg   Config
	opts  Options
	fetch *Fetcher
	log   *slog.Logger
	// rt holds the sources added at run time (Poller.Add, Poller.Remove)
	// and the running loops.
	rt runtime
	// parseFeed is ParseFeed; tests make it panic.
	parseFeed func(body []byte, contentType string, kind Kind, base *url.URL) ([]Item, error)
}

// Result says what one poll did.
type Result struct {
	// Found is the number of items the feed or listing gave (after
	// MaxItems, for listings).
	Found int
	// New items were stored; Pushed of them were pushed; Updated items
	// were stored before and changed.
	New, Pushed, Updated int
	// Failed items could not be read or stored; the next poll tries again.
	Failed int
	// NotModified is set when the source answered 304.
	NotModified bool
	// Moved is the source's new URL after a permanent redirect.
	Moved string
	// First is set for the source's first poll, whose items are not pushed.
	First bool
}

// New returns a Poller of cfg's sources.
func New(cfg Config, opts Options) *Poller {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Rand == nil {
		opts.Rand = rand.Float64
	}
	if opts.After == nil {
		opts.After = time.After
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = DefaultMaxBackoff
	}
	if cfg.FailThreshold <= 0 {
		cfg.FailThreshold = DefaultFailThreshold
	}
	allow, _ := netguard.NewPolicy(cfg.AllowPrivate) // checked by ParseConfig; a bad entry is skipped
	f := NewFetcher(FetchOptions{MaxInFlight: cfg.MaxInFlight, Timeout: cfg.Timeout, Allow: allow})
	return &Poller{cfg: cfg, opts: opts, fetch: f, log: opts.Log, parseFeed: ParseFeed}
}

// Config returns the poller's configuration.
func (p *Poller) Config() Config { return p.cfg }

// Run polls every source on its schedule until ctx is done, then returns
// nil once every loop has stopped. Each source has its own loop; the
// fetcher bounds the requests in flight across them. Sources given to Add,
// before or during Run, are polled too. Run may be called once at a time.
func (p *Poller) Run(ctx context.Context) error {
	if err := p.start(ctx); err != nil {
		return err
	}
	<-ctx.Done()
	p.stop()
	return nil
}

func (p *Poller) loop(ctx context.Context, src Source) {
	var next time.Time
	if st, err := p.opts.State.SourceState(ctx, src.Name); err == nil {
		next = st.NextPoll
	}
	wait := firstWait(p.opts.Now(), next, src.Interval, p.cfg.MaxBackoff, p.opts.Rand())
	for {
		select {
		case <-ctx.Done():
			return
		case <-p.opts.After(wait):
		}
		var next time.Time // zero when the poll panicked: polled again after Interval
		err := guard.Do(p.log.With(slog.String("source", src.Name)), p.opts.OnPanic, "sources", func() (err error) {
			_, next, err = p.poll(ctx, src)
			return err
		})
		if ctx.Err() != nil {
			return
		}
		if err != nil && !errors.Is(err, ErrPaused) && next.IsZero() {
			next = p.opts.Now().Add(src.Interval)
		}
		wait = max(next.Sub(p.opts.Now()), 0)
	}
}

// PollOnce polls the named source now, whatever its schedule, and records
// the outcome as a scheduled poll would.
func (p *Poller) PollOnce(ctx context.Context, name string) (Result, error) {
	src, ok := p.source(name)
	if !ok {
		return Result{}, fmt.Errorf("source %q is not configured", name)
	}
	res, _, err := p.poll(ctx, src)
	return res, err
}

// poll polls src once, records its state and returns when to poll next
// (zero when the state could not be read).
func (p *Poller) poll(ctx context.Context, src Source) (Result, time.Time, error) {
	st, err := p.opts.State.SourceState(ctx, src.Name)
	if err != nil {
		return Result{}, time.Time{}, fmt.Errorf("source %s: state: %w", src.Name, err)
	}
	now := p.opts.Now()
	if st.Paused {
		return Result{}, now.Add(src.Interval), ErrPaused
	}
	st.Name = src.Name
	if st.ConfiguredURL != src.URL || st.URL == "" {
		st.ConfiguredURL, st.URL, st.ETag, st.LastModified = src.URL, src.URL, "", ""
	}
	var res Result
	err = guard.Do(p.log.With(slog.String("source", src.Name)), p.opts.OnPanic, "sources", func() (err error) {
		res, err = p.collect(ctx, src, &st, now) // a panic fails the poll, recorded like any failure
		return err
	})
	if ctx.Err() != nil {
		return res, time.Time{}, ctx.Err() // stopping: the next start polls again
	}
	notify, recovered := p.record(&st, now, err)
	st.NextPoll = now.Add(nextWait(src.Interval, st.Failures, p.cfg.MaxBackoff, p.opts.Rand()))
	if perr := p.opts.State.PutSourceState(ctx, st); perr != nil {
		p.log.Error("source state not saved", slog.String("source", src.Name), slog.Any("err", perr))
	}
	p.logPoll(src, st, res, err)
	if p.opts.OnPolled != nil {
		p.opts.OnPolled(src.Name, res, err)
	}
	if notify && p.opts.OnSourceFailing != nil {
		p.opts.OnSourceFailing(ctx, src.Name, err)
	}
	if recovered && p.opts.OnSourceRecovered != nil {
		p.opts.OnSourceRecovered(ctx, src.Name)
	}
	return res, st.NextPoll, err
}

// record counts a poll's outcome in st and says whether the admins are to
// be told that the source is failing, or that it recovered.
func (p *Poller) record(st *State, now time.Time, err error) (notify, recovered bool) {
	st.LastPoll = now
	if err != nil {
		st.Failures++
		st.LastError, st.Blocked = err.Error(), errors.Is(err, netguard.ErrBlocked)
		if st.Failures >= p.cfg.FailThreshold && !st.FailingNotified {
			st.FailingNotified = true
			notify = true
		}
		return notify, false
	}
	recovered = st.FailingNotified
	st.Failures, st.LastError, st.Blocked, st.FailingNotified, st.LastSuccess = 0, "", false, false, now
	return false, recovered
}

func (p *Poller) logPoll(src Source, st State, res Result, err error) {
	name := slog.String("source", src.Name)
	next := slog.Time("next_poll", st.NextPoll)
	switch {
	case errors.Is(err, ErrTooLarge):
		p.log.Warn("source refused: response body larger than the limit", name,
			slog.Int64("limit_bytes", p.fetch.opts.MaxBody), slog.Int("failures", st.Failures), next, slog.Any("err", err))
	case err != nil:
		p.log.Warn("source poll failed", name, slog.Int("failures", st.Failures), next, slog.Any("err", err))
	default:
		p.log.Info("source polled", name, slog.Bool("first", res.First), slog.Int("found", res.Found),
			slog.Int("new", res.New), slog.Int("pushed", res.Pushed), slog.Int("updated", res.Updated),
			slog.Int("failed", res.Failed), slog.Bool("not_modified", res.NotModified), next)
	}
}

// collect fetches src, publishes its items and updates st's URL,
// validators, backlog and counters. An error means the poll failed.
func (p *Poller) collect(ctx context.Context, src Source, st *State, now time.Time) (Result, error) {
	res := Result{First: !st.FirstPollDone}
	rd, err := p.read(ctx, src, Request{URL: st.URL, ETag: st.ETag, LastModified: st.LastModified}, p.known)
	if err != nil {
		return res, err
	}
	if rd.resp.Moved {
		p.log.Info("source moved permanently", slog.String("source", src.Name),
			slog.String("from", Redact(st.URL)), slog.String("to", Redact(rd.resp.URL)))
		st.URL, res.Moved = rd.resp.URL, rd.resp.URL
	}
	if rd.resp.NotModified {
		res.NotModified = true
		return res, nil
	}
	res.Found = rd.found
	var firstErr error
	for _, f := range rd.failed {
		p.itemFailed(src, st, &res, f.key, f.err)
		firstErr = cmp(firstErr, f.err)
	}
	for _, it := range rd.items {
		if err := p.publish(ctx, src, st, &res, it, now); err != nil {
			firstErr = cmp(firstErr, err)
		}
	}
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	if res.Failed > 0 {
		// Fetch everything again next time, or the failed items would wait
		// behind a 304 until the source changes.
		st.ETag, st.LastModified = "", ""
		if res.Failed == res.Found {
			return res, fmt.Errorf("every item failed: %w", firstErr)
		}
	} else {
		st.ETag, st.LastModified = rd.resp.ETag, rd.resp.LastModified
	}
	if !st.FirstPollDone {
		st.FirstPollDone, st.FirstPollAt = true, now
	}
	return res, nil
}

func cmp(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

// itemFailed counts an item that could not be read or stored. At the
// first poll its key joins the backlog, so that it is not pushed when a
// later poll stores it.
func (p *Poller) itemFailed(src Source, st *State, res *Result, key string, err error) {
	res.Failed++
	p.log.Warn("source item failed", slog.String("source", src.Name), slog.String("item", key), slog.Any("err", err))
	if !st.FirstPollDone && !slices.Contains(st.Backlog, key) {
		st.Backlog = append(st.Backlog, key)
		if len(st.Backlog) > maxBacklog {
			st.Backlog = st.Backlog[len(st.Backlog)-maxBacklog:]
		}
	}
}

// publish stores one item: new, it is published (pushed unless quiet);
// known, it is updated in place when its text changed, never pushed.
func (p *Poller) publish(ctx context.Context, src Source, st *State, res *Result, it Item, now time.Time) error {
	id := identify(src.Name, it)
	a, urgent := p.article(src, it, id, now)
	backlogged := slices.Contains(st.Backlog, id.Key)
	quiet := !st.FirstPollDone || backlogged || p.tooOld(it, now)
	created, err := p.opts.Sink.Publish(ctx, a, PublishOptions{Push: !quiet, Urgent: urgent})
	if err != nil {
		if ctx.Err() == nil {
			p.itemFailed(src, st, res, id.Key, err)
		}
		return err
	}
	if backlogged {
		st.Backlog = slices.DeleteFunc(st.Backlog, func(k string) bool { return k == id.Key })
	}
	if created {
		res.New++
		st.Items++
		if !quiet {
			res.Pushed++
			st.Pushed++
		}
		p.log.Debug("source item stored", slog.String("source", src.Name), slog.String("article", a.ID),
			slog.String("title", a.Title), slog.Bool("pushed", !quiet))
		return nil
	}
	if it.Published.IsZero() {
		a.Published = time.Time{} // undated: keep the stored time
	}
	changed, err := p.opts.Sink.Update(ctx, a)
	switch {
	case errors.Is(err, ErrNotStored):
		return nil // stored under another ID (same source URL): a duplicate
	case err != nil:
		if ctx.Err() == nil {
			p.itemFailed(src, st, res, id.Key, err)
		}
		return err
	case changed:
		res.Updated++
		p.log.Info("source item updated", slog.String("source", src.Name), slog.String("article", a.ID),
			slog.String("title", a.Title))
	}
	return nil
}

// tooOld reports an item dated longer than PushMaxAge before now.
func (p *Poller) tooOld(it Item, now time.Time) bool {
	return content.TooOldToPush(it.Published, now, p.cfg.PushMaxAge)
}

// known reports whether the article is stored; an error counts as not
// stored (publishing it again is harmless).
func (p *Poller) known(ctx context.Context, id string) bool {
	ok, err := p.opts.Sink.Known(ctx, id)
	return err == nil && ok
}
