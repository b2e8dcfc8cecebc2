package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"newsbot/bot"
	"newsbot/content/source"
)

// startTimeout bounds the checks made before the bot starts serving.
const startTimeout = 30 * time.Second

// run is `newsbot run`: its flags and environment are read and checked
// before anything is opened (parseRunFlags), then the store, the sources
// and the bot are wired (wireRun), and the loops run until ctx is done or
// one fails (serve). Stopping closes the store and does nothing more.
func (app *App) run(ctx context.Context, args []string) error {
	cfg, err := app.parseRunFlags(args)
	if err != nil {
		return err
	}
	w, err := app.wireRun(ctx, cfg)
	if err != nil {
		return err
	}
	defer w.Close()
	return app.serve(ctx, w)
}

// runConfig is `newsbot run`'s configuration, from its flags and the
// environment, checked.
type runConfig struct {
	common
	inboxDir    string
	inboxEvery  time.Duration
	sourcesFile string
	// httpAddr is the address /healthz and /metrics listen on, as
	// httpAddress returns it; empty when off. httpExposed is set when other
	// machines reach it (--http-public).
	httpAddr      string
	httpExposed   bool
	backupDir     string
	backupKeep    int
	pollTimeout   time.Duration
	sendRate      float64
	closed        bool
	hook          *webhookOptions
	addedInterval time.Duration
	unitsFile     string
	identity      bot.Identity
}

// parseRunFlags reads run's flags, with their defaults from the
// environment, and checks them. It opens nothing (no database, no
// network), so a bad flag changes nothing; errors in how run was called
// wrap errUsage, and -h is flag.ErrHelp.
func (app *App) parseRunFlags(args []string) (runConfig, error) {
	var cfg runConfig
	fs := app.flags("run", &cfg.common)
	fs.StringVar(&cfg.inboxDir, "inbox", app.Env("NEWSBOT_INBOX"), "folder watched for article files to import and push (env NEWSBOT_INBOX)")
	fs.DurationVar(&cfg.inboxEvery, "inbox-interval", 5*time.Second, "how often the inbox folder is scanned")
	fs.StringVar(&cfg.sourcesFile, "sources", app.Env("NEWSBOT_SOURCES"), "sources file (TOML): portal feeds and pages polled for new articles (env NEWSBOT_SOURCES)")
	fs.StringVar(&cfg.httpAddr, "http", app.Env("NEWSBOT_HTTP"), "address for /healthz and /metrics, e.g. 127.0.0.1:9120; a bare port (:9120) means 127.0.0.1 (env NEWSBOT_HTTP; off when empty)")
	httpPublicDefault, err := envBool(app.Env("NEWSBOT_HTTP_PUBLIC"))
	if err != nil {
		return runConfig{}, fmt.Errorf("NEWSBOT_HTTP_PUBLIC: %w", err)
	}
	httpPublic := fs.Bool("http-public", httpPublicDefault, "let --http listen on an address other machines reach (env NEWSBOT_HTTP_PUBLIC=1); /healthz and /metrics ask for no password")
	fs.StringVar(&cfg.backupDir, "backup-dir", app.Env("NEWSBOT_BACKUP_DIR"), "folder for the daily online backup (env NEWSBOT_BACKUP_DIR)")
	fs.IntVar(&cfg.backupKeep, "backup-keep", 7, "how many daily backups to keep")
	fs.DurationVar(&cfg.pollTimeout, "poll-timeout", 50*time.Second, fmt.Sprintf("long-poll wait of getUpdates, %v to %v", bot.MinPollTimeout, bot.MaxPollTimeout))
	fs.Float64Var(&cfg.sendRate, "send-rate", bot.DefaultSendRate, "messages per second, pushes and replies to all chats together (Telegram allows about 30)")
	closedDefault, err := envBool(app.Env("NEWSBOT_CLOSED"))
	if err != nil {
		return runConfig{}, fmt.Errorf("NEWSBOT_CLOSED: %w", err)
	}
	fs.BoolVar(&cfg.closed, "closed", closedDefault, "closed mode: only members approved by an admin or invited may use the bot (env NEWSBOT_CLOSED=1)")
	cfg.hook = webhookFlags(app, fs)
	fs.DurationVar(&cfg.addedInterval, "added-source-interval", source.DefaultInterval, "poll interval of the sources admins add in the bot with /sources add")
	fs.StringVar(&cfg.unitsFile, "units", app.Env("NEWSBOT_UNITS"), "units file (TOML): communes, party cells, departments people can pick and broadcasts can target (env NEWSBOT_UNITS)")
	identity := identityFlags(app, fs)
	if err := parse(fs, args); err != nil {
		return runConfig{}, err
	}
	if cfg.identity, err = identity(); err != nil {
		return runConfig{}, fmt.Errorf("%w: %w", err, errUsage)
	}
	if err := cfg.check(fs, *httpPublic); err != nil {
		return runConfig{}, err
	}
	return cfg, nil
}

// check checks what parseRunFlags parsed into cfg, from fs, and sets
// httpAddr to the address to listen on (httpAddress; public is
// --http-public). Errors wrap errUsage.
func (cfg *runConfig) check(fs *flag.FlagSet, public bool) error {
	if fs.NArg() > 0 {
		return fmt.Errorf("run takes no arguments, got %q: %w", fs.Args(), errUsage)
	}
	if cfg.pollTimeout < bot.MinPollTimeout || cfg.pollTimeout > bot.MaxPollTimeout {
		return fmt.Errorf("--poll-timeout %v: want %v to %v (the Bot API client gives up on a call after 90s, so the long poll must end well before): %w",
			cfg.pollTimeout, bot.MinPollTimeout, bot.MaxPollTimeout, errUsage)
	}
	if cfg.addedInterval <= 0 {
		return fmt.Errorf("--added-source-interval %v: want a positive duration such as 5m: %w", cfg.addedInterval, errUsage)
	}
	if err := cfg.hook.check(); err != nil {
		return err
	}
	if cfg.httpAddr != "" {
		var err error
		if cfg.httpAddr, cfg.httpExposed, err = httpAddress(cfg.httpAddr, public); err != nil {
			return err
		}
	}
	return nil
}
