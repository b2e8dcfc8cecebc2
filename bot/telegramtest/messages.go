package telegramtest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Telegram's size limits, in UTF-16 code units or bytes as noted.
const (
	maxTextLen         = 4096 // message text, UTF-16 units after parsing
	maxCaptionLen      = 1024 // media caption, UTF-16 units after parsing
	maxCallbackDataLen = 64   // callback_data, bytes
)

// storedMessage is a message as a chat now shows it.
type storedMessage struct {
	msg tgbotapi.Message
	// byBot reports that the bot sent the message, so it may edit it.
	byBot bool
}

// cloneValue returns a deep copy of v made through JSON, so that the copy
// shares no pointers with v.
func cloneValue[T any](v T) T {
	var out T
	data, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("telegramtest: clone %T: %v", v, err))
	}
	if err := json.Unmarshal(data, &out); err != nil {
		panic(fmt.Sprintf("telegramtest: clone %T: %v", v, err))
	}
	return out
}

// AddChat registers chat (a group, supergroup or channel with its title and
// username, say), so that getChat returns it, messages sent to it carry it,
// and chat_id "@username" finds it. Chats that updates mention are
// registered too; unknown numeric chat IDs get a made-up chat.
func (s *Server) AddChat(chat tgbotapi.Chat) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chats[chat.ID] = cloneValue(chat)
}

// Messages returns the messages chatID now shows, by increasing message ID:
// those the tests sent (SendText, AddUpdate) and those the bot sent, as last
// edited, without the deleted ones.
func (s *Server) Messages(chatID int64) []tgbotapi.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	byID := s.messages[chatID]
	ids := make([]int, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]tgbotapi.Message, len(ids))
	for i, id := range ids {
		out[i] = cloneValue(byID[id].msg)
	}
	return out
}

// nextMessageIDLocked returns chatID's next message ID. The caller holds s.mu.
func (s *Server) nextMessageIDLocked(chatID int64) int {
	s.lastMsg[chatID]++
	return s.lastMsg[chatID]
}

// storeMessageLocked stores (or replaces) m in its chat and registers the
// chat if it is new. The caller holds s.mu.
func (s *Server) storeMessageLocked(m tgbotapi.Message, byBot bool) {
	if m.Chat == nil {
		return
	}
	id := m.Chat.ID
	if _, ok := s.chats[id]; !ok {
		s.chats[id] = cloneValue(*m.Chat)
	}
	s.lastMsg[id] = max(s.lastMsg[id], m.MessageID)
	if s.messages[id] == nil {
		s.messages[id] = make(map[int]storedMessage)
	}
	s.messages[id][m.MessageID] = storedMessage{msg: cloneValue(m), byBot: byBot}
}

// resolveChatLocked finds the chat a chat_id parameter names: a known chat,
// a made-up one for an unknown numeric ID, or a known chat by "@username".
// The caller holds s.mu.
func (s *Server) resolveChatLocked(raw string) (tgbotapi.Chat, *Reply) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return tgbotapi.Chat{}, badRequest("chat_id is empty")
	}
	if name, ok := strings.CutPrefix(raw, "@"); ok {
		for _, c := range s.chats {
			if c.UserName != "" && strings.EqualFold(c.UserName, name) {
				return c, nil
			}
		}
		return tgbotapi.Chat{}, badRequest("chat not found")
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id == 0 {
		return tgbotapi.Chat{}, badRequest("chat not found")
	}
	if c, ok := s.chats[id]; ok {
		return c, nil
	}
	c := madeUpChat(id)
	s.chats[id] = c
	return c, nil
}

// madeUpChat returns a plausible chat for an ID no test registered.
func madeUpChat(id int64) tgbotapi.Chat {
	switch {
	case id > 0:
		return tgbotapi.Chat{ID: id, Type: "private", FirstName: fmt.Sprintf("User%d", id), UserName: fmt.Sprintf("user%d", id)}
	case id <= -1_000_000_000_000:
		return tgbotapi.Chat{ID: id, Type: "supergroup", Title: fmt.Sprintf("Chat %d", id)}
	default:
		return tgbotapi.Chat{ID: id, Type: "group", Title: fmt.Sprintf("Chat %d", id)}
	}
}

// newBotMessageLocked returns a new message from the bot in chat. The caller
// holds s.mu.
func (s *Server) newBotMessageLocked(chat tgbotapi.Chat) tgbotapi.Message {
	c := chat
	m := tgbotapi.Message{MessageID: s.nextMessageIDLocked(chat.ID), Chat: &c, Date: int(s.nowLocked().Unix())}
	if chat.Type == "channel" {
		sender := chat
		m.SenderChat = &sender
	} else {
		bot := s.bot
		m.From = &bot
	}
	return m
}

// sendTargetLocked returns the chat a send goes to (chat_id) and the
// message it replies to, or nil: resolveChatLocked then replyToLocked. The
// caller holds s.mu.
func (s *Server) sendTargetLocked(p map[string]string) (tgbotapi.Chat, *tgbotapi.Message, *Reply) {
	chat, r := s.resolveChatLocked(p["chat_id"])
	if r != nil {
		return chat, nil, r
	}
	replyTo, r := s.replyToLocked(p, chat.ID)
	return chat, replyTo, r
}

// replyToLocked returns the message a send replies to, from
// reply_to_message_id or reply_parameters, or nil. The caller holds s.mu.
func (s *Server) replyToLocked(p map[string]string, chatID int64) (*tgbotapi.Message, *Reply) {
	id, r := intParam(p, "reply_to_message_id")
	if r != nil {
		return nil, r
	}
	allow := p["allow_sending_without_reply"] == "true"
	if raw := p["reply_parameters"]; raw != "" {
		var rp struct {
			MessageID int  `json:"message_id"`
			Allow     bool `json:"allow_sending_without_reply"`
		}
		if err := json.Unmarshal([]byte(raw), &rp); err != nil {
			return nil, badRequest("can't parse reply parameters JSON object")
		}
		id, allow = rp.MessageID, rp.Allow
	}
	if id == 0 {
		return nil, nil
	}
	st, ok := s.messages[chatID][id]
	if !ok {
		if allow {
			return nil, nil
		}
		return nil, badRequest("message to be replied not found")
	}
	m := cloneValue(st.msg)
	m.ReplyToMessage = nil
	return &m, nil
}

// formatText validates text under parse_mode (or with explicit entities)
// and returns the text users see and its entities. HTML is checked as
// Telegram does; Markdown and MarkdownV2 are accepted unchecked.
func formatText(text, parseMode, entities string) (string, []tgbotapi.MessageEntity, *Reply) {
	if !utf8.ValidString(text) {
		return "", nil, badRequest("strings must be encoded in UTF-8")
	}
	switch strings.ToLower(parseMode) {
	case "":
		if entities == "" {
			return text, nil, nil
		}
		var ents []tgbotapi.MessageEntity
		if err := json.Unmarshal([]byte(entities), &ents); err != nil {
			return "", nil, badRequest("can't parse entities JSON object")
		}
		return text, ents, nil
	case "html":
		plain, ents, err := parseHTML(text)
		if err != nil {
			return "", nil, badRequest("can't parse entities: " + err.Error())
		}
		return plain, ents, nil
	case "markdown", "markdownv2":
		return text, nil, nil
	default:
		return "", nil, badRequest("unsupported parse_mode")
	}
}

// messageText validates the text, parse_mode and entities parameters of a
// text message.
func messageText(p map[string]string) (string, []tgbotapi.MessageEntity, *Reply) {
	if strings.TrimSpace(p["text"]) == "" {
		return "", nil, badRequest("message text is empty")
	}
	text, ents, r := formatText(p["text"], p["parse_mode"], p["entities"])
	if r != nil {
		return "", nil, r
	}
	if strings.TrimSpace(text) == "" {
		return "", nil, badRequest("message text is empty")
	}
	if utf16Len(text) > maxTextLen {
		return "", nil, badRequest("message is too long")
	}
	return text, ents, nil
}

// captionText validates the optional caption, parse_mode and
// caption_entities parameters of a media message.
func captionText(p map[string]string) (string, []tgbotapi.MessageEntity, *Reply) {
	if p["caption"] == "" {
		return "", nil, nil
	}
	text, ents, r := formatText(p["caption"], p["parse_mode"], p["caption_entities"])
	if r != nil {
		return "", nil, r
	}
	if utf16Len(text) > maxCaptionLen {
		return "", nil, badRequest("message caption is too long")
	}
	return text, ents, nil
}

// parseReplyMarkup validates a reply_markup parameter (see
// checkReplyMarkup) and returns the inline keyboard that Telegram echoes in
// the sent message (nil for none, and for reply keyboards, which are not
// echoed).
func parseReplyMarkup(raw string) (*tgbotapi.InlineKeyboardMarkup, *Reply) {
	buttons, r := checkReplyMarkup(raw)
	if r != nil || buttons == 0 {
		return nil, r
	}
	var kb tgbotapi.InlineKeyboardMarkup
	if err := json.Unmarshal([]byte(raw), &kb); err != nil {
		return nil, badRequest("can't parse inline keyboard button: " + err.Error())
	}
	return &kb, nil
}

// checkReplyMarkup validates a reply_markup value as Telegram does and
// returns how many inline keyboard buttons it has (0 for none and for other
// keyboards). Every inline button needs a text and an action, and its
// callback_data must be 1-64 bytes; otherwise the whole request fails with
// 400 "Bad Request: BUTTON_DATA_INVALID" (or another Bad Request).
func checkReplyMarkup(raw string) (int, *Reply) {
	if strings.TrimSpace(raw) == "" || raw == "null" {
		return 0, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &fields); err != nil {
		return 0, badRequest("can't parse reply keyboard markup JSON object")
	}
	if _, ok := fields["inline_keyboard"]; !ok {
		return 0, nil
	}
	var rows [][]map[string]json.RawMessage
	if err := json.Unmarshal(fields["inline_keyboard"], &rows); err != nil {
		return 0, badRequest(`field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays`)
	}
	buttons := 0
	for _, row := range rows {
		for _, b := range row {
			if r := checkButton(b); r != nil {
				return 0, r
			}
			buttons++
		}
	}
	return buttons, nil
}

// checkButton validates one inline keyboard button: it needs a text and an
// action, and callback_data must be 1-64 bytes.
func checkButton(b map[string]json.RawMessage) *Reply {
	var text string
	if err := json.Unmarshal(b["text"], &text); err != nil || strings.TrimSpace(text) == "" {
		return badRequest("BUTTON_TEXT_INVALID")
	}
	if raw, ok := b["callback_data"]; ok {
		var data string
		if err := json.Unmarshal(raw, &data); err != nil {
			return badRequest("can't parse inline keyboard button: Field \"callback_data\" must be of type String")
		}
		if data == "" || len(data) > maxCallbackDataLen {
			return badRequest("BUTTON_DATA_INVALID")
		}
	}
	if len(b) < 2 {
		return badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
	}
	return nil
}

// utf16Len returns the length of s in UTF-16 code units, the unit of
// Telegram's lengths and entity offsets.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
