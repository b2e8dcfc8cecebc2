package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// DefaultAPIURL is Telegram's Bot API server.
const DefaultAPIURL = "https://api.telegram.org"

// Client calls the Telegram Bot API. It wraps tgbotapi so that every call
// takes a context and no error or log line ever carries the token (tgbotapi
// puts the token in every request URL, and *url.Error prints the URL).
//
// A Client is safe for concurrent use.
type Client struct {
	api   *tgbotapi.BotAPI
	http  *http.Client
	token Token
	// base is the API URL without a trailing slash, for Upload.
	base string
}

// httpTimeout bounds each Bot API call made with NewHTTPClient's client, a
// long poll included.
const httpTimeout = 90 * time.Second

// The bounds of the long-poll wait of getUpdates (Config.PollTimeout).
// Telegram counts the wait in whole seconds; the longest leaves 10 s of the
// HTTP client's limit (httpTimeout) for the round trip, so a poll that
// works is never cut off as a timeout.
const (
	MinPollTimeout = time.Second
	MaxPollTimeout = httpTimeout - 10*time.Second
)

// NewHTTPClient returns the HTTP client used for the Bot API: proxies from the
// environment (HTTPS_PROXY, NO_PROXY), bounded dial and TLS handshakes, and an
// overall limit (90 s) above the longest long poll (MaxPollTimeout).
func NewHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = http.ProxyFromEnvironment
	t.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 10 * time.Second
	t.MaxIdleConnsPerHost = 32
	return &http.Client{Transport: t, Timeout: httpTimeout}
}

// NewClient returns a client for the bot with token at apiURL (such as
// DefaultAPIURL, a self-hosted Bot API server or a test server); it calls
// getMe to check the token. hc may be nil for NewHTTPClient.
func NewClient(ctx context.Context, apiURL string, token Token, hc *http.Client) (*Client, error) {
	if hc == nil {
		hc = NewHTTPClient()
	}
	if _, err := url.ParseRequestURI(apiURL); err != nil {
		return nil, fmt.Errorf("telegram: API URL %q is not a URL", apiURL)
	}
	c := &Client{http: hc, token: token, base: strings.TrimRight(apiURL, "/")}
	endpoint := strings.ReplaceAll(strings.TrimRight(apiURL, "/"), "%", "%%") + "/bot%s/%s"
	api, err := tgbotapi.NewBotAPIWithClient(token.Reveal(), endpoint, ctxDoer{ctx: ctx, hc: hc, token: token})
	if err != nil {
		return nil, c.wrap("getMe", err)
	}
	c.api = api
	return c, nil
}

// Self returns the bot's own user, as getMe reported it.
func (c *Client) Self() tgbotapi.User { return c.api.Self }

// bound returns a shallow copy of the library's client whose HTTP requests
// carry ctx. Copying is cheap and keeps concurrent calls independent.
func (c *Client) bound(ctx context.Context) *tgbotapi.BotAPI {
	api := *c.api
	api.Client = ctxDoer{ctx: ctx, hc: c.http, token: c.token}
	return &api
}

// Request sends a Chattable and returns Telegram's raw response. Use it for
// methods that return true (answerCallbackQuery, setMyCommands, ...).
func (c *Client) Request(ctx context.Context, ch tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	resp, err := c.bound(ctx).Request(ch)
	if err != nil {
		return resp, c.wrap(methodOf(ch), err)
	}
	return resp, nil
}

// Send sends a Chattable that returns a Message.
func (c *Client) Send(ctx context.Context, ch tgbotapi.Chattable) (tgbotapi.Message, error) {
	resp, err := c.Request(ctx, ch)
	if err != nil {
		return tgbotapi.Message{}, err
	}
	return messageOf(methodOf(ch), resp)
}

// messageOf decodes the Message a call of method answered with.
func messageOf(method string, resp *tgbotapi.APIResponse) (tgbotapi.Message, error) {
	var m tgbotapi.Message
	if err := json.Unmarshal(resp.Result, &m); err != nil {
		return m, fmt.Errorf("telegram: %s: decode message: %w", method, err)
	}
	return m, nil
}

// Call invokes any Bot API method by name, for fields and methods newer than
// tgbotapi knows. Values that are objects must be JSON-encoded by the caller.
func (c *Client) Call(ctx context.Context, method string, params tgbotapi.Params) (*tgbotapi.APIResponse, error) {
	resp, err := c.bound(ctx).MakeRequest(method, params)
	if err != nil {
		return resp, c.wrap(method, err)
	}
	return resp, nil
}

// GetUpdates long-polls for updates from offset, waiting up to timeout.
// It returns early, with an error wrapping ctx.Err(), when ctx is done.
// Each update is decoded on its own (decodeUpdate), so one that does not
// decode reaches the bot with its update_id alone, to be confirmed and
// skipped, and never blocks the others.
func (c *Client) GetUpdates(ctx context.Context, offset int, timeout time.Duration) ([]tgbotapi.Update, error) {
	params := tgbotapi.Params{}
	params.AddNonZero("offset", offset)
	params.AddNonZero("timeout", int(timeout/time.Second))
	if err := params.AddInterface("allowed_updates", allowedUpdates); err != nil {
		return nil, fmt.Errorf("telegram: getUpdates: %w", err)
	}
	resp, err := c.Call(ctx, "getUpdates", params)
	if err != nil {
		return nil, err
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(resp.Result, &raws); err != nil {
		return nil, fmt.Errorf("telegram: getUpdates: decode: %w", err)
	}
	ups := make([]tgbotapi.Update, 0, len(raws))
	for _, raw := range raws {
		if u, ok := decodeUpdate(raw); ok {
			ups = append(ups, u)
		}
	}
	return ups, nil
}

// decodeUpdate decodes one update as Telegram sends it. An update whose
// fields do not decode as tgbotapi expects (a type Telegram changed, a
// value out of range) comes back with its update_id alone, which the bot
// confirms and counts as skipped. It reports false only when not even the
// update_id can be read.
func decodeUpdate(raw []byte) (tgbotapi.Update, bool) {
	var id struct {
		UpdateID *int `json:"update_id"`
	}
	if json.Unmarshal(raw, &id) != nil || id.UpdateID == nil {
		return tgbotapi.Update{}, false
	}
	var u tgbotapi.Update
	if json.Unmarshal(raw, &u) != nil {
		return tgbotapi.Update{UpdateID: *id.UpdateID}, true
	}
	return u, true
}

// methodOf names a Chattable's method for error messages.
func methodOf(ch tgbotapi.Chattable) string {
	name := fmt.Sprintf("%T", ch)
	return strings.TrimPrefix(name, "tgbotapi.")
}

// wrap turns a library error into one that names the method and never the
// token. Telegram's own errors (*tgbotapi.Error) stay matchable with
// errors.As; transport errors keep their cause (context.Canceled, net.Error)
// when that cause does not print the token.
func (c *Client) wrap(method string, err error) error {
	var apiErr *tgbotapi.Error
	if errors.As(err, &apiErr) {
		return &APIError{Method: method, Code: apiErr.Code, Description: apiErr.Message,
			RetryAfter: apiErr.RetryAfter, MigrateToChatID: apiErr.MigrateToChatID}
	}
	e := &TransportError{Method: method, msg: c.redact(err.Error())}
	var ue *url.Error
	cause := err
	if errors.As(err, &ue) {
		cause = ue.Err
	}
	if !strings.Contains(cause.Error(), c.token.Reveal()) || c.token == "" {
		e.cause = cause
	}
	return e
}

func (c *Client) redact(s string) string {
	if c.token == "" {
		return s
	}
	return strings.ReplaceAll(s, c.token.Reveal(), redacted)
}

// APIError is an error answer from the Bot API.
type APIError struct {
	Method      string
	Code        int
	Description string
	// RetryAfter is the wait, in seconds, Telegram asks for after a 429.
	RetryAfter int
	// MigrateToChatID is set when a group became a supergroup.
	MigrateToChatID int64
}

func (e *APIError) Error() string {
	return fmt.Sprintf("telegram: %s: %d %s", e.Method, e.Code, e.Description)
}

// TransportError is a failure to reach the Bot API or to read its answer.
// Its text never contains the token.
type TransportError struct {
	Method string
	msg    string
	cause  error
}

func (e *TransportError) Error() string { return "telegram: " + e.Method + ": " + e.msg }

// Unwrap returns the underlying cause, such as context.Canceled.
func (e *TransportError) Unwrap() error { return e.cause }

// ctxDoer is the HTTPClient tgbotapi calls: it attaches ctx to each request
// and strips the token from the URL that *url.Error prints.
type ctxDoer struct {
	ctx   context.Context
	hc    *http.Client
	token Token
}

func (d ctxDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.hc.Do(req.WithContext(d.ctx))
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) && d.token != "" {
			ue.URL = strings.ReplaceAll(ue.URL, d.token.Reveal(), redacted)
		}
		return nil, err
	}
	return resp, nil
}
