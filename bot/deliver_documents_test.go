package bot_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/store"
)

// docFiles is a DocumentSource over files held in memory, by name; a name
// in sizes claims that size instead (a file too large to hold).
type docFiles struct {
	mu    sync.Mutex
	files map[string][]byte
	sizes map[string]int64
	opens int
	// failFrom, when set, makes every open from that one on fail (a file
	// removed after the push began).
	failFrom int
	// grows names downloads of unknown size (-1) whose body turns out
	// larger than Telegram takes: reading fails past their first bytes.
	grows map[string]bool
	// hold, when set, is called before a too-large document's open
	// answers (outside the lock), to let other chats catch up.
	hold func()
}

func (f *docFiles) OpenDocument(_ context.Context, a content.Attachment) (io.ReadCloser, int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opens++
	if f.failFrom > 0 && f.opens >= f.failFrom {
		return nil, 0, fmt.Errorf("%s: %w", a.Name, os.ErrNotExist)
	}
	if n, ok := f.sizes[a.Name]; ok {
		if f.hold != nil {
			f.mu.Unlock()
			f.hold()
			f.mu.Lock()
		}
		return nil, n, fmt.Errorf("%s: %w (%d bytes)", a.Name, content.ErrDocumentTooLarge, n)
	}
	if f.grows[a.Name] {
		tooLarge := fmt.Errorf("%s: %w: grew past the limit", a.Name, content.ErrDocumentTooLarge)
		return io.NopCloser(io.MultiReader(bytes.NewReader(minimalPDF), iotest.ErrReader(tooLarge))), -1, nil
	}
	data, ok := f.files[a.Name]
	if !ok {
		return nil, 0, fmt.Errorf("%s: %w", a.Name, os.ErrNotExist)
	}
	return io.NopCloser(bytes.NewReader(data)), int64(len(data)), nil
}

func (f *docFiles) opened() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.opens
}

// minimalPDF is a small valid PDF.
var minimalPDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" +
	"trailer<</Root 1 0 R>>\n%%EOF\n")

// directiveWith returns a directive (whose push asks for acknowledgement)
// with documents named names, each a file of docs.
func directiveWith(docs *docFiles, names ...string) content.Article {
	a := news("Công văn số 112/UBND-VP về phòng chống bão số 3", "")
	a.Category = content.CategoryDirective
	for _, n := range names {
		if docs.files == nil {
			docs.files = map[string][]byte{}
		}
		if _, big := docs.sizes[n]; !big {
			docs.files[n] = append([]byte(nil), minimalPDF...)
		}
		a.Attachments = append(a.Attachments, content.Attachment{Name: n, Path: "/var/lib/newsbot/inbox/" + n,
			MediaType: "application/pdf", Label: "Tải về: " + strings.TrimSuffix(n, ".pdf")})
	}
	return a
}

// Ensure that a push of a directive with a document to 500 chats uploads
// the document exactly once and sends it by file_id to everyone else,
// after the card, with the acknowledgement button under the document, and
// that the file_id is stored with the article and the document's message
// with each delivery.
func TestDocumentUploadedOnceForEveryone(t *testing.T) {
	docs := &docFiles{}
	e := newPushEnv(t, bot.Config{Delivery: fastDelivery(), Documents: docs})
	subs := people(1, 500, "vi")
	e.subscribe(subs...)
	e.run()
	a := directiveWith(docs, "cong-van-112.pdf")
	job := e.waitJob(e.publish(a).ID)
	if job.Sent != 500 {
		t.Fatalf("%s", describeJob(job))
	}
	if got, want := e.api.DocumentCounts(), (telegramtest.DocumentCounts{Uploads: 1, ByFileID: 499}); got != want {
		t.Fatalf("documents %+v, want %+v", got, want)
	}
	stored, err := e.db.Article(context.Background(), job.ArticleID)
	if err != nil || stored.Attachments[0].FileID == "" {
		t.Fatalf("stored article's documents: %+v, %v; want a file_id", stored.Attachments, err)
	}
	for _, s := range []int64{1, 250, 500} {
		ms := e.api.Messages(s)
		if len(ms) != 2 {
			t.Fatalf("chat %d shows %d messages, want the card and the document", s, len(ms))
		}
		card, doc := ms[0], ms[1]
		if !strings.Contains(card.Text, "Kèm 1 văn bản") || card.ReplyMarkup == nil || hasAck(card.ReplyMarkup.InlineKeyboard) {
			t.Errorf("chat %d card: %q %+v; want the documents line, the article's buttons, no ack", s, card.Text, card.ReplyMarkup)
		}
		if doc.Document == nil || doc.Document.FileID != stored.Attachments[0].FileID || doc.Caption != "📎 Tải về: cong-van-112" {
			t.Errorf("chat %d document: %+v caption %q", s, doc.Document, doc.Caption)
		}
		if doc.ReplyMarkup == nil || !hasAck(doc.ReplyMarkup.InlineKeyboard) {
			t.Errorf("chat %d: the acknowledgement button is not under the document: %+v", s, doc.ReplyMarkup)
		}
	}
	ds, err := e.db.Deliveries(context.Background(), job.ID, 0, 10)
	if err != nil || len(ds) == 0 || len(ds[0].Messages) != 2 {
		t.Fatalf("deliveries %+v, %v; want the card's and the document's message IDs", ds, err)
	}
}

// hasAck reports whether a keyboard has the acknowledgement button.
func hasAck(rows [][]tgbotapi.InlineKeyboardButton) bool {
	for _, row := range rows {
		for _, b := range row {
			if b.CallbackData != nil && strings.HasPrefix(*b.CallbackData, "ack:") {
				return true
			}
		}
	}
	return false
}

// Ensure that several documents of an article without acknowledgement go
// as one album after the card, uploaded by the first chat and by file_id
// to the next, and that each carries its caption.
func TestDocumentsGoAsAnAlbum(t *testing.T) {
	docs := &docFiles{}
	e := newPushEnv(t, bot.Config{Delivery: fastDelivery(), Documents: docs})
	e.subscribe(people(1, 3, "en")...)
	e.run()
	a := directiveWith(docs, "ke-hoach.pdf", "phu-luc-1.pdf", "phu-luc-2.pdf")
	a.Category = content.CategoryNews
	job := e.waitJob(e.publish(a).ID)
	if job.Sent != 3 {
		t.Fatalf("%s", describeJob(job))
	}
	if got, want := e.api.DocumentCounts(), (telegramtest.DocumentCounts{Uploads: 3, ByFileID: 6}); got != want {
		t.Fatalf("documents %+v, want %+v", got, want)
	}
	for chat := int64(1); chat <= 3; chat++ {
		var methods []string
		for _, c := range e.api.Sent(chat) {
			methods = append(methods, c.Method)
		}
		if strings.Join(methods, ",") != "sendMessage,sendMediaGroup" {
			t.Errorf("chat %d got %v, want the card then one album", chat, methods)
		}
		ms := e.api.Messages(chat)
		if len(ms) != 4 || ms[3].Caption != "📎 Tải về: phu-luc-2" || ms[1].MediaGroupID == "" || !strings.Contains(ms[0].Text, "3 document(s) attached") {
			t.Errorf("chat %d shows %d messages: %+v", chat, len(ms), ms)
		}
	}
}

// Ensure that a document over Telegram's 50 MB is linked in the card, not
// sent, whether its size was known or learnt by opening it.
func TestLargeDocumentIsLinkedNotSent(t *testing.T) {
	docs := &docFiles{sizes: map[string]int64{"ban-do.pdf": 60 << 20}}
	e := newPushEnv(t, bot.Config{Delivery: fastDelivery(), Documents: docs})
	e.subscribe(people(1, 2, "vi")...)
	e.run()
	a := directiveWith(docs, "ban-do.pdf", "cong-van.pdf")
	a.Attachments[0].URL = "https://huyen.example.vn/files/ban-do.pdf"
	known := content.Attachment{Name: "quy-hoach.pdf", URL: "https://huyen.example.vn/files/quy-hoach.pdf", Size: 60 << 20}
	a.Attachments = append(a.Attachments, known)
	job := e.waitJob(e.publish(a).ID)
	if job.Sent != 2 {
		t.Fatalf("%s", describeJob(job))
	}
	if got, want := e.api.DocumentCounts(), (telegramtest.DocumentCounts{Uploads: 1, ByFileID: 1}); got != want {
		t.Fatalf("documents %+v, want %+v: only the small one is sent", got, want)
	}
	ms := e.api.Messages(1)
	if len(ms) != 2 || ms[1].Document == nil || ms[1].Document.FileName != "cong-van.pdf" {
		t.Fatalf("chat 1 shows %+v", ms)
	}
	for _, name := range []string{"ban-do.pdf (60 MB): tệp quá lớn", "quy-hoach.pdf (60 MB): tệp quá lớn"} {
		if !strings.Contains(ms[0].Text, name) {
			t.Errorf("card %q does not link %q", ms[0].Text, name)
		}
	}
	var links int
	for _, ent := range ms[0].Entities {
		if ent.Type == "text_link" && strings.HasPrefix(ent.URL, "https://huyen.example.vn/files/") {
			links++
		}
	}
	if links != 2 {
		t.Errorf("card has %d links to the large documents, want 2: %+v", links, ms[0].Entities)
	}
	if opens := docs.opened(); opens > 3 {
		t.Errorf("documents opened %d times, want at most 3 (two probes and one upload)", opens)
	}
}

// Ensure that when the chat that would upload has blocked the bot, the
// next one uploads, still once, and the blocked chat is recorded blocked.
func TestBlockedChatDoesNotUploadTwice(t *testing.T) {
	docs := &docFiles{}
	e := newPushEnv(t, bot.Config{Delivery: fastDelivery(), Documents: docs})
	e.subscribe(people(1, 20, "vi")...)
	e.api.Blocked(1)
	e.run()
	job := e.waitJob(e.publish(directiveWith(docs, "cong-van.pdf")).ID)
	if job.Sent != 19 || job.Blocked != 1 {
		t.Fatalf("%s", describeJob(job))
	}
	if got := e.api.DocumentCounts(); got.Uploads != 1 || got.ByFileID != 18 {
		t.Fatalf("documents %+v, want 1 upload and 18 by file_id", got)
	}
}

// Ensure that documents go silently with their card in quiet hours, and
// that under Telegram's limits (scaled down) a push with documents
// trips no flood control: each document waits its turn as a message.
func TestDocumentsQuietAndPaced(t *testing.T) {
	late := time.Date(2026, 3, 2, 23, 0, 0, 0, content.VietnamZone())
	o := bot.DeliveryOptions{ChatWindow: 200 * time.Millisecond, GroupCount: 2, GroupWindow: 600 * time.Millisecond,
		Jitter: 100 * time.Millisecond, CommitEvery: 50 * time.Millisecond}
	docs := &docFiles{}
	e := newPushEnv(t, bot.Config{SendRate: 60, Delivery: o, Documents: docs, Now: func() time.Time { return late }})
	subs := people(1, 20, "vi")
	for i := range 4 {
		subs = append(subs, content.Subscriber{ChatID: -int64(100 + i), Group: true, Lang: "vi"})
	}
	e.subscribe(subs...)
	e.api.EnforceLimits(telegramtest.Limits{Global: 60, PerChat: 1, ChatWindow: 200 * time.Millisecond,
		PerGroup: 2, GroupWindow: 600 * time.Millisecond})
	e.run()
	a := directiveWith(docs, "a.pdf", "b.pdf")
	a.Category = content.CategoryNews // an album of two
	job := e.waitJob(e.publish(a).ID)
	if job.Sent != len(subs) {
		t.Fatalf("%s", describeJob(job))
	}
	if tm := e.api.TooManyAnswers(); len(tm) != 0 {
		t.Fatalf("%d 429 answers, first %+v", len(tm), tm[0])
	}
	for _, d := range e.api.Deliveries() {
		if !d.Silent {
			t.Errorf("chat %d: %s not silent in quiet hours", d.ChatID, d.Method)
		}
	}
	for _, s := range subs {
		if n := e.api.DeliveredTo(s.ChatID); n != 3 {
			t.Errorf("chat %d received %d messages, want the card and two documents", s.ChatID, n)
		}
	}
}

// Ensure that a document without a file_id and without a way to open it is
// left out (and a URL linked), and that Telegram's refusal of a stored
// file_id makes the bot upload again.
func TestUnknownFileIDUploadsAgain(t *testing.T) {
	docs := &docFiles{}
	e := newPushEnv(t, bot.Config{Delivery: fastDelivery(), Documents: docs})
	e.subscribe(people(1, 3, "vi")...)
	e.run()
	a := directiveWith(docs, "cong-van.pdf")
	a.Category = content.CategoryNews
	a.Attachments[0].FileID = "BQACAgUAAxkDAAI-another-bot"
	job := e.waitJob(e.publish(a).ID)
	if job.Sent != 3 {
		t.Fatalf("%s", describeJob(job))
	}
	if got := e.api.DocumentCounts(); got.Uploads != 1 || got.ByFileID != 2 {
		t.Fatalf("documents %+v, want one upload after the refused file_id, then 2 by file_id", got)
	}
	for chat := int64(1); chat <= 3; chat++ {
		if n := len(e.api.Messages(chat)); n != 2 {
			t.Errorf("chat %d shows %d messages, want 2", chat, n)
		}
	}
	refused := 0
	for _, c := range e.api.Calls() {
		if c.Status == http.StatusBadRequest && strings.Contains(c.Error, "wrong file identifier") {
			refused++
		}
	}
	if refused == 0 {
		t.Error("the foreign file_id was never tried")
	}
	stored, _ := e.db.Article(context.Background(), job.ArticleID)
	if stored.Attachments[0].FileID == a.Attachments[0].FileID {
		t.Error("the refused file_id is still stored")
	}
}

// Ensure that "📖 Đọc toàn văn" sends the documents after the full text,
// which lists them: one by its stored file_id, one uploaded then (and its
// file_id stored), one over the limit only listed; and that /latest marks
// the article "📎 3".
func TestFullTextSendsDocuments(t *testing.T) {
	docs := &docFiles{}
	e := newPushEnv(t, bot.Config{Delivery: fastDelivery(), Documents: docs, PollTimeout: time.Second})
	ctx := context.Background()
	a := directiveWith(docs, "cong-van.pdf", "phu-luc.pdf")
	a.Attachments = append(a.Attachments, content.Attachment{Name: "ban-do.pdf", URL: "https://huyen.example.vn/ban-do.pdf", Size: 60 << 20})
	other := e.api.User(8, "vi") // Telegram knows the first document already
	_, up := e.api.SendDocument(other, e.api.PrivateChat(other), "cong-van.pdf", minimalPDF, "")
	a.Attachments[0].FileID = up
	pub, err := e.db.PublishArticleWith(ctx, a, store.PublishOptions{Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	startPolling(t, e.bot)
	u := e.api.User(7, "vi")
	chat := e.api.PrivateChat(u)
	e.api.PressButton(u, chat, 1, "a:"+pub.Article.ID)
	e.api.SendText(u, chat, "/latest")
	calls := e.api.WaitCalls(t, pushWait, func(calls []telegramtest.Call) bool {
		return len(telegramtest.SentTo(calls, chat.ID)) >= 3
	})
	sent := telegramtest.SentTo(calls, chat.ID)
	full, album, latest := sent[0], sent[1], sent[2]
	if full.Method != "sendMessage" || !strings.Contains(full.Params["text"], "Văn bản kèm theo") || !strings.Contains(full.Params["text"], "ban-do.pdf</a> (60 MB)") {
		t.Fatalf("full text: %s", full)
	}
	if album.Method != "sendMediaGroup" || album.Status != http.StatusOK || len(album.Files) != 1 {
		t.Fatalf("documents: %s, want one album uploading the second document", album)
	}
	if !strings.Contains(latest.Params["text"], "📎 3") {
		t.Errorf("/latest does not mark the article: %s", latest.Params["text"])
	}
	stored, _ := e.db.Article(ctx, pub.Article.ID)
	if stored.Attachments[1].FileID == "" || stored.Attachments[2].FileID != "" {
		t.Errorf("stored documents after the full text: %+v", stored.Attachments)
	}
}

// Ensure that taking back an article pushed with its documents deletes the
// documents' messages with the card's.
func TestRetractionDeletesDocuments(t *testing.T) {
	docs := &docFiles{}
	e := newPushEnv(t, bot.Config{Delivery: fastDelivery(), Documents: docs})
	e.subscribe(people(1, 4, "vi")...)
	e.run()
	a := directiveWith(docs, "a.pdf", "b.pdf")
	a.Category = content.CategoryNews
	job := e.waitJob(e.publish(a).ID)
	if n := len(e.api.Messages(1)); job.Sent != 4 || n != 3 {
		t.Fatalf("%s; chat 1 shows %d messages, want 3", describeJob(job), n)
	}
	_, rj, err := e.db.RetractArticle(context.Background(), job.ArticleID, 100)
	if err != nil {
		t.Fatal(err)
	}
	e.bot.Notify()
	e.waitJob(rj.ID)
	for chat := int64(1); chat <= 4; chat++ {
		if ms := e.api.Messages(chat); len(ms) != 0 {
			t.Errorf("chat %d still shows %d messages after the retraction: %+v", chat, len(ms), ms)
		}
	}
}

// Ensure that when a directive's document cannot be sent after all (its
// file gone once the push began), the document is left out, a line after
// the card says so, and the acknowledgement button goes under that line,
// so the person can still acknowledge.
func TestAckAfterCardWhenDocumentFails(t *testing.T) {
	docs := &docFiles{failFrom: 2} // the look before the push works, the upload does not
	e := newPushEnv(t, bot.Config{Delivery: fastDelivery(), Documents: docs})
	e.subscribe(people(1, 3, "vi")...)
	e.run()
	job := e.waitJob(e.publish(directiveWith(docs, "cong-van.pdf")).ID)
	if job.Sent != 3 {
		t.Fatalf("%s", describeJob(job))
	}
	if got := e.api.DocumentCounts(); got != (telegramtest.DocumentCounts{}) {
		t.Errorf("documents %+v, want none sent", got)
	}
	const line = "📎 cong-van.pdf: không gửi được qua Telegram, xin liên hệ văn phòng để nhận."
	for chat := int64(1); chat <= 3; chat++ {
		ms := e.api.Messages(chat)
		if len(ms) != 2 || ms[1].Text != line || ms[1].ReplyMarkup == nil || !hasAck(ms[1].ReplyMarkup.InlineKeyboard) ||
			ms[0].ReplyMarkup == nil || hasAck(ms[0].ReplyMarkup.InlineKeyboard) {
			t.Errorf("chat %d shows %+v, want the card, then %q with the acknowledgement button", chat, ms, line)
		}
	}
}
