package bot_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
)

// lockedBuffer is a log destination safe for concurrent writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// replyEnv is a bot whose sends to one chat the test answers, with its
// metrics and logs.
type replyEnv struct {
	*pushEnv
	reg  *prometheus.Registry
	logs *lockedBuffer
	user int64
}

// newReplyEnv answers sendMessage to the person's chat with answer(n), n
// counting the sends from 0; a nil answer lets the fake handle the send.
func newReplyEnv(t *testing.T, answer func(n int) *telegramtest.Reply) *replyEnv {
	reg, logs := prometheus.NewRegistry(), &lockedBuffer{}
	e := &replyEnv{reg: reg, logs: logs, user: 601,
		pushEnv: newPushEnv(t, bot.Config{Delivery: fastDelivery(), Metrics: bot.NewMetrics(reg),
			Logger: slog.New(slog.NewTextHandler(logs, nil))})}
	e.api.PrivateChat(e.api.User(e.user, "vi"))
	var mu sync.Mutex
	n := 0
	e.api.Intercept(func(method string, params map[string]string) *telegramtest.Reply {
		if method != "sendMessage" || params["chat_id"] != strconv.FormatInt(e.user, 10) {
			return nil
		}
		mu.Lock()
		defer mu.Unlock()
		n++
		return answer(n - 1)
	})
	return e
}

// statuses returns the HTTP statuses of the sends to the person's chat.
func (e *replyEnv) statuses() []int {
	var out []int
	for _, c := range e.api.Sent(e.user) {
		out = append(out, c.Status)
	}
	return out
}

// Ensure that a reply that meets a 429 waits the retry_after and goes
// again, and that one that meets a 5xx goes again: the person gets their
// answer once, and nothing counts as failed.
func TestReplyRetriedAfter429And5xx(t *testing.T) {
	e := newReplyEnv(t, func(n int) *telegramtest.Reply {
		switch n {
		case 0:
			return telegramtest.RetryAfterReply(1)
		case 1:
			return telegramtest.ErrorReply(http.StatusBadGateway, "Bad Gateway")
		}
		return nil
	})
	e.bot.HandleUpdate(context.Background(), textUpdate(1, e.api.User(e.user, "vi"), "/help"))
	got := e.statuses()
	if len(got) != 3 || got[0] != 429 || got[1] != 502 || got[2] != 200 {
		t.Fatalf("sends to the chat answered %v, want [429 502 200]", got)
	}
	sent := e.api.Sent(e.user)
	if gap := sent[1].At.Sub(sent[0].At); gap < time.Second {
		t.Fatalf("sent again %v after a 429 asking for 1s", gap)
	}
	if n := countTexts(e.api, e.user, "Hướng dẫn"); n != 1 {
		t.Fatalf("the help reached the person %d times, want once", n)
	}
	if v := counterValue(t, e.reg, "newsbot_telegram_429_total"); v != 1 {
		t.Fatalf("newsbot_telegram_429_total = %v, want 1", v)
	}
	if v := counterValue(t, e.reg, "newsbot_replies_failed_total"); v != 0 {
		t.Fatalf("newsbot_replies_failed_total = %v, want 0", v)
	}
}

// Ensure that a reply that keeps failing is tried a bounded number of
// times, then logged at warn with the chat and the error, and counted; so
// is the apology that follows it.
func TestReplyThatFailsIsLoggedAndCounted(t *testing.T) {
	e := newReplyEnv(t, func(int) *telegramtest.Reply {
		return telegramtest.ErrorReply(http.StatusInternalServerError, "Internal Server Error")
	})
	e.bot.HandleUpdate(context.Background(), textUpdate(1, e.api.User(e.user, "vi"), "/help"))
	if n := len(e.statuses()); n != 10 {
		t.Fatalf("%d sends to the chat, want 5 tries of the reply and 5 of the apology", n)
	}
	if v := counterValue(t, e.reg, "newsbot_replies_failed_total"); v != 2 {
		t.Fatalf("newsbot_replies_failed_total = %v, want 2", v)
	}
	logs := e.logs.String()
	line := ""
	for l := range strings.Lines(logs) {
		if strings.Contains(l, "message to a chat not sent") {
			line = l
			break
		}
	}
	for _, want := range []string{"level=WARN", "chat_id=601", "500 Internal Server Error"} {
		if !strings.Contains(line, want) {
			t.Fatalf("the failure's log line %q lacks %q; logs:\n%s", line, want, logs)
		}
	}
}

// Ensure that a reply whose 429 asks for longer than the update has left
// gives up at once, logged and counted, rather than waiting past its
// deadline; and so does the apology, which the pause holds too.
func TestReplyGivesUpWhenTheWaitOutlastsTheUpdate(t *testing.T) {
	e := newReplyEnv(t, func(int) *telegramtest.Reply { return telegramtest.RetryAfterReply(3600) })
	e.bot.HandleUpdate(context.Background(), textUpdate(1, e.api.User(e.user, "vi"), "/help"))
	if got := e.statuses(); len(got) != 1 || got[0] != 429 {
		t.Fatalf("sends to the chat answered %v, want one 429", got)
	}
	if v := counterValue(t, e.reg, "newsbot_replies_failed_total"); v != 2 {
		t.Fatalf("newsbot_replies_failed_total = %v, want 2 (the reply and the apology)", v)
	}
}
