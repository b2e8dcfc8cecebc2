package bot_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsbot/bot"
)

// updateSchema lists, for each object Telegram's updates carry, its fields
// and their types: "int", "bool", "string", another object's name, or
// "[]" and an element type. "update" is the Update itself, with every
// update type Telegram sends, those tgbotapi predates included.
var updateSchema = map[string][][2]string{
	"update": {
		{"message", "Message"}, {"edited_message", "Message"}, {"channel_post", "Message"},
		{"edited_channel_post", "Message"}, {"business_connection", "BusinessConnection"},
		{"business_message", "Message"}, {"edited_business_message", "Message"},
		{"deleted_business_messages", "BusinessMessagesDeleted"}, {"message_reaction", "MessageReactionUpdated"},
		{"message_reaction_count", "MessageReactionCountUpdated"}, {"inline_query", "InlineQuery"},
		{"chosen_inline_result", "ChosenInlineResult"}, {"callback_query", "CallbackQuery"},
		{"shipping_query", "ShippingQuery"}, {"pre_checkout_query", "PreCheckoutQuery"},
		{"purchased_paid_media", "PaidMediaPurchased"}, {"poll", "Poll"}, {"poll_answer", "PollAnswer"},
		{"my_chat_member", "ChatMemberUpdated"}, {"chat_member", "ChatMemberUpdated"},
		{"chat_join_request", "ChatJoinRequest"}, {"chat_boost", "ChatBoostUpdated"},
		{"removed_chat_boost", "ChatBoostRemoved"},
	},
	"Message": {
		{"message_id", "int"}, {"message_thread_id", "int"}, {"from", "User"}, {"sender_chat", "Chat"},
		{"date", "int"}, {"business_connection_id", "string"}, {"chat", "Chat"}, {"reply_to_message", "Message"},
		{"via_bot", "User"}, {"edit_date", "int"}, {"text", "string"}, {"entities", "[]MessageEntity"},
		{"caption", "string"}, {"caption_entities", "[]MessageEntity"}, {"photo", "[]PhotoSize"},
		{"new_chat_members", "[]User"}, {"left_chat_member", "User"}, {"new_chat_title", "string"},
		{"migrate_to_chat_id", "int"}, {"migrate_from_chat_id", "int"}, {"pinned_message", "Message"},
		{"reply_markup", "InlineKeyboardMarkup"}, {"is_topic_message", "bool"}, {"media_group_id", "string"},
	},
	"User": {
		{"id", "int"}, {"is_bot", "bool"}, {"first_name", "string"}, {"last_name", "string"},
		{"username", "string"}, {"language_code", "string"}, {"is_premium", "bool"},
	},
	"Chat":                 {{"id", "int"}, {"type", "string"}, {"title", "string"}, {"username", "string"}, {"is_forum", "bool"}},
	"MessageEntity":        {{"type", "string"}, {"offset", "int"}, {"length", "int"}, {"url", "string"}, {"user", "User"}},
	"PhotoSize":            {{"file_id", "string"}, {"file_unique_id", "string"}, {"width", "int"}, {"height", "int"}},
	"InlineKeyboardMarkup": {{"inline_keyboard", "[][]InlineKeyboardButton"}},
	"InlineKeyboardButton": {{"text", "string"}, {"callback_data", "string"}, {"url", "string"}},
	"CallbackQuery": {
		{"id", "string"}, {"from", "User"}, {"message", "Message"}, {"inline_message_id", "string"},
		{"chat_instance", "string"}, {"data", "string"}, {"game_short_name", "string"},
	},
	"InlineQuery": {{"id", "string"}, {"from", "User"}, {"query", "string"}, {"offset", "string"}, {"chat_type", "string"}},
	"ChosenInlineResult": {
		{"result_id", "string"}, {"from", "User"}, {"inline_message_id", "string"}, {"query", "string"},
	},
	"ShippingQuery":    {{"id", "string"}, {"from", "User"}, {"invoice_payload", "string"}},
	"PreCheckoutQuery": {{"id", "string"}, {"from", "User"}, {"currency", "string"}, {"total_amount", "int"}, {"invoice_payload", "string"}},
	"Poll": {
		{"id", "string"}, {"question", "string"}, {"options", "[]PollOption"}, {"total_voter_count", "int"},
		{"is_closed", "bool"}, {"type", "string"},
	},
	"PollOption": {{"text", "string"}, {"voter_count", "int"}},
	"PollAnswer": {{"poll_id", "string"}, {"voter_chat", "Chat"}, {"user", "User"}, {"option_ids", "[]int"}},
	"ChatMemberUpdated": {
		{"chat", "Chat"}, {"from", "User"}, {"date", "int"}, {"old_chat_member", "ChatMember"},
		{"new_chat_member", "ChatMember"},
	},
	"ChatMember":      {{"status", "string"}, {"user", "User"}},
	"ChatJoinRequest": {{"chat", "Chat"}, {"from", "User"}, {"user_chat_id", "int"}, {"date", "int"}, {"bio", "string"}},
	"MessageReactionUpdated": {
		{"chat", "Chat"}, {"message_id", "int"}, {"user", "User"}, {"actor_chat", "Chat"}, {"date", "int"},
		{"old_reaction", "[]ReactionType"}, {"new_reaction", "[]ReactionType"},
	},
	"MessageReactionCountUpdated": {{"chat", "Chat"}, {"message_id", "int"}, {"date", "int"}, {"reactions", "[]ReactionCount"}},
	"ReactionType":                {{"type", "string"}, {"emoji", "string"}},
	"ReactionCount":               {{"type", "ReactionType"}, {"total_count", "int"}},
	"BusinessConnection": {
		{"id", "string"}, {"user", "User"}, {"user_chat_id", "int"}, {"date", "int"}, {"is_enabled", "bool"},
	},
	"BusinessMessagesDeleted": {{"business_connection_id", "string"}, {"chat", "Chat"}, {"message_ids", "[]int"}},
	"PaidMediaPurchased":      {{"from", "User"}, {"paid_media_payload", "string"}},
	"ChatBoostUpdated":        {{"chat", "Chat"}, {"boost", "ChatBoost"}},
	"ChatBoostRemoved":        {{"chat", "Chat"}, {"boost_id", "string"}, {"remove_date", "int"}},
	"ChatBoost":               {{"boost_id", "string"}, {"add_date", "int"}, {"expiration_date", "int"}},
}

// fuzzTexts are the strings the generator picks from: commands the bot
// knows, callback data of its buttons, and the awkward.
var fuzzTexts = []string{
	"", "/start", "/latest", "/search tin", "/help", "/settings", "/broadcast xin chào", "/post", "/stats",
	"/alerts add lũ", "/sources", "/units", "/members", "/admins", "s:0", "s:-1", "sub:thoisu", "b:send",
	"post:cancel", "ack:1", "j:y:1", "u:send:x", "set:digest", "private", "group", "supergroup", "channel",
	"bot_command", "xin chào", "\xff\xfe", "@newsbot_test_bot", "/start@other_bot", "🔥",
}

// updateGen builds a JSON value of a schema type from a stream of choices:
// each field is present with a proper value, absent, null, of the wrong
// type, or huge. An exhausted stream chooses proper values.
type updateGen struct {
	choices []byte
}

func (g *updateGen) next() byte {
	if len(g.choices) == 0 {
		return 0
	}
	b := g.choices[0]
	g.choices = g.choices[1:]
	return b
}

// value returns a value of type typ; depth bounds nesting.
func (g *updateGen) value(typ string, depth int) any {
	switch c := g.next(); c % 10 {
	case 6:
		return nil
	case 7: // the wrong type
		return []any{map[string]any{"id": "x"}, 1e300, "7", true, -1}[int(c/10)%5]
	case 8: // huge
		if typ == "int" {
			return []any{int64(1) << 62, -(int64(1) << 62), 1e30}[int(c/10)%3]
		}
		return strings.Repeat("Hóa ", 5000) // 20 000 characters, five times Telegram's longest text
	}
	switch {
	case typ == "int":
		return int64(g.next()) - 20
	case typ == "bool":
		return g.next()%2 == 1
	case typ == "string":
		return fuzzTexts[int(g.next())%len(fuzzTexts)]
	case strings.HasPrefix(typ, "[]"):
		n := int(g.next() % 3)
		out := make([]any, 0, n)
		for range n {
			out = append(out, g.value(typ[2:], depth))
		}
		return out
	}
	return g.object(typ, depth)
}

// object returns an object of type typ: each field is written unless the
// stream omits it (choice 9), and objects deeper than 3 are left empty.
func (g *updateGen) object(typ string, depth int) map[string]any {
	out := map[string]any{}
	if depth > 3 {
		return out
	}
	for _, f := range updateSchema[typ] {
		if len(g.choices) > 0 && g.choices[0]%10 == 9 {
			g.next()
			continue
		}
		out[f[0]] = g.value(f[1], depth+1)
	}
	return out
}

// maxChoices bounds the choices buildUpdate reads, and so the update's size.
const maxChoices = 256

// buildUpdate returns an update: base (a JSON object, else an empty one)
// with update types added from choices, the first choice of each naming the
// type, and update_id set to id.
func buildUpdate(base string, choices []byte, id int) []byte {
	var u map[string]any
	if json.Unmarshal([]byte(base), &u) != nil || u == nil {
		u = map[string]any{}
	}
	g := &updateGen{choices: choices[:min(len(choices), maxChoices)]}
	types := updateSchema["update"]
	for len(g.choices) > 0 {
		f := types[int(g.next())%len(types)]
		u[f[0]] = g.value(f[1], 0)
	}
	u["update_id"] = id
	data, err := json.Marshal(u)
	if err != nil {
		panic(err) // every value above encodes
	}
	return data
}

// updateSeeds are updates Telegram really sends that the bot must survive.
var updateSeeds = []string{
	// A button on a message sent in inline mode: no message, no chat.
	`{"callback_query":{"id":"41","from":{"id":501,"is_bot":false,"first_name":"An","language_code":"vi"},"inline_message_id":"AgAAAN8","chat_instance":"-77","data":"s:1"}}`,
	// A game's button: game_short_name and no data.
	`{"callback_query":{"id":"42","from":{"id":501,"is_bot":false,"first_name":"An"},"message":{"message_id":3,"date":1767000000,"chat":{"id":501,"type":"private"}},"chat_instance":"-77","game_short_name":"snake"}}`,
	// A message without text (a photo).
	`{"message":{"message_id":4,"from":{"id":501,"is_bot":false,"first_name":"An"},"date":1767000000,"chat":{"id":501,"type":"private"},"photo":[{"file_id":"AgAD","file_unique_id":"AQAD","width":90,"height":90}]}}`,
	// A message sent on behalf of a channel: sender_chat, no from.
	`{"message":{"message_id":5,"sender_chat":{"id":-1001234,"type":"channel","title":"Tin huyện"},"date":1767000000,"chat":{"id":-1005678,"type":"supergroup","title":"Cán bộ"},"text":"/latest"}}`,
	// A reaction.
	`{"message_reaction":{"chat":{"id":501,"type":"private"},"message_id":6,"user":{"id":501,"is_bot":false,"first_name":"An"},"date":1767000000,"old_reaction":[],"new_reaction":[{"type":"emoji","emoji":"👍"}]}}`,
	// A business message.
	`{"business_message":{"message_id":7,"business_connection_id":"bc1","from":{"id":501,"is_bot":false,"first_name":"An"},"date":1767000000,"chat":{"id":501,"type":"private"},"text":"/start"}}`,
	// A message without a chat.
	`{"message":{"message_id":8,"date":1767000000,"text":"/help"}}`,
	// A field of the wrong type.
	`{"message":{"message_id":"nine","date":1767000000,"chat":{"id":501,"type":"private"},"text":9}}`,
}

// updatePaths drives updates through the polling batch path (getUpdates
// from the fake Bot API, Poll) and through the webhook handler
// (WebhookServer.ServeHTTP and Run), each against a real store.
type updatePaths struct {
	poll, hook *pushEnv
	log        *errorLog
	hookSrv    *bot.WebhookServer
	nextHookID int
}

const fuzzHookSecret = "fuzz-secret"

func newUpdatePaths(t testing.TB) *updatePaths {
	t.Helper()
	log := &errorLog{}
	cfg := bot.Config{Logger: slog.New(log), RateLimit: bot.RateLimit{Off: true}, PollTimeout: time.Second}
	p := &updatePaths{poll: newPushEnv(t, cfg), hook: newPushEnv(t, cfg), log: log, nextHookID: 1}
	startPolling(t, p.poll.bot)
	w, err := p.hook.bot.NewWebhookServer(context.Background(), hookURL, fuzzHookSecret)
	if err != nil {
		t.Fatal(err)
	}
	p.hookSrv = w
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- w.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-ran; err != nil {
			t.Error(err)
		}
	})
	return p
}

// viaPoll queues body at the fake Bot API, then a plain message, and waits
// until the bot has confirmed both: an update the fake drops (a type the
// bot did not ask for) is confirmed by the offset of the one after it.
func (p *updatePaths) viaPoll(t *testing.T, body []byte) {
	t.Helper()
	p.poll.api.AddRawUpdate(t, body)
	after := p.poll.api.AddRawUpdate(t, []byte(`{"message":{"message_id":1,"date":1767000000,"chat":{"id":-42,"type":"group"},"text":"chào"}}`))
	ctx, cancel := context.WithTimeout(context.Background(), pushWait)
	defer cancel()
	if err := p.poll.api.WaitOffset(ctx, after+1); err != nil {
		t.Fatalf("polling: update not confirmed: %v\n%s", err, body)
	}
}

// viaHook posts body to the webhook handler as Telegram would and waits
// until its offset is committed.
func (p *updatePaths) viaHook(t *testing.T, body []byte) {
	t.Helper()
	var u map[string]any
	_ = json.Unmarshal(body, &u)
	id := p.nextHookID
	p.nextHookID++
	u["update_id"] = id
	data, _ := json.Marshal(u)
	path := hookURL
	if pu, err := url.Parse(hookURL); err == nil {
		path = pu.Path
	}
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(string(data)))
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", fuzzHookSecret)
	rec := httptest.NewRecorder()
	p.hookSrv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("webhook: status %d for update %d: %s", rec.Code, id, rec.Body.String())
	}
	waitCommitted(t, p.hook)
}

// checkNoPanic fails t if a panic was recovered anywhere on the update path.
func (p *updatePaths) checkNoPanic(t *testing.T, body []byte) {
	t.Helper()
	for _, m := range p.log.take() {
		if strings.Contains(m, "panicked") {
			t.Fatalf("%s\nupdate: %.2000s", m, body)
		}
	}
}

// Ensure that no update Telegram can send, whatever its type and whatever
// it leaves out, nulls, mistypes or inflates, panics anywhere on the update
// path, hangs it, or goes unconfirmed, by polling or by webhook.
func FuzzUpdatePath(f *testing.F) {
	for _, s := range updateSeeds {
		f.Add(s, []byte{})
	}
	f.Add(`{}`, []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	f.Add(`{}`, []byte(strconv.Itoa(1234567890)))
	for i := range updateSchema["update"] {
		f.Add(`{}`, []byte{byte(i)})
	}
	p := newUpdatePaths(f)
	f.Fuzz(func(t *testing.T, base string, choices []byte) {
		body := buildUpdate(base, choices, 1)
		p.viaPoll(t, body)
		p.viaHook(t, body)
		p.checkNoPanic(t, body)
	})
}
