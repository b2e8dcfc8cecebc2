package bot_test

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
)

// Ensure that a linked document of unknown size is not opened before the
// push (no download started and dropped), and that when its upload finds
// it too large — by its Content-Length, or by a body that grows past the
// limit — every chat gets, after the card announcing it, a line linking it
// with its size when known, the acknowledgement button under that line;
// the other document still goes, uploaded once.
func TestLinkTooLargeFoundDuringUpload(t *testing.T) {
	docs := &docFiles{sizes: map[string]int64{"ban-do.pdf": 60 << 20}, grows: map[string]bool{"quy-hoach.pdf": true}}
	e := newPushEnv(t, bot.Config{Delivery: fastDelivery(), Documents: docs})
	e.subscribe(people(1, 50, "vi")...)
	// The download that turns out too large answers once other chats wait
	// for it, which must not try it again.
	docs.hold = func() {
		deadline := time.Now().Add(pushWait)
		for e.api.DocumentCounts().ByFileID < 5 && time.Now().Before(deadline) {
			runtime.Gosched()
		}
	}
	e.run()
	a := directiveWith(docs, "cong-van.pdf")
	for _, name := range []string{"ban-do.pdf", "quy-hoach.pdf"} {
		a.Attachments = append(a.Attachments, content.Attachment{Name: name, URL: "https://huyen.example.vn/files/" + name})
	}
	a.Attachments[0].Path, a.Attachments[0].URL = "", "https://huyen.example.vn/files/cong-van.pdf"
	job := e.waitJob(e.publish(a).ID)
	if job.Sent != 50 {
		t.Fatalf("%s", describeJob(job))
	}
	if got, want := e.api.DocumentCounts(), (telegramtest.DocumentCounts{Uploads: 1, ByFileID: 49}); got != want {
		t.Fatalf("documents %+v, want %+v", got, want)
	}
	// One upload attempt each, no look before the push.
	if opens := docs.opened(); opens != 3 {
		t.Errorf("documents opened %d times, want 3 (one upload each)", opens)
	}
	for _, chat := range []int64{1, 2, 25, 50} {
		ms := e.api.Messages(chat)
		if len(ms) != 3 {
			t.Fatalf("chat %d shows %d messages, want the card, the document, the line: %+v", chat, len(ms), ms)
		}
		card, doc, line := ms[0], ms[1], ms[2]
		if !strings.Contains(card.Text, "Kèm 3 văn bản") || doc.Document == nil || doc.Document.FileName != "cong-van.pdf" {
			t.Errorf("chat %d: card %q, document %+v", chat, card.Text, doc.Document)
		}
		want := "📎 ban-do.pdf (60 MB): tệp quá lớn để gửi qua Telegram, bấm vào tên tệp để tải về.\n" +
			"📎 quy-hoach.pdf: tệp quá lớn để gửi qua Telegram, bấm vào tên tệp để tải về."
		if line.Text != want {
			t.Errorf("chat %d line %q, want %q", chat, line.Text, want)
		}
		var links []string
		for _, ent := range line.Entities {
			if ent.Type == "text_link" {
				links = append(links, ent.URL)
			}
		}
		if strings.Join(links, " ") != "https://huyen.example.vn/files/ban-do.pdf https://huyen.example.vn/files/quy-hoach.pdf" {
			t.Errorf("chat %d line links %v", chat, links)
		}
		if line.ReplyMarkup == nil || !hasAck(line.ReplyMarkup.InlineKeyboard) {
			t.Errorf("chat %d: the acknowledgement button is not under the last message: %+v", chat, line.ReplyMarkup)
		}
		for _, m := range ms[:2] {
			if m.ReplyMarkup != nil && hasAck(m.ReplyMarkup.InlineKeyboard) {
				t.Errorf("chat %d: an acknowledgement button above the last message", chat)
			}
		}
	}
}

// Ensure that an inbox document gone before the push (its file removed) is
// named on the card as not sent, rather than left out unsaid, and that
// the card then announces no document to follow.
func TestMissingDocumentNamedOnCard(t *testing.T) {
	docs := &docFiles{}
	e := newPushEnv(t, bot.Config{Delivery: fastDelivery(), Documents: docs})
	e.subscribe(people(1, 2, "vi")...)
	e.run()
	a := directiveWith(docs, "cong-van.pdf")
	delete(docs.files, "cong-van.pdf")
	job := e.waitJob(e.publish(a).ID)
	if job.Sent != 2 {
		t.Fatalf("%s", describeJob(job))
	}
	for chat := int64(1); chat <= 2; chat++ {
		ms := e.api.Messages(chat)
		if len(ms) != 1 || strings.Contains(ms[0].Text, "Kèm 1 văn bản") ||
			!strings.Contains(ms[0].Text, "📎 cong-van.pdf: không gửi được qua Telegram, xin liên hệ văn phòng để nhận.") ||
			ms[0].ReplyMarkup == nil || !hasAck(ms[0].ReplyMarkup.InlineKeyboard) {
			t.Errorf("chat %d shows %+v, want the card naming the document, with the acknowledgement button", chat, ms)
		}
	}
}
