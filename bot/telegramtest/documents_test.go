package telegramtest

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content/contenttest"
)

// pdf is a small document to upload.
var pdf = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

// sendDoc sends a document and returns the message.
func sendDoc(t *testing.T, bot *tgbotapi.BotAPI, chatID int64, file tgbotapi.RequestFileData, caption string) tgbotapi.Message {
	t.Helper()
	d := tgbotapi.NewDocument(chatID, file)
	d.Caption = caption
	m, err := bot.Send(d)
	if err != nil {
		t.Fatalf("sendDocument: %v", err)
	}
	return m
}

// Ensure that an uploaded document gets a file_id that later sends may use,
// with its name, type and size, and that uploads and sends by file_id are
// counted apart.
func TestSendDocumentUploadThenFileID(t *testing.T) {
	srv, bot := newBot(t)
	m := sendDoc(t, bot, 42, tgbotapi.FileReader{Name: "cong-van-112.pdf", Reader: bytes.NewReader(pdf)}, "Công văn số 112")
	d := m.Document
	if d == nil || d.FileID == "" || d.FileUniqueID == "" {
		t.Fatalf("document = %+v, want a file_id and file_unique_id", d)
	}
	if d.FileName != "cong-van-112.pdf" || d.MimeType != "application/pdf" || d.FileSize != len(pdf) {
		t.Errorf("document = %+v, want its name, application/pdf and %d bytes", d, len(pdf))
	}
	if m.Caption != "Công văn số 112" {
		t.Errorf("caption = %q", m.Caption)
	}
	again := sendDoc(t, bot, 43, tgbotapi.FileID(d.FileID), "")
	if again.Document.FileID != d.FileID || again.Document.FileName != d.FileName || again.Document.FileSize != d.FileSize {
		t.Errorf("sent by file_id: %+v, want the same file as %+v", again.Document, d)
	}
	if got, want := srv.DocumentCounts(), (DocumentCounts{Uploads: 1, ByFileID: 1}); got != want {
		t.Errorf("counts = %+v, want %+v", got, want)
	}
	if got := srv.DeliveredTo(43); got != 1 {
		t.Errorf("delivered to 43: %d, want 1", got)
	}
}

// Ensure that Telegram's refusals of documents are copied: an unknown
// file_id, a photo's file_id, an empty upload, no document at all.
func TestSendDocumentRefusals(t *testing.T) {
	srv, bot := newBot(t)
	_, err := bot.Send(tgbotapi.NewDocument(42, tgbotapi.FileID("BQACAgUAAxkDAAI999")))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: wrong file identifier/HTTP URL specified")
	photo, err := bot.Send(tgbotapi.NewPhoto(42, tgbotapi.FileReader{Name: "a.jpg", Reader: bytes.NewReader([]byte{0xff, 0xd8})}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = bot.Send(tgbotapi.NewDocument(42, tgbotapi.FileID(photo.Photo[len(photo.Photo)-1].FileID)))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: can't use file of type Photo as Document")
	status, body := postFile(t, srv, "sendDocument", map[string]string{"chat_id": "42"}, "document", "a.pdf", nil)
	if status != http.StatusBadRequest || !strings.Contains(body, "Bad Request: file must be non-empty") {
		t.Errorf("empty upload: %d %s", status, body)
	}
	status, body = post(t, srv.URL()+"/bot"+testToken+"/sendDocument", "application/x-www-form-urlencoded", form(map[string]string{"chat_id": "42"}))
	if status != http.StatusBadRequest || !strings.Contains(body, "there is no document in the request") {
		t.Errorf("no document: %d %s", status, body)
	}
	if got := srv.DocumentCounts(); got != (DocumentCounts{}) {
		t.Errorf("counts = %+v after refusals, want none", got)
	}
}

// Ensure that a document a person sent the bot (SendDocument) may be sent
// on by its file_id, and its caption's command is marked.
func TestSendDocumentFromPerson(t *testing.T) {
	srv, bot := newBot(t)
	u := srv.User(7, "vi")
	_, fileID := srv.SendDocument(u, srv.PrivateChat(u), "ke-hoach.docx", []byte("PK\x03\x04"), "/post Kế hoạch")
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 1 {
		t.Fatalf("updates: %v %v", ups, err)
	}
	m := ups[0].Message
	if m.Document == nil || m.Document.FileID != fileID || m.Caption != "/post Kế hoạch" ||
		len(m.CaptionEntities) != 1 || m.CaptionEntities[0].Type != "bot_command" || m.CaptionEntities[0].Length != 5 {
		t.Fatalf("message = %+v", m)
	}
	if got := sendDoc(t, bot, 42, tgbotapi.FileID(fileID), "").Document.FileName; got != "ke-hoach.docx" {
		t.Errorf("file name = %q", got)
	}
}

// Ensure that an upload over 50 MB is answered 413 Request Entity Too
// Large, as Telegram answers it, and nothing is stored.
func TestSendDocumentTooLarge(t *testing.T) {
	srv, bot := newBot(t)
	big := bytes.Repeat([]byte{'x'}, MaxUploadSize+1)
	status, body := postFile(t, srv, "sendDocument", map[string]string{"chat_id": "42"}, "document", "big.pdf", big)
	if status != http.StatusRequestEntityTooLarge || !strings.Contains(body, `"description":"Request Entity Too Large"`) {
		t.Errorf("upload of 50 MB + 1: %d %s, want 413 Request Entity Too Large", status, body)
	}
	if _, err := bot.Send(tgbotapi.NewDocument(42, tgbotapi.FileReader{Name: "ok.pdf", Reader: bytes.NewReader(pdf)})); err != nil {
		t.Fatal(err)
	}
	if got := srv.DocumentCounts(); got.Uploads != 1 || len(srv.Messages(42)) != 1 {
		t.Errorf("after a refused upload: %+v, %d messages", got, len(srv.Messages(42)))
	}
}

// Ensure that a document named by URL is fetched, and one over 20 MB, or
// one the portal does not serve, is refused with "failed to get HTTP URL
// content".
func TestSendDocumentByURL(t *testing.T) {
	srv, bot := newBot(t)
	portal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/small.pdf":
			w.Header().Set("Content-Type", "application/pdf")
			_, _ = w.Write(pdf)
		case "/big.pdf":
			chunk := make([]byte, 1<<20)
			for range 21 {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		default:
			http.NotFound(w, r)
		}
	}))
	defer portal.Close()
	m := sendDoc(t, bot, 42, tgbotapi.FileURL(portal.URL+"/small.pdf"), "")
	if m.Document.FileName != "small.pdf" || m.Document.FileSize != len(pdf) || m.Document.MimeType != "application/pdf" {
		t.Errorf("document = %+v", m.Document)
	}
	for _, path := range []string{"/big.pdf", "/gone.pdf"} {
		_, err := bot.Send(tgbotapi.NewDocument(42, tgbotapi.FileURL(portal.URL+path)))
		wantAPIError(t, err, http.StatusBadRequest, "Bad Request: failed to get HTTP URL content")
	}
	if got, want := srv.DocumentCounts(), (DocumentCounts{ByURL: 1}); got != want {
		t.Errorf("counts = %+v, want %+v", got, want)
	}
}

// Ensure that sendMediaGroup sends uploaded and known documents as one
// album of messages sharing a media_group_id, each with its caption, and
// refuses what Telegram refuses.
func TestSendMediaGroupDocuments(t *testing.T) {
	srv, bot := newBot(t)
	first := sendDoc(t, bot, 42, tgbotapi.FileReader{Name: "a.pdf", Reader: bytes.NewReader(pdf)}, "")
	a := tgbotapi.NewInputMediaDocument(tgbotapi.FileID(first.Document.FileID))
	a.Caption = "Tải về: Công văn"
	b := tgbotapi.NewInputMediaDocument(tgbotapi.FileReader{Name: "b.xlsx", Reader: bytes.NewReader([]byte("PK\x03\x04table"))})
	b.Caption = "Bảng"
	resp, err := bot.Request(tgbotapi.NewMediaGroup(43, []any{a, b}))
	if err != nil {
		t.Fatalf("sendMediaGroup: %v", err)
	}
	var msgs []tgbotapi.Message
	if err := json.Unmarshal(resp.Result, &msgs); err != nil || len(msgs) != 2 {
		t.Fatalf("result = %s (%v), want 2 messages", resp.Result, err)
	}
	if msgs[0].MediaGroupID == "" || msgs[0].MediaGroupID != msgs[1].MediaGroupID || msgs[1].MessageID != msgs[0].MessageID+1 {
		t.Errorf("messages = %+v, want one album of consecutive messages", msgs)
	}
	if msgs[0].Document.FileID != first.Document.FileID || msgs[1].Document.FileName != "b.xlsx" || msgs[1].Caption != "Bảng" {
		t.Errorf("documents = %+v / %+v", msgs[0].Document, msgs[1].Document)
	}
	if got, want := srv.DocumentCounts(), (DocumentCounts{Uploads: 2, ByFileID: 1}); got != want {
		t.Errorf("counts = %+v, want %+v", got, want)
	}
	if got := srv.DeliveredTo(43); got != 2 {
		t.Errorf("delivered to 43: %d, want 2 (an album is its messages)", got)
	}
	var eleven []any
	for range 11 {
		eleven = append(eleven, tgbotapi.NewInputMediaDocument(tgbotapi.FileID(first.Document.FileID)))
	}
	_, err = bot.Request(tgbotapi.NewMediaGroup(43, eleven))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: too many messages to send as an album")
	mixed := []any{a, tgbotapi.NewInputMediaPhoto(tgbotapi.FileID("AgACAgIAAxk"))}
	_, err = bot.Request(tgbotapi.NewMediaGroup(43, mixed))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: document can't be mixed with other media types")
	unknown := []any{a, tgbotapi.NewInputMediaDocument(tgbotapi.FileID("BQACAgUAAxkDAAI999"))}
	_, err = bot.Request(tgbotapi.NewMediaGroup(43, unknown))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: wrong file identifier/HTTP URL specified")
	if got := srv.DeliveredTo(43); got != 2 {
		t.Errorf("delivered to 43: %d after refused albums, want still 2", got)
	}
}

// Ensure that documents count against the flood limits like messages: a
// document to a chat that just got a message waits its second, and an
// album counts as its documents against the global limit.
func TestDocumentsUnderLimits(t *testing.T) {
	srv, bot := newBot(t)
	clock := contenttest.NewClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	srv.EnforceLimits(Limits{Global: 3, PerChat: 1, Now: clock.Now})
	m := sendDoc(t, bot, 42, tgbotapi.FileReader{Name: "a.pdf", Reader: bytes.NewReader(pdf)}, "")
	_, err := bot.Send(tgbotapi.NewDocument(42, tgbotapi.FileID(m.Document.FileID)))
	wantAPIError(t, err, http.StatusTooManyRequests, "Too Many Requests: retry after 1")
	doc := tgbotapi.NewInputMediaDocument(tgbotapi.FileID(m.Document.FileID))
	if _, err := bot.Request(tgbotapi.NewMediaGroup(43, []any{doc, doc})); err != nil {
		t.Fatalf("album of 2 with 2 of 3 left: %v", err)
	}
	_, err = bot.Send(tgbotapi.NewDocument(44, tgbotapi.FileID(m.Document.FileID)))
	wantAPIError(t, err, http.StatusTooManyRequests, "Too Many Requests: retry after 1")
	clock.Advance(time.Second)
	if _, err := bot.Request(tgbotapi.NewMediaGroup(44, []any{doc, doc, doc})); err != nil {
		t.Fatalf("album of 3 in a new second: %v", err)
	}
}

// Ensure that lean mode answers sends by file_id with the document, and
// still handles uploads in full, so a benchmark's first upload gets its
// file_id.
func TestLeanDocuments(t *testing.T) {
	srv, bot := newBot(t)
	srv.SetLean(true)
	m := sendDoc(t, bot, 42, tgbotapi.FileReader{Name: "a.pdf", Reader: bytes.NewReader(pdf)}, "")
	if m.Document == nil || m.Document.FileID == "" {
		t.Fatalf("lean upload: %+v", m)
	}
	again := sendDoc(t, bot, 43, tgbotapi.FileID(m.Document.FileID), "")
	if again.Document == nil || again.Document.FileID != m.Document.FileID {
		t.Errorf("lean send by file_id: %+v", again)
	}
	doc := tgbotapi.NewInputMediaDocument(tgbotapi.FileID(m.Document.FileID))
	resp, err := bot.Request(tgbotapi.NewMediaGroup(44, []any{doc, doc}))
	var msgs []tgbotapi.Message
	if err != nil || json.Unmarshal(resp.Result, &msgs) != nil || len(msgs) != 2 || msgs[0].MessageID == msgs[1].MessageID {
		t.Fatalf("lean album: %v %v", msgs, err)
	}
	if got, want := srv.DocumentCounts(), (DocumentCounts{Uploads: 1, ByFileID: 3}); got != want {
		t.Errorf("counts = %+v, want %+v", got, want)
	}
	if got := srv.DeliveredCount(); got != 4 {
		t.Errorf("delivered %d, want 4", got)
	}
}

// postFile posts a multipart request with fields and one file, as a
// client uploads, and returns the status and body. (tgbotapi's own upload
// drops the error_code of a refusal, so status checks go through here.)
func postFile(t *testing.T, srv *Server, method string, fields map[string]string, field, name string, data []byte) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	part, err := w.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := part.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return post(t, srv.URL()+"/bot"+testToken+"/"+method, w.FormDataContentType(), buf.String())
}
