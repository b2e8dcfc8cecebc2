package bot_test

import (
	"context"
	"strings"
	"testing"

	"newsbot/bot"
	"newsbot/content"
)

// Ensure that a correction keeps the messages each chat has: a notice that
// was one picture whose corrected card no longer fits its caption keeps
// one message, cut with "…", marked and with its buttons; a notice that was
// a picture and a follow-up whose corrected card fits the caption loses the
// follow-up (deleted), and the picture takes the buttons.
func TestCorrectionFitsTheMessagesTheChatHas(t *testing.T) {
	e := newPushEnv(t, bot.Config{Delivery: fastDelivery()})
	e.subscribe(people(1, 2, "vi")...)
	e.run()
	ctx := context.Background()
	for _, grow := range []bool{true, false} {
		// Characters beyond the BMP count twice in Telegram's limits: this
		// card outgrows a caption.
		long := content.ArticleFix{Title: strings.Repeat("🏛", 290), Lead: strings.Repeat("📣", 390)}
		a := news("Kế hoạch chuyển đổi số năm 2027", "https://example.vn/anh.jpg")
		if !grow {
			a = news(long.Title, "https://example.vn/anh2.jpg")
			a.Lead = long.Lead
		}
		job := e.waitJob(e.publish(a).ID)
		stored, err := e.db.Article(ctx, job.ArticleID)
		if err != nil {
			t.Fatal(err)
		}
		before := len(e.api.Messages(1))
		fix := content.ArticleFix{ID: stored.ID, Title: "Kế hoạch chuyển đổi số năm 2027 (đã bổ sung)", Lead: "Ngắn gọn."}
		if grow {
			fix.Title, fix.Lead = "(đã bổ sung) "+long.Title, long.Lead
		}
		_, cj, err := e.db.CorrectArticle(ctx, fix, 100, false)
		if err != nil {
			t.Fatal(err)
		}
		e.bot.Notify()
		if got := e.waitJob(cj.ID); got.Edited != 2 {
			t.Fatalf("grow=%v: %+v, want 2 edited", grow, got)
		}
		ms := e.api.Messages(1)
		want := before
		if !grow {
			want-- // the follow-up deleted
		}
		if len(ms) != want {
			t.Fatalf("grow=%v: %d messages, want %d: %+v", grow, len(ms), want, ms)
		}
		pic := ms[len(ms)-1] // this notice's picture, the chat's last message
		if pic.Photo == nil || !strings.Contains(pic.Caption, "(đã bổ sung)") || !strings.Contains(pic.Caption, "(đã sửa lúc") ||
			pic.ReplyMarkup == nil || len(pic.ReplyMarkup.InlineKeyboard) == 0 {
			t.Fatalf("grow=%v: the picture %+v", grow, pic)
		}
		if grow && !strings.Contains(pic.Caption, "…") {
			t.Fatalf("the cut caption does not say so: %q", pic.Caption)
		}
	}
}
