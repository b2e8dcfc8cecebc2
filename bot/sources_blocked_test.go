package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"newsbot/bot"
	"newsbot/content"
)

// Ensure that a source refused for an internal address is shown to admins
// as "địa chỉ nội bộ bị chặn" and nothing more — in /sources add's answer,
// in /sources and in the alert — so the bot cannot tell them what answers
// at an internal address.
func TestSourcesBlockedShownWithoutDetail(t *testing.T) {
	srcs := &fakeSources{list: []bot.SourceStatus{{Name: "noibo", Kind: "feed", Added: true, Failures: 3, Blocked: true,
		LastError: `Get "http://10.0.0.5:22/": dial tcp: internal address blocked: 10.0.0.5 is private`}}}
	e := newSrcEnv(t, srcs)
	en := e.api.User(102, "en")
	if _, err := e.db.Subscribe(context.Background(), content.Subscriber{ChatID: en.ID, Lang: "en", Subscribed: true}); err != nil {
		t.Fatal(err)
	}

	e.api.SendText(e.admin, e.chat, "/sources add metrics http://127.0.0.1:9120/metrics")
	added := e.waitSent(t, e.chat.ID, "Chưa lưu nguồn này: địa chỉ nội bộ bị chặn.").Params["text"]
	e.api.SendText(e.admin, e.chat, "/sources")
	list := e.waitSent(t, e.chat.ID, "Lỗi 3 lần liên tiếp: địa chỉ nội bộ bị chặn").Params["text"]
	if err := e.bot.AlertSourceFailing(context.Background(), []int64{e.admin.ID, en.ID}, "noibo",
		fmt.Errorf("source noibo: %w", bot.ErrSourceBlocked)); err != nil {
		t.Fatal(err)
	}
	alert := e.waitSent(t, e.admin.ID, "Không lấy được tin từ nguồn <b>noibo</b> nhiều lần liên tiếp.\nLỗi gần nhất: địa chỉ nội bộ bị chặn\n").Params["text"]
	alertEn := e.waitSent(t, en.ID, "Last error: internal address blocked\n").Params["text"]
	for _, text := range []string{added, list, alert, alertEn} {
		for _, detail := range []string{"9120", "10.0.0.5", "refused", "dial", "is private"} {
			if strings.Contains(text, detail) {
				t.Errorf("%q shows %q", text, detail)
			}
		}
	}
	if got := srcs.changed(); len(got) != 0 {
		t.Fatalf("a blocked source changed something: %q", got)
	}
}
