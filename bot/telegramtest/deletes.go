package telegramtest

import (
	"encoding/json"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// deleteWindow is how long after sending a message the bot may delete it:
// Telegram refuses older ones ("message can't be deleted for everyone" in
// a private chat, "message can't be deleted" elsewhere). Editing has no
// such limit.
const deleteWindow = 48 * time.Hour

// maxDeleteBatch is the most message IDs one deleteMessages call may name.
const maxDeleteBatch = 100

// SetNow sets the clock the server dates messages by and judges the
// 48-hour deletion window with; nil restores time.Now. Moving it forward
// by more than 48 hours makes the bot's earlier messages undeletable.
func (s *Server) SetNow(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// nowLocked is the server's time. The caller holds s.mu.
func (s *Server) nowLocked() time.Time {
	if s.now == nil {
		return time.Now()
	}
	return s.now()
}

// isChatChange reports whether method changes or removes a message already
// in a chat, which fails like a send once the user has blocked the bot.
func isChatChange(method string) bool {
	switch method {
	case "editMessageText", "editMessageCaption", "editMessageReplyMarkup", "editMessageMedia",
		"deleteMessage", "deleteMessages":
		return true
	}
	return false
}

// deletableLocked says why the message id in chat cannot be deleted now, or
// returns nil. The caller holds s.mu.
func (s *Server) deletableLocked(chatType string, st storedMessage) *Reply {
	sent := time.Unix(int64(st.msg.Date), 0)
	if s.nowLocked().Sub(sent) < deleteWindow {
		return nil
	}
	if chatType == "private" {
		return badRequest("message can't be deleted for everyone")
	}
	return badRequest("message can't be deleted")
}

// deleteMessage deletes a message: Telegram's "message to delete not
// found" for one it does not have (or that is already deleted), and the
// 48-hour refusal for one sent longer ago.
func deleteMessage(s *Server, req *request) *Reply {
	p := req.params
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, r := s.resolveChatLocked(p["chat_id"])
	if r != nil {
		return r
	}
	id, r := messageIDParam(p)
	if r != nil {
		return r
	}
	st, ok := s.messages[chat.ID][id]
	if !ok {
		return badRequest("message to delete not found")
	}
	if r := s.deletableLocked(chat.Type, st); r != nil {
		return r
	}
	delete(s.messages[chat.ID], id)
	s.notifyLocked()
	return okReply(true)
}

// deleteMessages deletes 1 to 100 messages of one chat (Bot API 7.0), given
// as a JSON array in message_ids. Like Telegram, it skips the messages it
// cannot find; if any of the others may not be deleted (the 48-hour
// window), it deletes none and answers "message can't be deleted".
func deleteMessages(s *Server, req *request) *Reply {
	p := req.params
	var ids []int
	if err := json.Unmarshal([]byte(p["message_ids"]), &ids); err != nil || p["message_ids"] == "" {
		return badRequest("message identifiers are not specified")
	}
	if len(ids) == 0 {
		return badRequest("message identifiers are not specified")
	}
	if len(ids) > maxDeleteBatch {
		return badRequest("too many message identifiers specified")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, r := s.resolveChatLocked(p["chat_id"])
	if r != nil {
		return r
	}
	msgs := s.messages[chat.ID]
	for _, id := range ids {
		if st, ok := msgs[id]; ok && s.deletableLocked(chat.Type, st) != nil {
			return badRequest("message can't be deleted")
		}
	}
	for _, id := range ids {
		delete(msgs, id)
	}
	s.notifyLocked()
	return okReply(true)
}

// editMessageCaption replaces the caption of a message with a picture or a
// document (and its inline keyboard, which an edit without reply_markup
// removes).
func editMessageCaption(s *Server, req *request) *Reply {
	p := req.params
	caption, ents, r := captionText(p)
	if r != nil {
		return r
	}
	markup, r := parseReplyMarkup(p["reply_markup"])
	if r != nil {
		return r
	}
	return s.edit(p, func(m *tgbotapi.Message) *Reply {
		if m.Photo == nil && m.Document == nil {
			return badRequest("there is no caption in the message to edit")
		}
		if m.Caption == caption && sameJSON(m.CaptionEntities, ents) && sameJSON(m.ReplyMarkup, markup) {
			return notModified()
		}
		m.Caption, m.CaptionEntities, m.ReplyMarkup = caption, ents, markup
		return nil
	})
}
