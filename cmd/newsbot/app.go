package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"newsbot/bot"
	"newsbot/content/inbox"
)

// App is the newsbot command line with its surroundings made explicit, so
// tests run the real wiring with their own environment, streams and keyring.
type App struct {
	Env     func(string) string
	Stdin   io.Reader
	Stdout  io.Writer
	Stderr  io.Writer
	Keyring Keyring
	// HTTPClient is used for the Bot API; nil means the default client.
	HTTPClient *http.Client
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// AllowPrivate lists internal addresses and host names that source
	// fetches may reach on top of the sources file's allow_private (tests
	// serve their portals from 127.0.0.1); nil adds none.
	AllowPrivate []string
	// Ready, when set, is called once the bot is polling (for tests).
	Ready func()
	// HTTPReady, when set, is told the address --http listens on (for tests).
	HTTPReady func(net.Addr)
	// WebhookReady, when set, is told the address --listen listens on in
	// webhook mode (for tests).
	WebhookReady func(net.Addr)
	// Delivery tunes the delivery worker and the pacer of every send; the
	// zero value suits Telegram (tests shorten the per-chat windows).
	Delivery bot.DeliveryOptions
	// Publisher, when set, is given the function the inbox publishes
	// through, before Ready (for `newsbot demo`'s sample articles).
	Publisher func(inbox.PublishFunc)
}

// errUsage marks errors in how a command was called (exit status 2).
var errUsage = errors.New("usage")

const usage = `newsbot — the district news bot for Telegram

Usage:
  newsbot run      [flags]                          run the bot
  newsbot demo     [--listen ADDR] [--allow-remote] try the bot in a browser: no token, no network
  newsbot import   [--quiet] [--push-max-age D] FILE|FOLDER...  import article files (folders: *.txt, recursively)
  newsbot import   --dry-run [--json] FILE|FOLDER...            parse and print, store nothing
  newsbot search   [--json] [--limit N] QUERY       search the articles
  newsbot article  list [--n N] [--deleted] [--json]
                                                    the latest articles (or the deleted ones)
  newsbot article  show [--json] ID | delete ID     show an article; take one out (kept, marked deleted)
  newsbot sources  check FILE                       fetch each source once, show what would be imported
  newsbot reindex                                   rebuild the search index
  newsbot stats    [--json] | --csv FROM TO         visit figures
  newsbot stats    set-total N                      carry over the portal's all-time total
  newsbot doctor   [--sources FILE] [--inbox DIR]   check the setup and explain what is wrong
  newsbot backup   OUT                              copy the database (bot stopped)
  newsbot restore  BACKUP                           check a backup and put it in place
  newsbot token    set [--file PATH]                store the bot token read from standard input
  newsbot token    delete | status                  remove the token from the keyring; say where it is found
  newsbot admin    add|remove USER_ID | list        manage admins
  newsbot member   list | remove USER_ID            closed mode's join requests and members
  newsbot audit    [--n N] [--json]                 the audit log of admin actions
  newsbot receipts [ID [--csv]] [--limit N]         acknowledgements of directives
  newsbot unit     assign|unassign USER_ID SLUG...  place people in units (self_service = false)
  newsbot version                                   version, VCS revision and Go version of this binary
  newsbot help                                      this help

Flags every command takes (each defaults to its environment variable):
  --db FILE          database file (NEWSBOT_DB; default newsbot.db)
  --token-file FILE  file holding the bot token, mode 0600 (NEWSBOT_TOKEN_FILE; or TELEGRAM_BOT_TOKEN, or the OS keyring)
  --api-url URL      Telegram Bot API server (TELEGRAM_API_URL; default https://api.telegram.org)
  --log-level LEVEL  debug, info, warn or error (NEWSBOT_LOG_LEVEL; default info)
  --log-format FMT   text or json (NEWSBOT_LOG_FORMAT; default text)

run and doctor also take the district's identity (neutral when unset):
  --org-name, --portal-name, --portal-url, --welcome, --signature
                     (NEWSBOT_ORG_NAME, NEWSBOT_PORTAL_NAME, NEWSBOT_PORTAL_URL, NEWSBOT_WELCOME, NEWSBOT_SIGNATURE)

Times are shown in Vietnam time (UTC+7). Run "newsbot COMMAND -h" for a command's own flags.
`

// Main runs the command named by args[0] and returns the exit status.
func (app *App) Main(ctx context.Context, args []string) int {
	if app.Now == nil {
		app.Now = time.Now
	}
	err := app.dispatch(ctx, args)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(app.Stderr, "newsbot: %v\n", err)
		return 2
	default:
		fmt.Fprintf(app.Stderr, "newsbot: %v\n", err)
		return 1
	}
}

func (app *App) dispatch(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(app.Stderr, usage)
		return fmt.Errorf("no command given: %w", errUsage)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "run":
		return app.run(ctx, rest)
	case "demo":
		return app.demo(ctx, rest)
	case "import":
		return app.importFiles(ctx, rest)
	case "token":
		return app.token(ctx, rest)
	case "admin":
		return app.admin(ctx, rest)
	case "member":
		return app.member(ctx, rest)
	case "audit":
		return app.auditLog(ctx, rest)
	case "search":
		return app.search(ctx, rest)
	case "article":
		return app.article(ctx, rest)
	case "sources":
		return app.sources(ctx, rest)
	case "reindex":
		return app.reindex(ctx, rest)
	case "stats":
		return app.stats(ctx, rest)
	case "doctor":
		return app.doctor(ctx, rest)
	case "backup":
		return app.backup(ctx, rest)
	case "restore":
		return app.restore(ctx, rest)
	case "receipts":
		return app.receipts(ctx, rest)
	case "unit":
		return app.unit(ctx, rest)
	case "version", "--version":
		return app.version(rest)
	case "help", "-h", "--help":
		fmt.Fprint(app.Stdout, usage)
		return nil
	}
	fmt.Fprint(app.Stderr, usage)
	return fmt.Errorf("unknown command %q: %w", cmd, errUsage)
}

// common holds the flags every command shares.
type common struct {
	db        string
	apiURL    string
	tokenFile string
	logLevel  string
	logFormat string
}

// flags returns a flag set for command name with the shared flags, whose
// defaults come from the environment.
func (app *App) flags(name string, c *common) *flag.FlagSet {
	fs := flag.NewFlagSet("newsbot "+name, flag.ContinueOnError)
	fs.SetOutput(app.Stderr)
	fs.StringVar(&c.db, "db", app.envOr("NEWSBOT_DB", "newsbot.db"), "database file (env NEWSBOT_DB)")
	fs.StringVar(&c.apiURL, "api-url", app.envOr("TELEGRAM_API_URL", bot.DefaultAPIURL), "Telegram Bot API server (env TELEGRAM_API_URL)")
	fs.StringVar(&c.tokenFile, "token-file", app.Env("NEWSBOT_TOKEN_FILE"), "file holding the bot token, mode 0600 (env NEWSBOT_TOKEN_FILE)")
	fs.StringVar(&c.logLevel, "log-level", app.envOr("NEWSBOT_LOG_LEVEL", "info"), "debug, info, warn or error (env NEWSBOT_LOG_LEVEL)")
	fs.StringVar(&c.logFormat, "log-format", app.envOr("NEWSBOT_LOG_FORMAT", "text"), "text or json (env NEWSBOT_LOG_FORMAT)")
	return fs
}

func (app *App) envOr(key, def string) string {
	if v := app.Env(key); v != "" {
		return v
	}
	return def
}

// parse parses args into fs, turning flag errors into usage errors. Flags
// may stand before, between or after the positional arguments (interleave);
// after "--" everything is positional.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(interleave(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%v: %w", err, errUsage)
	}
	return nil
}

// isHelp reports whether arg, in the place of a command's subcommand, asks
// for the command's usage.
func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help", "help":
		return true
	}
	return false
}

// commandHelp answers "newsbot COMMAND -h" for a command that takes a
// subcommand: it prints the command's synopsis (one line per subcommand)
// and the flags of fs on standard error, as the flag package does for the
// other commands, and returns flag.ErrHelp, so the command exits 0.
func (app *App) commandHelp(name, synopsis string, fs *flag.FlagSet) error {
	fmt.Fprintf(app.Stderr, "Usage of newsbot %s:\n%s\nFlags:\n", name, synopsis)
	fs.PrintDefaults()
	return flag.ErrHelp
}

// logger builds the structured logger the flags ask for.
func (app *App) logger(c common) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.logLevel)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error: %w", c.logLevel, errUsage)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(c.logFormat) {
	case "text":
		return slog.New(slog.NewTextHandler(app.Stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(app.Stderr, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want text or json: %w", c.logFormat, errUsage)
}
