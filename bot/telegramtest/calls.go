package telegramtest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

// Call is one request the server received.
//
// Calls are recorded when their answer is decided, just before it is
// written, so a call the bot has seen answered is always in Calls. The
// exception is getUpdates, which may block: it is recorded on arrival with
// Status 0, and Status and Error are filled in when the poll ends.
type Call struct {
	// Method is the Bot API method, spelled as Telegram documents it
	// ("sendMessage") whatever case the client used.
	Method string
	// Params holds the request's parameters. Values that are JSON objects
	// or arrays, such as reply_markup, are kept as their raw JSON text.
	Params map[string]string
	// Files holds the files uploaded with multipart/form-data, by field.
	Files map[string]File
	// At is when the request arrived.
	At time.Time
	// Status is the HTTP status of the answer (0 while a poll is pending).
	Status int
	// Error is the answer's description when the call failed.
	Error string
	// Intercepted reports that a function registered with Intercept (or
	// Blocked) produced the answer instead of the normal handling.
	Intercepted bool
}

// String formats the call for failure messages.
func (c Call) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", c.At.Format("15:04:05.000"), c.Method)
	for _, k := range slices.Sorted(maps.Keys(c.Params)) {
		fmt.Fprintf(&b, " %s=%q", k, c.Params[k])
	}
	for _, k := range slices.Sorted(maps.Keys(c.Files)) {
		f := c.Files[k]
		fmt.Fprintf(&b, " %s=<file %q, %d bytes>", k, f.FileName, len(f.Data))
	}
	switch {
	case c.Status == 0:
		b.WriteString(" -> pending")
	case c.Error != "":
		fmt.Fprintf(&b, " -> %d %s", c.Status, c.Error)
	default:
		fmt.Fprintf(&b, " -> %d", c.Status)
	}
	if c.Intercepted {
		b.WriteString(" (intercepted)")
	}
	return b.String()
}

// clone returns a copy of c that shares no maps with it.
func (c Call) clone() Call {
	c.Params = maps.Clone(c.Params)
	c.Files = maps.Clone(c.Files)
	return c
}

// record appends a call and returns its index.
func (s *Server) record(c Call) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	s.notifyLocked()
	return len(s.calls) - 1
}

// finish sets the outcome of the call at idx.
func (s *Server) finish(idx, status int, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[idx].Status = status
	s.calls[idx].Error = describe(status, body)
	s.notifyLocked()
}

// Calls returns a copy of every call received so far, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callsLocked()
}

// callsLocked copies the calls. The caller holds s.mu.
func (s *Server) callsLocked() []Call {
	out := make([]Call, len(s.calls))
	for i, c := range s.calls {
		out[i] = c.clone()
	}
	return out
}

// isMessageSend reports whether method produces a message in a chat.
func isMessageSend(method string) bool {
	switch method {
	case "sendMessage", "sendPhoto", "sendDocument", "sendMediaGroup":
		return true
	}
	return false
}

// Sent returns the message-producing calls (sendMessage, sendPhoto,
// sendDocument, sendMediaGroup) whose chat_id is chatID (in decimal; sends to "@username"
// are not matched), in order. Failed attempts are included: check
// Call.Status, or use Messages for what the chat now shows.
func (s *Server) Sent(chatID int64) []Call {
	return SentTo(s.Calls(), chatID)
}

// SentTo filters calls like Sent does; it is handy inside WaitCalls
// conditions.
func SentTo(calls []Call, chatID int64) []Call {
	id := fmt.Sprint(chatID)
	var out []Call
	for _, c := range calls {
		if isMessageSend(c.Method) && c.Params["chat_id"] == id {
			out = append(out, c)
		}
	}
	return out
}

// WaitCalls blocks until cond holds over all calls received so far and
// returns them. cond is called at once and again after every change to the
// server's state (a new or finished call, a new update, a poll), without the
// server's lock, so it may call the Server's methods. On
// timeout, or when the server closed without cond holding, it fails the test
// with a listing of the calls. Like t.Fatal, it must be called from the
// test's goroutine.
func (s *Server) WaitCalls(t testing.TB, timeout time.Duration, cond func([]Call) bool) []Call {
	t.Helper()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		calls := s.callsLocked()
		changed, closed := s.changed, s.closed
		s.mu.Unlock()
		if cond(calls) {
			return calls
		}
		if closed {
			t.Fatalf("telegramtest: condition not met and the server is closed; calls:\n%s", listCalls(calls))
			return calls
		}
		select {
		case <-changed:
		case <-timer.C:
			if calls = s.Calls(); cond(calls) {
				return calls
			}
			t.Fatalf("telegramtest: condition not met within %v; calls:\n%s", timeout, listCalls(calls))
			return calls
		}
	}
}

// listCalls formats calls one per line.
func listCalls(calls []Call) string {
	if len(calls) == 0 {
		return "\t(none)"
	}
	lines := make([]string, len(calls))
	for i, c := range calls {
		lines[i] = fmt.Sprintf("\t%d. %s", i+1, c)
	}
	return strings.Join(lines, "\n")
}
