package telegramtest

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestLongPollReturnsWhenUpdateAdded(t *testing.T) {
	srv, bot := newBot(t)
	done := pollAsync(bot, tgbotapi.UpdateConfig{Timeout: 60})
	waitPolling(t, srv, 1)

	u := srv.User(42, "vi")
	id := srv.SendText(u, srv.PrivateChat(u), "/start@newsbot_test_bot tin mới")
	r := receive(t, done)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if len(r.updates) != 1 || r.updates[0].UpdateID != id || id != 1 {
		t.Fatalf("updates = %+v, want update 1", r.updates)
	}
	m := r.updates[0].Message
	if m == nil || m.MessageID != 1 || m.Chat.ID != 42 || m.From.LanguageCode != "vi" || m.Date == 0 {
		t.Fatalf("message = %+v", m)
	}
	if m.Command() != "start" || m.CommandWithAt() != "start@newsbot_test_bot" || m.CommandArguments() != "tin mới" {
		t.Fatalf("command %q (%q) args %q", m.Command(), m.CommandWithAt(), m.CommandArguments())
	}
}

func TestCommandEntity(t *testing.T) {
	tests := []struct {
		text string
		want int // entity length, 0 for none
	}{
		{"/start", 6},
		{"/start abc", 6},
		{"/tin_moi@newsbot_test_bot", 25},
		{"/start@ x", 6},
		{"/", 0},
		{"/ hello", 0},
		{"hello /start", 0},
		{"", 0},
	}
	for _, tt := range tests {
		ents := commandEntity(tt.text)
		got := 0
		if len(ents) == 1 && ents[0].Type == "bot_command" && ents[0].Offset == 0 {
			got = ents[0].Length
		}
		if got != tt.want || (tt.want == 0) != (ents == nil) {
			t.Errorf("commandEntity(%q) = %+v, want length %d", tt.text, ents, tt.want)
		}
	}
}

func TestMessageIDsPerChat(t *testing.T) {
	srv, bot := newBot(t)
	a, b := srv.User(1, "vi"), srv.User(2, "en")
	srv.SendText(a, srv.PrivateChat(a), "một")
	srv.SendText(b, srv.PrivateChat(b), "one")
	srv.SendText(a, srv.PrivateChat(a), "hai")
	sent, err := bot.Send(tgbotapi.NewMessage(1, "ba"))
	if err != nil {
		t.Fatal(err)
	}
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, u := range ups {
		got = append(got, u.Message.MessageID)
	}
	if !slices.Equal(got, []int{1, 1, 2}) || sent.MessageID != 3 {
		t.Fatalf("message IDs %v then %d, want [1 1 2] then 3", got, sent.MessageID)
	}
}

func TestOffsetConfirms(t *testing.T) {
	srv, bot := newBot(t)
	u := srv.User(7, "vi")
	chat := srv.PrivateChat(u)
	srv.SendText(u, chat, "a")
	srv.SendText(u, chat, "b")

	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || !slices.Equal(updateIDs(ups), []int{1, 2}) {
		t.Fatalf("first poll: %v, %v", updateIDs(ups), err)
	}
	ups, err = bot.GetUpdates(tgbotapi.UpdateConfig{Offset: 3})
	if err != nil || len(ups) != 0 {
		t.Fatalf("poll with offset 3: %v, %v", updateIDs(ups), err)
	}
	// Confirmed updates are gone for good, even when asked for again.
	ups, err = bot.GetUpdates(tgbotapi.UpdateConfig{Offset: 1})
	if err != nil || len(ups) != 0 {
		t.Fatalf("poll with offset 1 after confirming: %v, %v", updateIDs(ups), err)
	}
	if got := srv.Confirmed(); got != 3 {
		t.Fatalf("Confirmed() = %d, want 3", got)
	}
	if id := srv.SendText(u, chat, "c"); id != 3 {
		t.Fatalf("next update ID = %d, want 3", id)
	}
}

func TestRedeliveryWithoutConfirmation(t *testing.T) {
	srv, bot := newBot(t)
	u := srv.User(7, "vi")
	srv.SendText(u, srv.PrivateChat(u), "a")
	for i, offset := range []int{0, 0, 1} {
		ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: offset})
		if err != nil || !slices.Equal(updateIDs(ups), []int{1}) {
			t.Fatalf("poll %d with offset %d: %v, %v", i, offset, updateIDs(ups), err)
		}
	}
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: 2})
	if err != nil || len(ups) != 0 {
		t.Fatalf("poll with offset 2: %v, %v", updateIDs(ups), err)
	}
}

func TestLimitAndNegativeOffset(t *testing.T) {
	srv, bot := newBot(t)
	u := srv.User(7, "vi")
	for range 5 {
		srv.SendText(u, srv.PrivateChat(u), "x")
	}
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{Limit: 2})
	if err != nil || !slices.Equal(updateIDs(ups), []int{1, 2}) {
		t.Fatalf("limit 2: %v, %v", updateIDs(ups), err)
	}
	ups, err = bot.GetUpdates(tgbotapi.UpdateConfig{Offset: -2})
	if err != nil || !slices.Equal(updateIDs(ups), []int{4, 5}) {
		t.Fatalf("offset -2: %v, %v", updateIDs(ups), err)
	}
	ups, err = bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || !slices.Equal(updateIDs(ups), []int{4, 5}) {
		t.Fatalf("after offset -2: %v, %v", updateIDs(ups), err)
	}
}

func TestAllowedUpdates(t *testing.T) {
	srv, bot := newBot(t)
	u := srv.User(7, "vi")
	srv.SendText(u, srv.PrivateChat(u), "a")
	srv.InlineQuery(u, "tin")
	srv.AddUpdate(tgbotapi.Update{ChatMember: &tgbotapi.ChatMemberUpdated{Chat: srv.PrivateChat(u), From: u}})
	srv.PressButton(u, srv.PrivateChat(u), 1, "x")

	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{AllowedUpdates: []string{"message", "callback_query"}})
	if err != nil || !slices.Equal(updateIDs(ups), []int{1, 4}) {
		t.Fatalf("allowed message, callback_query: %v, %v", updateIDs(ups), err)
	}
	// The setting sticks when allowed_updates is absent (tgbotapi sends null).
	srv.InlineQuery(u, "again")
	ups, err = bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || !slices.Equal(updateIDs(ups), []int{1, 4}) {
		t.Fatalf("later poll: %v, %v", updateIDs(ups), err)
	}
	// An empty list restores the default: everything but chat_member.
	srv.InlineQuery(u, "third")
	srv.AddUpdate(tgbotapi.Update{ChatMember: &tgbotapi.ChatMemberUpdated{Chat: srv.PrivateChat(u), From: u}})
	ups, err = bot.GetUpdates(tgbotapi.UpdateConfig{AllowedUpdates: []string{}})
	if err != nil || !slices.Equal(updateIDs(ups), []int{1, 4, 6}) {
		t.Fatalf("default: %v, %v", updateIDs(ups), err)
	}
}

func TestLongPollUnblockedByServerClose(t *testing.T) {
	srv, bot := newBot(t)
	done := pollAsync(bot, tgbotapi.UpdateConfig{Timeout: 600})
	waitPolling(t, srv, 1)
	srv.Close()
	r := receive(t, done)
	if r.err != nil || len(r.updates) != 0 {
		t.Fatalf("got %v, %v; want no updates", r.updates, r.err)
	}
	if err := srv.WaitOffset(context.Background(), 5); err == nil {
		t.Fatal("WaitOffset on a closed server returned nil")
	}
}

func TestLongPollEndsWhenClientGoesAway(t *testing.T) {
	srv := New(t, testToken)
	ctx, cancel := context.WithCancel(context.Background())
	bot, err := tgbotapi.NewBotAPIWithClient(testToken, srv.URL()+"/bot%s/%s", ctxClient{ctx})
	if err != nil {
		t.Fatal(err)
	}
	done := pollAsync(bot, tgbotapi.UpdateConfig{Timeout: 600})
	waitPolling(t, srv, 1)
	cancel()
	if r := receive(t, done); r.err == nil {
		t.Fatal("GetUpdates with a cancelled context returned no error")
	}
	// The server notices and finishes the poll instead of holding it.
	srv.WaitCalls(t, wait, func(calls []Call) bool {
		last := calls[len(calls)-1]
		return last.Method == "getUpdates" && last.Status == http.StatusOK
	})
}

func TestNewPollTerminatesOldOne(t *testing.T) {
	srv, bot := newBot(t)
	first := pollAsync(bot, tgbotapi.UpdateConfig{Timeout: 600})
	waitPolling(t, srv, 1)
	second := pollAsync(bot, tgbotapi.UpdateConfig{Timeout: 600})
	r := receive(t, first)
	wantAPIError(t, r.err, http.StatusConflict, "Conflict: terminated by other getUpdates request")

	u := srv.User(3, "vi")
	srv.SendText(u, srv.PrivateChat(u), "hi")
	if r := receive(t, second); r.err != nil || len(r.updates) != 1 {
		t.Fatalf("second poll: %v, %v", r.updates, r.err)
	}
}

func TestWaitOffset(t *testing.T) {
	srv, bot := newBot(t)
	u := srv.User(7, "vi")
	srv.SendText(u, srv.PrivateChat(u), "a")
	srv.SendText(u, srv.PrivateChat(u), "b")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := srv.WaitOffset(ctx, 3); err == nil {
		t.Fatal("WaitOffset(3) before any poll returned nil")
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.WaitOffset(context.Background(), 3) }()
	if _, err := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: 3}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(wait):
		t.Fatal("WaitOffset(3) did not return after a poll with offset 3")
	}
	// Lower offsets are reached already.
	if err := srv.WaitOffset(ctx, 2); err != nil {
		t.Fatalf("WaitOffset(2) after offset 3: %v", err)
	}
	if srv.Polls() != 1 {
		t.Fatalf("Polls() = %d, want 1", srv.Polls())
	}
}

func TestPressButtonAndAnswer(t *testing.T) {
	srv, bot := newBot(t)
	u := srv.User(9, "vi")
	chat := srv.PrivateChat(u)
	msg := tgbotapi.NewMessage(chat.ID, "Chọn mục")
	msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData("Thời sự", "cat:thoi-su")))
	sent, err := bot.Send(msg)
	if err != nil {
		t.Fatal(err)
	}
	srv.PressButton(u, chat, sent.MessageID, "cat:thoi-su")
	srv.PressButton(u, chat, sent.MessageID, "cat:thoi-su")
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 2 {
		t.Fatalf("updates %v, %v", ups, err)
	}
	q := ups[0].CallbackQuery
	if q == nil || q.Data != "cat:thoi-su" || q.From.ID != 9 || q.Message.MessageID != sent.MessageID ||
		q.Message.Text != "Chọn mục" || q.Message.ReplyMarkup == nil || q.ChatInstance == "" {
		t.Fatalf("callback query = %+v", q)
	}
	if q.ID == ups[1].CallbackQuery.ID {
		t.Fatalf("two presses share the query ID %q", q.ID)
	}
	if _, err := bot.Request(tgbotapi.NewCallback(q.ID, "Đã chọn")); err != nil {
		t.Fatal(err)
	}
	_, err = bot.Request(tgbotapi.NewCallback("bogus", ""))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: query is too old")
}

func TestInlineQueryAndAnswer(t *testing.T) {
	srv, bot := newBot(t)
	u := srv.User(9, "vi")
	srv.InlineQuery(u, "bão")
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 1 || ups[0].InlineQuery == nil || ups[0].InlineQuery.Query != "bão" {
		t.Fatalf("updates %+v, %v", ups, err)
	}
	id := ups[0].InlineQuery.ID
	answer := tgbotapi.InlineConfig{InlineQueryID: id, Results: []any{
		tgbotapi.NewInlineQueryResultArticle("1", "Bão số 3", "Tin bão"),
		tgbotapi.NewInlineQueryResultArticle("2", "Bão số 4", "Tin bão"),
	}}
	if _, err := bot.Request(answer); err != nil {
		t.Fatal(err)
	}
	answer.Results = append(answer.Results, tgbotapi.NewInlineQueryResultArticle("1", "dup", "dup"))
	_, err = bot.Request(answer)
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: RESULT_ID_DUPLICATE")
}

func TestAddUpdateStoresMessage(t *testing.T) {
	srv, bot := newBot(t)
	chat := tgbotapi.Chat{ID: -1001234567890, Type: "supergroup", Title: "Tin huyện", UserName: "tinhuyen"}
	srv.AddChat(chat)
	u := srv.User(4, "vi")
	id := srv.AddUpdate(tgbotapi.Update{Message: &tgbotapi.Message{From: &u, Chat: &chat, Text: "xin chào"}})
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 1 || ups[0].UpdateID != id {
		t.Fatalf("updates %+v, %v", ups, err)
	}
	m := ups[0].Message
	if m.MessageID != 1 || m.Date == 0 {
		t.Fatalf("message = %+v", m)
	}
	reply := tgbotapi.NewMessageToChannel("@tinhuyen", "chào")
	reply.ReplyToMessageID = m.MessageID
	sent, err := bot.Send(reply)
	if err != nil {
		t.Fatal(err)
	}
	if sent.Chat.ID != chat.ID || sent.ReplyToMessage == nil || sent.ReplyToMessage.Text != "xin chào" || sent.MessageID != 2 {
		t.Fatalf("sent = %+v", sent)
	}
	if got := srv.Messages(chat.ID); len(got) != 2 {
		t.Fatalf("Messages = %+v", got)
	}
}

// Ensure that a raw update is delivered with its fields as given, whatever
// their types, and its update_id replaced by the next ID; one of a type left
// out of allowed_updates is dropped.
func TestAddRawUpdateKeepsFieldsAsGiven(t *testing.T) {
	srv, _ := newBot(t)
	first := srv.AddRawUpdate(t, []byte(`{"update_id":"x","message":{"message_id":"nine","text":9}}`))
	srv.AddRawUpdate(t, []byte(`{"message_reaction":{"chat":{"id":1,"type":"private"}}}`))
	status, body := post(t, srv.URL()+"/bot"+srv.Token()+"/getUpdates", "application/x-www-form-urlencoded",
		form(map[string]string{"allowed_updates": `["message"]`}))
	want := `{"ok":true,"result":[{"message":{"message_id":"nine","text":9},"update_id":1}]}`
	if status != http.StatusOK || body != want || first != 1 {
		t.Fatalf("getUpdates: %d %s (first ID %d); want %s", status, body, first, want)
	}
}
