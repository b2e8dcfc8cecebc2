package telegramtest

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestSendMessageRecorded(t *testing.T) {
	srv, bot := newBot(t)
	msg := tgbotapi.NewMessage(42, "<b>Tin nóng</b> &amp; <a href=\"https://example.vn/a?x=1&amp;y=2\">chi tiết</a> 🔥")
	msg.ParseMode = tgbotapi.ModeHTML
	msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData("Thêm", "more:1")))
	sent, err := bot.Send(msg)
	if err != nil {
		t.Fatal(err)
	}
	if sent.MessageID != 1 || sent.Chat.ID != 42 || sent.From.ID != BotID || sent.Date == 0 {
		t.Fatalf("sent = %+v", sent)
	}
	if sent.Text != "Tin nóng & chi tiết 🔥" {
		t.Fatalf("text = %q", sent.Text)
	}
	wantEnts := []tgbotapi.MessageEntity{
		{Type: "bold", Offset: 0, Length: 8},
		{Type: "text_link", Offset: 11, Length: 8, URL: "https://example.vn/a?x=1&y=2"},
	}
	if !sameJSON(sent.Entities, wantEnts) {
		t.Fatalf("entities = %+v, want %+v", sent.Entities, wantEnts)
	}
	if sent.ReplyMarkup == nil || *sent.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "more:1" {
		t.Fatalf("reply markup not echoed: %+v", sent.ReplyMarkup)
	}

	calls := srv.Sent(42)
	if len(calls) != 1 {
		t.Fatalf("Sent(42) = %v", calls)
	}
	c := calls[0]
	if c.Method != "sendMessage" || c.Params["text"] != msg.Text || c.Params["parse_mode"] != "HTML" ||
		!strings.Contains(c.Params["reply_markup"], `"callback_data":"more:1"`) || c.Status != http.StatusOK ||
		c.Intercepted || c.At.IsZero() {
		t.Fatalf("call = %v", c)
	}
	if got := srv.Sent(43); len(got) != 0 {
		t.Fatalf("Sent(43) = %v", got)
	}
	// Calls returns copies.
	c.Params["text"] = "changed"
	if srv.Sent(42)[0].Params["text"] != msg.Text {
		t.Fatal("changing a returned call changed the record")
	}
	if msgs := srv.Messages(42); len(msgs) != 1 || msgs[0].Text != sent.Text {
		t.Fatalf("Messages(42) = %+v", msgs)
	}
}

func TestSendMessageValidation(t *testing.T) {
	srv, bot := newBot(t)
	long := strings.Repeat("a", 4097)
	emoji := strings.Repeat("😀", 2048) // 4096 UTF-16 units
	tests := []struct {
		name   string
		params tgbotapi.Params
		want   string // description prefix, "" for success
	}{
		{"ok", tgbotapi.Params{"chat_id": "1", "text": "chào"}, ""},
		{"no chat", tgbotapi.Params{"text": "chào"}, "Bad Request: chat_id is empty"},
		{"no text", tgbotapi.Params{"chat_id": "1"}, "Bad Request: message text is empty"},
		{"blank text", tgbotapi.Params{"chat_id": "1", "text": " \n\t"}, "Bad Request: message text is empty"},
		{"blank html", tgbotapi.Params{"chat_id": "1", "text": "<b> </b>", "parse_mode": "HTML"}, "Bad Request: message text is empty"},
		{"too long", tgbotapi.Params{"chat_id": "1", "text": long}, "Bad Request: message is too long"},
		{"4096 units", tgbotapi.Params{"chat_id": "1", "text": emoji}, ""},
		{"4097 units", tgbotapi.Params{"chat_id": "1", "text": emoji + "a"}, "Bad Request: message is too long"},
		{"long html fits", tgbotapi.Params{"chat_id": "1", "text": "<b>" + long[:4000] + "</b>", "parse_mode": "HTML"}, ""},
		{"bad html", tgbotapi.Params{"chat_id": "1", "text": "a < b", "parse_mode": "HTML"}, "Bad Request: can't parse entities: "},
		{"markdown unchecked", tgbotapi.Params{"chat_id": "1", "text": "a < b_", "parse_mode": "MarkdownV2"}, ""},
		{"bad parse mode", tgbotapi.Params{"chat_id": "1", "text": "x", "parse_mode": "BBCode"}, "Bad Request: unsupported parse_mode"},
		{"unknown chat name", tgbotapi.Params{"chat_id": "@nobody", "text": "x"}, "Bad Request: chat not found"},
		{"bad markup", tgbotapi.Params{"chat_id": "1", "text": "x", "reply_markup": "{"}, "Bad Request: can't parse reply keyboard markup JSON object"},
		{"data 64 bytes", tgbotapi.Params{"chat_id": "1", "text": "x",
			"reply_markup": `{"inline_keyboard":[[{"text":"b","callback_data":"` + strings.Repeat("đ", 32) + `"}]]}`}, ""},
		{"data 65 bytes", tgbotapi.Params{"chat_id": "1", "text": "x",
			"reply_markup": `{"inline_keyboard":[[{"text":"b","callback_data":"` + strings.Repeat("đ", 32) + `x"}]]}`}, "Bad Request: BUTTON_DATA_INVALID"},
		{"text button", tgbotapi.Params{"chat_id": "1", "text": "x",
			"reply_markup": `{"inline_keyboard":[[{"text":"b"}]]}`}, "Bad Request: can't parse inline keyboard button"},
		{"reply keyboard", tgbotapi.Params{"chat_id": "1", "text": "x",
			"reply_markup": `{"keyboard":[[{"text":"b"}]],"resize_keyboard":true}`}, ""},
		{"missing reply", tgbotapi.Params{"chat_id": "1", "text": "x", "reply_to_message_id": "999"}, "Bad Request: message to be replied not found"},
		{"missing reply allowed", tgbotapi.Params{"chat_id": "1", "text": "x", "reply_to_message_id": "999",
			"allow_sending_without_reply": "true"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := bot.MakeRequest("sendMessage", tt.params)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("got %v, want success", err)
				}
				return
			}
			wantAPIError(t, err, http.StatusBadRequest, tt.want)
		})
	}
	for _, c := range srv.Calls() {
		if c.Method == "sendMessage" && c.Status != http.StatusOK && c.Error == "" {
			t.Errorf("failed call without Error: %v", c)
		}
	}
}

func TestBadHTMLRejected(t *testing.T) {
	_, bot := newBot(t)
	msg := tgbotapi.NewMessage(42, "<b>đậm <i>nghiêng</b></i>")
	msg.ParseMode = tgbotapi.ModeHTML
	_, err := bot.Send(msg)
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: can't parse entities: ")
}

func TestSendPhoto(t *testing.T) {
	srv, bot := newBot(t)
	up := tgbotapi.NewPhoto(5, tgbotapi.FileBytes{Name: "anh.jpg", Bytes: []byte("\xff\xd8jpeg")})
	up.Caption = "<i>Ảnh</i> lũ"
	up.ParseMode = tgbotapi.ModeHTML
	sent, err := bot.Send(up)
	if err != nil {
		t.Fatal(err)
	}
	if len(sent.Photo) == 0 || sent.Caption != "Ảnh lũ" || len(sent.CaptionEntities) != 1 {
		t.Fatalf("sent = %+v", sent)
	}
	c := srv.Sent(5)[0]
	f, ok := c.Files["photo"]
	if c.Method != "sendPhoto" || !ok || f.FileName != "anh.jpg" || string(f.Data) != "\xff\xd8jpeg" || c.Params["caption"] != up.Caption {
		t.Fatalf("call = %v", c)
	}

	byURL, err := bot.Send(tgbotapi.NewPhoto(5, tgbotapi.FileURL("https://example.vn/lu.jpg")))
	if err != nil {
		t.Fatal(err)
	}
	if srv.Sent(5)[1].Params["photo"] != "https://example.vn/lu.jpg" || byURL.MessageID != 2 {
		t.Fatalf("by URL: %v", srv.Sent(5)[1])
	}
	fileID := sent.Photo[len(sent.Photo)-1].FileID
	byID, err := bot.Send(tgbotapi.NewPhoto(5, tgbotapi.FileID(fileID)))
	if err != nil || byID.Photo[len(byID.Photo)-1].FileID != fileID {
		t.Fatalf("by file_id: %+v, %v", byID, err)
	}

	long := tgbotapi.NewPhoto(5, tgbotapi.FileID(fileID))
	long.Caption = strings.Repeat("x", 1025)
	_, err = bot.Send(long)
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: message caption is too long")

	_, err = bot.MakeRequest("sendPhoto", tgbotapi.Params{"chat_id": "5"})
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: there is no photo in the request")
}

func TestSendDocument(t *testing.T) {
	srv, bot := newBot(t)
	doc := tgbotapi.NewDocument(5, tgbotapi.FileBytes{Name: "ban-tin.csv", Bytes: []byte("a,b\n")})
	sent, err := bot.Send(doc)
	if err != nil {
		t.Fatal(err)
	}
	if sent.Document == nil || sent.Document.FileName != "ban-tin.csv" || sent.Document.FileSize != 4 {
		t.Fatalf("sent = %+v", sent)
	}
	if c := srv.Sent(5); len(c) != 1 || c[0].Method != "sendDocument" {
		t.Fatalf("Sent(5) = %v", c)
	}
}

func TestEditMessage(t *testing.T) {
	srv, bot := newBot(t)
	msg := tgbotapi.NewMessage(8, "Trang 1")
	kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("Sau", "p:2")))
	msg.ReplyMarkup = kb
	sent, err := bot.Send(msg)
	if err != nil {
		t.Fatal(err)
	}

	edit := tgbotapi.NewEditMessageTextAndMarkup(8, sent.MessageID, "Trang 2", kb)
	edited, err := bot.Send(edit)
	if err != nil {
		t.Fatal(err)
	}
	if edited.Text != "Trang 2" || edited.EditDate == 0 || edited.MessageID != sent.MessageID || edited.ReplyMarkup == nil {
		t.Fatalf("edited = %+v", edited)
	}
	_, err = bot.Send(edit)
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: message is not modified")

	_, err = bot.Send(tgbotapi.NewEditMessageText(8, 99, "x"))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: message to edit not found")

	// Editing the text without reply_markup removes the keyboard.
	if m, err := bot.Send(tgbotapi.NewEditMessageText(8, sent.MessageID, "Trang 3")); err != nil || m.ReplyMarkup != nil {
		t.Fatalf("edit without markup: %+v, %v", m.ReplyMarkup, err)
	}
	if m, err := bot.Send(tgbotapi.NewEditMessageReplyMarkup(8, sent.MessageID, kb)); err != nil || m.ReplyMarkup == nil {
		t.Fatalf("edit markup: %+v, %v", m, err)
	}
	_, err = bot.Send(tgbotapi.NewEditMessageReplyMarkup(8, sent.MessageID, kb))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: message is not modified")

	u := srv.User(8, "vi")
	srv.SendText(u, srv.PrivateChat(u), "của người dùng")
	_, err = bot.Send(tgbotapi.NewEditMessageText(8, 2, "x"))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: message can't be edited")

	if got := srv.Messages(8); len(got) != 2 || got[0].Text != "Trang 3" || got[0].ReplyMarkup == nil {
		t.Fatalf("Messages(8) = %+v", got)
	}
	if got := srv.Sent(8); len(got) != 1 {
		t.Fatalf("Sent(8) counts edits: %v", got)
	}
}

func TestDeleteMessageAndChatAction(t *testing.T) {
	srv, bot := newBot(t)
	sent, err := bot.Send(tgbotapi.NewMessage(3, "tạm"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bot.Request(tgbotapi.NewDeleteMessage(3, sent.MessageID)); err != nil {
		t.Fatal(err)
	}
	_, err = bot.Request(tgbotapi.NewDeleteMessage(3, sent.MessageID))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: message to delete not found")
	if got := srv.Messages(3); len(got) != 0 {
		t.Fatalf("Messages(3) = %+v", got)
	}

	if _, err := bot.Request(tgbotapi.NewChatAction(3, tgbotapi.ChatTyping)); err != nil {
		t.Fatal(err)
	}
	_, err = bot.Request(tgbotapi.NewChatAction(3, "dancing"))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: wrong parameter action")
}

func TestGetChat(t *testing.T) {
	srv, bot := newBot(t)
	u := srv.User(11, "vi")
	srv.PrivateChat(u)
	chat, err := bot.GetChat(tgbotapi.ChatInfoConfig{ChatConfig: tgbotapi.ChatConfig{ChatID: 11}})
	if err != nil || chat.Type != "private" || chat.UserName != "user11" {
		t.Fatalf("chat = %+v, %v", chat, err)
	}
	_, err = bot.GetChat(tgbotapi.ChatInfoConfig{ChatConfig: tgbotapi.ChatConfig{SuperGroupUsername: "@nowhere"}})
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: chat not found")
}

func TestMyCommands(t *testing.T) {
	srv, bot := newBot(t)
	vi := tgbotapi.NewSetMyCommands(
		tgbotapi.BotCommand{Command: "start", Description: "Bắt đầu"},
		tgbotapi.BotCommand{Command: "tin_moi", Description: "Tin mới nhất"})
	vi.LanguageCode = "vi"
	if _, err := bot.Request(vi); err != nil {
		t.Fatal(err)
	}
	if got := srv.Commands(tgbotapi.BotCommandScope{}, "vi"); len(got) != 2 || got[1].Command != "tin_moi" {
		t.Fatalf("Commands(default, vi) = %+v", got)
	}
	if got := srv.Commands(tgbotapi.BotCommandScope{}, ""); got != nil {
		t.Fatalf("Commands(default, all) = %+v", got)
	}
	cfg := tgbotapi.NewGetMyCommandsWithScopeAndLanguage(tgbotapi.NewBotCommandScopeDefault(), "vi")
	if cmds, err := bot.GetMyCommandsWithConfig(cfg); err != nil || len(cmds) != 2 {
		t.Fatalf("getMyCommands = %+v, %v", cmds, err)
	}

	scoped := tgbotapi.NewSetMyCommandsWithScope(tgbotapi.NewBotCommandScopeChat(77),
		tgbotapi.BotCommand{Command: "admin", Description: "Quản trị"})
	if _, err := bot.Request(scoped); err != nil {
		t.Fatal(err)
	}
	if got := srv.Commands(tgbotapi.NewBotCommandScopeChat(77), ""); len(got) != 1 {
		t.Fatalf("Commands(chat 77) = %+v", got)
	}
	if _, err := bot.Request(tgbotapi.NewDeleteMyCommandsWithScope(tgbotapi.NewBotCommandScopeChat(77))); err != nil {
		t.Fatal(err)
	}
	if got := srv.Commands(tgbotapi.NewBotCommandScopeChat(77), ""); got != nil {
		t.Fatalf("after delete: %+v", got)
	}

	for _, bad := range []tgbotapi.BotCommand{{Command: "Start", Description: "x"}, {Command: "/start", Description: "x"}, {Command: "start", Description: ""}} {
		_, err := bot.Request(tgbotapi.NewSetMyCommands(bad))
		wantAPIError(t, err, http.StatusBadRequest, "Bad Request: BOT_COMMAND_")
	}
}

// Ensure that every method taking an inline keyboard refuses the whole
// request, exactly as Telegram does, when a button's callback_data is
// empty or longer than 64 bytes, and accepts 64 bytes.
func TestCallbackDataLimitEveryMethod(t *testing.T) {
	srv, bot := newBot(t)
	target, err := bot.Send(tgbotapi.NewMessage(5, "x"))
	if err != nil {
		t.Fatal(err)
	}
	srv.InlineQuery(srv.User(5, "vi"), "q")
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 1 || ups[0].InlineQuery == nil {
		t.Fatalf("updates %+v, %v", ups, err)
	}
	queryID := ups[0].InlineQuery.ID
	const invalid = `{"ok":false,"error_code":400,"description":"Bad Request: BUTTON_DATA_INVALID"}`
	keyboard := func(data string) string {
		return `{"inline_keyboard":[[{"text":"a","callback_data":"ok"}],[{"text":"b","callback_data":"` + data + `"}]]}`
	}
	edit := 0
	// Telegram fetches a document named by URL: serve one.
	portal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		_, _ = w.Write([]byte("%PDF-1.4\n%%EOF\n"))
	}))
	defer portal.Close()
	methods := []struct {
		method string
		params func(markup string) map[string]string
	}{
		{"sendMessage", func(m string) map[string]string {
			return map[string]string{"chat_id": "5", "text": "x", "reply_markup": m}
		}},
		{"sendPhoto", func(m string) map[string]string {
			return map[string]string{"chat_id": "5", "photo": "AgACAgIAAxk", "reply_markup": m}
		}},
		{"sendDocument", func(m string) map[string]string {
			return map[string]string{"chat_id": "5", "document": portal.URL + "/a.pdf", "reply_markup": m}
		}},
		{"editMessageText", func(m string) map[string]string {
			edit++ // a new text each time, so that an accepted edit changes something
			return map[string]string{"chat_id": "5", "message_id": strconv.Itoa(target.MessageID),
				"text": "edit " + strconv.Itoa(edit), "reply_markup": m}
		}},
		{"editMessageReplyMarkup", func(m string) map[string]string {
			return map[string]string{"chat_id": "5", "message_id": strconv.Itoa(target.MessageID), "reply_markup": m}
		}},
		{"answerInlineQuery", func(m string) map[string]string {
			return map[string]string{"inline_query_id": queryID, "results": `[{"type":"article","id":"1","title":"t",` +
				`"input_message_content":{"message_text":"t"},"reply_markup":` + m + `}]`}
		}},
	}
	for _, lean := range []bool{false, true} {
		srv.SetLean(lean)
		for _, m := range methods {
			url := srv.URL() + "/bot" + testToken + "/" + m.method
			for _, data := range []string{"", strings.Repeat("đ", 32) + "x", strings.Repeat("x", 100)} {
				status, body := post(t, url, "application/x-www-form-urlencoded", form(m.params(keyboard(data))))
				if status != http.StatusBadRequest || body != invalid {
					t.Errorf("lean %v, %s with %d-byte callback_data: %d %s, want 400 %s", lean, m.method, len(data), status, body, invalid)
				}
			}
			if m.method == "editMessageReplyMarkup" {
				continue // the same keyboard twice is "not modified"
			}
			if status, body := post(t, url, "application/x-www-form-urlencoded", form(m.params(keyboard(strings.Repeat("đ", 32))))); status != http.StatusOK {
				t.Errorf("lean %v, %s with 64-byte callback_data: %d %s, want 200", lean, m.method, status, body)
			}
		}
	}
	srv.SetLean(false)
	if status, body := post(t, srv.URL()+"/bot"+testToken+"/editMessageReplyMarkup", "application/x-www-form-urlencoded",
		form(map[string]string{"chat_id": "5", "message_id": strconv.Itoa(target.MessageID),
			"reply_markup": keyboard(strings.Repeat("đ", 31) + "xy")})); status != http.StatusOK {
		t.Errorf("editMessageReplyMarkup with 64-byte callback_data: %d %s, want 200", status, body)
	}
	// A refused send is recorded even in lean mode.
	refused := 0
	for _, c := range srv.Calls() {
		if c.Error == "Bad Request: BUTTON_DATA_INVALID" {
			refused++
		}
	}
	if want := 2 * 3 * len(methods); refused != want {
		t.Errorf("%d refused calls recorded, want %d", refused, want)
	}
}
