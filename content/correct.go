package content

import (
	"errors"
	"time"
)

// Correction is what a correction job edits in place: the messages that
// jobs Jobs (an article's pushes, or a broadcast) delivered, each replaced
// by the corrected notice, marked with the time of the correction, keeping
// its buttons.
type Correction struct {
	// ArticleID is the corrected article; "" for a broadcast, whose
	// corrected text is its job's (Jobs[0]) Text.
	ArticleID string `json:"article_id"`
	// Title is the corrected title (a broadcast's text), for reports.
	Title string   `json:"title,omitempty"`
	Jobs  []uint64 `json:"jobs"`
	// At is when the correction was confirmed; the mark shows it.
	At time.Time `json:"at"`
	// Renotify also sends a short "Đính chính:" reply to each chat's
	// first message, which rings as a new message does; without it the
	// edit is silent.
	Renotify bool `json:"renotify,omitempty"`
}

// The audit actions of correcting an article or a broadcast: the detail
// names it and says how many chats the correction reaches.
const (
	AuditArticleCorrect   = "article.correct"
	AuditBroadcastCorrect = "broadcast.correct"
)

// ArticleFix is a correction of a stored article's words. It is merged
// into the article as stored when the correction is confirmed (Apply), so
// that whatever else changed meanwhile (a picture, the author) is kept.
type ArticleFix struct {
	ID    string
	Title string
	Lead  string
	Body  []string
	// Category and SourceURL, when set, replace the stored ones (an
	// article file given on the command line may name them).
	Category  Category
	SourceURL string
}

// Apply returns a with f's title, lead and body (and category and source
// URL when f has them); everything else stays.
func (f ArticleFix) Apply(a Article) Article {
	a.Title, a.Lead, a.Body = f.Title, f.Lead, append([]string{}, f.Body...)
	if f.Category != "" {
		a.Category = f.Category
	}
	if f.SourceURL != "" {
		a.SourceURL = f.SourceURL
	}
	return a
}

// ErrNotCorrectable means a job's notice cannot be corrected on its own:
// it is not a broadcast standing (StandingBroadcast); an article's notices
// are corrected through the article.
var ErrNotCorrectable = errors.New("job cannot be corrected")

// StandingBroadcast reports whether j is an admin's announcement whose
// notice may still be retracted or corrected: a broadcast's own job (not a
// reminder, digest, retraction or correction) not yet retracted.
func StandingBroadcast(j Job) bool {
	return j.Text != "" && j.ArticleID == "" && j.Retract == nil && j.Correct == nil && j.Digest == nil &&
		j.RemindOf == 0 && j.RetractedBy == 0
}
