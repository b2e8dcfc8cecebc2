package telegramtest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// lookupMethod returns a method's documented spelling and its handler, or
// the name as given and nil for a method the server does not know. Like
// Telegram, it ignores the case of method names.
func lookupMethod(name string) (string, handlerFunc) {
	switch strings.ToLower(name) {
	case "getme":
		return "getMe", getMe
	case "getupdates":
		return "getUpdates", getUpdates
	case "sendmessage":
		return "sendMessage", sendMessage
	case "sendphoto":
		return "sendPhoto", sendMedia("photo")
	case "senddocument":
		return "sendDocument", sendDocument
	case "sendmediagroup":
		return "sendMediaGroup", sendMediaGroup
	case "editmessagetext":
		return "editMessageText", editMessageText
	case "editmessagereplymarkup":
		return "editMessageReplyMarkup", editMessageReplyMarkup
	case "deletemessage":
		return "deleteMessage", deleteMessage
	case "deletemessages":
		return "deleteMessages", deleteMessages
	case "editmessagecaption":
		return "editMessageCaption", editMessageCaption
	case "sendchataction":
		return "sendChatAction", sendChatAction
	case "answercallbackquery":
		return "answerCallbackQuery", answerCallbackQuery
	case "answerinlinequery":
		return "answerInlineQuery", answerInlineQuery
	case "setmycommands":
		return "setMyCommands", setMyCommands
	case "deletemycommands":
		return "deleteMyCommands", deleteMyCommands
	case "getmycommands":
		return "getMyCommands", getMyCommands
	case "getchat":
		return "getChat", getChat
	case "setwebhook":
		return "setWebhook", setWebhook
	case "deletewebhook":
		return "deleteWebhook", deleteWebhook
	case "getwebhookinfo":
		return "getWebhookInfo", getWebhookInfo
	}
	return name, nil
}

// getMe returns the bot's user.
func getMe(s *Server, _ *request) *Reply { return okReply(s.bot) }

// sendMessage sends a text message.
func sendMessage(s *Server, req *request) *Reply {
	p := req.params
	if strings.TrimSpace(p["chat_id"]) == "" {
		return badRequest("chat_id is empty")
	}
	text, ents, r := messageText(p)
	if r != nil {
		return r
	}
	markup, r := parseReplyMarkup(p["reply_markup"])
	if r != nil {
		return r
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, replyTo, r := s.sendTargetLocked(p)
	if r != nil {
		return r
	}
	m := s.newBotMessageLocked(chat)
	m.Text, m.Entities, m.ReplyMarkup, m.ReplyToMessage = text, ents, markup, replyTo
	s.storeMessageLocked(m, true)
	return okReply(m)
}

// mediaInput is the file a sendPhoto or sendDocument names.
type mediaInput struct {
	upload *File  // a file uploaded with the request
	url    string // an HTTP URL for Telegram to fetch
	fileID string // a file_id of a file Telegram has
}

// readMediaInput finds the file parameter kind ("photo", "document") of req:
// an uploaded file in that field or in the field an "attach://<field>" value
// names, an HTTP URL, or a file_id.
func readMediaInput(req *request, kind string) (mediaInput, *Reply) {
	missing := badRequest("there is no " + kind + " in the request")
	if f, ok := req.files[kind]; ok {
		return checkUpload(f)
	}
	v := strings.TrimSpace(req.params[kind])
	if v == "" {
		return mediaInput{}, missing
	}
	if field, ok := strings.CutPrefix(v, "attach://"); ok {
		f, ok := req.files[field]
		if !ok {
			return mediaInput{}, missing
		}
		return checkUpload(f)
	}
	if strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
		return mediaInput{url: v}, nil
	}
	if strings.ContainsAny(v, " \t\n") {
		return mediaInput{}, badRequest("wrong file identifier/HTTP URL specified")
	}
	return mediaInput{fileID: v}, nil
}

// checkUpload rejects empty uploads, as Telegram does.
func checkUpload(f File) (mediaInput, *Reply) {
	if len(f.Data) == 0 {
		return mediaInput{}, badRequest("file must be non-empty")
	}
	return mediaInput{upload: &f}, nil
}

// sendMedia returns the handler of sendPhoto (kind "photo"); sendDocument
// has its own (sendDocument).
func sendMedia(kind string) handlerFunc {
	return func(s *Server, req *request) *Reply {
		p := req.params
		if strings.TrimSpace(p["chat_id"]) == "" {
			return badRequest("chat_id is empty")
		}
		in, r := readMediaInput(req, kind)
		if r != nil {
			return r
		}
		caption, ents, r := captionText(p)
		if r != nil {
			return r
		}
		markup, r := parseReplyMarkup(p["reply_markup"])
		if r != nil {
			return r
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		chat, replyTo, r := s.sendTargetLocked(p)
		if r != nil {
			return r
		}
		m := s.newBotMessageLocked(chat)
		m.Caption, m.CaptionEntities, m.ReplyMarkup, m.ReplyToMessage = caption, ents, markup, replyTo
		s.nextID++
		n := s.nextID
		fileID, size := in.fileID, 0
		if fileID == "" {
			fileID = fmt.Sprintf("%s-%d", kind, n)
		}
		if in.upload != nil {
			size = len(in.upload.Data)
		}
		unique := fmt.Sprintf("u%s-%d", kind, n)
		m.Photo = []tgbotapi.PhotoSize{
			{FileID: fileID + "-thumb", FileUniqueID: unique + "-thumb", Width: 90, Height: 60},
			{FileID: fileID, FileUniqueID: unique, Width: 1280, Height: 853, FileSize: size},
		}
		if in.fileID == "" {
			s.registerFileLocked(fileID, storedFile{kind: "photo", unique: unique, size: size})
		}
		s.storeMessageLocked(m, true)
		return okReply(m)
	}
}

// editTarget finds the bot's message that an edit method names by chat_id
// and message_id. The caller holds s.mu.
func (s *Server) editTargetLocked(p map[string]string) (storedMessage, *Reply) {
	chat, r := s.resolveChatLocked(p["chat_id"])
	if r != nil {
		return storedMessage{}, r
	}
	id, r := messageIDParam(p)
	if r != nil {
		return storedMessage{}, r
	}
	st, ok := s.messages[chat.ID][id]
	if !ok {
		return storedMessage{}, badRequest("message to edit not found")
	}
	if !st.byBot {
		return storedMessage{}, badRequest("message can't be edited")
	}
	return st, nil
}

// messageIDParam parses the required message_id parameter.
func messageIDParam(p map[string]string) (int, *Reply) {
	id, err := strconv.Atoi(strings.TrimSpace(p["message_id"]))
	if err != nil || id <= 0 {
		return 0, badRequest("message identifier is not specified")
	}
	return id, nil
}

// notModified is Telegram's answer to an edit that changes nothing.
func notModified() *Reply {
	return badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
}

// sameJSON reports whether a and b encode alike.
func sameJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// editMessageText replaces a message's text (and inline keyboard, which an
// edit without reply_markup removes).
func editMessageText(s *Server, req *request) *Reply {
	p := req.params
	text, ents, r := messageText(p)
	if r != nil {
		return r
	}
	markup, r := parseReplyMarkup(p["reply_markup"])
	if r != nil {
		return r
	}
	return s.edit(p, func(m *tgbotapi.Message) *Reply {
		if m.Text == "" {
			return badRequest("there is no text in the message to edit")
		}
		if m.Text == text && sameJSON(m.Entities, ents) && sameJSON(m.ReplyMarkup, markup) {
			return notModified()
		}
		m.Text, m.Entities, m.ReplyMarkup = text, ents, markup
		return nil
	})
}

// editMessageReplyMarkup replaces (or, without reply_markup, removes) a
// message's inline keyboard.
func editMessageReplyMarkup(s *Server, req *request) *Reply {
	p := req.params
	markup, r := parseReplyMarkup(p["reply_markup"])
	if r != nil {
		return r
	}
	return s.edit(p, func(m *tgbotapi.Message) *Reply {
		if sameJSON(m.ReplyMarkup, markup) {
			return notModified()
		}
		m.ReplyMarkup = markup
		return nil
	})
}

// edit applies change to the message an edit method names and stores it
// edited; an edit of a message sent in inline mode (inline_message_id) is
// only acknowledged. change returns the reply that refuses the edit (the
// message has no such part, or nothing would change), or nil.
func (s *Server) edit(p map[string]string, change func(m *tgbotapi.Message) *Reply) *Reply {
	if p["inline_message_id"] != "" {
		return okReply(true)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, r := s.editTargetLocked(p)
	if r != nil {
		return r
	}
	m := st.msg
	if r := change(&m); r != nil {
		return r
	}
	m.EditDate = int(s.nowLocked().Unix())
	s.storeMessageLocked(m, true)
	return okReply(m)
}

// sendChatAction shows a chat action such as "typing".
func sendChatAction(s *Server, req *request) *Reply {
	p := req.params
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, r := s.resolveChatLocked(p["chat_id"]); r != nil {
		return r
	}
	switch p["action"] {
	case "typing", "upload_photo", "record_video", "upload_video", "record_voice",
		"upload_voice", "upload_document", "choose_sticker", "find_location",
		"record_video_note", "upload_video_note":
		return okReply(true)
	}
	return badRequest("wrong parameter action in request")
}

// getChat returns a chat.
func getChat(s *Server, req *request) *Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, r := s.resolveChatLocked(req.params["chat_id"])
	if r != nil {
		return r
	}
	return okReply(chat)
}

// checkQueryLocked checks that id names a callback or inline query the
// server sent. The caller holds s.mu.
func (s *Server) checkQueryLocked(id string) *Reply {
	if !s.queries[id] {
		return badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	return nil
}

// answerCallbackQuery answers a callback query from PressButton.
func answerCallbackQuery(s *Server, req *request) *Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.checkQueryLocked(req.params["callback_query_id"]); r != nil {
		return r
	}
	return okReply(true)
}

// maxInlineResults is the most results one answerInlineQuery may carry.
const maxInlineResults = 50

// answerInlineQuery answers an inline query from InlineQuery.
func answerInlineQuery(s *Server, req *request) *Reply {
	p := req.params
	var results []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(p["results"]), &results); err != nil {
		return badRequest("can't parse inline query results JSON object")
	}
	if len(results) > maxInlineResults {
		return badRequest("RESULTS_TOO_MUCH")
	}
	seen := make(map[string]bool, len(results))
	for _, res := range results {
		var id, typ string
		if json.Unmarshal(res["id"], &id) != nil || id == "" || json.Unmarshal(res["type"], &typ) != nil || typ == "" {
			return badRequest("can't parse InlineQueryResult JSON object")
		}
		if seen[id] {
			return badRequest("RESULT_ID_DUPLICATE")
		}
		seen[id] = true
		if _, r := checkReplyMarkup(string(res["reply_markup"])); r != nil {
			return r
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.checkQueryLocked(p["inline_query_id"]); r != nil {
		return r
	}
	return okReply(true)
}

// maxCommands is the most commands one setMyCommands may set.
const maxCommands = 100

// commandsKey returns the key of a scope (raw JSON, "" for the default
// scope) and language code in the stored command lists.
func commandsKey(scope, lang string) (string, *Reply) {
	typ, chat, user := "default", "", ""
	if strings.TrimSpace(scope) != "" {
		var f map[string]json.RawMessage
		if err := json.Unmarshal([]byte(scope), &f); err != nil {
			return "", badRequest("can't parse BotCommandScope JSON object")
		}
		if json.Unmarshal(f["type"], &typ) != nil || typ == "" {
			return "", badRequest("can't parse BotCommandScope JSON object")
		}
		chat = strings.Trim(string(f["chat_id"]), `"`)
		user = strings.Trim(string(f["user_id"]), `"`)
	}
	return typ + "|" + chat + "|" + user + "|" + lang, nil
}

// setMyCommands sets the bot's command list for a scope and language.
func setMyCommands(s *Server, req *request) *Reply {
	p := req.params
	var cmds []tgbotapi.BotCommand
	if err := json.Unmarshal([]byte(p["commands"]), &cmds); err != nil {
		return badRequest("can't parse commands JSON array")
	}
	if len(cmds) > maxCommands {
		return badRequest("too many commands specified")
	}
	for _, c := range cmds {
		if c.Command == "" || len(c.Command) > 32 || wordLen(c.Command) != len(c.Command) || strings.ToLower(c.Command) != c.Command {
			return badRequest("BOT_COMMAND_INVALID")
		}
		if n := len([]rune(strings.TrimSpace(c.Description))); n == 0 || n > 256 {
			return badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	key, r := commandsKey(p["scope"], p["language_code"])
	if r != nil {
		return r
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(cmds) == 0 {
		delete(s.commands, key)
	} else {
		s.commands[key] = cmds
	}
	return okReply(true)
}

// deleteMyCommands deletes the command list of a scope and language.
func deleteMyCommands(s *Server, req *request) *Reply {
	key, r := commandsKey(req.params["scope"], req.params["language_code"])
	if r != nil {
		return r
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.commands, key)
	return okReply(true)
}

// getMyCommands returns the command list of a scope and language.
func getMyCommands(s *Server, req *request) *Reply {
	key, r := commandsKey(req.params["scope"], req.params["language_code"])
	if r != nil {
		return r
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cmds := s.commands[key]
	if cmds == nil {
		cmds = []tgbotapi.BotCommand{}
	}
	return okReply(cmds)
}

// Commands returns the command list the bot set (setMyCommands) for scope
// (the zero scope means the default one) and language code lang ("" for
// all languages), or nil.
func (s *Server) Commands(scope tgbotapi.BotCommandScope, lang string) []tgbotapi.BotCommand {
	raw := ""
	if scope.Type != "" {
		raw = string(compactJSON(scope))
	}
	key, _ := commandsKey(raw, lang)
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]tgbotapi.BotCommand(nil), s.commands[key]...)
}
