package bot_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
)

// auditActions returns the audit log's actions, oldest first.
func (e *srcEnv) auditActions(t *testing.T) []string {
	t.Helper()
	entries, err := e.db.Audit(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range entries {
		out = append(out, a.Action+" "+a.Detail)
	}
	slices.Reverse(out)
	return out
}

// Ensure that /sources add adds a source and answers with what the test
// read found, /sources remove removes one added in the bot, both audited,
// and every refusal (name in use, unreadable, the file's source, unknown,
// bad usage) answers clearly and changes nothing.
func TestSourcesAddRemoveCommands(t *testing.T) {
	srcs := someSources()
	e := newSrcEnv(t, srcs)
	send := func(text, want string) {
		t.Helper()
		e.api.SendText(e.admin, e.chat, text)
		e.waitSent(t, e.chat.ID, want)
	}
	send("/sources add Moi2 https://a.vn/rss thong-bao rss", "✅ Đã thêm nguồn <b>moi2</b> (rss)")
	added := e.waitSent(t, e.chat.ID, "Đọc thử thấy 4 bài")
	if text := added.Params["text"]; !strings.Contains(text, "• Tin &lt;một&gt;\n• Tin hai\n• Tin ba\n") || strings.Contains(text, "Tin bốn") {
		t.Errorf("the answer does not show the first three titles, escaped:\n%s", text)
	}
	send("/sources add portal https://b.vn/rss", "Đã có nguồn tên <b>portal</b>")
	send("/sources add hong https://hong.example.vn/", "Không đọc được nguồn này nên chưa lưu: GET https://hong.example.vn/: HTTP 404 &lt;x&gt;")
	send("/sources add x", "/sources add TÊN URL [loại] [chuyên mục]")
	send("/sources add y https://c.vn/ rss atom", "TÊN: chữ thường không dấu")
	send("/sources remove portal", "Nguồn <b>portal</b> được khai báo trong tệp cấu hình")
	send("/sources remove nosuch", "Không có nguồn <b>nosuch</b>")
	send("/sources remove moi2", "Đã xóa nguồn moi2. Các bài đã lưu từ nguồn này vẫn được giữ.")

	if got, want := srcs.changed(), []string{"add moi2 https://a.vn/rss rss thong-bao by 101", "remove moi2"}; !slices.Equal(got, want) {
		t.Fatalf("changes %q, want %q", got, want)
	}
	if got, want := e.auditActions(t), []string{content.AuditSourceAdd + " moi2 https://a.vn/rss (rss)",
		content.AuditSourceRemove + " moi2"}; !slices.Equal(got, want) {
		t.Fatalf("audit %q, want %q", got, want)
	}
}

// Ensure that the 🗑 button shows next to sources added in the bot only,
// asks to confirm, keeps the source on "Giữ lại" and removes it on "Xóa";
// forged presses (a file's source, an unknown one, one already removed)
// change nothing and answer politely.
func TestSourcesDeleteButton(t *testing.T) {
	srcs := someSources()
	e := newSrcEnv(t, srcs)
	e.api.SendText(e.admin, e.chat, "/sources")
	list := e.waitSent(t, e.chat.ID, "Nguồn tin tự động")
	if kb := list.Params["reply_markup"]; !strings.Contains(kb, `"src:d:xa"`) || strings.Contains(kb, `"src:d:portal"`) ||
		!strings.Contains(kb, "🗑 Xóa xa") {
		t.Fatalf("the 🗑 button is not exactly on the bot-added source: %s", kb)
	}
	msgs := e.api.Messages(e.chat.ID)
	listID := msgs[len(msgs)-1].MessageID
	edited := func(sub string) telegramtest.Call {
		t.Helper()
		return e.waitMethod(t, "editMessageText", func(p map[string]string) bool { return strings.Contains(p["text"], sub) })
	}

	e.api.PressButton(e.admin, e.chat, listID, "src:d:xa")
	ask := edited("Xóa nguồn <b>xa</b>?")
	if kb := ask.Params["reply_markup"]; !strings.Contains(kb, `"src:dy:xa"`) || !strings.Contains(kb, `"src:dn:xa"`) {
		t.Fatalf("the confirmation's buttons: %s", kb)
	}
	e.api.PressButton(e.admin, e.chat, listID, "src:dn:xa")
	e.waitMethod(t, "editMessageText", func(p map[string]string) bool {
		return strings.Contains(p["text"], "<b>xa</b> (rss)") && strings.Contains(p["reply_markup"], `"src:d:xa"`)
	})
	if got := srcs.changed(); len(got) != 0 {
		t.Fatalf("keeping the source changed %q", got)
	}
	e.api.PressButton(e.admin, e.chat, listID, "src:dy:xa")
	e.waitMethod(t, "answerCallbackQuery", func(p map[string]string) bool { return strings.HasPrefix(p["text"], "Đã xóa nguồn xa.") })
	e.waitMethod(t, "editMessageText", func(p map[string]string) bool {
		return strings.Contains(p["text"], "<b>portal</b>") && !strings.Contains(p["text"], "<b>xa</b>")
	})

	for _, forged := range []string{"src:d:portal", "src:dy:portal", "src:d:nosuch", "src:dy:nosuch", "src:dy:xa", "src:d:"} {
		e.api.PressButton(e.admin, e.chat, listID, forged)
	}
	e.api.WaitCalls(t, srcWait, func(calls []telegramtest.Call) bool {
		stale := 0
		for _, c := range calls {
			if c.Method == "answerCallbackQuery" && c.Params["text"] == "Nút này không còn dùng được. Hãy gửi lại lệnh." {
				stale++
			}
		}
		return stale == 6
	})
	if got, want := srcs.changed(), []string{"remove xa"}; !slices.Equal(got, want) {
		t.Fatalf("changes %q, want %q", got, want)
	}
	if got, want := e.auditActions(t), []string{content.AuditSourceRemove + " xa"}; !slices.Equal(got, want) {
		t.Fatalf("audit %q, want %q", got, want)
	}
}

// heldSources holds AddSource until release is closed or the read is cut
// short; in receives a value as each starts.
type heldSources struct {
	*fakeSources
	in      chan struct{}
	release chan struct{}
}

func (h *heldSources) AddSource(ctx context.Context, ns bot.NewSource) (bot.SourceCheck, error) {
	h.in <- struct{}{}
	select {
	case <-h.release:
	case <-ctx.Done():
		return bot.SourceCheck{}, ctx.Err()
	}
	return h.fakeSources.AddSource(ctx, ns)
}

// Ensure that at most two test reads of /sources add run at once: a third
// is asked to wait and starts nothing, and the two answer once released.
func TestSourcesAddChecksBounded(t *testing.T) {
	srcs := &heldSources{fakeSources: someSources(), in: make(chan struct{}, 3), release: make(chan struct{})}
	e := newSrcEnv(t, srcs)
	for i, name := range []string{"moi1", "moi2"} {
		e.api.SendText(e.admin, e.chat, "/sources add "+name+" https://a.vn/rss")
		e.api.WaitCalls(t, srcWait, func(calls []telegramtest.Call) bool {
			return countSent(calls, e.chat.ID, "Đang đọc thử nguồn…") == i+1
		})
		<-srcs.in
	}
	e.api.SendText(e.admin, e.chat, "/sources add moi3 https://a.vn/rss")
	e.waitSent(t, e.chat.ID, "Bot đang đọc thử nguồn khác")
	close(srcs.release)
	e.waitSent(t, e.chat.ID, "✅ Đã thêm nguồn <b>moi1</b>")
	e.waitSent(t, e.chat.ID, "✅ Đã thêm nguồn <b>moi2</b>")
	if got := srcs.changed(); len(got) != 2 {
		t.Fatalf("changes %q, want moi1 and moi2 only", got)
	}
}

// countSent counts the messages sent to chat containing sub.
func countSent(calls []telegramtest.Call, chat int64, sub string) int {
	n := 0
	for _, c := range telegramtest.SentTo(calls, chat) {
		if strings.Contains(c.Params["text"], sub) {
			n++
		}
	}
	return n
}
