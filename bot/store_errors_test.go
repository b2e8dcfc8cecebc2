package bot_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/store"
)

// errDisk is a store failure that is not "not found".
var errDisk = errors.New("store: read subscriber: input/output error")

// brokenSubscribers is a store whose subscriber records cannot be read.
type brokenSubscribers struct{ *store.DB }

func (brokenSubscribers) Subscriber(context.Context, int64) (content.Subscriber, error) {
	return content.Subscriber{}, errDisk
}

func (brokenSubscribers) SetPreferences(context.Context, int64, func(*content.Subscriber)) (content.Subscriber, error) {
	return content.Subscriber{}, errDisk
}

// Ensure that a store failure is reported as one ("bot đang gặp sự cố")
// and logged, never disguised as "you are not subscribed", which would
// send a subscribed person to subscribe again.
func TestStoreFailureIsNotNotSubscribed(t *testing.T) {
	e := newPushEnvWrapped(t, bot.Config{PollTimeout: time.Second},
		func(db *store.DB) bot.Store { return brokenSubscribers{db} })
	e.subscribe(people(2000, 1, "vi")...)
	startPolling(t, e.bot)
	u := e.api.User(2000, "vi")
	chat := e.api.PrivateChat(u)
	for _, cmd := range []string{"/settings", "/myunits"} {
		t.Run(cmd, func(t *testing.T) {
			mark := len(e.api.Calls())
			e.api.SendText(u, chat, cmd)
			var got string
			e.api.WaitCalls(t, pushWait, func(calls []telegramtest.Call) bool {
				for _, c := range calls[mark:] {
					if c.Method == "sendMessage" && c.Params["chat_id"] == "2000" {
						got = c.Params["text"]
						return true
					}
				}
				return false
			})
			if got != "Xin lỗi, bot đang gặp sự cố. Vui lòng thử lại sau ít phút." {
				t.Fatalf("reply %q, want the apology for a failure", got)
			}
		})
	}
}
