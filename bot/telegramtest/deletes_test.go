package telegramtest

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content/contenttest"
)

// sendN sends n texts to chatID and returns their message IDs.
func sendN(t *testing.T, bot *tgbotapi.BotAPI, chatID int64, n int) []int {
	t.Helper()
	ids := make([]int, n)
	for i := range ids {
		m, err := bot.Send(tgbotapi.NewMessage(chatID, "tin"))
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = m.MessageID
	}
	return ids
}

// Ensure that deleteMessage deletes once, then answers "not found", and
// refuses messages older than 48 hours by the server's clock.
func TestDeleteMessage(t *testing.T) {
	srv, bot := newBot(t)
	clock := contenttest.NewClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	srv.SetNow(clock.Now)
	ids := sendN(t, bot, 42, 2)
	groupIDs := sendN(t, bot, -77, 1)
	if _, err := bot.Request(tgbotapi.NewDeleteMessage(42, ids[0])); err != nil {
		t.Fatalf("delete: %v", err)
	}
	_, err := bot.Request(tgbotapi.NewDeleteMessage(42, ids[0]))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: message to delete not found")
	clock.Advance(48*time.Hour + time.Second)
	_, err = bot.Request(tgbotapi.NewDeleteMessage(42, ids[1]))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: message can't be deleted for everyone")
	_, err = bot.Request(tgbotapi.NewDeleteMessage(-77, groupIDs[0]))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: message can't be deleted")
	if got := srv.Messages(42); len(got) != 1 || got[0].MessageID != ids[1] {
		t.Fatalf("Messages(42) = %+v", got)
	}
	unblock := srv.Blocked(42)
	_, err = bot.Request(tgbotapi.NewDeleteMessage(42, ids[1]))
	wantAPIError(t, err, http.StatusForbidden, "Forbidden: bot was blocked by the user")
	unblock()
}

// Ensure that deleteMessages deletes a batch, skips the IDs it does not
// know, deletes nothing when one is past 48 hours, and checks its list.
func TestDeleteMessages(t *testing.T) {
	srv, bot := newBot(t)
	clock := contenttest.NewClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	srv.SetNow(clock.Now)
	old := sendN(t, bot, 42, 1)
	clock.Advance(47 * time.Hour)
	ids := sendN(t, bot, 42, 3)
	del := func(list string) error {
		_, err := bot.MakeRequest("deleteMessages", tgbotapi.Params{"chat_id": "42", "message_ids": list})
		return err
	}
	if err := del(`[` + itoa(ids[0]) + `,` + itoa(ids[1]) + `,999]`); err != nil {
		t.Fatalf("deleteMessages: %v", err)
	}
	if got := srv.Messages(42); len(got) != 2 {
		t.Fatalf("after the batch Messages(42) = %+v", got)
	}
	clock.Advance(2 * time.Hour)
	wantAPIError(t, del(`[`+itoa(old[0])+`,`+itoa(ids[2])+`]`), http.StatusBadRequest, "Bad Request: message can't be deleted")
	if got := srv.Messages(42); len(got) != 2 {
		t.Fatalf("a refused batch deleted something: %+v", got)
	}
	wantAPIError(t, del(`[]`), http.StatusBadRequest, "Bad Request: message identifiers are not specified")
	long := "[1"
	for i := 2; i <= 101; i++ {
		long += "," + itoa(i)
	}
	wantAPIError(t, del(long+"]"), http.StatusBadRequest, "Bad Request: too many message identifiers specified")
	if calls := srv.Calls(); calls[len(calls)-1].Method != "deleteMessages" {
		t.Fatalf("last call %v", calls[len(calls)-1])
	}
}

// Ensure that editMessageCaption edits a picture's caption, keeps what it
// is given for buttons, and answers Telegram's errors.
func TestEditMessageCaption(t *testing.T) {
	srv, bot := newBot(t)
	photo := tgbotapi.NewPhoto(42, tgbotapi.FileID("AgAD"))
	photo.Caption = "Ảnh"
	m, err := bot.Send(photo)
	if err != nil {
		t.Fatal(err)
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("Đọc", "a:1")))
	edit := tgbotapi.NewEditMessageCaption(42, m.MessageID, "Ảnh (đã sửa)")
	edit.ReplyMarkup = &kb
	if _, err := bot.Request(edit); err != nil {
		t.Fatalf("edit caption: %v", err)
	}
	got := srv.Messages(42)[0]
	if got.Caption != "Ảnh (đã sửa)" || got.ReplyMarkup == nil || got.EditDate == 0 {
		t.Fatalf("edited = %+v", got)
	}
	_, err = bot.Request(edit)
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: message is not modified")
	_, err = bot.Request(tgbotapi.NewEditMessageCaption(42, 999, "x"))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: message to edit not found")
	text := sendN(t, bot, 42, 1)
	_, err = bot.Request(tgbotapi.NewEditMessageCaption(42, text[0], "x"))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: there is no caption in the message to edit")
	_, err = bot.Request(tgbotapi.NewEditMessageText(42, m.MessageID, "x"))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: there is no text in the message to edit")
}

// Ensure that with Limits.Changes, edits and deletions count under the
// flood limits like sends; without it they do not.
func TestLimitsCountChanges(t *testing.T) {
	srv, bot := newBot(t)
	ids := sendN(t, bot, 42, 3)
	clock := contenttest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	srv.EnforceLimits(Limits{Global: 30, PerChat: 1, Now: clock.Now})
	if _, err := bot.Request(tgbotapi.NewDeleteMessage(42, ids[0])); err != nil {
		t.Fatal(err)
	}
	if _, err := bot.Request(tgbotapi.NewDeleteMessage(42, ids[1])); err != nil {
		t.Fatalf("uncounted delete: %v", err)
	}
	srv.EnforceLimits(Limits{Global: 30, PerChat: 1, Now: clock.Now, Changes: true})
	if _, err := bot.Request(tgbotapi.NewEditMessageText(42, ids[2], "sửa")); err != nil {
		t.Fatal(err)
	}
	_, err := bot.Request(tgbotapi.NewDeleteMessage(42, ids[2]))
	wantAPIError(t, err, http.StatusTooManyRequests, "Too Many Requests")
	if tm := srv.TooManyAnswers(); len(tm) != 1 || tm[0].Limit != "chat" {
		t.Fatalf("TooManyAnswers = %+v", tm)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
