package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"newsbot/bot"
	"newsbot/content"
	"newsbot/content/inbox"
	"newsbot/content/source"
	"newsbot/store"
)

// startTimeout bounds the checks made before the bot starts serving.
const startTimeout = 30 * time.Second

func (app *App) run(ctx context.Context, args []string) error {
	var c common
	fs := app.flags("run", &c)
	inboxDir := fs.String("inbox", app.Env("NEWSBOT_INBOX"), "folder watched for article files to import and push (env NEWSBOT_INBOX)")
	inboxEvery := fs.Duration("inbox-interval", 5*time.Second, "how often the inbox folder is scanned")
	sourcesFile := fs.String("sources", app.Env("NEWSBOT_SOURCES"), "sources file (TOML): portal feeds and pages polled for new articles (env NEWSBOT_SOURCES)")
	httpAddr := fs.String("http", app.Env("NEWSBOT_HTTP"), "address for /healthz and /metrics, e.g. 127.0.0.1:9120; a bare port (:9120) means 127.0.0.1 (env NEWSBOT_HTTP; off when empty)")
	httpPublicDefault, err := envBool(app.Env("NEWSBOT_HTTP_PUBLIC"))
	if err != nil {
		return fmt.Errorf("NEWSBOT_HTTP_PUBLIC: %w", err)
	}
	httpPublic := fs.Bool("http-public", httpPublicDefault, "let --http listen on an address other machines reach (env NEWSBOT_HTTP_PUBLIC=1); /healthz and /metrics ask for no password")
	backupDir := fs.String("backup-dir", app.Env("NEWSBOT_BACKUP_DIR"), "folder for the daily online backup (env NEWSBOT_BACKUP_DIR)")
	backupKeep := fs.Int("backup-keep", 7, "how many daily backups to keep")
	pollTimeout := fs.Duration("poll-timeout", 50*time.Second, fmt.Sprintf("long-poll wait of getUpdates, %v to %v", bot.MinPollTimeout, bot.MaxPollTimeout))
	sendRate := fs.Float64("send-rate", bot.DefaultSendRate, "messages per second, pushes and replies to all chats together (Telegram allows about 30)")
	closedDefault, err := envBool(app.Env("NEWSBOT_CLOSED"))
	if err != nil {
		return fmt.Errorf("NEWSBOT_CLOSED: %w", err)
	}
	closed := fs.Bool("closed", closedDefault, "closed mode: only members approved by an admin or invited may use the bot (env NEWSBOT_CLOSED=1)")
	hook := webhookFlags(app, fs)
	addedInterval := fs.Duration("added-source-interval", source.DefaultInterval, "poll interval of the sources admins add in the bot with /sources add")
	unitsFile := fs.String("units", app.Env("NEWSBOT_UNITS"), "units file (TOML): communes, party cells, departments people can pick and broadcasts can target (env NEWSBOT_UNITS)")
	identity := identityFlags(app, fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	ident, err := identity()
	if err != nil {
		return fmt.Errorf("%w: %w", err, errUsage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("run takes no arguments, got %q: %w", fs.Args(), errUsage)
	}
	if *pollTimeout < bot.MinPollTimeout || *pollTimeout > bot.MaxPollTimeout {
		return fmt.Errorf("--poll-timeout %v: want %v to %v (the Bot API client gives up on a call after 90s, so the long poll must end well before): %w",
			*pollTimeout, bot.MinPollTimeout, bot.MaxPollTimeout, errUsage)
	}
	if *addedInterval <= 0 {
		return fmt.Errorf("--added-source-interval %v: want a positive duration such as 5m: %w", *addedInterval, errUsage)
	}
	if err := hook.check(); err != nil {
		return err
	}
	var httpExposed bool
	if *httpAddr != "" {
		if *httpAddr, httpExposed, err = httpAddress(*httpAddr, *httpPublic); err != nil {
			return err
		}
	}
	log, err := app.logger(c)
	if err != nil {
		return err
	}
	token, src, err := app.findToken(ctx, c)
	if err != nil {
		return err
	}
	db, err := store.Open(c.db, store.Options{Now: app.Now})
	if err != nil {
		return err
	}
	defer db.Close()
	srcCfg, err := app.sourceConfig(*sourcesFile)
	if err != nil {
		return err
	}
	srcs, err := loadSources(ctx, srcCfg, db, log, *addedInterval)
	if err != nil {
		return err
	}
	units, err := loadUnits(ctx, *unitsFile, db) // audiences
	if err != nil {
		return err
	}

	startCtx, cancel := context.WithTimeout(ctx, startTimeout)
	client, err := bot.NewClient(startCtx, c.apiURL, token, app.HTTPClient)
	cancel()
	if err != nil {
		return explainStartError(err, c.apiURL)
	}
	log.Info("newsbot starting", slog.String("bot", client.Self().UserName), slog.String("token_from", string(src)),
		slog.String("db", c.db), slog.String("api_url", c.apiURL), slog.Bool("closed", *closed))

	obs := newObserver(db, app.Now, *pollTimeout)
	b := bot.New(bot.Config{Client: client, Store: db, Logger: log, Now: app.Now, PollTimeout: *pollTimeout,
		SendRate: *sendRate, Delivery: app.Delivery, Metrics: obs.metrics, Sources: srcs.admin(), Closed: *closed,
		RateLimit: hook.rateLimit(), UnitsByAdmins: !units.SelfService, Identity: ident,
		Documents: newDocumentSource(srcCfg)})
	if err := b.RegisterCommands(ctx); err != nil {
		log.Warn("could not register the command menu; continuing", slog.Any("err", err))
	}
	if err := registerAdminMenu(ctx, db, b); err != nil {
		log.Warn("could not register the admins' command menu; continuing", slog.Any("err", err))
	}
	if err := b.HoldUnapprovedGroups(ctx); err != nil {
		return fmt.Errorf("closed mode: %w", err)
	}

	// Every loop runs until ctx is done; the first that fails stops the rest.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		failed []error
	)
	runLoop := func(name string, f func(context.Context) error) {
		wg.Go(func() {
			if err := f(ctx); err != nil {
				log.Error("stopping: a loop failed", slog.String("loop", name), slog.Any("err", err))
				mu.Lock()
				failed = append(failed, fmt.Errorf("%s: %w", name, err))
				mu.Unlock()
				stop()
			}
		})
	}
	receive, err := hook.receiver(ctx, app, b, log)
	if err != nil {
		return err
	}
	runLoop("receive", receive)
	runLoop("deliver", b.Deliver)
	runLoop("progress", b.Progress)
	runLoop("digest", b.Digests)
	if *inboxDir != "" {
		w := &inbox.Watcher{Dir: *inboxDir, Log: log, Now: app.Now, Interval: *inboxEvery, Publish: publisher(db, b),
			OnPanic: obs.metrics.Panicked, PushMaxAge: srcs.cfg.PushMaxAge} // the sources' push_max_age
		runLoop("inbox", w.Run)
	}
	runLoop("sources", srcs.poller(b, log, app.Now, obs.metrics).Run) // file and bot-added sources
	if *httpAddr != "" {
		if httpExposed {
			log.Warn("--http-public: /healthz and /metrics, which ask for no password, are served to other machines; "+
				"limit who reaches them with a firewall or a reverse proxy", slog.String("addr", *httpAddr))
		}
		runLoop("http", func(ctx context.Context) error { return obs.serve(ctx, *httpAddr, log, app.HTTPReady) })
	}
	if *backupDir != "" {
		runLoop("backup", func(ctx context.Context) error {
			return backupLoop(ctx, db, *backupDir, max(*backupKeep, 1), app.Now, log, obs.metrics.Panicked)
		})
	}
	if app.Publisher != nil {
		app.Publisher(publisher(db, b))
	}
	if app.Ready != nil {
		app.Ready()
	}
	wg.Wait()
	log.Info("newsbot stopped")
	return errors.Join(failed...)
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
