package telegramtest

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Faults are transport and server failures that InjectFaults makes the
// server produce on sends (sendMessage, sendPhoto and the other send
// methods). Which sends fail is decided by Seed, the chat and how many
// sends that chat had before, not by arrival order: the same Seed fails the
// same tries of the same chats whatever the concurrency.
//
// A failed send is never handled: the chat receives nothing, so a client
// that retries delivers exactly once.
type Faults struct {
	Seed uint64
	// ServerErrors is the share of sends answered 500 "Internal Server
	// Error" or 502 "Bad Gateway".
	ServerErrors float64
	// Resets is the share of sends whose connection is closed without an
	// answer (the request was read, then the connection hijacked and
	// closed), which clients see as EOF or a connection reset.
	Resets float64
	// Delay holds the answer of a Slow share of sends (every send when Slow
	// is 0) for this long before handling it; a client that gives up first
	// (timeout, cancellation) gets no answer, and the send is not handled.
	Delay time.Duration
	Slow  float64
}

// FaultStats counts the faults injected so far.
type FaultStats struct {
	ServerErrors, Resets, Delayed, Abandoned int
}

// faults is the state behind InjectFaults.
type faults struct {
	mu    sync.Mutex
	f     *Faults
	tries map[int64]uint64
	stats FaultStats
}

// InjectFaults makes the server fail sends as f says, from now on, until the
// returned function is called.
func (s *Server) InjectFaults(f Faults) (remove func()) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.f = &f
	s.faults.tries = map[int64]uint64{}
	return func() {
		s.faults.mu.Lock()
		defer s.faults.mu.Unlock()
		s.faults.f = nil
	}
}

// FaultStats returns the counts of faults injected so far.
func (s *Server) FaultStats() FaultStats {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return s.faults.stats
}

// faultKind is what happens to one send.
type faultKind int

const (
	faultNone faultKind = iota
	faultServerError
	faultReset
)

// decide draws the fate of a send to chat.
func (fs *faults) decide(method string, params map[string]string) (kind faultKind, delay time.Duration, code int) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f := fs.f
	if f == nil || !isChatSend(method) {
		return faultNone, 0, 0
	}
	chat, _ := strconv.ParseInt(params["chat_id"], 10, 64)
	n := fs.tries[chat]
	fs.tries[chat]++
	u := unit(f.Seed, uint64(chat), n, 1)
	if f.Delay > 0 && (f.Slow == 0 || unit(f.Seed, uint64(chat), n, 2) < f.Slow) {
		delay = f.Delay
		fs.stats.Delayed++
	}
	switch {
	case u < f.Resets:
		fs.stats.Resets++
		return faultReset, delay, 0
	case u < f.Resets+f.ServerErrors:
		fs.stats.ServerErrors++
		code = http.StatusInternalServerError
		if unit(f.Seed, uint64(chat), n, 3) < 0.5 {
			code = http.StatusBadGateway
		}
		return faultServerError, delay, code
	}
	return faultNone, delay, 0
}

// unit returns a number in [0, 1) determined by its arguments (splitmix64).
func unit(seed, chat, n, salt uint64) float64 {
	x := seed ^ chat*0x9e3779b97f4a7c15 ^ n*0xbf58476d1ce4e5b9 ^ salt*0x94d049bb133111eb
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return float64(x>>11) / (1 << 53)
}

// applyFaults injects the fault decided for a send. It returns the reply to
// give instead of handling the send, or done when the request is over (the
// connection was reset, or the client left while the answer was delayed).
func (s *Server) applyFaults(w http.ResponseWriter, r *http.Request, method string, params map[string]string) (reply *Reply, done bool) {
	kind, delay, code := s.faults.decide(method, params)
	if delay > 0 {
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
		case <-s.done:
			return ErrorReply(http.StatusBadGateway, "Bad Gateway"), false
		}
		if r.Context().Err() != nil {
			s.countAbandoned()
			return nil, true
		}
	}
	switch kind {
	case faultReset:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return nil, true
			}
		}
		return ErrorReply(http.StatusBadGateway, "Bad Gateway"), false
	case faultServerError:
		return ErrorReply(code, http.StatusText(code)), false
	}
	return nil, false
}

func (s *Server) countAbandoned() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.stats.Abandoned++
}

// Migrate acts as if group oldID became supergroup newID: every send to
// oldID answers 400 "group chat was upgraded to a supergroup chat" with
// parameters.migrate_to_chat_id newID, and newID is registered as a
// supergroup. The returned function ends the migration answers.
func (s *Server) Migrate(oldID, newID int64) (undo func()) {
	s.AddChat(tgbotapi.Chat{ID: newID, Type: "supergroup", Title: "Supergroup " + strconv.FormatInt(newID, 10)})
	id := strconv.FormatInt(oldID, 10)
	return s.Intercept(func(method string, params map[string]string) *Reply {
		if (isChatSend(method) || isChatChange(method)) && params["chat_id"] == id {
			return MigrateReply(newID)
		}
		return nil
	})
}
