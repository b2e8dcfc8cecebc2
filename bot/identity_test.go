package bot_test

import (
	"context"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
)

// Ensure that the bot's configured identity reaches Telegram: the
// organisation and the welcome in the greeting, the portal in /help, the
// portal under a pushed article and the signature under a broadcast and
// under its reminder.
func TestIdentityThroughTelegram(t *testing.T) {
	id := bot.Identity{Org: "Huyện ủy Hoằng Hóa", PortalName: "Cổng thông tin Hoằng Hóa",
		PortalURL: "https://hoanghoa.example.vn", Welcome: "Kênh tin chính thức.", Signature: "Văn phòng Huyện ủy"}
	e := newPushEnv(t, bot.Config{Identity: id})
	startPolling(t, e.bot)
	e.run()
	lan := tgbotapi.User{ID: 501, FirstName: "Lan", LanguageCode: "vi"}
	chat := e.api.PrivateChat(lan)
	texts := func(calls []telegramtest.Call) []string {
		var out []string
		for _, c := range telegramtest.SentTo(calls, chat.ID) {
			out = append(out, c.Params["text"]+c.Params["caption"])
		}
		return out
	}
	waitText := func(want ...string) {
		t.Helper()
		e.api.WaitCalls(t, pushWait, func(calls []telegramtest.Call) bool {
			for _, s := range texts(calls) {
				ok := true
				for _, w := range want {
					ok = ok && strings.Contains(s, w)
				}
				if ok {
					return true
				}
			}
			return false
		})
	}
	e.api.SendText(lan, chat, "/start")
	waitText("Bạn đã đăng ký nhận tin của Huyện ủy Hoằng Hóa.", "Kênh tin chính thức.")
	e.api.SendText(lan, chat, "/help")
	waitText("<b>Huyện ủy Hoằng Hóa</b>", `<a href="https://hoanghoa.example.vn">Cổng thông tin Hoằng Hóa</a>`)
	e.publish(news("Hội nghị tổng kết năm", ""))
	waitText("Hội nghị tổng kết năm", `— <i><a href="https://hoanghoa.example.vn">Cổng thông tin Hoằng Hóa</a></i>`)
	e.broadcast("Mời các đồng chí dự họp.", []int64{chat.ID})
	waitText("Mời các đồng chí dự họp.\n\n— <i>Văn phòng Huyện ủy</i>")

	// A reminder quotes the notice as it was sent, signature included.
	ctx := context.Background()
	job, err := e.db.CreateBroadcast(ctx, content.Job{Text: "Chỉ thị số 5.", Ack: true}, []int64{chat.ID})
	if err != nil {
		t.Fatal(err)
	}
	e.bot.Notify()
	e.waitJob(job.ID)
	if _, err := e.db.RemindUnacknowledged(ctx, job.ID, 0); err != nil {
		t.Fatal(err)
	}
	e.bot.Notify()
	waitText("🔔", "Chỉ thị số 5.\n\n— <i>Văn phòng Huyện ủy</i>")
}
