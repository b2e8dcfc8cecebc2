package content

import (
	"errors"
	"time"
)

// Retraction is what a retraction job takes back: the messages that jobs
// Jobs delivered (an article's push and its reminders, or a broadcast),
// each deleted in every chat, or, where Telegram no longer allows that,
// edited into a short notice saying when it was taken back.
type Retraction struct {
	// ArticleID is the retracted article ("" for a broadcast); the
	// article itself left the store when the retraction was created.
	ArticleID string `json:"article_id,omitempty"`
	// Title is the article's title, or the start of the broadcast's text,
	// for reports.
	Title string `json:"title,omitempty"`
	// Jobs are the jobs whose delivered messages are taken back.
	Jobs []uint64 `json:"jobs"`
	// At is when the admin confirmed the retraction; the notice shows it.
	At time.Time `json:"at"`
}

// MaxRetractionTitle bounds Retraction.Title, in runes.
const MaxRetractionTitle = 80

// Audit actions of retractions: an article taken back with its notices, a
// broadcast's notice taken back. The detail names it and says how many
// chats the retraction reaches.
const (
	AuditArticleRetract   = "article.retract"
	AuditBroadcastRetract = "broadcast.retract"
)

// ErrNotRetractable means a job cannot be retracted: it is a retraction
// itself, a digest, or already retracted.
var ErrNotRetractable = errors.New("job cannot be retracted")

// ErrRetracted means a notice was retracted: nobody is reminded of it.
var ErrRetracted = errors.New("notice retracted")
