package content

import "time"

// Correction is what a correction job edits in place: the messages that
// jobs Jobs (an article's push and its reminders) delivered, each replaced
// by the corrected article's notice, marked with the time of the
// correction, keeping its buttons.
type Correction struct {
	ArticleID string `json:"article_id"`
	// Title is the corrected title, for reports.
	Title string   `json:"title,omitempty"`
	Jobs  []uint64 `json:"jobs"`
	// At is when the correction was confirmed; the mark shows it.
	At time.Time `json:"at"`
	// Renotify also sends a short "Đính chính:" reply to each chat's
	// first message, which rings as a new message does; without it the
	// edit is silent.
	Renotify bool `json:"renotify,omitempty"`
}

// AuditArticleCorrect is the audit action of correcting an article: the
// detail names it and says how many chats the correction reaches.
const AuditArticleCorrect = "article.correct"
