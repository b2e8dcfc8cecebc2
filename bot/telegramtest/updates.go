package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// maxLimit is the most updates one getUpdates returns, and its default.
const maxLimit = 100

// defaultExcluded reports whether Telegram leaves updates of type kind out
// unless allowed_updates names them.
func defaultExcluded(kind string) bool {
	switch kind {
	case "chat_member", "message_reaction", "message_reaction_count":
		return true
	}
	return false
}

// queuedUpdate is an update not yet confirmed.
type queuedUpdate struct {
	id   int
	kind string
	data json.RawMessage
}

// updateQueue holds the updates the bot has not confirmed. The Server's
// mutex guards it.
type updateQueue struct {
	// next is the ID of the next update.
	next int
	// pending holds unconfirmed updates by increasing ID.
	pending []queuedUpdate
	// confirmed is the highest offset any getUpdates sent: updates below
	// it are confirmed and gone.
	confirmed int
	// allowed is the allowed_updates setting; nil means Telegram's default.
	allowed map[string]bool
}

// add queues an update and returns its ID.
func (q *updateQueue) add(kind string, encode func(id int) json.RawMessage) int {
	id := q.next
	q.next++
	q.pending = append(q.pending, queuedUpdate{id: id, kind: kind, data: encode(id)})
	return id
}

// confirm applies a getUpdates offset: a positive offset confirms (forgets)
// every update below it; a negative one keeps only the last -offset updates.
func (q *updateQueue) confirm(offset int) {
	switch {
	case offset > 0:
		i := 0
		for i < len(q.pending) && q.pending[i].id < offset {
			i++
		}
		q.pending = q.pending[i:]
		q.confirmed = max(q.confirmed, offset)
		// Update IDs only grow, even past an offset the bot made up.
		q.next = max(q.next, offset)
	case offset < 0:
		if keep := -offset; len(q.pending) > keep {
			q.pending = q.pending[len(q.pending)-keep:]
		}
		first := q.next
		if len(q.pending) > 0 {
			first = q.pending[0].id
		}
		q.confirmed = max(q.confirmed, first)
	}
}

// isAllowed reports whether the allowed_updates setting lets kind through.
func (q *updateQueue) isAllowed(kind string) bool {
	if q.allowed == nil {
		return !defaultExcluded(kind)
	}
	return q.allowed[kind]
}

// take returns up to limit pending updates as a JSON array, dropping the
// pending updates of types the bot did not ask for, as Telegram does. It
// returns nil when there is none.
func (q *updateQueue) take(limit int) json.RawMessage {
	var parts [][]byte
	kept := q.pending[:0]
	for _, u := range q.pending {
		if !q.isAllowed(u.kind) {
			continue
		}
		kept = append(kept, u)
		if len(parts) < limit {
			parts = append(parts, u.data)
		}
	}
	clear(q.pending[len(kept):])
	q.pending = kept
	if len(parts) == 0 {
		return nil
	}
	out := []byte{'['}
	for i, p := range parts {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, p...)
	}
	return append(out, ']')
}

// AddUpdate queues u for getUpdates and returns the update_id it was given;
// IDs start at 1 and increase by one. Any UpdateID in u is replaced. A
// Message, EditedMessage, ChannelPost or EditedChannelPost in u is also
// stored in its chat (so the bot can edit or reply to it), and a Message or
// ChannelPost with MessageID 0 gets the chat's next message ID (and the
// current Date when it has none).
func (s *Server) AddUpdate(u tgbotapi.Update) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addUpdateLocked(u)
}

// addUpdateLocked is AddUpdate; the caller holds s.mu.
func (s *Server) addUpdateLocked(u tgbotapi.Update) int {
	for _, mp := range []**tgbotapi.Message{&u.Message, &u.ChannelPost} {
		if *mp == nil {
			continue
		}
		m := **mp
		if m.Chat != nil && m.MessageID == 0 {
			m.MessageID = s.nextMessageIDLocked(m.Chat.ID)
		}
		if m.Date == 0 {
			m.Date = int(time.Now().Unix())
		}
		*mp = &m
		s.storeMessageLocked(m, false)
		s.registerMessageFilesLocked(&m)
	}
	for _, m := range []*tgbotapi.Message{u.EditedMessage, u.EditedChannelPost} {
		if m != nil {
			s.storeMessageLocked(*m, false)
		}
	}
	kind := updateKind(compactJSON(u))
	id := s.updates.add(kind, func(id int) json.RawMessage {
		u.UpdateID = id
		return compactJSON(u)
	})
	s.notifyLocked()
	return id
}

// AddRawUpdate queues data, the JSON object of an update exactly as given
// (any fields, of any type, for tests of updates the bot may not expect),
// with its update_id set to the next ID, which it returns. Its type is its
// first field other than update_id; a type the bot's allowed_updates leaves
// out is dropped at the next getUpdates, as Telegram does. It fails t when
// data is not a JSON object.
func (s *Server) AddRawUpdate(t testing.TB, data []byte) int {
	t.Helper()
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil || fields == nil {
		t.Fatalf("telegramtest: AddRawUpdate: not a JSON object: %v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(fields, "update_id")
	kind := updateKind(compactJSON(fields))
	id := s.updates.add(kind, func(id int) json.RawMessage {
		fields["update_id"] = json.RawMessage(strconv.Itoa(id))
		out, _ := json.Marshal(fields)
		return out
	})
	s.notifyLocked()
	return id
}

// updateKind returns an encoded update's type, the name of its field other
// than update_id, such as "message".
func updateKind(data json.RawMessage) string {
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(data, &fields)
	for k := range fields {
		if k != "update_id" {
			return k
		}
	}
	return ""
}

// SendText queues a Message update: from sends text to chat. The message gets
// the chat's next message ID, the current date and, when text starts with a
// command such as "/start" or "/start@newsbot_test_bot", a bot_command entity
// covering it. It returns the update_id.
func (s *Server) SendText(from tgbotapi.User, chat tgbotapi.Chat, text string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, c := from, chat
	m := tgbotapi.Message{
		MessageID: s.nextMessageIDLocked(chat.ID),
		From:      &f,
		Date:      int(time.Now().Unix()),
		Chat:      &c,
		Text:      text,
		Entities:  commandEntity(text),
	}
	return s.addUpdateLocked(tgbotapi.Update{Message: &m})
}

// commandEntity returns the bot_command entity of a text that starts with a
// command, or nil.
func commandEntity(text string) []tgbotapi.MessageEntity {
	if !strings.HasPrefix(text, "/") {
		return nil
	}
	n := 1 + wordLen(text[1:])
	if n == 1 {
		return nil
	}
	if strings.HasPrefix(text[n:], "@") {
		if k := wordLen(text[n+1:]); k > 0 {
			n += 1 + k
		}
	}
	return []tgbotapi.MessageEntity{{Type: "bot_command", Offset: 0, Length: utf16Len(text[:n])}}
}

// wordLen returns the length of the leading run of ASCII letters, digits and
// underscores in s, the characters of command and user names.
func wordLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return i
		}
	}
	return len(s)
}

// PressButton queues a CallbackQuery update: from pressed the inline button
// with callback data on message messageID of chat. The query carries that
// message as the server stored it (or a stub from the bot when it has none)
// and a new unique ID, which answerCallbackQuery then accepts. It returns the
// update_id.
func (s *Server) PressButton(from tgbotapi.User, chat tgbotapi.Chat, messageID int, data string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.callbackQueryLocked(from, chat, messageID, data)
	return s.addUpdateLocked(tgbotapi.Update{CallbackQuery: &q})
}

// CallbackQuery returns the query PressButton would queue, without queueing
// it, for tests that hand updates to the bot directly; its ID is one
// answerCallbackQuery accepts.
func (s *Server) CallbackQuery(from tgbotapi.User, chat tgbotapi.Chat, messageID int, data string) tgbotapi.CallbackQuery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callbackQueryLocked(from, chat, messageID, data)
}

// callbackQueryLocked builds a callback query on message messageID of chat.
// The caller holds s.mu.
func (s *Server) callbackQueryLocked(from tgbotapi.User, chat tgbotapi.Chat, messageID int, data string) tgbotapi.CallbackQuery {
	var m tgbotapi.Message
	if st, ok := s.messages[chat.ID][messageID]; ok {
		m = st.msg
	} else {
		c, bot := chat, s.bot
		m = tgbotapi.Message{MessageID: messageID, From: &bot, Chat: &c, Date: int(time.Now().Unix())}
	}
	f := from
	q := tgbotapi.CallbackQuery{
		ID:           s.newQueryIDLocked(),
		From:         &f,
		Message:      &m,
		ChatInstance: strconv.FormatInt(chat.ID*7919+13, 10),
		Data:         data,
	}
	return q
}

// InlineQuery queues an InlineQuery update: from typed query after the bot's
// name in some chat. The query gets a new unique ID, which answerInlineQuery
// then accepts. It returns the update_id.
func (s *Server) InlineQuery(from tgbotapi.User, query string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := from
	q := tgbotapi.InlineQuery{ID: s.newQueryIDLocked(), From: &f, Query: query, ChatType: "sender"}
	return s.addUpdateLocked(tgbotapi.Update{InlineQuery: &q})
}

// NewInlineQuery returns the query InlineQuery would queue, without queueing
// it, for tests that hand updates to the bot directly; its ID is one
// answerInlineQuery accepts.
func (s *Server) NewInlineQuery(from tgbotapi.User, query string) tgbotapi.InlineQuery {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := from
	return tgbotapi.InlineQuery{ID: s.newQueryIDLocked(), From: &f, Query: query, ChatType: "sender"}
}

// newQueryIDLocked returns a new callback or inline query ID and remembers
// it. The caller holds s.mu.
func (s *Server) newQueryIDLocked() string {
	s.nextID++
	id := strconv.Itoa(4_000_000 + s.nextID)
	s.queries[id] = true
	return id
}

// User returns a user for tests: ID id, first name "User<id>", username
// "user<id>" and language code lang (such as "vi" or "en"; "" for none).
func (s *Server) User(id int64, lang string) tgbotapi.User {
	return tgbotapi.User{
		ID:           id,
		FirstName:    fmt.Sprintf("User%d", id),
		UserName:     fmt.Sprintf("user%d", id),
		LanguageCode: lang,
	}
}

// PrivateChat returns the private chat between u and the bot and registers
// it (see AddChat).
func (s *Server) PrivateChat(u tgbotapi.User) tgbotapi.Chat {
	c := tgbotapi.Chat{ID: u.ID, Type: "private", FirstName: u.FirstName, LastName: u.LastName, UserName: u.UserName}
	s.AddChat(c)
	return c
}

// Polls returns how many getUpdates calls with the right token have arrived.
func (s *Server) Polls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.polls
}

// Confirmed returns the highest offset any getUpdates has sent: every update
// below it is confirmed.
func (s *Server) Confirmed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.updates.confirmed
}

// WaitOffset blocks until some getUpdates has arrived with an offset of at
// least offset (so the bot has confirmed every update below it), and returns
// nil, at once if that already happened. It returns an error when ctx is
// done or the server closes first.
func (s *Server) WaitOffset(ctx context.Context, offset int) error {
	for {
		s.mu.Lock()
		reached, changed, closed := s.updates.confirmed >= offset, s.changed, s.closed
		confirmed := s.updates.confirmed
		s.mu.Unlock()
		if reached {
			return nil
		}
		if closed {
			return fmt.Errorf("telegramtest: server closed with offset %d confirmed, waiting for %d", confirmed, offset)
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("telegramtest: offset %d confirmed, waiting for %d: %w", confirmed, offset, ctx.Err())
		}
	}
}

// getUpdates implements long polling.
func getUpdates(s *Server, req *request) *Reply {
	offset, err := intParam(req.params, "offset")
	if err != nil {
		return err
	}
	limit, err := intParam(req.params, "limit")
	if err != nil {
		return err
	}
	if limit <= 0 || limit > maxLimit {
		limit = maxLimit
	}
	timeout, err := intParam(req.params, "timeout")
	if err != nil {
		return err
	}
	allowed, set, err := allowedParam(req.params["allowed_updates"])
	if err != nil {
		return err
	}

	s.mu.Lock()
	if s.webhookActiveLocked() {
		s.mu.Unlock()
		return errWebhookActive()
	}
	s.polls++
	s.pollSeq++
	seq := s.pollSeq
	s.updates.confirm(offset)
	if set {
		s.updates.allowed = allowed
	}
	s.notifyLocked()
	s.mu.Unlock()

	var expired <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(time.Duration(timeout) * time.Second)
		defer t.Stop()
		expired = t.C
	}
	for {
		s.mu.Lock()
		if s.pollSeq != seq {
			s.mu.Unlock()
			return ErrorReply(http.StatusConflict,
				"Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
		}
		ups := s.updates.take(limit)
		changed := s.changed
		s.mu.Unlock()
		if ups != nil || timeout <= 0 {
			return emptyOr(ups)
		}
		select {
		case <-changed:
		case <-expired:
			timeout = 0 // one last look, then answer
		case <-req.r.Context().Done():
			return emptyOr(nil)
		case <-s.done:
			return emptyOr(nil)
		}
	}
}

// emptyOr returns a successful reply with the JSON array ups, or [] when ups
// is nil.
func emptyOr(ups json.RawMessage) *Reply {
	if ups == nil {
		ups = json.RawMessage("[]")
	}
	return &Reply{Status: http.StatusOK, Body: envelope{OK: true, Result: ups}}
}

// allowedParam parses allowed_updates. set is false when the parameter is
// absent or null, which keeps the previous setting; an empty list means
// Telegram's default (nil).
func allowedParam(raw string) (allowed map[string]bool, set bool, reply *Reply) {
	if raw == "" || raw == "null" {
		return nil, false, nil
	}
	var kinds []string
	if err := json.Unmarshal([]byte(raw), &kinds); err != nil {
		return nil, false, badRequest("can't parse allowed updates JSON array")
	}
	if len(kinds) == 0 {
		return nil, true, nil
	}
	allowed = make(map[string]bool, len(kinds))
	for _, k := range kinds {
		allowed[k] = true
	}
	return allowed, true, nil
}

// intParam parses an optional integer parameter; absent means 0.
func intParam(params map[string]string, name string) (int, *Reply) {
	v, ok := params[name]
	if !ok || v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, badRequest(fmt.Sprintf("invalid %s specified", name))
	}
	return n, nil
}
