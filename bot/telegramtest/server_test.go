package telegramtest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestGetMe(t *testing.T) {
	srv, bot := newBot(t)
	want := srv.Bot()
	if bot.Self != want {
		t.Fatalf("Self = %+v, want %+v", bot.Self, want)
	}
	if want.ID != 1000 || !want.IsBot || want.FirstName != "Newsbot" || want.UserName != "newsbot_test_bot" {
		t.Fatalf("Bot() = %+v", want)
	}
	calls := srv.Calls()
	if len(calls) != 1 || calls[0].Method != "getMe" || calls[0].Status != http.StatusOK {
		t.Fatalf("calls = %v", calls)
	}
}

func TestWrongToken(t *testing.T) {
	srv := New(t, testToken)
	_, err := tgbotapi.NewBotAPIWithClient("999:wrong", srv.URL()+"/bot%s/%s", http.DefaultClient)
	wantAPIError(t, err, http.StatusUnauthorized, "Unauthorized")

	status, body := post(t, srv.URL()+"/bot999:wrong/sendMessage", "application/x-www-form-urlencoded", "chat_id=1&text=hi")
	if status != http.StatusUnauthorized || body != `{"ok":false,"error_code":401,"description":"Unauthorized"}` {
		t.Fatalf("got %d %s", status, body)
	}
	if got := srv.Sent(1); len(got) != 1 || got[0].Status != http.StatusUnauthorized {
		t.Fatalf("Sent(1) = %v, want the unauthorized call", got)
	}
	if msgs := srv.Messages(1); len(msgs) != 0 {
		t.Fatalf("Messages(1) = %v, want none", msgs)
	}
}

func TestUnknownMethodAndPath(t *testing.T) {
	srv, bot := newBot(t)
	_, err := bot.MakeRequest("sendTelepathy", nil)
	wantAPIError(t, err, http.StatusNotFound, "Not Found")

	for _, path := range []string{"/", "/getMe", "/bot" + testToken, "/bot" + testToken + "/"} {
		status, body := post(t, srv.URL()+path, "application/x-www-form-urlencoded", "")
		if status != http.StatusNotFound || !strings.Contains(body, `"description":"Not Found"`) {
			t.Errorf("%s: got %d %s", path, status, body)
		}
	}
}

func TestMethodNamesIgnoreCase(t *testing.T) {
	srv, bot := newBot(t)
	if _, err := bot.MakeRequest("GETME", nil); err != nil {
		t.Fatal(err)
	}
	if c := srv.Calls(); c[len(c)-1].Method != "getMe" {
		t.Fatalf("recorded method %q, want getMe", c[len(c)-1].Method)
	}
}

func TestJSONBody(t *testing.T) {
	srv := New(t, testToken)
	body := `{"chat_id": 42, "text": "Tin mới", "disable_notification": true,
		"reply_markup": {"inline_keyboard": [[{"text": "Xem", "callback_data": "a:1"}]]}}`
	status, resp := post(t, srv.URL()+"/bot"+testToken+"/sendMessage", "application/json; charset=utf-8", body)
	if status != http.StatusOK {
		t.Fatalf("got %d %s", status, resp)
	}
	var env struct {
		OK     bool             `json:"ok"`
		Result tgbotapi.Message `json:"result"`
	}
	if err := json.Unmarshal([]byte(resp), &env); err != nil || !env.OK {
		t.Fatalf("decode %s: %v", resp, err)
	}
	if env.Result.Text != "Tin mới" || env.Result.ReplyMarkup == nil || *env.Result.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "a:1" {
		t.Fatalf("result = %+v", env.Result)
	}
	p := srv.Sent(42)[0].Params
	if p["chat_id"] != "42" || p["disable_notification"] != "true" ||
		p["reply_markup"] != `{"inline_keyboard": [[{"text": "Xem", "callback_data": "a:1"}]]}` {
		t.Fatalf("params = %q", p)
	}
}

func TestQueryStringParams(t *testing.T) {
	srv := New(t, testToken)
	resp, err := http.Get(srv.URL() + "/bot" + testToken + "/getChat?chat_id=7")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env struct {
		OK     bool          `json:"ok"`
		Result tgbotapi.Chat `json:"result"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil || !env.OK {
		t.Fatalf("decode: %v, ok=%v", err, env.OK)
	}
	if env.Result.ID != 7 || env.Result.Type != "private" {
		t.Fatalf("chat = %+v", env.Result)
	}
}

func TestResponsesHaveNoNulls(t *testing.T) {
	srv := New(t, testToken)
	srv.SendText(srv.User(5, "vi"), srv.PrivateChat(srv.User(5, "vi")), "/start")
	_, body := post(t, srv.URL()+"/bot"+testToken+"/getUpdates", "application/x-www-form-urlencoded", "")
	if strings.Contains(body, "null") {
		t.Fatalf("body has nulls: %s", body)
	}
}
