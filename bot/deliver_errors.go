package bot

import (
	"errors"
	"math/rand/v2"
	"strings"
	"time"
)

// errStopped means a send was not made, or its answer not awaited, because
// the worker is stopping; the recipient stays pending.
var errStopped = errors.New("delivery stopping")

// errBadToken means Telegram refused the bot's token (401, or 404 for an
// unknown bot): nothing can be sent, so the job stops with its recipients
// pending rather than marking them all failed.
var errBadToken = errors.New("telegram refused the bot token")

// unreachable reports whether err means the chat can no longer receive
// messages: the bot was blocked or kicked, the account deleted or
// deactivated, the chat not found.
func unreachable(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	if apiErr.Code == 403 {
		return true
	}
	if apiErr.Code != 400 {
		return false
	}
	d := strings.ToLower(apiErr.Description)
	for _, s := range []string{"chat not found", "user not found", "peer_id_invalid", "chat was deactivated", "user is deactivated"} {
		if strings.Contains(d, s) {
			return true
		}
	}
	return false
}

// transient reports whether err may well not happen again: a 5xx answer, a
// timeout, a refused or broken connection.
func transient(err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Code >= 500
	}
	var tErr *TransportError
	return errors.As(err, &tErr)
}

// badToken reports whether err says the token is not valid.
func badToken(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && (apiErr.Code == 401 || apiErr.Code == 404)
}

// floodWait returns the wait a 429 answer asks for (at least a second), and
// whether err is one.
func floodWait(err error) (time.Duration, bool) {
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != 429 {
		return 0, false
	}
	return time.Duration(max(apiErr.RetryAfter, 1)) * time.Second, true
}

// migratedTo returns the supergroup a group became, or 0.
func migratedTo(err error) int64 {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.MigrateToChatID
	}
	return 0
}

// backoff returns the wait before try n+1 after n transient failures: base
// doubled n-1 times, at most limit, of which a random half to all is taken
// so that workers that failed together do not retry together.
func backoff(n int, base, limit time.Duration) time.Duration {
	d := base
	for i := 1; i < n && d < limit; i++ {
		d *= 2
	}
	d = min(d, limit)
	return d/2 + rand.N(d/2+1)
}
