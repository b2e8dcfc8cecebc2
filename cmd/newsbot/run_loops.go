package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"newsbot/content/inbox"
)

// serve runs w's loops (receiving updates, delivery, progress, digests,
// the inbox, the sources, /healthz and /metrics, backups) until ctx is
// done or one of them fails, which stops the rest; it returns once all
// have returned, with every loop's failure joined.
func (app *App) serve(ctx context.Context, w *runWiring) error {
	l := newLoops(ctx, w.log)
	defer l.stop()
	receive, err := w.cfg.hook.receiver(l.ctx, app, w.b, w.log)
	if err != nil {
		return err
	}
	l.run("receive", receive)
	l.run("deliver", w.b.Deliver)
	l.run("progress", w.b.Progress)
	l.run("digest", w.b.Digests)
	if w.cfg.inboxDir != "" {
		iw := &inbox.Watcher{Dir: w.cfg.inboxDir, Log: w.log, Now: app.Now, Interval: w.cfg.inboxEvery, Publish: publisher(w.db, w.b),
			OnPanic: w.obs.metrics.Panicked, PushMaxAge: w.srcs.cfg.PushMaxAge} // the sources' push_max_age
		l.run("inbox", iw.Run)
	}
	l.run("sources", w.srcs.poller(w.b, w.log, app.Now, w.obs.metrics).Run) // file and bot-added sources
	app.serveExtras(l, w)
	if app.Publisher != nil {
		app.Publisher(publisher(w.db, w.b))
	}
	if app.Ready != nil {
		app.Ready()
	}
	err = l.wait()
	w.log.Info("newsbot stopped")
	return err
}

// serveExtras starts the loops run only when asked for: /healthz and
// /metrics (--http) and the daily backup (--backup-dir).
func (app *App) serveExtras(l *loops, w *runWiring) {
	if addr := w.cfg.httpAddr; addr != "" {
		if w.cfg.httpExposed {
			w.log.Warn("--http-public: /healthz and /metrics, which ask for no password, are served to other machines; "+
				"limit who reaches them with a firewall or a reverse proxy", slog.String("addr", addr))
		}
		l.run("http", func(ctx context.Context) error { return w.obs.serve(ctx, addr, w.log, app.HTTPReady) })
	}
	if dir := w.cfg.backupDir; dir != "" {
		l.run("backup", func(ctx context.Context) error {
			return backupLoop(ctx, w.db, dir, max(w.cfg.backupKeep, 1), app.Now, w.log, w.obs.metrics.Panicked)
		})
	}
}

// loops supervises named loops: each runs until ctx is done, and the
// first that fails stops the rest. run and wait may be called from one
// goroutine only.
type loops struct {
	ctx  context.Context
	stop context.CancelFunc
	log  *slog.Logger
	wg   sync.WaitGroup

	mu     sync.Mutex
	failed []error
}

// newLoops returns a supervisor whose loops run under a context derived
// from ctx; the caller calls stop once done with it.
func newLoops(ctx context.Context, log *slog.Logger) *loops {
	l := &loops{log: log}
	l.ctx, l.stop = context.WithCancel(ctx)
	return l
}

// run starts loop f, named name in the log and in its failure.
func (l *loops) run(name string, f func(context.Context) error) {
	l.wg.Go(func() {
		if err := f(l.ctx); err != nil {
			l.log.Error("stopping: a loop failed", slog.String("loop", name), slog.Any("err", err))
			l.mu.Lock()
			l.failed = append(l.failed, fmt.Errorf("%s: %w", name, err))
			l.mu.Unlock()
			l.stop()
		}
	})
}

// wait returns once every loop has returned, with their failures joined
// (nil when none failed).
func (l *loops) wait() error {
	l.wg.Wait()
	l.mu.Lock()
	defer l.mu.Unlock()
	return errors.Join(l.failed...)
}
