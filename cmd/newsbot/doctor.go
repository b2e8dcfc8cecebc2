package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"newsbot/bot"
	"newsbot/content"
	"newsbot/content/inbox"
	"newsbot/content/source"
	"newsbot/store"
)

// check is one line of the doctor's report.
type check struct {
	ok     bool
	what   string
	detail string
}

// doctor checks the setup and explains each finding in plain words. It
// exits 1 when anything needed to run the bot is wrong.
func (app *App) doctor(ctx context.Context, args []string) error {
	var c common
	fs := app.flags("doctor", &c)
	sourcesFile := fs.String("sources", app.Env("NEWSBOT_SOURCES"), "sources file to check: each source is fetched once (env NEWSBOT_SOURCES)")
	inboxDir := fs.String("inbox", app.Env("NEWSBOT_INBOX"), "inbox folder to check for documents no export names (env NEWSBOT_INBOX)")
	identity := identityFlags(app, fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("doctor takes no arguments, got %q: %w", fs.Args(), errUsage)
	}
	checks := []check{app.checkZone(), checkIdentity(identity())}
	checks = append(checks, app.checkKeyring(ctx))
	token, tokenCheck := app.checkToken(ctx, c)
	checks = append(checks, tokenCheck, checkProxy(c.apiURL))
	if token != "" {
		checks = append(checks, app.checkAPI(ctx, c.apiURL, token))
	}
	checks = append(checks, app.checkDB(c.db))
	if *sourcesFile != "" {
		checks = append(checks, app.checkSources(ctx, *sourcesFile)...)
	}
	var warnings []check
	if *inboxDir != "" {
		if ch, warn := app.checkInbox(*inboxDir); warn {
			warnings = append(warnings, ch)
		} else {
			checks = append(checks, ch)
		}
	}
	failed := 0
	for _, ch := range checks {
		mark := "✔"
		if !ch.ok {
			mark, failed = "✘", failed+1
		}
		fmt.Fprintf(app.Stdout, "%s %s: %s\n", mark, ch.what, ch.detail)
	}
	for _, w := range warnings {
		fmt.Fprintf(app.Stdout, "⚠ %s: %s\n", w.what, w.detail)
	}
	if failed > 0 {
		return fmt.Errorf("doctor: %d of %d checks failed", failed, len(checks))
	}
	fmt.Fprintln(app.Stdout, "Everything needed to run the bot is in place.")
	return nil
}

func (app *App) checkZone() check {
	zone := content.VietnamZone()
	return check{true, "time zone", fmt.Sprintf("Vietnam time is %s (%s, built into the binary)",
		app.Now().In(zone).Format("15:04 02/01/2006"), zone)}
}

func (app *App) checkKeyring(ctx context.Context) check {
	_, err := withTimeout(ctx, func() (string, error) { return app.Keyring.Get(keyringService, keyringUser) })
	switch {
	case err == nil:
		return check{true, "OS keyring", "available, and it holds a token"}
	case errors.Is(err, errNoKeyringEntry):
		return check{true, "OS keyring", "available, no token stored in it"}
	}
	return check{true, "OS keyring", fmt.Sprintf("not usable here (%v); that is normal on a server: use TELEGRAM_BOT_TOKEN or --token-file", err)}
}

func (app *App) checkToken(ctx context.Context, c common) (bot.Token, check) {
	t, src, err := app.findToken(ctx, c)
	if err != nil {
		return "", check{false, "bot token", err.Error()}
	}
	return t, check{true, "bot token", fmt.Sprintf("found in the %s (bot ID %s)", src, t.BotID())}
}

func checkProxy(apiURL string) check {
	u, err := url.Parse(apiURL)
	if err != nil {
		return check{false, "API URL", fmt.Sprintf("%q is not a URL", apiURL)}
	}
	proxy, err := http.ProxyFromEnvironment(&http.Request{URL: u})
	switch {
	case err != nil:
		return check{false, "proxy", fmt.Sprintf("the proxy settings are invalid: %v", err)}
	case proxy != nil:
		return check{true, "proxy", fmt.Sprintf("requests to %s go through %s (from HTTPS_PROXY/HTTP_PROXY)", u.Host, proxy.Redacted())}
	}
	return check{true, "proxy", fmt.Sprintf("none; %s is reached directly", u.Host)}
}

func (app *App) checkAPI(ctx context.Context, apiURL string, token bot.Token) check {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	client, err := bot.NewClient(ctx, apiURL, token, app.HTTPClient)
	if err != nil {
		return check{false, "Telegram", explainStartError(err, apiURL).Error()}
	}
	return check{true, "Telegram", fmt.Sprintf("%s answers; the token belongs to @%s", apiURL, client.Self().UserName)}
}

// checkDB reports on the database at path: a missing file is fine (`run`
// creates it) when its folder exists; a missing folder is a problem, since
// nothing can create the database there.
func (app *App) checkDB(path string) check {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		dir := filepath.Dir(path)
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return check{false, "database", fmt.Sprintf("the folder %s of %s does not exist; create it (mode 0700, owned by the bot's user) or name another database with --db or NEWSBOT_DB", dir, path)}
		}
		return check{true, "database", fmt.Sprintf("%s does not exist yet; `newsbot run` creates it", path)}
	}
	db, err := store.Open(path, store.Options{ReadOnly: true, LockTimeout: 500 * time.Millisecond})
	switch {
	case errors.Is(err, store.ErrLocked):
		return check{true, "database", fmt.Sprintf("%s is in use by a running newsbot (normal while the bot runs)", path)}
	case err != nil:
		return check{false, "database", fmt.Sprintf("%s cannot be opened: %v", path, err)}
	}
	defer db.Close()
	v, err := db.StoredSchemaVersion()
	if err != nil {
		return check{false, "database", err.Error()}
	}
	n, _ := db.CountArticles(context.Background())
	return check{true, "database", fmt.Sprintf("%s opens; schema %d (this newsbot writes %d); %s", path, v, store.SchemaVersion(), content.Counted(n, "article", "articles"))}
}

// checkSources reads the sources file and fetches each source once, as
// `newsbot sources check` does, writing nothing.
func (app *App) checkSources(ctx context.Context, path string) []check {
	cfg, err := app.sourceConfig(path)
	if err != nil {
		return []check{{false, "sources", err.Error()}}
	}
	p := source.New(cfg, source.Options{Log: slog.New(slog.DiscardHandler), Now: app.Now})
	out := make([]check, 0, len(cfg.Sources))
	for _, src := range cfg.Sources {
		what := "source " + src.Name
		ch := p.Check(ctx, src)
		if ch.Err != nil {
			out = append(out, check{false, what, fmt.Sprintf("%s cannot be read: %v", source.Redact(src.URL), ch.Err)})
			continue
		}
		out = append(out, check{true, what, fmt.Sprintf("%s answers; it lists %s", source.Redact(src.URL), content.Counted(len(ch.Articles), "article", "articles"))})
	}
	return out
}

// maxStrayListed bounds the documents the inbox warning names.
const maxStrayListed = 10

// checkInbox reports on the inbox folder dir: whether it can be read, and,
// as a warning (warn set; the bot still runs), the documents lying there
// for over inbox.StrayAge that no export has named, which stay there
// until one does.
func (app *App) checkInbox(dir string) (ch check, warn bool) {
	stray, err := inbox.StrayDocuments(dir, app.Now().Add(-inbox.StrayAge))
	switch {
	case errors.Is(err, os.ErrNotExist):
		return check{true, "inbox", fmt.Sprintf("%s does not exist yet; `newsbot run --inbox` creates it", dir)}, false
	case err != nil:
		return check{false, "inbox", fmt.Sprintf("%s cannot be read: %v", dir, err)}, false
	case len(stray) == 0:
		return check{true, "inbox", fmt.Sprintf("%s is readable; no document lies there without an export naming it", dir)}, false
	}
	names := make([]string, 0, min(len(stray), maxStrayListed))
	for _, d := range stray[:min(len(stray), maxStrayListed)] {
		names = append(names, fmt.Sprintf("%s (since %s Vietnam time)", d.Name, d.Modified.In(content.VietnamZone()).Format("15:04 02/01/2006")))
	}
	list := strings.Join(names, ", ")
	if more := len(stray) - len(names); more > 0 {
		list += fmt.Sprintf(", and %d more", more)
	}
	return check{false, "inbox", fmt.Sprintf("%s in %s, there for over %d minutes, named by no export: %s. "+
		"The bot sends a document only with an export that names it (a line \"Tệp đính kèm: NAME\"); "+
		"drop that export, or move the file away", content.Counted(len(stray), "document lies", "documents lie"), dir,
		int(inbox.StrayAge/time.Minute), list)}, true
}
