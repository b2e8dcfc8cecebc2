package bot_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot"
	"newsbot/content"
)

// errorLog is a slog handler that keeps the messages of records at level
// Error and above. Safe for concurrent use.
type errorLog struct {
	mu   sync.Mutex
	msgs []string
}

func (l *errorLog) Enabled(_ context.Context, lv slog.Level) bool { return lv >= slog.LevelError }
func (l *errorLog) WithAttrs([]slog.Attr) slog.Handler            { return l }
func (l *errorLog) WithGroup(string) slog.Handler                 { return l }
func (l *errorLog) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool {
		if a.Key != "stack" {
			fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
		}
		return true
	})
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msgs = append(l.msgs, b.String())
	return nil
}

// take returns the messages logged since the last take.
func (l *errorLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.msgs
	l.msgs = nil
	return out
}

// fuzzEnv is a bot over a real store with articles, a subscriber, an
// admin, an open job and sources; strangers are neither subscribed nor
// admins.
type fuzzEnv struct {
	*guardEnv
	client   *bot.Client
	log      *errorLog
	admin    tgbotapi.User
	stranger tgbotapi.User
	article  string
}

func newFuzzEnv(t testing.TB) *fuzzEnv {
	t.Helper()
	log := &errorLog{}
	srcs := someSources()
	pe := newPushEnv(t, bot.Config{Sources: srcs, Logger: slog.New(log), RateLimit: bot.RateLimit{Off: true}})
	e := &fuzzEnv{guardEnv: &guardEnv{pushEnv: pe, sources: srcs}, log: log}
	ctx := context.Background()
	e.admin, e.stranger = e.api.User(100, "vi"), e.api.User(666, "en")
	e.api.PrivateChat(e.admin)
	e.api.PrivateChat(e.stranger)
	client, err := bot.NewClient(ctx, e.api.URL(), pushToken, http.DefaultClient)
	if err != nil {
		t.Fatal(err)
	}
	e.client = client
	if _, err := e.db.AddAdmin(ctx, e.admin.ID, 0); err != nil {
		t.Fatal(err)
	}
	e.subscribe(content.Subscriber{ChatID: e.admin.ID, Lang: "vi"})
	res, err := e.db.PublishArticle(ctx, news("Hội nghị <b>tổng kết</b> & \"bàn giao\"", ""))
	if err != nil {
		t.Fatal(err)
	}
	e.article = res.Article.ID
	job, err := e.db.CreateBroadcast(ctx, content.Job{Text: "Thông báo", CreatedBy: e.admin.ID}, []int64{e.admin.ID})
	if err != nil {
		t.Fatal(err)
	}
	e.job = job
	return e
}

// unexpected returns the error logs and the refused HTML (which the bot
// then sends again as plain text, hiding the slip) since the last call.
func (e *fuzzEnv) unexpected(mark int) []string {
	out := e.log.take()
	for _, c := range e.api.Calls()[mark:] {
		if c.Status == 400 && strings.Contains(c.Error, "can't parse entities") {
			out = append(out, "unescaped HTML: "+c.String())
		}
	}
	return out
}

// botMessage has the bot send text to chat, to press a button on, and
// returns its ID; text Telegram refuses gives a message without text.
func (e *fuzzEnv) botMessage(chat int64, text string) int {
	m, err := e.client.Send(context.Background(), tgbotapi.NewMessage(chat, text))
	if err != nil {
		return 1_000_000
	}
	return m.MessageID
}

// expand puts the environment's article and job IDs in for {article} and
// {job}.
func (e *fuzzEnv) expand(data string) string {
	return strings.NewReplacer("{article}", e.article, "{job}", fmt.Sprint(e.job.ID)).Replace(data)
}

// callbackSeeds are valid and forged data of every callback family.
func callbackSeeds() []string {
	return []string{
		"c:news", "c:", "c:nosuch", "c:news:x",
		"q:off", "q:22-6", "q:", "q:99-99", "q:-1--1",
		"s:0", "s:1", "s:39", "s:40", "s:-1", "s:99999999999999999999", "s:x",
		"a:{article}", "a:", "a:nosuch", "a:{article}:1", "a:../../x",
		"b:send", "b:cancel", "b:", "b:send:x",
		"u:send:", "u:send:x", "u:send:hoang-tien,chi-bo-3", "u:t:", "u:menu",
		"j:{job}", "j:0", "j:-1", "j:18446744073709551616", "j:x", "j:",
		"rt:a:{article}", "rt:j:{job}", "rt:y:a:{article}", "rt:y:j:{job}", "rt:n", "rt:", "rt:j:x", "rt:a:", "rt:y:",
		"cr:a:{article}", "cr:y", "cr:yn", "cr:", "cr:a:<b>",
		"src:p:portal", "src:r:trang", "src:p:", "src:x:portal", "src:p:<b>", "src",
		"mem:rmy:100", "mem:rmy:666", "mem:no", "mem:", "mem:rmy:-1", "mem:rmy:99999999999999999999", "mem:rmy:<b>",
		"", ":", "::", "x:y", "\xff:\xfe", strings.Repeat("a:", 40),
	}
}

// Ensure that no callback data, however forged, makes a handler panic or
// fail, reaches HTML unescaped, or lets a stranger change anything; an
// admin may press anything without a panic or failure either.
func FuzzCallbackData(f *testing.F) {
	for _, s := range callbackSeeds() {
		f.Add(s, "Thông báo <i>thử</i>")
	}
	e := newFuzzEnv(f)
	before := e.snapshot(f)
	f.Fuzz(func(t *testing.T, data, text string) {
		data = e.expand(data)
		for _, from := range []tgbotapi.User{e.stranger, e.admin} {
			mark := len(e.api.Calls())
			chat := tgbotapi.Chat{ID: from.ID, Type: "private"}
			q := e.api.CallbackQuery(from, chat, e.botMessage(chat.ID, text), data)
			e.bot.HandleUpdate(context.Background(), tgbotapi.Update{UpdateID: 1, CallbackQuery: &q})
			after := e.snapshot(t)
			if from.ID == e.stranger.ID && after != before {
				t.Fatalf("data %q pressed by a stranger changed the store:\n%s\nwas:\n%s", data, after, before)
			}
			before = after // an admin's press may change things
			if bad := e.unexpected(mark); len(bad) > 0 {
				t.Fatalf("data %q pressed by %d:\n%s", data, from.ID, strings.Join(bad, "\n"))
			}
		}
	})
}

// Ensure that the seeds of every callback family pass through the router
// against the real store (the fuzz target's corpus, run as a test).
func TestCallbackSeedsHarmless(t *testing.T) {
	e := newFuzzEnv(t)
	before := e.snapshot(t)
	for _, data := range callbackSeeds() {
		data = e.expand(data)
		mark := len(e.api.Calls())
		chat := e.api.PrivateChat(e.stranger)
		q := e.api.CallbackQuery(e.stranger, chat, e.botMessage(chat.ID, "Tin <b>cũ</b>"), data)
		e.bot.HandleUpdate(context.Background(), tgbotapi.Update{UpdateID: 1, CallbackQuery: &q})
		if bad := e.unexpected(mark); len(bad) > 0 {
			t.Errorf("data %q: %s", data, strings.Join(bad, "\n"))
		}
		answered := false
		for _, c := range e.api.Calls()[mark:] {
			answered = answered || (c.Method == "answerCallbackQuery" && c.Params["callback_query_id"] == q.ID)
		}
		if !answered {
			t.Errorf("data %q was not answered", data)
		}
	}
	if after := e.snapshot(t); after != before {
		t.Fatalf("a stranger's presses changed the store:\n%s\nwas:\n%s", after, before)
	}
}

// commandsFuzzed are the commands FuzzCommands sends with fuzzed arguments.
var commandsFuzzed = []string{"start", "help", "latest", "search", "stats", "settings", "subscribe",
	"unsubscribe", "broadcast", "jobs", "sources", "members", "nosuch"}

// Ensure that any text, as a command's arguments or a message, makes no
// handler panic or fail and reaches HTML escaped, from a stranger or an
// admin (whose /broadcast only shows a preview).
func FuzzCommands(f *testing.F) {
	for _, s := range []string{"", "10", "-1", "99999999999999999999", "<b>x</b>", "& < > \"", "\"nông thôn mới\"",
		"nghị quyết", "\xff\xfe", strings.Repeat("đ", 2000), "/latest@other", "@newsbot_test_bot 3", "\n\n\t"} {
		f.Add(uint8(0), s)
	}
	e := newFuzzEnv(f)
	f.Fuzz(func(t *testing.T, which uint8, args string) {
		cmd := commandsFuzzed[int(which)%len(commandsFuzzed)]
		for _, from := range []tgbotapi.User{e.stranger, e.admin} {
			mark := len(e.api.Calls())
			for _, text := range []string{"/" + cmd + " " + args, args} {
				e.bot.HandleUpdate(context.Background(), textUpdate(1, from, text))
			}
			inline := e.api.NewInlineQuery(from, args)
			e.bot.HandleUpdate(context.Background(), tgbotapi.Update{UpdateID: 1, InlineQuery: &inline})
			if bad := e.unexpected(mark); len(bad) > 0 {
				t.Fatalf("/%s %q from %d:\n%s", cmd, args, from.ID, strings.Join(bad, "\n"))
			}
		}
	})
}
