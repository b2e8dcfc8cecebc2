package telegramtest

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Reply is an answer that an interceptor gives instead of the normal
// handling of a call.
type Reply struct {
	// Status is the HTTP status; 0 means 200.
	Status int
	// Body is the response body. []byte and json.RawMessage are written
	// verbatim (so a test can send malformed JSON); any other non-nil value
	// is encoded as JSON. A nil Body becomes {"ok":true,"result":true} for
	// a 2xx Status and {"ok":false,"error_code":Status,"description":
	// <status text>} otherwise.
	Body any
}

// encode returns the reply's HTTP status and body.
func (r *Reply) encode() (int, []byte) {
	status := r.Status
	if status == 0 {
		status = http.StatusOK
	}
	switch b := r.Body.(type) {
	case []byte:
		return status, b
	case json.RawMessage:
		return status, b
	case nil:
		env := envelope{OK: true, Result: json.RawMessage("true")}
		if status >= 300 {
			env = envelope{ErrorCode: status, Description: http.StatusText(status)}
		}
		data, _ := json.Marshal(env)
		return status, data
	default:
		data, err := json.Marshal(b)
		if err != nil {
			data, _ = json.Marshal(envelope{ErrorCode: 500, Description: "telegramtest: can't encode reply: " + err.Error()})
			return http.StatusInternalServerError, data
		}
		return status, data
	}
}

// ErrorReply returns Telegram's error answer: HTTP status code with body
// {"ok":false,"error_code":code,"description":description}.
func ErrorReply(code int, description string) *Reply {
	return &Reply{Status: code, Body: envelope{ErrorCode: code, Description: description}}
}

// RetryAfterReply returns the 429 answer of Telegram's flood control, which
// asks the client to wait seconds before retrying.
func RetryAfterReply(seconds int) *Reply {
	return &Reply{Status: http.StatusTooManyRequests, Body: envelope{
		ErrorCode:   http.StatusTooManyRequests,
		Description: fmt.Sprintf("Too Many Requests: retry after %d", seconds),
		Parameters:  &tgbotapi.ResponseParameters{RetryAfter: seconds},
	}}
}

// MigrateReply returns the 400 answer Telegram gives for a group that became
// the supergroup newChatID.
func MigrateReply(newChatID int64) *Reply {
	return &Reply{Status: http.StatusBadRequest, Body: envelope{
		ErrorCode:   http.StatusBadRequest,
		Description: "Bad Request: group chat was upgraded to a supergroup chat",
		Parameters:  &tgbotapi.ResponseParameters{MigrateToChatID: newChatID},
	}}
}

// BlockedReply returns the 403 answer for a user who blocked the bot.
func BlockedReply() *Reply {
	return ErrorReply(http.StatusForbidden, "Forbidden: bot was blocked by the user")
}

// interceptor is a registered Intercept function.
type interceptor struct {
	id int
	f  func(method string, params map[string]string) *Reply
}

// Intercept registers f, which sees every call with a valid token before it
// is handled (method as Call.Method spells it, and a copy of the
// parameters). When f returns a non-nil Reply, that is the answer, and the
// call is recorded with Intercepted set; when it returns nil, the call goes
// on to the next interceptor, in registration order, and then to the normal
// handling. f runs on the server's goroutines, without the server's lock, so
// it may call the Server's methods. The returned function removes f.
func (s *Server) Intercept(f func(method string, params map[string]string) *Reply) (remove func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextHookID++
	id := s.nextHookID
	s.interceptors = append(s.interceptors, interceptor{id: id, f: f})
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		for i, ic := range s.interceptors {
			if ic.id == id {
				s.interceptors = append(s.interceptors[:i:i], s.interceptors[i+1:]...)
				return
			}
		}
	}
}

// intercept runs the interceptors and returns the first non-nil reply.
func (s *Server) intercept(method string, params map[string]string) *Reply {
	s.mu.Lock()
	hooks := append([]interceptor(nil), s.interceptors...)
	s.mu.Unlock()
	for _, h := range hooks {
		if r := h.f(method, maps.Clone(params)); r != nil {
			return r
		}
	}
	return nil
}

// isChatSend reports whether method sends something to a chat, which fails
// once the user has blocked the bot.
func isChatSend(method string) bool {
	switch method {
	case "sendMessage", "sendPhoto", "sendDocument", "sendChatAction",
		"sendAudio", "sendVideo", "sendAnimation", "sendVoice", "sendVideoNote",
		"sendMediaGroup", "sendLocation", "sendVenue", "sendContact", "sendPoll",
		"sendDice", "sendSticker", "copyMessage", "forwardMessage":
		return true
	}
	return false
}

// Blocked acts as if the user of private chat chatID blocked the bot: every
// send to that chat (sendMessage, sendPhoto, sendDocument, sendChatAction and
// the other send methods), and every edit or deletion of a message in it,
// answers 403 "Forbidden: bot was blocked by the
// user". The returned function unblocks the chat.
func (s *Server) Blocked(chatID int64) (unblock func()) {
	id := strconv.FormatInt(chatID, 10)
	return s.Intercept(func(method string, params map[string]string) *Reply {
		if (isChatSend(method) || isChatChange(method)) && params["chat_id"] == id {
			return BlockedReply()
		}
		return nil
	})
}
