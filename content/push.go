package content

import "time"

// Outcome is what became of one recipient of a push job.
type Outcome uint8

// The outcomes of a delivery. OutcomePending is the zero value: not yet tried.
const (
	OutcomePending Outcome = iota
	OutcomeSent
	// OutcomeBlocked means the chat cannot be reached any more (the person
	// blocked the bot, the account is gone, the chat does not exist).
	OutcomeBlocked
	// OutcomeFailed means sending failed for another reason, after retries.
	OutcomeFailed
)

// String returns the outcome's name as logs and reports show it.
func (o Outcome) String() string {
	switch o {
	case OutcomePending:
		return "pending"
	case OutcomeSent:
		return "sent"
	case OutcomeBlocked:
		return "blocked"
	case OutcomeFailed:
		return "failed"
	}
	return "unknown"
}

// Job is the durable record of one notice going out to many chats: a new
// article, or (later) an admin's broadcast.
type Job struct {
	ID        uint64    `json:"id"`
	ArticleID string    `json:"article_id,omitempty"`
	Created   time.Time `json:"created"`
	// Total is the number of recipients chosen when the job was created.
	Total   int  `json:"total"`
	Sent    int  `json:"sent"`
	Blocked int  `json:"blocked"`
	Failed  int  `json:"failed"`
	Done    bool `json:"done"`
}

// Pending returns how many recipients have not been tried yet.
func (j Job) Pending() int { return j.Total - j.Sent - j.Blocked - j.Failed }

// Delivery is the outcome of sending one job's notice to one chat.
type Delivery struct {
	ChatID  int64
	Outcome Outcome
	// Reason says why a delivery was blocked or failed; empty when sent.
	Reason string
}

// Recipient is one chat a job's notice goes to.
type Recipient struct {
	ChatID int64
	// Lang is the chat's Telegram language code ("" when unknown).
	Lang string
}
