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
	// OutcomeDeleted means a retraction deleted every message the notice
	// became in the chat.
	OutcomeDeleted
	// OutcomeReplaced means a retraction could not delete some of them
	// (Telegram's 48-hour window) and edited those into a short notice
	// that the article was taken back.
	OutcomeReplaced
	// OutcomeEdited means a correction edited the messages the notice
	// became in the chat.
	OutcomeEdited
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
	case OutcomeDeleted:
		return "deleted"
	case OutcomeReplaced:
		return "replaced"
	case OutcomeEdited:
		return "edited"
	}
	return "unknown"
}

// Job is the durable record of one notice going out to many chats: a new
// article (ArticleID set), an admin's broadcast (Text set) or a daily
// digest (Digest set).
type Job struct {
	ID        uint64 `json:"id"`
	ArticleID string `json:"article_id,omitempty"`
	// Text is a broadcast's message, plain text as the admin wrote it.
	Text string `json:"text,omitempty"`
	// CreatedBy is the admin who started a broadcast (0 for articles).
	CreatedBy int64     `json:"created_by,omitempty"`
	Created   time.Time `json:"created"`
	// Digest, when set, makes this a daily digest run: each recipient gets
	// its own list of the articles held back for it (Subscriber.InDigest).
	Digest *DigestRun `json:"digest,omitempty"`
	// Urgent notices ring even in a person's quiet hours.
	Urgent bool `json:"urgent,omitempty"`
	// Cancelled jobs send nothing more; they count as done.
	Cancelled bool `json:"cancelled,omitempty"`
	// ProgressChatID and ProgressMessageID name the message that shows a
	// broadcast's progress to the admin who started it (0: none).
	ProgressChatID    int64 `json:"progress_chat_id,omitempty"`
	ProgressMessageID int   `json:"progress_message_id,omitempty"`
	// ProgressLang is the language of that message, the admin's ("": not
	// recorded, as in jobs stored by older versions).
	ProgressLang string `json:"progress_lang,omitempty"`
	// Total is the number of recipients chosen when the job was created.
	Total   int  `json:"total"`
	Sent    int  `json:"sent"`
	Blocked int  `json:"blocked"`
	Failed  int  `json:"failed"`
	Done    bool `json:"done"`
	// Ack asks the recipients to acknowledge the notice (an "Đã nhận"
	// button); see Receipt.
	Ack bool `json:"ack,omitempty"`
	// RemindOf, when set, makes this job a reminder to the recipients of job
	// RemindOf who had not acknowledged it.
	RemindOf uint64 `json:"remind_of,omitempty"`
	// Retract, when set, makes this job take back what other jobs
	// delivered (see Retraction); its recipients are the chats they reached.
	Retract *Retraction `json:"retract,omitempty"`
	// Correct, when set, makes this job edit in place what other jobs
	// delivered (see Correction); its recipients are the chats they reached.
	Correct *Correction `json:"correct,omitempty"`
	// Deleted and Replaced count a retraction's outcomes (OutcomeDeleted,
	// OutcomeReplaced), Edited a correction's (OutcomeEdited).
	Deleted  int `json:"deleted,omitempty"`
	Replaced int `json:"replaced,omitempty"`
	Edited   int `json:"edited,omitempty"`
	// RetractedBy is the retraction job that took this job's notice back
	// (0: none).
	RetractedBy uint64 `json:"retracted_by,omitempty"`
	// CorrectedBy is the latest correction job that edits this job's
	// notice (0: none): a notice this job sends after it was created is
	// handed to it, so that it is corrected too.
	CorrectedBy uint64 `json:"corrected_by,omitempty"`
}

// Pending returns how many recipients have not been tried yet.
func (j Job) Pending() int {
	return j.Total - j.Sent - j.Blocked - j.Failed - j.Deleted - j.Replaced - j.Edited
}

// Count adds one recipient's outcome o to the job's counters; an
// OutcomePending (not tried) changes nothing.
func (j *Job) Count(o Outcome) {
	switch o {
	case OutcomePending:
	case OutcomeSent:
		j.Sent++
	case OutcomeBlocked:
		j.Blocked++
	case OutcomeDeleted:
		j.Deleted++
	case OutcomeReplaced:
		j.Replaced++
	case OutcomeEdited:
		j.Edited++
	default:
		j.Failed++
	}
}

// Delivery is the outcome of sending one job's notice to one chat.
type Delivery struct {
	ChatID  int64
	Outcome Outcome
	// Reason says why a delivery was blocked or failed; empty when sent.
	Reason string
	// Messages are the IDs of the messages the notice became in the chat,
	// in the order sent (a long article's parts, a picture and the text
	// that follows it), so it can be edited or deleted later; empty when
	// not sent, or when Telegram's answer did not say (older records).
	Messages []int
	// Sent is the date Telegram gave the notice's first message (to the
	// second; Telegram's 48 hours to delete it run from it); the zero
	// time when not known (older records).
	Sent time.Time
}

// Recipient is one chat a job's notice goes to.
type Recipient struct {
	ChatID int64
	// Lang is the chat's Telegram language code ("" when unknown).
	Lang string
	// Group is true for group and supergroup chats (Telegram limits those
	// to 20 messages a minute).
	Group bool
	// Quiet is the chat's quiet hours: inside them, notices that are not
	// urgent are delivered without sound.
	Quiet QuietHours
	// Alert is the text of the chat's keyword alert that matched the
	// article, shown above it; "" when the chat gets it by category only.
	Alert string
	// Messages, for a retraction or a correction, are the IDs of the
	// messages the notices it takes back or corrects became in the chat,
	// in the order sent.
	Messages []int
	// Sent, parallel to Messages, is the date Telegram gave each of them
	// (Delivery.Sent of the notice it belongs to); the zero time when not
	// on record.
	Sent []time.Time
}
