package bot

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// maxArgsRunes caps what a handler sees of a command's arguments; more is
// cut, so a 10 000-character command costs nothing.
const maxArgsRunes = 1000

// Request is one update as handlers see it: who sent it, from which chat, in
// which language, and, for commands, the command and its arguments.
type Request struct {
	Update tgbotapi.Update
	ChatID int64
	// ChatType is "private", "group", "supergroup" or "channel".
	ChatType string
	User     *tgbotapi.User
	Lang     Lang
	// Command is the command without "/" and "@botname", lower case; "" when
	// the update is not a command.
	Command string
	// Args is the text after the command, trimmed and capped.
	Args string
	// Callback is the callback query's data, for button presses.
	Callback string
	// dropped is set by the rate limit: the update had no effect and is
	// not counted as a visit.
	dropped bool
}

// HandlerFunc handles one request. A returned error is logged and the person
// gets the catalogue's apology; handlers reply themselves on success.
type HandlerFunc func(ctx context.Context, r *Request) error

// Middleware wraps a handler with behaviour shared by many handlers.
type Middleware func(HandlerFunc) HandlerFunc

// Router dispatches requests by command, or by callback data prefix, to
// handlers registered at start. It is not safe to register handlers while
// routing; routing itself is safe for concurrent use.
type Router struct {
	botName    string
	commands   map[string]HandlerFunc
	callbacks  map[string]HandlerFunc
	unknown    HandlerFunc
	text       HandlerFunc
	inline     HandlerFunc
	stale      HandlerFunc
	middleware []Middleware
}

// NewRouter returns a router for the bot named botName (its username, used
// to accept "/cmd@botName" and ignore commands for other bots).
func NewRouter(botName string) *Router {
	return &Router{botName: botName, commands: map[string]HandlerFunc{}, callbacks: map[string]HandlerFunc{}}
}

// Use appends middleware; the first added runs outermost.
func (rt *Router) Use(m ...Middleware) { rt.middleware = append(rt.middleware, m...) }

// Command registers h for /name.
func (rt *Router) Command(name string, h HandlerFunc) { rt.commands[name] = h }

// Callback registers h for button presses whose data starts with prefix+":".
// It panics when prefix is registered already: the presses of the first
// handler's buttons would silently reach the second.
func (rt *Router) Callback(prefix string, h HandlerFunc) {
	if _, dup := rt.callbacks[prefix]; dup {
		panic("bot: callback prefix " + strconv.Quote(prefix) + " registered twice")
	}
	rt.callbacks[prefix] = h
}

// Unknown registers the handler for commands nobody registered.
func (rt *Router) Unknown(h HandlerFunc) { rt.unknown = h }

// Text registers the handler for messages that are not commands.
func (rt *Router) Text(h HandlerFunc) { rt.text = h }

// StaleCallback registers the handler for button presses no handler claims
// (old buttons, forged data).
func (rt *Router) StaleCallback(h HandlerFunc) { rt.stale = h }

// Inline registers the handler for inline queries ("@bot words" in any chat).
func (rt *Router) Inline(h HandlerFunc) { rt.inline = h }

// Handler returns the router as one handler, wrapped in its middleware.
func (rt *Router) Handler() HandlerFunc {
	h := rt.route
	for i := len(rt.middleware) - 1; i >= 0; i-- {
		h = rt.middleware[i](h)
	}
	return h
}

func (rt *Router) route(ctx context.Context, r *Request) error {
	var h HandlerFunc
	switch {
	case r.Command != "":
		h = rt.commands[r.Command]
		if h == nil {
			h = rt.unknown
		}
	case r.Callback != "" || r.Update.CallbackQuery != nil:
		prefix, _, _ := strings.Cut(r.Callback, ":")
		h = rt.callbacks[prefix]
		if h == nil {
			h = rt.stale
		}
	case r.Update.Message != nil:
		h = rt.text
	case r.Update.InlineQuery != nil:
		h = rt.inline
	}
	if h == nil {
		return nil
	}
	return h(ctx, r)
}

// NewRequest extracts a Request from u. It returns false for updates the bot
// ignores: those without a chat, and commands addressed to another bot. It
// reads only fields it has checked are there, so any update Telegram sends
// is safe; a request it returns for a message has the message's chat.
func (rt *Router) NewRequest(u tgbotapi.Update) (*Request, bool) {
	r := &Request{Update: u}
	switch {
	case u.Message != nil:
		m := u.Message
		if m.Chat == nil {
			return nil, false
		}
		r.ChatID, r.ChatType, r.User = m.Chat.ID, m.Chat.Type, m.From
		if !rt.parseCommand(r, messageText(m)) {
			return nil, false
		}
	case u.CallbackQuery != nil:
		q := u.CallbackQuery
		r.User, r.Callback = q.From, q.Data
		if q.Message != nil && q.Message.Chat != nil {
			r.ChatID, r.ChatType = q.Message.Chat.ID, q.Message.Chat.Type
		}
	case u.InlineQuery != nil:
		r.User = u.InlineQuery.From
	default:
		return nil, false
	}
	if r.User != nil {
		r.Lang = LangFor(r.User.LanguageCode)
	} else {
		r.Lang = Vietnamese
	}
	return r, true
}

// messageText is a message's text, or the caption of a document or photo
// sent without text, where Telegram marks commands too ("/post" sent with
// a PDF).
func messageText(m *tgbotapi.Message) string {
	if m.Text == "" && (m.Document != nil || len(m.Photo) > 0) {
		return m.Caption
	}
	return m.Text
}

// parseCommand fills Command and Args from text; it reports false when the
// command is addressed to another bot.
func (rt *Router) parseCommand(r *Request, text string) bool {
	if !strings.HasPrefix(text, "/") {
		return true
	}
	head, args, _ := strings.Cut(text[1:], " ")
	if i := strings.IndexAny(head, "\n\t"); i >= 0 {
		head, args = head[:i], head[i+1:]+" "+args
	}
	name, target, addressed := strings.Cut(head, "@")
	if addressed && !strings.EqualFold(target, rt.botName) {
		return false
	}
	if name == "" || !utf8.ValidString(name) || len(name) > 64 {
		name = "?"
	}
	r.Command = strings.ToLower(name)
	r.Args = capRunes(strings.TrimSpace(args), maxArgsRunes)
	return true
}

// capRunes keeps at most n runes of s, replacing invalid UTF-8.
func capRunes(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
