package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"newsbot/bot"
	"newsbot/content"
	"newsbot/content/source"
	"newsbot/store"
)

// sourcesWiring connects the polled sources (content/source) to the store
// and the bot, for `newsbot run --sources FILE`.
type sourcesWiring struct {
	cfg source.Config
	db  *store.DB
}

// loadSources reads the sources file at path; without a path it returns
// nil: no sources.
func loadSources(path string, db *store.DB) (*sourcesWiring, error) {
	if path == "" {
		return nil, nil
	}
	cfg, err := source.LoadConfig(path)
	if err != nil {
		return nil, err
	}
	return &sourcesWiring{cfg: cfg, db: db}, nil
}

// admin returns the backend of the bot's /sources, nil without sources.
func (w *sourcesWiring) admin() bot.Sources {
	if w == nil {
		return nil
	}
	return sourcesAdmin{cfg: w.cfg, db: w.db}
}

// poller returns the poller that publishes through the store, wakes b's
// delivery worker for each push, and tells the admins through b when a
// source keeps failing and when it recovers.
func (w *sourcesWiring) poller(b *bot.Bot, log *slog.Logger, now func() time.Time) *source.Poller {
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
	return source.New(w.cfg, source.Options{
		Sink:  sourceSink{db: w.db, notify: b.Notify},
		State: sourceStates{db: w.db},
		Log:   log,
		Now:   now,
		OnSourceFailing: func(ctx context.Context, name string, err error) {
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

// sourcesAdmin backs /sources: the configured sources with their stored
// state, and pausing.
type sourcesAdmin struct {
	cfg source.Config
	db  *store.DB
}

func (a sourcesAdmin) SourceStatuses(ctx context.Context) ([]bot.SourceStatus, error) {
	out := make([]bot.SourceStatus, 0, len(a.cfg.Sources))
	for _, src := range a.cfg.Sources {
		st, err := a.db.SourceState(ctx, src.Name)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		out = append(out, bot.SourceStatus{Name: src.Name, Kind: string(src.Kind), LastPoll: st.LastPoll,
			Items: st.Items, Failures: st.Failures, LastError: st.LastError, Paused: st.Paused})
	}
	return out, nil
}

func (a sourcesAdmin) SetSourcePaused(ctx context.Context, name string, paused bool) error {
	if _, ok := a.cfg.Source(name); !ok {
		return fmt.Errorf("source %q: %w", name, bot.ErrUnknownSource)
	}
	_, err := a.db.SetSourcePaused(ctx, name, paused)
	return err
}
