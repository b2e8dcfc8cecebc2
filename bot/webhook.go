package bot

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Webhook bounds. Telegram's updates are a few kilobytes; a request body
// over maxWebhookBody is refused (413) without being read further.
const (
	maxWebhookBody       = 1 << 20
	webhookBacklog       = 1000
	webhookBatch         = 100
	webhookRecent        = 8192
	webhookMaxConns      = 8
	webhookShutdown      = 10 * time.Second
	secretHeader         = "X-Telegram-Bot-Api-Secret-Token"
	webhookSecretEntropy = 32
)

// allowedUpdates are the update types the bot asks Telegram for, by polling
// or by webhook alike.
var allowedUpdates = []string{"message", "edited_message", "callback_query", "inline_query", "my_chat_member"}

// NewWebhookSecret returns a random secret_token: 32 bytes from crypto/rand
// in URL-safe base64 (43 characters of A-Z, a-z, 0-9, _ and -).
func NewWebhookSecret() (string, error) {
	buf := make([]byte, webhookSecretEntropy)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("webhook secret: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(buf), nil
}

// SetWebhook registers publicURL with Telegram, with secret as its
// secret_token, so Telegram POSTs updates there with the secret in the
// X-Telegram-Bot-Api-Secret-Token header. Pending updates are kept. It is a
// raw request because tgbotapi predates secret_token.
func (b *Bot) SetWebhook(ctx context.Context, publicURL, secret string) error {
	allowed, err := json.Marshal(allowedUpdates)
	if err != nil {
		return fmt.Errorf("set webhook: %w", err)
	}
	params := tgbotapi.Params{
		"url":                  publicURL,
		"secret_token":         secret,
		"allowed_updates":      string(allowed),
		"drop_pending_updates": "false",
		"max_connections":      strconv.Itoa(webhookMaxConns),
	}
	if _, err := b.client.Call(ctx, "setWebhook", params); err != nil {
		return fmt.Errorf("set webhook: %w", err)
	}
	return nil
}

// DeleteWebhook removes any webhook, keeping pending updates, so that
// getUpdates works (Telegram refuses it with 409 Conflict while a webhook
// is set). Deleting when none is set is not an error.
func (b *Bot) DeleteWebhook(ctx context.Context) error {
	if _, err := b.client.Call(ctx, "deleteWebhook", tgbotapi.Params{"drop_pending_updates": "false"}); err != nil {
		return fmt.Errorf("delete webhook: %w", err)
	}
	return nil
}

// WebhookServer receives updates from Telegram by webhook. It answers 200
// only once an update is stored in the database (the accepted-updates
// queue, AcceptedUpdates); Run hands the stored updates to the bot in
// batches, lowest update ID first, the way Poll does (each chat's updates in
// order), and deletes each batch in the transaction that commits its visits
// and the offset. So an update Telegram was told it delivered survives a
// kill, and the next start handles it before the updates that follow it.
// Create it with NewWebhookServer; it is an http.Handler safe for
// concurrent use.
//
// An update_id already accepted is answered 200 and not stored again.
// Telegram may deliver updates out of order (a delivery that failed or
// timed out is retried after later ones were accepted, also across a
// restart), so an update is never dropped for its ID being low: duplicates
// are recognised by the recently accepted IDs and by the store (accepted
// and not yet handled, or handled within the last day).
type WebhookServer struct {
	b      *Bot
	queue  updateAccepter
	path   string
	secret []byte
	// wake tells Run that an update was stored (capacity 1).
	wake chan struct{}
	// writes counts the accepts storing an update; stop waits for them.
	writes sync.WaitGroup

	mu sync.Mutex
	// seen maps the update IDs accepted recently to their slot in ring,
	// which evicts the oldest (0: an empty slot).
	seen map[int]int
	ring []int
	next int
	// writing holds, for each update being stored, a channel closed when
	// its write is over: a second delivery meanwhile waits for the outcome.
	writing map[int]chan struct{}
	// waiting is how many accepted updates are stored and not yet handled.
	waiting int
	// stopped is set when Run stops taking updates (it failed, or is
	// handling the last ones before it returns): updates are refused.
	stopped bool
}

// NewWebhookServer returns the handler for publicURL's path, accepting only
// requests that carry secret. It reads how many accepted updates are
// waiting from the store.
func (b *Bot) NewWebhookServer(ctx context.Context, publicURL, secret string) (*WebhookServer, error) {
	u, err := url.Parse(publicURL)
	if err != nil {
		return nil, fmt.Errorf("webhook URL: %w", err)
	}
	waiting, err := b.store.AcceptedCount(ctx)
	if err != nil {
		return nil, err
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	w := newWebhookServer(b.store, waiting)
	w.b, w.path, w.secret = b, path, []byte(secret)
	return w, nil
}

// newWebhookServer returns a WebhookServer's accepting side over queue.
func newWebhookServer(queue updateAccepter, waiting int) *WebhookServer {
	return &WebhookServer{queue: queue, wake: make(chan struct{}, 1), waiting: waiting,
		seen: make(map[int]int, webhookRecent), ring: make([]int, webhookRecent), writing: map[int]chan struct{}{}}
}

// ServeHTTP accepts one update: a POST to the webhook's path with the
// secret header (compared in constant time; 401 otherwise) and a JSON
// update of at most 1 MiB (one with an update_id whose other fields do not
// decode is accepted, to be skipped). It answers 200 once the update is
// stored, or at once for one already accepted or handled; 503 when
// webhookBacklog accepted updates are waiting, when storing fails, or once
// Run has stopped (it failed, or ctx is done), so that Telegram delivers the
// update again later, to this run or the next.
func (w *WebhookServer) ServeHTTP(rw http.ResponseWriter, req *http.Request) {
	if req.URL.EscapedPath() != w.path {
		http.NotFound(rw, req)
		return
	}
	if req.Method != http.MethodPost {
		rw.Header().Set("Allow", http.MethodPost)
		http.Error(rw, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	got := []byte(req.Header.Get(secretHeader))
	if len(w.secret) == 0 || subtle.ConstantTimeCompare(got, w.secret) != 1 {
		http.Error(rw, "unauthorized", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(rw, req.Body, maxWebhookBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		http.Error(rw, "request body too large", http.StatusRequestEntityTooLarge)
		return
	case err != nil:
		http.Error(rw, "bad update", http.StatusBadRequest)
		return
	}
	// An update whose fields do not decode is accepted by its update_id,
	// to be confirmed and skipped as Poll does.
	u, ok := decodeUpdate(body)
	if !ok {
		http.Error(rw, "bad update", http.StatusBadRequest)
		return
	}
	outcome, err := w.accept(req.Context(), u.UpdateID, body)
	switch outcome {
	case acceptStopped:
		http.Error(rw, "not receiving updates", http.StatusServiceUnavailable)
	case acceptBacklog:
		http.Error(rw, "busy", http.StatusServiceUnavailable)
	case acceptFailed:
		w.b.log.Error("webhook: could not store an update; Telegram will deliver it again",
			slog.Int("update_id", u.UpdateID), slog.Any("err", err))
		http.Error(rw, "not stored", http.StatusServiceUnavailable)
	default:
		rw.WriteHeader(http.StatusOK)
	}
}

// Run handles the accepted updates, stored ones first, in batches until
// ctx is done or a batch fails (its commit, say). Call it once. From then
// on ServeHTTP refuses updates with 503, so that Telegram delivers them
// again later. When ctx is done Run handles every update still stored and
// returns the first failure (nil when none); when a batch fails it returns
// that failure at once, and the updates not committed stay stored for the
// next start (HandleAccepted, or the next Run).
func (w *WebhookServer) Run(ctx context.Context) error {
	hctx := context.WithoutCancel(ctx)
	for {
		if ctx.Err() != nil {
			w.stop() // nothing is stored after this
			return w.b.HandleAccepted(hctx)
		}
		n, err := w.b.handleAccepted(hctx)
		if err != nil {
			w.stop()
			w.b.log.Error("webhook: handling failed; refusing new updates, the accepted ones stay stored for the next start",
				slog.Any("err", err))
			return fmt.Errorf("webhook: %w", err)
		}
		if n > 0 {
			w.handled(n)
			continue
		}
		select {
		case <-ctx.Done():
		case <-w.wake:
		}
	}
}

// ServeWebhook receives updates by webhook until ctx is done: it registers
// publicURL with a new random secret, serves ln with timeouts and a body
// limit, and hands the updates to the bot as Poll would, once each is
// stored (see WebhookServer), those an earlier run stored and did not
// handle first. While serving it
// checks the webhook with Telegram every poll interval, logging Telegram's
// last delivery error. On ctx done it stops accepting, handles what was
// accepted, commits, stops the test reads of /sources add still under way
// (StopSourceChecks) and returns nil; the webhook stays set, so Telegram
// keeps updates until the bot is back.
func (b *Bot) ServeWebhook(ctx context.Context, ln net.Listener, publicURL string) error {
	defer b.StopSourceChecks()
	secret, err := NewWebhookSecret()
	if err != nil {
		return err
	}
	w, err := b.NewWebhookServer(ctx, publicURL, secret)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           w,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(b.log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	// The server listens before Telegram learns the URL, so the first
	// delivery finds it.
	if err := b.SetWebhook(ctx, publicURL, secret); err != nil {
		_ = srv.Close()
		<-served
		return err
	}
	b.log.Info("webhook set; receiving updates", slog.String("listen", ln.Addr().String()), slog.String("path", w.path))
	b.metrics.polled(b.now())

	// Run outlives ctx to handle what was accepted; should it fail (the
	// store), serving stops too.
	runCtx, stopRun := context.WithCancel(context.WithoutCancel(ctx))
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	ran := make(chan error, 1)
	go func() {
		err := w.Run(runCtx)
		if err != nil {
			stopWatch()
		}
		ran <- err
	}()
	stopped, serveErr := b.watchWebhook(watchCtx, served)

	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), webhookShutdown)
	defer cancel()
	shutErr := srv.Shutdown(shutCtx)
	if !stopped {
		serveErr = <-served
	}
	if errors.Is(serveErr, http.ErrServerClosed) {
		serveErr = nil
	} else if serveErr != nil {
		serveErr = fmt.Errorf("webhook server: %w", serveErr)
	}
	stopRun()
	return errors.Join(serveErr, shutErr, <-ran)
}

// watchWebhook waits until ctx is done or the server stops (then it returns
// true and the server's error), checking the webhook with getWebhookInfo
// every poll interval.
func (b *Bot) watchWebhook(ctx context.Context, served <-chan error) (bool, error) {
	t := time.NewTicker(b.poll)
	defer t.Stop()
	lastErr := ""
	for {
		select {
		case <-ctx.Done():
			return false, nil
		case err := <-served:
			return true, err
		case <-t.C:
		}
		resp, err := b.client.Call(ctx, "getWebhookInfo", nil)
		if err != nil {
			if ctx.Err() == nil {
				b.log.Warn("webhook check failed", slog.Any("err", err))
			}
			continue
		}
		b.metrics.polled(b.now())
		var info struct {
			URL              string `json:"url"`
			Pending          int    `json:"pending_update_count"`
			LastErrorMessage string `json:"last_error_message"`
		}
		if json.Unmarshal(resp.Result, &info) == nil && info.LastErrorMessage != "" && info.LastErrorMessage != lastErr {
			b.log.Warn("Telegram could not deliver to the webhook", slog.String("error", info.LastErrorMessage),
				slog.Int("pending", info.Pending))
		}
		lastErr = info.LastErrorMessage
	}
}
