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
	webhookQueue         = 1000
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

// WebhookServer receives updates from Telegram by webhook and hands them to
// the bot in batches, the way Poll does: each chat's updates in order, the
// offset and visits committed after each batch, and an update_id already
// handled ignored. Create it with NewWebhookServer; it is an http.Handler
// safe for concurrent use.
//
// Telegram may deliver updates out of order (a delivery that failed or
// timed out is retried after later ones were accepted), so an update is
// not dropped for being below the highest one seen: only updates below the
// offset committed before this server started are (an earlier run handled
// them); duplicates after that are recognised by the recently accepted IDs.
type WebhookServer struct {
	b      *Bot
	path   string
	secret []byte
	queue  chan tgbotapi.Update

	mu sync.Mutex
	// floor is the offset committed when the server started: updates
	// below it were handled by an earlier run and are ignored.
	floor int
	// below is the committed offset; it only increases.
	below int
	// seen maps the update IDs accepted recently to their slot in ring,
	// which evicts the oldest (0: an empty slot).
	seen map[int]int
	ring []int
	next int
	// stopped is set when Run stops taking updates from the queue (it
	// failed, or is draining before it returns): updates are refused.
	stopped bool
}

// NewWebhookServer returns the handler for publicURL's path, accepting only
// requests that carry secret. It reads the committed offset from the store.
func (b *Bot) NewWebhookServer(ctx context.Context, publicURL, secret string) (*WebhookServer, error) {
	u, err := url.Parse(publicURL)
	if err != nil {
		return nil, fmt.Errorf("webhook URL: %w", err)
	}
	below, err := b.store.UpdateOffset(ctx)
	if err != nil {
		return nil, err
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	return &WebhookServer{b: b, path: path, secret: []byte(secret), queue: make(chan tgbotapi.Update, webhookQueue),
		floor: below, below: below, seen: make(map[int]int, webhookRecent), ring: make([]int, webhookRecent)}, nil
}

// ServeHTTP accepts one update: a POST to the webhook's path with the
// secret header (compared in constant time; 401 otherwise) and a JSON
// update of at most 1 MiB (one with an update_id whose other fields do not
// decode is accepted, to be skipped). It answers 200 as soon as the update is queued,
// or at once for one already handled; 503 when the queue is full, or once
// Run has stopped (it failed, or ctx is done), so that Telegram delivers
// the update again later, to this run or the next.
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
	switch w.enqueue(u) {
	case enqueueStopped:
		http.Error(rw, "not receiving updates", http.StatusServiceUnavailable)
	case enqueueFull:
		http.Error(rw, "busy", http.StatusServiceUnavailable)
	default:
		rw.WriteHeader(http.StatusOK)
	}
}

// enqueueOutcome is what became of an update handed to enqueue.
type enqueueOutcome int

const (
	enqueued enqueueOutcome = iota
	enqueueDuplicate
	enqueueFull
	enqueueStopped
)

// enqueue queues u for Run unless Run has stopped, u is not new (see
// claimLocked), or the queue is full (then u's claim is released). The check
// and the queueing happen under w.mu, so nothing is queued once stop has
// returned.
func (w *WebhookServer) enqueue(u tgbotapi.Update) enqueueOutcome {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		return enqueueStopped
	}
	if !w.claimLocked(u.UpdateID) {
		return enqueueDuplicate
	}
	select {
	case w.queue <- u:
		return enqueued
	default:
		w.releaseLocked(u.UpdateID)
		return enqueueFull
	}
}

// stop makes ServeHTTP refuse updates from now on.
func (w *WebhookServer) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stopped = true
}

// claimLocked reports whether update id is new (not below the offset
// committed before the server started, nor among the webhookRecent IDs
// accepted last) and marks it accepted. An ID below the highest accepted
// is new when it was not accepted: Telegram retries out of order. The
// caller holds w.mu.
func (w *WebhookServer) claimLocked(id int) bool {
	if id < w.floor {
		return false
	}
	if _, dup := w.seen[id]; dup {
		return false
	}
	if old := w.ring[w.next]; old != 0 {
		delete(w.seen, old)
	}
	w.ring[w.next] = id
	w.seen[id] = w.next
	w.next = (w.next + 1) % len(w.ring)
	return true
}

// releaseLocked forgets an update that could not be queued, freeing its
// slot so that the slot's eviction cannot forget a later claim of the same
// ID. The caller holds w.mu.
func (w *WebhookServer) releaseLocked(id int) {
	if slot, ok := w.seen[id]; ok {
		w.ring[slot] = 0
		delete(w.seen, id)
	}
}

// Run handles queued updates in batches until ctx is done or a batch fails
// (its commit, say), then handles what is still queued and commits, and
// returns the first failure (nil when none). Call it once. From when ctx
// is done or a batch fails, ServeHTTP refuses updates with 503, so that
// Telegram delivers them again later; the updates it had already accepted
// (answered 200), which Telegram will not deliver again, are all handled,
// a failure among them logged.
func (w *WebhookServer) Run(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			w.stop() // nothing is queued after the drain
			return w.drain(nil)
		case u := <-w.queue:
			if err := w.handle(context.WithoutCancel(ctx), w.batch(u)); err != nil {
				w.stop()
				w.b.log.Error("webhook: batch failed; handling the updates accepted, refusing new ones", slog.Any("err", err))
				return w.drain(err)
			}
		}
	}
}

// batch returns first and whatever else is queued, up to webhookBatch.
func (w *WebhookServer) batch(first tgbotapi.Update) []tgbotapi.Update {
	ups := []tgbotapi.Update{first}
	for len(ups) < webhookBatch {
		select {
		case u := <-w.queue:
			ups = append(ups, u)
		default:
			return ups
		}
	}
	return ups
}

// drain handles every update still queued, in batches, after stop. A batch
// that fails is logged and the next ones are handled all the same. It
// returns failed if not nil, else the first failure of its own.
func (w *WebhookServer) drain(failed error) error {
	ctx := context.Background()
	for {
		select {
		case u := <-w.queue:
			if err := w.handle(ctx, w.batch(u)); err != nil {
				w.b.log.Error("webhook: a batch of accepted updates failed", slog.Any("err", err))
				if failed == nil {
					failed = err
				}
			}
		default:
			return failed
		}
	}
}

// handle handles a batch and commits its offset with its visits. A batch
// entirely below the committed offset (updates Telegram delivered out of
// order) commits nothing, so the offset never goes back, and leaves its
// visits for the next commit.
func (w *WebhookServer) handle(ctx context.Context, ups []tgbotapi.Update) error {
	next := w.b.HandleBatch(ctx, ups)
	w.b.metrics.polled(w.b.now())
	w.mu.Lock()
	advance := next > w.below
	w.mu.Unlock()
	if !advance {
		return nil
	}
	if err := w.b.commit(ctx, next); err != nil {
		return fmt.Errorf("webhook: commit offset %d: %w", next, err)
	}
	w.mu.Lock()
	w.below = max(w.below, next)
	w.mu.Unlock()
	return nil
}

// ServeWebhook receives updates by webhook until ctx is done: it registers
// publicURL with a new random secret, serves ln with timeouts and a body
// limit, and hands the updates to the bot as Poll would. While serving it
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
