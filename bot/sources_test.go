package bot_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"go.uber.org/goleak"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/store"
)

const srcToken = "123456:AAsourcesSOURCESsourcesSRC_x-1"

// srcWait bounds every wait in these tests.
const srcWait = 15 * time.Second

// fakeSources is the /sources backend: a fixed list whose Paused flags the
// buttons change, recording each change.
type fakeSources struct {
	mu      sync.Mutex
	list    []bot.SourceStatus
	changes []string
}

func (f *fakeSources) SourceStatuses(context.Context) ([]bot.SourceStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.list), nil
}

func (f *fakeSources) SetSourcePaused(_ context.Context, name string, paused bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.list {
		if f.list[i].Name == name {
			f.list[i].Paused = paused
			f.changes = append(f.changes, fmt.Sprintf("%s=%v", name, paused))
			return nil
		}
	}
	return fmt.Errorf("%q: %w", name, content.ErrUnknownSource)
}

// AddSource adds ns as a bot-added source read with two articles; the URL
// https://hong.example.vn/ cannot be read, one on 127.0.0.1 is blocked,
// and a name in use is refused.
func (f *fakeSources) AddSource(_ context.Context, ns bot.NewSource) (bot.SourceCheck, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if ns.URL == "https://hong.example.vn/" {
		return bot.SourceCheck{}, &bot.SourceRefusal{Reason: bot.ErrSourceUnreadable, Detail: "GET https://hong.example.vn/: HTTP 404 <x>"}
	}
	if strings.Contains(ns.URL, "127.0.0.1") {
		return bot.SourceCheck{}, &bot.SourceRefusal{Reason: bot.ErrSourceBlocked, Detail: "dial tcp 127.0.0.1:9120: connection refused"}
	}
	for _, s := range f.list {
		if s.Name == ns.Name {
			return bot.SourceCheck{}, &bot.SourceRefusal{Reason: content.ErrSourceExists, Detail: ns.Name}
		}
	}
	kind := cmp.Or(ns.Kind, "feed")
	f.list = append(f.list, bot.SourceStatus{Name: ns.Name, Kind: kind, Added: true})
	f.changes = append(f.changes, fmt.Sprintf("add %s %s %s %s by %d", ns.Name, ns.URL, ns.Kind, ns.Category, ns.By))
	return bot.SourceCheck{URL: ns.URL, Kind: kind, Found: 4, Titles: []string{"Tin <một>", "Tin hai", "Tin ba", "Tin bốn"}}, nil
}

// RemoveSource removes a bot-added source; the others are the file's.
func (f *fakeSources) RemoveSource(_ context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, s := range f.list {
		if s.Name != name {
			continue
		}
		if !s.Added {
			return &bot.SourceRefusal{Reason: content.ErrSourceInFile, Detail: name}
		}
		f.list = slices.Delete(f.list, i, i+1)
		f.changes = append(f.changes, "remove "+name)
		return nil
	}
	return fmt.Errorf("%q: %w", name, content.ErrUnknownSource)
}

func (f *fakeSources) changed() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.changes)
}

// srcEnv is a polling bot with a real store and the fake Bot API.
type srcEnv struct {
	api   *telegramtest.Server
	db    *store.DB
	bot   *bot.Bot
	admin tgbotapi.User
	chat  tgbotapi.Chat
}

func newSrcEnv(t *testing.T, sources bot.Sources) *srcEnv {
	t.Helper()
	leakOpt := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, leakOpt) })
	api := telegramtest.New(t, srcToken)
	db, err := store.Open(filepath.Join(t.TempDir(), "src.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	hc := bot.NewHTTPClient()
	t.Cleanup(hc.CloseIdleConnections)
	client, err := bot.NewClient(context.Background(), api.URL(), srcToken, hc)
	if err != nil {
		t.Fatal(err)
	}
	noon := time.Date(2021, 3, 15, 12, 0, 0, 0, content.VietnamZone())
	e := &srcEnv{api: api, db: db, bot: bot.New(bot.Config{Client: client, Store: db, Sources: sources,
		Now: func() time.Time { return noon }, PollTimeout: time.Second, Delivery: bot.DeliveryOptions{Unpaced: true}})}
	e.admin = api.User(101, "vi")
	e.chat = api.PrivateChat(e.admin)
	if _, err := db.AddAdmin(context.Background(), e.admin.ID, 0); err != nil {
		t.Fatal(err)
	}
	startPolling(t, e.bot)
	return e
}

// waitSent waits for a message to chat containing sub and returns its call.
func (e *srcEnv) waitSent(t *testing.T, chat int64, sub string) telegramtest.Call {
	t.Helper()
	var found telegramtest.Call
	e.api.WaitCalls(t, srcWait, func(calls []telegramtest.Call) bool {
		for _, c := range telegramtest.SentTo(calls, chat) {
			if c.Status == 200 && strings.Contains(c.Params["text"], sub) {
				found = c
				return true
			}
		}
		return false
	})
	return found
}

// waitMethod waits for a call of method whose params satisfy cond.
func (e *srcEnv) waitMethod(t *testing.T, method string, cond func(map[string]string) bool) telegramtest.Call {
	t.Helper()
	var found telegramtest.Call
	e.api.WaitCalls(t, srcWait, func(calls []telegramtest.Call) bool {
		for _, c := range calls {
			if c.Method == method && cond(c.Params) {
				found = c
				return true
			}
		}
		return false
	})
	return found
}

func someSources() *fakeSources {
	return &fakeSources{list: []bot.SourceStatus{
		{Name: "portal", Kind: "rss", LastPoll: time.Date(2021, 3, 15, 1, 5, 0, 0, time.UTC), Items: 12},
		{Name: "trang", Kind: "html", Items: 3, Failures: 4, LastError: "GET http://x.vn/: HTTP 500 <Internal>", Paused: true},
		{Name: "moi", Kind: "feed"},
		{Name: "xa", Kind: "rss", Added: true},
	}}
}

// Ensure that /sources lists each source with its status and a pause or
// resume button, for admins only.
func TestSourcesList(t *testing.T) {
	e := newSrcEnv(t, someSources())
	e.api.SendText(e.admin, e.chat, "/sources")
	c := e.waitSent(t, e.chat.ID, "Nguồn tin tự động")
	text, kb := c.Params["text"], c.Params["reply_markup"]
	for _, want := range []string{"✅ <b>portal</b> (rss) · 12 bài · lấy tin lần cuối: 08:05 15/03/2021",
		"⏸ <b>trang</b> (html) · 3 bài", "Đang tạm dừng.", "Lỗi 4 lần liên tiếp: GET http://x.vn/: HTTP 500 &lt;Internal&gt;",
		"🕓 <b>moi</b> (feed) · 0 bài · lấy tin lần cuối: chưa lần nào"} {
		if !strings.Contains(text, want) {
			t.Errorf("the list lacks %q:\n%s", want, text)
		}
	}
	for _, want := range []string{`"src:p:portal"`, `"src:r:trang"`, `"src:p:moi"`, "Tạm dừng portal", "Tiếp tục trang"} {
		if !strings.Contains(kb, want) {
			t.Errorf("the buttons lack %s: %s", want, kb)
		}
	}
	stranger := e.api.User(202, "en")
	e.api.SendText(stranger, e.api.PrivateChat(stranger), "/sources")
	e.waitSent(t, stranger.ID, "for admins only")
}

// Ensure that the buttons pause and resume a source and show the list
// again, and forged or foreign presses change nothing.
func TestSourcesButtons(t *testing.T) {
	srcs := someSources()
	e := newSrcEnv(t, srcs)
	e.api.SendText(e.admin, e.chat, "/sources")
	e.waitSent(t, e.chat.ID, "Nguồn tin tự động")
	msgs := e.api.Messages(e.chat.ID)
	listID := msgs[len(msgs)-1].MessageID

	e.api.PressButton(e.admin, e.chat, listID, "src:p:portal")
	e.waitMethod(t, "answerCallbackQuery", func(p map[string]string) bool { return p["text"] == "Đã tạm dừng nguồn portal." })
	edit := e.waitMethod(t, "editMessageText", func(p map[string]string) bool { return p["message_id"] == fmt.Sprint(listID) })
	if !strings.Contains(edit.Params["reply_markup"], `"src:r:portal"`) || !strings.Contains(edit.Params["text"], "⏸ <b>portal</b>") {
		t.Errorf("the list was not refreshed: %v", edit.Params)
	}
	e.api.PressButton(e.admin, e.chat, listID, "src:r:trang")
	e.waitMethod(t, "answerCallbackQuery", func(p map[string]string) bool {
		return p["text"] == "Nguồn trang sẽ được lấy tin trở lại."
	})

	for _, forged := range []string{"src:p:nosuch", "src:x:portal", "src:p:", "src:p"} {
		e.api.PressButton(e.admin, e.chat, listID, forged)
	}
	stranger := e.api.User(303, "vi")
	e.api.PressButton(stranger, e.api.PrivateChat(stranger), listID, "src:r:portal")
	e.api.WaitCalls(t, srcWait, func(calls []telegramtest.Call) bool {
		stale, refused := 0, 0
		for _, c := range calls {
			if c.Method != "answerCallbackQuery" {
				continue
			}
			switch c.Params["text"] {
			case "Nút này không còn dùng được. Hãy gửi lại lệnh.":
				stale++
			case "Lệnh này chỉ dành cho quản trị viên.":
				refused++
			}
		}
		return stale == 4 && refused == 1
	})
	if got := srcs.changed(); !slices.Equal(got, []string{"portal=true", "trang=false"}) {
		t.Fatalf("changes %q", got)
	}
}

// Ensure that a bot without sources says so without pointing at the
// sources file as the only way.
func TestSourcesNoneConfigured(t *testing.T) {
	e := newSrcEnv(t, nil)
	e.api.SendText(e.admin, e.chat, "/sources")
	if text := e.waitSent(t, e.chat.ID, "Chưa có nguồn tin nào.").Params["text"]; strings.Contains(text, "--sources") {
		t.Errorf("the answer points at the sources file: %q", text)
	}
}

// Ensure that an empty list of sources, where sources can be added in the
// bot, is followed by how to add one.
func TestSourcesNoneYetAddHint(t *testing.T) {
	e := newSrcEnv(t, &fakeSources{})
	e.api.SendText(e.admin, e.chat, "/sources")
	e.waitSent(t, e.chat.ID, "Chưa có nguồn tin nào.\n\nThêm nguồn: /sources add TÊN URL")
}

// Ensure that the admins are told, each in their language (the one chosen
// in /settings over Telegram's), that a source keeps failing and when it
// works again.
func TestAlertSourceFailing(t *testing.T) {
	e := newSrcEnv(t, someSources())
	en := e.api.User(102, "en")
	if _, err := e.db.Subscribe(context.Background(), content.Subscriber{ChatID: en.ID, Lang: "vi", LangChoice: "en", Subscribed: true}); err != nil {
		t.Fatal(err)
	}
	admins := []int64{e.admin.ID, en.ID}
	if err := e.bot.AlertSourceFailing(context.Background(), admins, "trang", errors.New("GET http://x.vn/: HTTP 500")); err != nil {
		t.Fatal(err)
	}
	e.waitSent(t, e.admin.ID, "Không lấy được tin từ nguồn <b>trang</b> nhiều lần liên tiếp.\nLỗi gần nhất: GET http://x.vn/: HTTP 500")
	e.waitSent(t, en.ID, "Source <b>trang</b> has failed several times in a row.")
	if err := e.bot.AlertSourceRecovered(context.Background(), admins, "trang"); err != nil {
		t.Fatal(err)
	}
	e.waitSent(t, e.admin.ID, "Nguồn <b>trang</b> đã lấy được tin trở lại.")
	e.waitSent(t, en.ID, "Source <b>trang</b> works again.")
}

// Ensure that a source with the longest name the sources file allows (40
// characters, see content/source) gets its pause, 🗑 and confirmation
// buttons: their callback data stays within Telegram's 64 bytes.
func TestSourcesLongestNameButtons(t *testing.T) {
	name := strings.Repeat("n", 39) + "9"
	srcs := &fakeSources{list: []bot.SourceStatus{{Name: name, Kind: "rss", Added: true}}}
	e := newSrcEnv(t, srcs)
	e.api.SendText(e.admin, e.chat, "/sources")
	list := e.waitMethod(t, "sendMessage", func(p map[string]string) bool { return strings.Contains(p["reply_markup"], "src:") })
	if list.Status != 200 || !strings.Contains(list.Params["reply_markup"], `"src:d:`+name+`"`) {
		t.Fatalf("the list with a %d-character source name: %v", len(name), list)
	}
	listID := e.lastMessageID()
	e.api.PressButton(e.admin, e.chat, listID, "src:d:"+name)
	ask := e.waitMethod(t, "editMessageText", func(p map[string]string) bool { return strings.Contains(p["reply_markup"], "src:dy:") })
	if ask.Status != 200 {
		t.Fatalf("the removal's confirmation: %v", ask)
	}
	e.api.PressButton(e.admin, e.chat, listID, "src:p:"+name)
	paused := e.waitMethod(t, "editMessageText", func(p map[string]string) bool { return strings.Contains(p["reply_markup"], "src:r:") })
	if paused.Status != 200 {
		t.Fatalf("the list after pausing: %v", paused)
	}
}

// lastMessageID is the ID of the latest message in the admin's chat.
func (e *srcEnv) lastMessageID() int {
	msgs := e.api.Messages(e.chat.ID)
	return msgs[len(msgs)-1].MessageID
}
