package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// Ensure that list entries (/latest, search results, the digest) mark an
// article with documents with their number, and others not at all.
func TestListsMarkDocuments(t *testing.T) {
	zone := content.VietnamZone()
	a := content.Article{ID: "x", Title: "Kế hoạch 45/KH-UBND", Attachments: []content.Attachment{{Name: "a.pdf"}, {Name: "b.xlsx"}}}
	if got := articleHeading(1, a, zone); !strings.HasSuffix(got, "</b>\n📎 2") {
		t.Errorf("heading without a time: %q", got)
	}
	a.Published = time.Date(2026, 3, 2, 9, 5, 0, 0, zone)
	if got := articleHeading(1, a, zone); !strings.HasSuffix(got, "\n🕒 09:05 02/03/2026  📎 2") {
		t.Errorf("heading with a time: %q", got)
	}
	plain := content.Article{ID: "y", Title: "Tin thường", Published: a.Published}
	if got := articleItem(2, plain, zone); strings.Contains(got, "📎") {
		t.Errorf("an article without documents is marked: %q", got)
	}
	html, _ := digestMessage(Vietnamese, "", []content.Article{a, plain}, zone)
	if strings.Count(html, "📎 2") != 1 {
		t.Errorf("digest does not mark the article with documents once:\n%s", html)
	}
}

// FuzzReadDocsSent checks that no answer to a send of documents makes
// reading it panic or fail: the documents went out either way.
func FuzzReadDocsSent(f *testing.F) {
	f.Add(`{"message_id":5,"chat":{"id":1},"document":{"file_id":"BQAC1","file_unique_id":"u"}}`)
	f.Add(`[{"message_id":5,"document":{"file_id":"a"}},{"message_id":6,"document":null}]`)
	f.Add(`true`)
	f.Add(`[{"message_id":"x"}]`)
	f.Fuzz(func(t *testing.T, raw string) {
		res, err := readDocsSent(&tgbotapi.APIResponse{Result: json.RawMessage(raw)})
		if err != nil {
			t.Fatalf("%q: %v", raw, err)
		}
		if len(res.messages) > len(res.fileIDs) {
			t.Fatalf("%q: %d messages, %d file_ids", raw, len(res.messages), len(res.fileIDs))
		}
	})
}

// Ensure that /post takes a document by its name's extension, or by its
// media type when the name has none, and refuses any other, with a clean
// name.
func TestPostDocumentTypes(t *testing.T) {
	for _, c := range []struct {
		name, mime string
		want       string // the attachment's name, "" for refused
	}{
		{"../../Công văn 112.PDF", "application/pdf", "Công văn 112.PDF"},
		{"ke-hoach.docx", "", "ke-hoach.docx"},
		{"", "application/pdf", "tai-lieu.pdf"},
		{"bang-ke", "application/vnd.ms-excel", "bang-ke.xls"},
		{"cai-dat.exe", "application/pdf", ""},
		{"bao-cao.txt", "text/plain", ""},
		{"trang.html", "text/html", ""},
		{"", "", ""},
	} {
		att, ok := postDocument(&tgbotapi.Document{FileID: "F", FileName: c.name, MimeType: c.mime})
		switch {
		case c.want == "" && ok:
			t.Errorf("%q (%s) taken as %+v", c.name, c.mime, att)
		case c.want != "" && (!ok || att.Name != c.want || att.FileID != "F" || att.MediaType == ""):
			t.Errorf("%q (%s): %+v, %v; want %q", c.name, c.mime, att, ok, c.want)
		}
	}
	if att, ok := postDocument(nil); att != nil || !ok {
		t.Errorf("no document: %+v, %v", att, ok)
	}
}
