package telegramtest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// testToken is the token the tests' servers accept.
const testToken = "123456:TEST-token"

// wait bounds every wait in these tests; none is expected to come close.
const wait = 10 * time.Second

// newBot starts a server and a tgbotapi client of it.
func newBot(t *testing.T) (*Server, *tgbotapi.BotAPI) {
	t.Helper()
	srv := New(t, testToken)
	bot, err := tgbotapi.NewBotAPIWithClient(testToken, srv.URL()+"/bot%s/%s", http.DefaultClient)
	if err != nil {
		t.Fatalf("NewBotAPIWithClient: %v", err)
	}
	return srv, bot
}

// ctxClient is a tgbotapi.HTTPClient whose requests carry ctx.
type ctxClient struct{ ctx context.Context }

// Do sends req with c's context.
func (c ctxClient) Do(req *http.Request) (*http.Response, error) {
	return http.DefaultClient.Do(req.WithContext(c.ctx))
}

// apiError returns err as a *tgbotapi.Error, failing the test if it is not.
func apiError(t *testing.T, err error) *tgbotapi.Error {
	t.Helper()
	var e *tgbotapi.Error
	if !errors.As(err, &e) {
		t.Fatalf("got error %v (%T), want *tgbotapi.Error", err, err)
	}
	return e
}

// wantAPIError checks that err is Telegram error code with a description
// starting with prefix.
func wantAPIError(t *testing.T, err error, code int, prefix string) {
	t.Helper()
	e := apiError(t, err)
	if e.Code != code || !strings.HasPrefix(e.Message, prefix) {
		t.Fatalf("got error %d %q, want %d %q...", e.Code, e.Message, code, prefix)
	}
}

// post sends a raw request to the server and returns the status and body.
func post(t *testing.T, rawURL, contentType, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(rawURL, contentType, strings.NewReader(body))
	if err != nil {
		t.Fatalf("POST %s: %v", rawURL, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return resp.StatusCode, string(data)
}

// form encodes params as a form body.
func form(params map[string]string) string {
	v := url.Values{}
	for k, x := range params {
		v.Set(k, x)
	}
	return v.Encode()
}

// pollResult is the outcome of a getUpdates run in the background.
type pollResult struct {
	updates []tgbotapi.Update
	err     error
}

// pollAsync runs GetUpdates(cfg) on bot in a goroutine.
func pollAsync(bot *tgbotapi.BotAPI, cfg tgbotapi.UpdateConfig) <-chan pollResult {
	ch := make(chan pollResult, 1)
	go func() {
		ups, err := bot.GetUpdates(cfg)
		ch <- pollResult{ups, err}
	}()
	return ch
}

// waitPolling waits until the server has taken n getUpdates calls and the
// last one is still pending.
func waitPolling(t *testing.T, srv *Server, n int) {
	t.Helper()
	srv.WaitCalls(t, wait, func(calls []Call) bool {
		if srv.Polls() < n {
			return false
		}
		for i := len(calls) - 1; i >= 0; i-- {
			if calls[i].Method == "getUpdates" {
				return calls[i].Status == 0
			}
		}
		return false
	})
}

// receive waits for a background poll's result.
func receive(t *testing.T, ch <-chan pollResult) pollResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(wait):
		t.Fatalf("getUpdates did not return within %v", wait)
		return pollResult{}
	}
}

// updateIDs returns the update IDs of ups.
func updateIDs(ups []tgbotapi.Update) []int {
	ids := []int{}
	for _, u := range ups {
		ids = append(ids, u.UpdateID)
	}
	return ids
}
