package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"newsbot/bot"
	"newsbot/content"
	"newsbot/content/source"
	"newsbot/content/source/netguard"
	"newsbot/store"
)

// sourcesWiring connects the polled sources (content/source) to the store
// and the bot, for `newsbot run [--sources FILE]`: the file's sources and
// those admins added in the bot (stored).
type sourcesWiring struct {
	cfg source.Config
	db  *store.DB
	// added are the stored bot-added sources, read at start.
	added []source.Source
	// addedInterval is the poll interval of bot-added sources.
	addedInterval time.Duration
	log           *slog.Logger
	// p is the running poller, set by poller; /sources add and remove
	// need it.
	p atomic.Pointer[source.Poller]
}

// The read /sources add makes before saving: bounded in time, within the
// 30 s the bot gives the background check, and to a few article pages for
// an HTML source.
const (
	sourceCheckTimeout = 20 * time.Second
	sourceCheckPages   = 5
)

// loadSources takes the sources' configuration (App.sourceConfig) and
// reads the sources added in the bot, polled every addedInterval
// (positive: run checks it with the other flags, before the database is
// opened). A stored source that no longer passes the checks, or whose name
// the file now uses, is skipped with a warning.
func loadSources(ctx context.Context, cfg source.Config, db *store.DB, log *slog.Logger, addedInterval time.Duration) (*sourcesWiring, error) {
	stored, err := db.AddedSources(ctx)
	if err != nil {
		return nil, err
	}
	w := &sourcesWiring{cfg: cfg, db: db, log: log, addedInterval: addedInterval}
	for _, a := range stored {
		src, err := w.newSource(a.Name, a.URL, a.Kind, a.Category)
		if err != nil {
			log.Warn("source added in the bot is not valid; not polled", slog.String("source", a.Name), slog.Any("err", err))
			continue
		}
		if _, ok := cfg.Source(a.Name); ok {
			log.Warn("source added in the bot is also in the sources file; the file's is polled and the added one "+
				"stays stored: to clear it, send /sources remove "+a.Name+" in the bot (the file's source keeps running)",
				slog.String("source", a.Name), slog.String("url", source.Redact(a.URL)))
			continue
		}
		w.added = append(w.added, src)
	}
	return w, nil
}

// newSource checks a bot-added source (source.NewSource) and gives it the
// interval of bot-added sources.
func (w *sourcesWiring) newSource(name, rawURL, kind, category string) (source.Source, error) {
	src, err := source.NewSource(name, rawURL, kind, category)
	src.Interval = w.addedInterval
	return src, err
}

// admin returns the backend of the bot's /sources.
func (w *sourcesWiring) admin() bot.Sources {
	return sourcesAdmin{w: w}
}

// poller returns the poller that publishes through the store, wakes b's
// delivery worker for each push, and tells the admins through b when a
// source keeps failing and when it recovers. It polls the bot-added
// sources too, and /sources add and remove change it while it runs. Its
// contained panics and its polls' outcomes are counted in m.
func (w *sourcesWiring) poller(b *bot.Bot, log *slog.Logger, now func() time.Time, m *bot.Metrics) *source.Poller {
	if w.addedInterval < time.Minute {
		log.Warn("sources added in the bot are polled more often than once a minute; be kind to the portals",
			slog.Duration("interval", w.addedInterval))
	}
	for _, s := range w.cfg.Sources {
		if s.Interval < time.Minute {
			log.Warn("source polled more often than once a minute; be kind to the portal",
				slog.String("source", s.Name), slog.Duration("interval", s.Interval))
		}
	}
	admins := func(ctx context.Context) []int64 {
		list, err := w.db.Admins(ctx)
		if err != nil {
			log.Error("cannot list the admins to alert", slog.Any("err", err))
			return nil
		}
		ids := make([]int64, len(list))
		for i, a := range list {
			ids[i] = a.UserID
		}
		return ids
	}
	p := source.New(w.cfg, source.Options{
		Sink:     sourceSink{db: w.db, notify: b.Notify},
		State:    sourceStates{db: w.db},
		Log:      log,
		Now:      now,
		OnPanic:  m.Panicked,
		OnPolled: countFetches(m),
		OnSourceFailing: func(ctx context.Context, name string, err error) {
			if errors.Is(err, netguard.ErrBlocked) {
				err = bot.ErrSourceBlocked // the admins are told that, not what is at the address
			}
			if aerr := b.AlertSourceFailing(ctx, admins(ctx), name, err); aerr != nil {
				log.Warn("source alert not delivered to every admin", slog.String("source", name), slog.Any("err", aerr))
			}
		},
		OnSourceRecovered: func(ctx context.Context, name string) {
			if aerr := b.AlertSourceRecovered(ctx, admins(ctx), name); aerr != nil {
				log.Warn("source recovery not delivered to every admin", slog.String("source", name), slog.Any("err", aerr))
			}
		},
	})
	for _, src := range w.added {
		if err := p.Add(src); err != nil {
			log.Warn("source added in the bot not polled", slog.String("source", src.Name), slog.Any("err", err))
		}
	}
	w.p.Store(p)
	return p
}

// countFetches returns the poller's OnPolled: each poll counted in m by
// outcome.
func countFetches(m *bot.Metrics) func(name string, res source.Result, err error) {
	return func(_ string, res source.Result, err error) {
		switch {
		case errors.Is(err, netguard.ErrBlocked):
			m.SourceFetched(bot.FetchBlocked)
		case err != nil:
			m.SourceFetched(bot.FetchFailed)
		case res.NotModified:
			m.SourceFetched(bot.FetchNotModified)
		default:
			m.SourceFetched(bot.FetchOK)
		}
	}
}

// sourceSink publishes found articles the way the inbox does: stored with
// their push job in one transaction, then the delivery worker woken.
type sourceSink struct {
	db     *store.DB
	notify func()
}

func (s sourceSink) Known(ctx context.Context, id string) (bool, error) {
	return s.db.HasArticle(ctx, id)
}

func (s sourceSink) Publish(ctx context.Context, a content.Article, o source.PublishOptions) (bool, error) {
	res, err := s.db.PublishArticleWith(ctx, a, store.PublishOptions{Quiet: !o.Push, Urgent: o.Urgent})
	if err != nil {
		return false, err
	}
	if res.Job.ID != 0 && s.notify != nil {
		s.notify()
	}
	return res.Created, nil
}

func (s sourceSink) Update(ctx context.Context, a content.Article) (bool, error) {
	changed, err := s.db.UpdateArticle(ctx, a)
	if errors.Is(err, store.ErrNotFound) {
		return false, fmt.Errorf("%w: %w", source.ErrNotStored, err)
	}
	return changed, err
}

// sourceStates keeps the poller's per-source state in the store.
type sourceStates struct{ db *store.DB }

func (s sourceStates) SourceState(ctx context.Context, name string) (source.State, error) {
	st, err := s.db.SourceState(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return source.State{}, nil
	}
	if err != nil {
		return source.State{}, err
	}
	return source.State(st), nil
}

func (s sourceStates) PutSourceState(ctx context.Context, st source.State) error {
	return s.db.PutSourceState(ctx, store.SourceState(st))
}

// sourcesAdmin backs /sources: the sources with their stored state,
// pausing, and adding and removing sources in the bot.
type sourcesAdmin struct{ w *sourcesWiring }

// sources lists the file's sources then the added ones, and says which
// were added.
func (a sourcesAdmin) sources() (list []source.Source, added func(string) bool) {
	if p := a.w.p.Load(); p != nil {
		return p.Sources(), p.Added
	}
	return append(slices.Clone(a.w.cfg.Sources), a.w.added...), func(name string) bool {
		_, inFile := a.w.cfg.Source(name)
		return !inFile
	}
}

func (a sourcesAdmin) SourceStatuses(ctx context.Context) ([]bot.SourceStatus, error) {
	list, added := a.sources()
	out := make([]bot.SourceStatus, 0, len(list))
	for _, src := range list {
		st, err := a.w.db.SourceState(ctx, src.Name)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		out = append(out, bot.SourceStatus{Name: src.Name, Kind: string(src.Kind), LastPoll: st.LastPoll,
			Items: st.Items, Failures: st.Failures, LastError: st.LastError, Blocked: st.Blocked, Paused: st.Paused,
			Added: added(src.Name)})
	}
	return out, nil
}

func (a sourcesAdmin) SetSourcePaused(ctx context.Context, name string, paused bool) error {
	list, _ := a.sources()
	if !slices.ContainsFunc(list, func(s source.Source) bool { return s.Name == name }) {
		return fmt.Errorf("source %q: %w", name, content.ErrUnknownSource)
	}
	_, err := a.w.db.SetSourcePaused(ctx, name, paused)
	return err
}

// errPollerNotRunning: /sources add or remove before the poller started.
var errPollerNotRunning = errors.New("the source poller is not running yet")

// AddSource checks ns like a source of the file, reads it once (within
// sourceCheckTimeout) and, when it lists articles, stores it and adds it
// to the running poller. Nothing is stored otherwise; with
// store.MaxAddedSources added already it is refused (content.ErrTooManySources)
// before the read.
func (a sourcesAdmin) AddSource(ctx context.Context, ns bot.NewSource) (bot.SourceCheck, error) {
	src, err := a.w.newSource(ns.Name, ns.URL, ns.Kind, ns.Category)
	if err != nil {
		return bot.SourceCheck{}, &bot.SourceRefusal{Reason: bot.ErrSourceInvalid, Detail: err.Error()}
	}
	p := a.w.p.Load()
	if p == nil {
		return bot.SourceCheck{}, errPollerNotRunning
	}
	// The domain's errors, with the detail the admin is shown.
	exists := &bot.SourceRefusal{Reason: content.ErrSourceExists, Detail: src.Name}
	full := &bot.SourceRefusal{Reason: content.ErrTooManySources, Detail: strconv.Itoa(store.MaxAddedSources)}
	if slices.ContainsFunc(p.Sources(), func(s source.Source) bool { return s.Name == src.Name }) {
		return bot.SourceCheck{}, exists
	}
	stored, err := a.w.db.AddedSources(ctx)
	if err != nil {
		return bot.SourceCheck{}, err
	}
	if len(stored) >= store.MaxAddedSources { // refused before the read; the store checks again
		return bot.SourceCheck{}, full
	}
	cctx, cancel := context.WithTimeout(ctx, sourceCheckTimeout)
	trial := src
	trial.MaxItems = min(trial.MaxItems, sourceCheckPages)
	ch := p.Check(cctx, trial)
	cancel()
	switch {
	case errors.Is(ch.Err, netguard.ErrBlocked):
		return bot.SourceCheck{}, &bot.SourceRefusal{Reason: bot.ErrSourceBlocked, Detail: source.Redact(src.URL)}
	case ch.Err != nil:
		return bot.SourceCheck{}, &bot.SourceRefusal{Reason: bot.ErrSourceUnreadable, Detail: ch.Err.Error()}
	case len(ch.Articles) == 0:
		return bot.SourceCheck{}, &bot.SourceRefusal{Reason: bot.ErrSourceEmpty, Detail: source.Redact(src.URL)}
	}
	_, err = a.w.db.AddSource(ctx, store.AddedSource{Name: src.Name, URL: src.URL, Kind: string(src.Kind),
		Category: string(src.Category), AddedBy: ns.By})
	switch {
	case errors.Is(err, content.ErrSourceExists):
		return bot.SourceCheck{}, exists
	case errors.Is(err, content.ErrTooManySources):
		return bot.SourceCheck{}, full
	case err != nil:
		return bot.SourceCheck{}, err
	}
	if err := p.Add(src); err != nil {
		if rerr := a.w.db.RemoveSource(ctx, src.Name); rerr != nil {
			a.w.log.Error("source stored but not polled, and not unstored", slog.String("source", src.Name), slog.Any("err", rerr))
		}
		if errors.Is(err, content.ErrSourceExists) {
			return bot.SourceCheck{}, exists
		}
		return bot.SourceCheck{}, err
	}
	out := bot.SourceCheck{URL: source.Redact(src.URL), Kind: string(src.Kind), Found: len(ch.Articles)}
	for _, art := range ch.Articles {
		out.Titles = append(out.Titles, art.Title)
	}
	return out, nil
}

// RemoveSource stops the named bot-added source's loop, then deletes it
// and its state from the store; its articles stay. A name the sources file
// defines is refused (content.ErrSourceInFile), unless a source of that name
// added in the bot is still stored (skipped at start): then that stored
// copy is deleted, and the file's source, its state and its loop stay.
func (a sourcesAdmin) RemoveSource(ctx context.Context, name string) error {
	if _, ok := a.w.cfg.Source(name); ok {
		err := a.w.db.DropAddedSource(ctx, name)
		if errors.Is(err, store.ErrNotFound) {
			return &bot.SourceRefusal{Reason: content.ErrSourceInFile, Detail: name}
		}
		if err != nil {
			return err
		}
		a.w.log.Info("stored source added in the bot deleted; the sources file's source of the same name keeps running",
			slog.String("source", name))
		return nil
	}
	p := a.w.p.Load()
	if p == nil {
		return errPollerNotRunning
	}
	perr := p.Remove(ctx, name)
	if perr != nil && !errors.Is(perr, content.ErrUnknownSource) {
		return perr
	}
	// Not polled (skipped at start as no longer valid) may still be stored.
	err := a.w.db.RemoveSource(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		if perr == nil {
			return nil // removed by a remove under way at the same time
		}
		return fmt.Errorf("source %q: %w", name, content.ErrUnknownSource)
	}
	return err
}
