package content

import (
	"strings"
	"time"
)

// ArticleDeletion is an article taken back out (published by mistake, or
// retracted): the article as it was stored, when and by whom it was taken
// out, and the notices that were stopped. The store keeps it, so that a
// mistaken deletion can be inspected, and an article that was deleted is
// never stored (nor pushed) again under the same ID.
type ArticleDeletion struct {
	Article Article `json:"article"`
	// At is when the article was deleted.
	At time.Time `json:"at"`
	// By is the Telegram user ID of the admin who deleted it; 0 for the
	// command line.
	By int64 `json:"by,omitempty"`
	// Cancelled lists the push jobs about the article (and reminders of
	// them) that were still open and were cancelled.
	Cancelled []uint64 `json:"cancelled,omitempty"`
	// Spared counts the notices those jobs had not sent yet: nobody gets
	// them.
	Spared int `json:"spared"`
}

// AuditDetail is the detail of the article.delete audit entry: the
// article's ID, then its title on one line ("abc… Hội nghị tổng kết").
func (d ArticleDeletion) AuditDetail() string {
	out := d.Article.ID
	if title := strings.Join(strings.Fields(d.Article.Title), " "); title != "" {
		out += " " + title
	}
	return out
}

// AuditArticleDelete is the audit action of deleting an article.
const AuditArticleDelete = "article.delete"
