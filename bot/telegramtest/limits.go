package telegramtest

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Limits are Telegram's flood limits on sends, which EnforceLimits makes the
// server apply. A zero count turns that limit off; a zero window means the
// default one. Counts are of sends the server accepted, by arrival time, in
// every sliding window: a send that would make n+1 in the last window is
// answered 429 "Too Many Requests: retry after N" with parameters.retry_after
// N, the whole seconds until it would have been accepted (at least 1).
type Limits struct {
	// Global sends to all chats together per GlobalWindow (default 1s).
	// Telegram: about 30 a second.
	Global       int
	GlobalWindow time.Duration
	// PerChat sends to one chat per ChatWindow (default 1s). Telegram: 1.
	PerChat    int
	ChatWindow time.Duration
	// PerGroup sends to one group or supergroup (a negative chat ID) per
	// GroupWindow (default 1 minute). Telegram: 20.
	PerGroup    int
	GroupWindow time.Duration
	// Now is the clock the limits are counted by; default time.Now.
	Now func() time.Time
	// Edits of a chat's messages count under the same limits as sends, as
	// Telegram counts them. Changes counts deletions too (deleteMessage,
	// deleteMessages), as a bot that retracts from thousands of chats
	// meets them.
	Changes bool
}

// TelegramLimits are the limits Telegram documents: 30 messages a second,
// one a second per chat, 20 a minute per group.
func TelegramLimits() Limits { return Limits{Global: 30, PerChat: 1, PerGroup: 20} }

// TooMany is one 429 answer the server gave under EnforceLimits.
type TooMany struct {
	At     time.Time
	ChatID int64
	// Limit is "global", "chat" or "group".
	Limit      string
	RetryAfter int
}

// Delivery is one message the server accepted (sendMessage, sendPhoto or
// sendDocument answered 200; each document of a sendMediaGroup).
type Delivery struct {
	ChatID int64
	Method string
	At     time.Time
	// Silent reports disable_notification=true.
	Silent bool
}

// limiter is the state behind EnforceLimits and the delivery tally. It has
// its own lock, so that busy tests do not contend on the server's.
type limiter struct {
	mu      sync.Mutex
	on      bool
	l       Limits
	global  []time.Time
	chats   map[int64][]time.Time
	groups  map[int64][]time.Time
	sweepAt time.Time
	tooMany []TooMany

	delivered []Delivery
	perChat   map[int64]int
	// changed is closed and replaced at each accepted message.
	changed chan struct{}
	// lean is set by SetLean; nextID numbers its messages.
	lean   bool
	nextID int
}

// EnforceLimits makes the server answer sends (sendMessage, sendPhoto and
// the other send methods) and edits of a chat's messages (editMessageText
// and the other edits, as Telegram counts them too) over l with 429, from
// now on; the zero Limits stops enforcing. Sends answered by an interceptor (Blocked, Intercept,
// Migrate) or a fault are not counted.
func (s *Server) EnforceLimits(l Limits) {
	if l.GlobalWindow <= 0 {
		l.GlobalWindow = time.Second
	}
	if l.ChatWindow <= 0 {
		l.ChatWindow = time.Second
	}
	if l.GroupWindow <= 0 {
		l.GroupWindow = time.Minute
	}
	if l.Now == nil {
		l.Now = time.Now
	}
	lim := &s.limits
	lim.mu.Lock()
	defer lim.mu.Unlock()
	lim.on = l.Global > 0 || l.PerChat > 0 || l.PerGroup > 0
	lim.l = l
	lim.global, lim.chats, lim.groups = nil, map[int64][]time.Time{}, map[int64][]time.Time{}
}

// TooManyAnswers returns the 429 answers EnforceLimits gave, in order.
func (s *Server) TooManyAnswers() []TooMany {
	s.limits.mu.Lock()
	defer s.limits.mu.Unlock()
	return append([]TooMany(nil), s.limits.tooMany...)
}

// Deliveries returns every message the server accepted, in order.
func (s *Server) Deliveries() []Delivery {
	s.limits.mu.Lock()
	defer s.limits.mu.Unlock()
	return append([]Delivery(nil), s.limits.delivered...)
}

// DeliveredTo returns how many messages chatID accepted.
func (s *Server) DeliveredTo(chatID int64) int {
	s.limits.mu.Lock()
	defer s.limits.mu.Unlock()
	return s.limits.perChat[chatID]
}

// DeliveredCount returns how many messages the server accepted in all.
func (s *Server) DeliveredCount() int {
	s.limits.mu.Lock()
	defer s.limits.mu.Unlock()
	return len(s.limits.delivered)
}

// WaitDelivered blocks until the server has accepted at least n messages,
// or ctx ends (its error is returned), or the server closes. It may be
// called from any goroutine.
func (s *Server) WaitDelivered(ctx context.Context, n int) error {
	lim := &s.limits
	for {
		lim.mu.Lock()
		if lim.changed == nil {
			lim.changed = make(chan struct{})
		}
		got, changed := len(lim.delivered), lim.changed
		lim.mu.Unlock()
		if got >= n {
			return nil
		}
		select {
		case <-changed:
		case <-s.done:
			return http.ErrServerClosed
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// SetLean makes the server, when on, answer accepted message sends
// (sendMessage, sendPhoto, sendDocument) with a minimal message, without
// keeping the message or the call: Calls, Sent and Messages do not see them;
// Deliveries, DeliveredTo and WaitDelivered do. Interceptors, limits and
// faults still apply, and a send with an invalid reply_markup (such as
// callback_data over 64 bytes) is refused and recorded as usual. It is for throughput benchmarks, where the server's
// own bookkeeping (a deep copy and a JSON round trip of every message,
// under one lock) would otherwise cost more than the client being measured.
func (s *Server) SetLean(on bool) {
	s.limits.mu.Lock()
	defer s.limits.mu.Unlock()
	s.limits.lean = on
}

// leanReply returns the answer to an accepted send in lean mode, or nil when
// the server is not lean, method does not send a message, or the send's
// reply_markup is invalid (the normal handling then refuses it, as Telegram
// does, and records the call).
func (s *Server) leanReply(method string, params map[string]string, files map[string]File) *Reply {
	if !isMessageSend(method) {
		return nil
	}
	chat, err := strconv.ParseInt(params["chat_id"], 10, 64)
	if err != nil {
		return nil
	}
	lim := &s.limits
	lim.mu.Lock()
	lean := lim.lean
	lim.nextID++
	id := lim.nextID
	lim.mu.Unlock()
	if !lean {
		return nil
	}
	if _, r := checkReplyMarkup(params["reply_markup"]); r != nil {
		return nil
	}
	if method == "sendDocument" || method == "sendMediaGroup" {
		first := true
		return s.leanDocuments(method, params, files, func() int {
			if first {
				first = false
				return id
			}
			lim.mu.Lock()
			defer lim.mu.Unlock()
			lim.nextID++
			return lim.nextID
		})
	}
	body := `{"ok":true,"result":{"message_id":` + strconv.Itoa(id) + `,"date":` + strconv.FormatInt(time.Now().Unix(), 10) +
		`,"chat":{"id":` + strconv.FormatInt(chat, 10) + `,"type":"private"}}}`
	return &Reply{Status: http.StatusOK, Body: []byte(body)}
}

// checkLimits decides whether a send to chat may go now under the enforced
// limits; it counts it when it may, and returns the 429 reply when not.
func (s *Server) checkLimits(method string, params map[string]string) *Reply {
	lim := &s.limits
	lim.mu.Lock()
	defer lim.mu.Unlock()
	if !lim.on || !(isChatSend(method) || isChatEdit(method, params) || lim.l.Changes && isChatChange(method)) {
		return nil
	}
	now := lim.l.Now()
	chat, _ := strconv.ParseInt(params["chat_id"], 10, 64)
	lim.sweepLocked(now)
	l := lim.l
	chatTimes, groupTimes := lim.chats[chat], lim.groups[chat]
	type check struct {
		name   string
		times  *[]time.Time
		n      int
		window time.Duration
	}
	checks := []check{{"global", &lim.global, l.Global, l.GlobalWindow}, {"chat", &chatTimes, l.PerChat, l.ChatWindow}}
	if chat < 0 {
		checks = append(checks, check{"group", &groupTimes, l.PerGroup, l.GroupWindow})
	}
	// An album counts as its messages against the global and group
	// limits, and as one against the chat's (so that one fits at all).
	weight := 1
	if method == "sendMediaGroup" {
		weight = max(mediaGroupSize(params["media"]), 1)
	}
	for _, c := range checks {
		if c.n <= 0 {
			continue
		}
		*c.times = inWindow(*c.times, now, c.window)
		w := weight
		if c.name == "chat" {
			w = 1
		}
		if len(*c.times)+w > c.n && len(*c.times) > 0 {
			oldest := (*c.times)[len(*c.times)-c.n]
			wait := oldest.Add(c.window).Sub(now)
			secs := max(int((wait+time.Second-1)/time.Second), 1)
			lim.tooMany = append(lim.tooMany, TooMany{At: now, ChatID: chat, Limit: c.name, RetryAfter: secs})
			return RetryAfterReply(secs)
		}
	}
	for _, c := range checks {
		if c.n <= 0 {
			continue
		}
		for range weight {
			*c.times = append(*c.times, now)
			if c.name == "chat" {
				break
			}
		}
	}
	if l.PerChat > 0 {
		lim.chats[chat] = chatTimes
	}
	if chat < 0 && l.PerGroup > 0 {
		lim.groups[chat] = groupTimes
	}
	return nil
}

// isChatEdit reports whether method edits a message in a chat (not one sent
// in inline mode, which has no chat_id).
func isChatEdit(method string, params map[string]string) bool {
	switch method {
	case "editMessageText", "editMessageCaption", "editMessageMedia", "editMessageReplyMarkup":
		return params["chat_id"] != ""
	}
	return false
}

// inWindow drops the times not after now-window; times is in order.
func inWindow(times []time.Time, now time.Time, window time.Duration) []time.Time {
	from := now.Add(-window)
	i := 0
	for i < len(times) && !times[i].After(from) {
		i++
	}
	return times[i:]
}

// sweepLocked drops chats with nothing in their window, every few seconds.
// The caller holds lim.mu.
func (lim *limiter) sweepLocked(now time.Time) {
	if now.Before(lim.sweepAt) {
		return
	}
	lim.sweepAt = now.Add(time.Second)
	for id, ts := range lim.chats {
		if len(inWindow(ts, now, lim.l.ChatWindow)) == 0 {
			delete(lim.chats, id)
		}
	}
	for id, ts := range lim.groups {
		if len(inWindow(ts, now, lim.l.GroupWindow)) == 0 {
			delete(lim.groups, id)
		}
	}
}

// tally records an accepted message.
func (s *Server) tally(method string, params map[string]string, status int, at time.Time) {
	if status != http.StatusOK || !isMessageSend(method) {
		return
	}
	chat, err := strconv.ParseInt(params["chat_id"], 10, 64)
	if err != nil {
		return
	}
	lim := &s.limits
	lim.mu.Lock()
	defer lim.mu.Unlock()
	if lim.perChat == nil {
		lim.perChat = map[int64]int{}
	}
	silent, _ := strconv.ParseBool(params["disable_notification"])
	n := 1
	if method == "sendMediaGroup" {
		n = max(mediaGroupSize(params["media"]), 1) // an album is its messages
	}
	for range n {
		lim.perChat[chat]++
		lim.delivered = append(lim.delivered, Delivery{ChatID: chat, Method: method, At: at, Silent: silent})
	}
	if lim.changed != nil {
		close(lim.changed)
		lim.changed = nil
	}
}
