package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"newsbot/bot"
	"newsbot/content"
	"newsbot/content/inbox"
	"newsbot/content/source"
	"newsbot/store"
)

// runWiring is what `newsbot run` serves: the store, the sources, the bot
// and the metrics, wired from a runConfig by wireRun. Close closes the
// store, once the loops of serve have returned.
type runWiring struct {
	cfg    runConfig
	log    *slog.Logger
	db     *store.DB
	srcCfg source.Config
	srcs   *sourcesWiring
	units  unitsFile
	obs    *observer
	b      *bot.Bot
}

// Close closes the store; it does nothing else, so a stop costs no work.
func (w *runWiring) Close() error { return w.db.Close() }

// wireRun opens the store (creating it when new), reads the sources and
// units files into it and starts the bot: the first call to Telegram, the
// command menus, closed mode's hold on groups no admin approved. On an
// error the store is closed again.
func (app *App) wireRun(ctx context.Context, cfg runConfig) (_ *runWiring, err error) {
	w := &runWiring{cfg: cfg}
	if w.log, err = app.logger(cfg.common); err != nil {
		return nil, err
	}
	token, tokenFrom, err := app.findToken(ctx, cfg.common)
	if err != nil {
		return nil, err
	}
	if w.db, err = store.Open(cfg.db, store.Options{Now: app.Now}); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			w.db.Close()
		}
	}()
	if err := app.loadRunFiles(ctx, w); err != nil {
		return nil, err
	}
	startCtx, cancel := context.WithTimeout(ctx, startTimeout)
	client, err := bot.NewClient(startCtx, cfg.apiURL, token, app.HTTPClient)
	cancel()
	if err != nil {
		return nil, explainStartError(err, cfg.apiURL)
	}
	w.log.Info("newsbot starting", slog.String("bot", client.Self().UserName), slog.String("token_from", string(tokenFrom)),
		slog.String("db", cfg.db), slog.String("api_url", cfg.apiURL), slog.Bool("closed", cfg.closed))
	app.newRunBot(w, client)
	if err := startBot(ctx, w); err != nil {
		return nil, err
	}
	return w, nil
}

// loadRunFiles reads the sources file and the sources added in the bot,
// and the units file (audiences), into w.
func (app *App) loadRunFiles(ctx context.Context, w *runWiring) error {
	var err error
	if w.srcCfg, err = app.sourceConfig(w.cfg.sourcesFile); err != nil {
		return err
	}
	if w.srcs, err = loadSources(ctx, w.srcCfg, w.db, w.log, w.cfg.addedInterval); err != nil {
		return err
	}
	w.units, err = loadUnits(ctx, w.cfg.unitsFile, w.db)
	return err
}

// newRunBot builds w's bot on client, and the metrics it counts in.
func (app *App) newRunBot(w *runWiring, client *bot.Client) {
	w.obs = newObserver(w.db, app.Now, w.cfg.pollTimeout)
	w.b = bot.New(bot.Config{Client: client, Store: w.db, Logger: w.log, Now: app.Now, PollTimeout: w.cfg.pollTimeout,
		SendRate: w.cfg.sendRate, Delivery: app.Delivery, Metrics: w.obs.metrics, Sources: w.srcs.admin(), Closed: w.cfg.closed,
		RateLimit: w.cfg.hook.rateLimit(), UnitsByAdmins: !w.units.SelfService, Identity: w.cfg.identity,
		Documents: newDocumentSource(w.srcCfg)})
}

// startBot registers the command menus (a failure is logged: the bot
// works without them) and, in closed mode, holds the groups no admin
// approved (a failure stops the start).
func startBot(ctx context.Context, w *runWiring) error {
	if err := w.b.RegisterCommands(ctx); err != nil {
		w.log.Warn("could not register the command menu; continuing", slog.Any("err", err))
	}
	if err := registerAdminMenu(ctx, w.db, w.b); err != nil {
		w.log.Warn("could not register the admins' command menu; continuing", slog.Any("err", err))
	}
	if err := w.b.HoldUnapprovedGroups(ctx); err != nil {
		return fmt.Errorf("closed mode: %w", err)
	}
	return nil
}

// publisher stores an article, with its push job when push is true, and
// wakes the delivery worker.
func publisher(db *store.DB, b *bot.Bot) inbox.PublishFunc {
	return func(ctx context.Context, a content.Article, push bool) (bool, error) {
		res, err := db.PublishArticleWith(ctx, a, store.PublishOptions{Quiet: !push})
		if err != nil {
			return false, err
		}
		if res.Job.ID != 0 {
			b.Notify()
		}
		return res.Created, nil
	}
}

// registerAdminMenu gives each admin's private chat the admin commands.
func registerAdminMenu(ctx context.Context, db *store.DB, b *bot.Bot) error {
	admins, err := db.Admins(ctx)
	if err != nil {
		return err
	}
	ids := make([]int64, len(admins))
	for i, a := range admins {
		ids[i] = a.UserID
	}
	return b.RegisterAdminCommands(ctx, ids)
}

// explainStartError turns the failure of the first call to Telegram into
// advice an operator can act on.
func explainStartError(err error, apiURL string) error {
	var apiErr *bot.APIError
	if errors.As(err, &apiErr) && apiErr.Code == 401 {
		return fmt.Errorf("Telegram refused the bot token (401 Unauthorized): check it with @BotFather and store it again: %w", err)
	}
	var tErr *bot.TransportError
	if errors.As(err, &tErr) {
		return fmt.Errorf("cannot reach the Bot API at %s (check the network, HTTPS_PROXY, or --api-url): %w", apiURL, err)
	}
	return err
}
