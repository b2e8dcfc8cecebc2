package main

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/content/inbox"
	"newsbot/store"
)

// demoFiles holds the demo's web page (demo/web) and its sample articles in
// the portal's export format (demo/samples/seed: stored before the bot
// starts; demo/samples/publish: published one by one from the page, with
// their pictures).
//
//go:embed demo
var demoFiles embed.FS

// demoToken is the token the demo's Bot API emulator accepts. It is not a
// real token and is never shown.
const demoToken = "4242424242:DEMOdemoDEMOdemoDEMOdemoDEMOdemo_42"

// demoPerson returns the person of the demo that role names: "cadre", or
// "admin", whom the page can switch to.
func demoPerson(role string) (tgbotapi.User, bool) {
	switch role {
	case "cadre":
		return tgbotapi.User{ID: 7001, FirstName: "Lan", LastName: "Nguyễn Thị", UserName: "lan_canbo", LanguageCode: "vi"}, true
	case "admin":
		return tgbotapi.User{ID: 7002, FirstName: "Hùng", LastName: "Trần Văn", UserName: "hung_quantri", LanguageCode: "vi"}, true
	}
	return tgbotapi.User{}, false
}

// demoIdentity returns the sample identity the demo's bot speaks with (see
// the --org-name flag and its neighbours); it names no real district.
func demoIdentity() bot.Identity {
	return bot.Identity{
		Org:        "Trung tâm Văn hóa, Thông tin huyện (bản dùng thử)",
		PortalName: "Cổng thông tin điện tử huyện (bản dùng thử)",
		Welcome:    "Đây là bản dùng thử: các bài viết, tên người và số liệu đều là mẫu.",
		Signature:  "Ban biên tập (bản dùng thử)",
	}
}

// demoAudience is how many made-up colleagues are subscribed, so that a
// broadcast takes a few seconds and its progress message moves.
const demoAudience = 40

// demoSendRate is the pushes per second of the demo's bot: slow enough that
// a broadcast to demoAudience people shows its progress.
const demoSendRate = "8"

// demo runs `newsbot demo`: the real bot (the `run` command's wiring)
// against an in-process Bot API emulator, with a temporary database seeded
// with the sample articles, and a web page on --listen that looks and works
// like a Telegram chat with it. It stops when ctx is done, removing the
// temporary files.
func (app *App) demo(ctx context.Context, args []string) error {
	fs := flagSet(app, "demo")
	listen := fs.String("listen", "127.0.0.1:8080", "address of the demo's web page")
	remote := fs.Bool("allow-remote", false, "allow --listen on an address other machines can reach (the page has no login)")
	logLevel := fs.String("log-level", "warn", "the bot's log level: debug, info, warn or error")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("demo takes no arguments, got %q: %w", fs.Args(), errUsage)
	}
	if err := checkLoopback(*listen, *remote); err != nil {
		return err
	}
	started := app.Now()
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("demo page: %w (choose another address with --listen)", err)
	}
	defer ln.Close()
	dir, err := os.MkdirTemp("", "newsbot-demo-")
	if err != nil {
		return fmt.Errorf("demo: temporary folder: %w", err)
	}
	defer os.RemoveAll(dir)
	api, err := telegramtest.NewServer(demoToken)
	if err != nil {
		return fmt.Errorf("demo: Bot API emulator: %w", err)
	}
	defer api.Close()

	d := &demoChat{api: api, base: "http://" + ln.Addr().String(), queries: map[string]string{},
		client: &http.Client{Timeout: 2 * time.Second}}
	dbPath := filepath.Join(dir, "newsbot.db")
	if err := seedDemo(ctx, dbPath, app.Now()); err != nil {
		return err
	}
	for _, role := range []string{"cadre", "admin"} {
		u, _ := demoPerson(role)
		api.PrivateChat(u)
	}

	// The bot: `newsbot run` itself, with the demo's environment only.
	env := map[string]string{"TELEGRAM_BOT_TOKEN": demoToken}
	ready := make(chan struct{})
	metrics := make(chan net.Addr, 1)
	bot := &App{Env: func(k string) string { return env[k] }, Stdin: strings.NewReader(""), Stdout: app.Stderr,
		Stderr: app.Stderr, Keyring: app.Keyring, Now: app.Now,
		Ready:     func() { close(ready) },
		HTTPReady: func(a net.Addr) { metrics <- a },
		Publisher: func(p inbox.PublishFunc) { d.publish = p },
	}
	runCtx, stopBot := context.WithCancel(ctx)
	defer stopBot()
	done := make(chan error, 1)
	ident := demoIdentity()
	go func() {
		done <- bot.run(runCtx, []string{"--db", dbPath, "--api-url", api.URL(), "--poll-timeout", "1s",
			"--send-rate", demoSendRate, "--http", "127.0.0.1:0", "--log-level", *logLevel,
			"--org-name", ident.Org, "--portal-name", ident.PortalName, "--welcome", ident.Welcome, "--signature", ident.Signature})
	}()
	select {
	case <-ready:
	case err := <-done:
		return fmt.Errorf("demo: the bot did not start: %w", err)
	case <-ctx.Done():
		stopBot()
		return <-done
	}
	select {
	case a := <-metrics:
		d.metrics = "http://" + a.String() + "/metrics"
	case err := <-done:
		return fmt.Errorf("demo: the bot stopped: %w", err)
	}

	srv := &http.Server{Handler: d.handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(app.Stdout, "newsbot demo: open %s/ in a browser (ready in %v; Ctrl-C stops it)\n",
		d.base, app.Now().Sub(started).Round(time.Millisecond))

	var failed error
	select {
	case <-ctx.Done():
	case err := <-done:
		failed = fmt.Errorf("demo: the bot stopped: %w", err)
	case err := <-served:
		failed = fmt.Errorf("demo page: %w", err)
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(shut)
	stopBot()
	if err := <-done; err != nil && failed == nil {
		failed = err
	}
	return failed
}

// flagSet returns a flag set for a command without the shared flags.
func flagSet(app *App, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("newsbot "+name, flag.ContinueOnError)
	fs.SetOutput(app.Stderr)
	return fs
}

// checkLoopback refuses an address other machines can reach unless allowed.
func checkLoopback(addr string, allowed bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--listen %q: want host:port such as 127.0.0.1:8080: %w", addr, errUsage)
	}
	if allowed || host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--listen %q: the demo page has no login, so it listens on 127.0.0.1 only; add --allow-remote to serve it to others: %w", addr, errUsage)
}

// seedDemo creates the demo's database at dbPath: the seed samples, dated
// over the past days, an admin, and demoAudience subscribed colleagues.
func seedDemo(ctx context.Context, dbPath string, now time.Time) error {
	db, err := store.Open(dbPath, store.Options{Now: func() time.Time { return now }})
	if err != nil {
		return fmt.Errorf("demo database: %w", err)
	}
	defer db.Close()
	names, err := fs.Glob(demoFiles, "demo/samples/seed/*.txt")
	if err != nil {
		return err
	}
	for i, name := range names {
		a, err := demoSample(name, "")
		if err != nil {
			return err
		}
		a.Published = now.Add(-time.Duration(len(names)-i) * 26 * time.Hour).In(content.VietnamZone()).Truncate(time.Minute)
		if _, err := db.PublishArticle(ctx, a); err != nil {
			return fmt.Errorf("demo database: %w", err)
		}
	}
	admin, _ := demoPerson("admin")
	if _, err := db.AddAdmin(ctx, admin.ID, 0); err != nil {
		return fmt.Errorf("demo database: %w", err)
	}
	for i := range demoAudience {
		s := content.Subscriber{ChatID: 8000 + int64(i), UserID: 8000 + int64(i), Name: fmt.Sprintf("Cán bộ %d", i+1),
			Lang: "vi", Subscribed: true, JoinedAt: now}
		if _, err := db.Subscribe(ctx, s); err != nil {
			return fmt.Errorf("demo database: %w", err)
		}
	}
	return nil
}

// demoSample parses one embedded sample; its pictures get URLs under
// mediaBase when that is not empty.
func demoSample(name, mediaBase string) (content.Article, error) {
	data, err := demoFiles.ReadFile(name)
	if err != nil {
		return content.Article{}, err
	}
	a, err := inbox.ParseExport(bytes.NewReader(data), path.Base(name))
	if err != nil {
		return content.Article{}, fmt.Errorf("demo sample: %w", err)
	}
	for i := range a.Images {
		if mediaBase != "" {
			a.Images[i].URL = mediaBase + "/media/" + a.Images[i].Name
		}
	}
	return a, nil
}

// demoChat is the demo page's view of the emulator: it turns the page's
// messages and button presses into updates, and lists each person's chat.
// It is safe for concurrent use.
type demoChat struct {
	api     *telegramtest.Server
	base    string // the page's URL, without a trailing slash
	metrics string // the bot's /metrics URL
	client  *http.Client
	// publish is the inbox's publish function; set before the page serves.
	publish inbox.PublishFunc

	mu sync.Mutex
	// next is the index of the next sample to publish.
	next int
	// queries maps each callback query the page sent to its person's role.
	queries map[string]string
}

// errNoSamples means every sample article has been published.
var errNoSamples = errors.New("every sample article has been published")

// publishNext publishes the next sample article through the inbox's publish
// path and returns its title.
func (d *demoChat) publishNext(ctx context.Context) (string, error) {
	names, err := fs.Glob(demoFiles, "demo/samples/publish/*.txt")
	if err != nil {
		return "", err
	}
	d.mu.Lock()
	i := d.next
	if i < len(names) {
		d.next++
	}
	d.mu.Unlock()
	if i >= len(names) {
		return "", errNoSamples
	}
	a, err := demoSample(names[i], d.base)
	if err != nil {
		return "", err
	}
	a.Published = time.Now().In(content.VietnamZone()).Truncate(time.Second)
	if _, err := d.publish(ctx, a, true); err != nil {
		return "", err
	}
	return a.Title, nil
}
