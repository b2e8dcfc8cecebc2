package bot

import (
	"strings"
	"testing"
	"time"

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
	html, _ := digestMessage(Vietnamese, []content.Article{a, plain}, zone)
	if strings.Count(html, "📎 2") != 1 {
		t.Errorf("digest does not mark the article with documents once:\n%s", html)
	}
}
