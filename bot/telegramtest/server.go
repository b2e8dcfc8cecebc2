// Package telegramtest is a fake Telegram Bot API server for tests, and the
// emulator `newsbot demo` runs the real bot against (NewServer).
//
// A Server listens on a loopback port (net/http/httptest) and speaks the Bot
// API's wire format: requests are POSTs (or GETs) to <URL>/bot<token>/<method>
// with parameters in the query string, an application/x-www-form-urlencoded,
// multipart/form-data or application/json body, and answers are Telegram's
// JSON envelopes, {"ok":true,"result":...} or {"ok":false,"error_code":N,
// "description":"..."} with the matching HTTP status.
//
// Tests inject updates (AddUpdate, SendText, PressButton, InlineQuery), which
// the bot fetches with getUpdates exactly as from Telegram (long polling,
// offsets that confirm, re-delivery of unconfirmed updates), and inspect what
// the bot called (Calls, Sent, Messages, WaitCalls). Methods are validated
// where Telegram's checks are cheap to copy (message length, HTML markup,
// callback data size), and Intercept and Blocked inject faults;
// EnforceLimits applies Telegram's flood limits, InjectFaults fails a share
// of sends (5xx, broken connections, slow answers) and Migrate upgrades a
// group. setWebhook, deleteWebhook and
// getWebhookInfo keep a webhook setting; while one is set getUpdates fails
// with 409 Conflict, as on Telegram, and Webhook tells a test the URL and
// secret_token the bot registered, so it can deliver updates itself
// (Webhook). deleteMessage, deleteMessages and editMessageCaption answer
// Telegram's refusals, including the 48-hour window for deletions, judged
// by the clock SetNow sets. sendDocument and sendMediaGroup
// take documents as multipart uploads, file_ids or URLs (which the server
// fetches, 20 MB at most); an upload gets a file_id later sends may use,
// DocumentCounts tells uploads from sends by file_id, and uploads over 50
// MB are answered 413.
//
// All methods of Server are safe for concurrent use.
//
// Outside its tests it imports the telegram-bot-api types and the standard
// library only; it must not import bot, store or content: it knows
// Telegram, not newsbot.
package telegramtest

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// BotID is the user ID of the fake bot itself, as getMe reports it.
const BotID int64 = 1000

// Server is a fake Telegram Bot API server. Create one with New (tests) or
// NewServer.
type Server struct {
	token string
	http  *httptest.Server
	bot   tgbotapi.User

	// done is closed when the server starts closing; it unblocks long polls.
	done      chan struct{}
	closeOnce sync.Once

	// mu guards every field below.
	mu sync.Mutex
	// changed is closed and replaced whenever the state below changes, to
	// wake everyone waiting for a condition on it.
	changed chan struct{}
	closed  bool

	calls        []Call
	interceptors []interceptor
	nextHookID   int

	updates  updateQueue
	polls    int
	pollSeq  int
	chats    map[int64]tgbotapi.Chat
	lastMsg  map[int64]int
	messages map[int64]map[int]storedMessage
	queries  map[string]bool
	commands map[string][]tgbotapi.BotCommand
	nextID   int
	// files are the files the server has a file_id for (sendDocument),
	// docs how the accepted documents were given.
	files   map[string]storedFile
	docs    DocumentCounts
	webhook webhookState
	// now is the clock messages are dated by (SetNow); nil: time.Now.
	now func() time.Time

	// limits and faults have their own locks (limiter, faults).
	limits limiter
	faults faults
}

// New starts a fake Bot API server that accepts token and registers a
// t.Cleanup that closes it. It fails the test when the server cannot start.
func New(t testing.TB, token string) *Server {
	t.Helper()
	s, err := NewServer(token)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// NewServer starts a fake Bot API server that accepts token, listening on a
// free loopback port. It is the emulator tests use through New, and the one
// `newsbot demo` runs in-process so the real bot can be tried without
// Telegram; it is not meant to stand in for Telegram anywhere else (it keeps
// every call and message in memory). The caller must Close it. It fails only
// when no loopback port can be opened.
func NewServer(token string) (*Server, error) {
	s := &Server{
		token: token,
		bot: tgbotapi.User{
			ID:                    BotID,
			IsBot:                 true,
			FirstName:             "Newsbot",
			UserName:              "newsbot_test_bot",
			CanJoinGroups:         true,
			SupportsInlineQueries: true,
		},
		done:     make(chan struct{}),
		changed:  make(chan struct{}),
		updates:  updateQueue{next: 1},
		chats:    make(map[int64]tgbotapi.Chat),
		lastMsg:  make(map[int64]int),
		messages: make(map[int64]map[int]storedMessage),
		queries:  make(map[string]bool),
		commands: make(map[string][]tgbotapi.BotCommand),
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("telegramtest: listen on a loopback port: %w", err)
	}
	s.http = &httptest.Server{Listener: l, Config: &http.Server{Handler: http.HandlerFunc(s.serveHTTP)}}
	s.http.Start()
	return s, nil
}

// URL returns the API base URL, such as http://127.0.0.1:PORT; the bot calls
// URL()+"/bot"+token+"/"+method. For tgbotapi's endpoint format use
// URL()+"/bot%s/%s".
func (s *Server) URL() string { return s.http.URL }

// Token returns the token the server accepts.
func (s *Server) Token() string { return s.token }

// Bot returns the bot's own user, as getMe reports it.
func (s *Server) Bot() tgbotapi.User { return s.bot }

// Close answers pending long polls with no updates and shuts the server down,
// waiting for requests in progress. It is safe to call more than once; New
// registers it with t.Cleanup, NewServer's caller calls it.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		close(s.done)
		s.notifyLocked()
		s.mu.Unlock()
		s.http.Close()
	})
}

// notifyLocked wakes every waiter. The caller holds s.mu.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// request is one parsed API call as handlers see it.
type request struct {
	r      *http.Request
	method string
	params map[string]string
	files  map[string]File
}

// handlerFunc handles one method; it returns the reply to send.
type handlerFunc func(s *Server, req *request) *Reply

// serveHTTP routes /bot<token>/<method> requests.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	at := time.Now()
	token, method, ok := splitPath(r.URL.Path)
	if !ok {
		writeReply(w, ErrorReply(http.StatusNotFound, "Not Found"))
		return
	}
	name, handle := lookupMethod(method)
	params, files, perr := parseParams(w, r)
	call := Call{Method: name, Params: params, Files: files, At: at}
	var reply *Reply
	switch {
	case token != s.token:
		reply = ErrorReply(http.StatusUnauthorized, "Unauthorized")
	case perr == errTooLarge:
		reply = ErrorReply(http.StatusRequestEntityTooLarge, perr.Error())
	case perr != nil:
		reply = badRequest(perr.Error())
	default:
		if reply = s.intercept(name, params); reply != nil {
			call.Intercepted = true
			break
		}
		var done bool
		if reply, done = s.applyFaults(w, r, name, params); done {
			return
		}
		if reply == nil && handle != nil {
			reply = s.checkLimits(name, params)
		}
		call.Intercepted = reply != nil
	}
	if reply == nil && handle == nil {
		reply = ErrorReply(http.StatusNotFound, "Not Found")
	}
	if reply == nil && name == "getUpdates" {
		// A long poll may block: record it on arrival, so tests can see
		// the bot is polling, and fill in the outcome when it ends.
		idx := s.record(call)
		reply = handle(s, &request{r: r, method: name, params: params, files: files})
		status, body := reply.encode()
		s.finish(idx, status, body)
		writeBody(w, status, body)
		return
	}
	lean := false
	if reply == nil {
		reply = s.leanReply(name, params, files)
		lean = reply != nil
	}
	if reply == nil {
		reply = handle(s, &request{r: r, method: name, params: params, files: files})
	}
	status, body := reply.encode()
	call.Status, call.Error = status, describe(status, body)
	s.tally(name, params, status, at)
	if !lean {
		s.record(call)
	}
	writeBody(w, status, body)
}

// splitPath splits /bot<token>/<method> into its parts.
func splitPath(path string) (token, method string, ok bool) {
	rest, ok := strings.CutPrefix(path, "/bot")
	if !ok {
		return "", "", false
	}
	i := strings.LastIndexByte(rest, '/')
	if i < 0 || i == len(rest)-1 {
		return "", "", false
	}
	return rest[:i], rest[i+1:], true
}

// envelope is Telegram's response object.
type envelope struct {
	OK          bool                         `json:"ok"`
	Result      json.RawMessage              `json:"result,omitempty"`
	ErrorCode   int                          `json:"error_code,omitempty"`
	Description string                       `json:"description,omitempty"`
	Parameters  *tgbotapi.ResponseParameters `json:"parameters,omitempty"`
}

// okReply returns a successful reply whose result is v encoded as JSON
// without null members, as Telegram never sends them.
func okReply(v any) *Reply {
	return &Reply{Status: http.StatusOK, Body: envelope{OK: true, Result: compactJSON(v)}}
}

// badRequest returns a 400 reply with Telegram's "Bad Request: " prefix.
func badRequest(msg string) *Reply {
	return ErrorReply(http.StatusBadRequest, "Bad Request: "+msg)
}

// writeReply encodes reply and writes it.
func writeReply(w http.ResponseWriter, reply *Reply) {
	status, body := reply.encode()
	writeBody(w, status, body)
}

// writeBody writes a JSON body with status.
func writeBody(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// describe returns the description of an error body, or "" for a success.
func describe(status int, body []byte) string {
	var env struct {
		OK          bool   `json:"ok"`
		Description string `json:"description"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		if status >= 300 {
			return http.StatusText(status)
		}
		return ""
	}
	if env.OK && status < 300 {
		return ""
	}
	if env.Description == "" {
		return http.StatusText(status)
	}
	return env.Description
}
