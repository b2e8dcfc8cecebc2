package content

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// SourceTelegram is the Source of articles admins publish with /post.
const SourceTelegram = "telegram"

// Errors about acknowledgements. Compare with errors.Is.
var (
	// ErrNoReceipt means the notice named does not exist or does not ask
	// for acknowledgement.
	ErrNoReceipt = errors.New("no such notice asking for acknowledgement")
	// ErrNotRecipient means the chat was not sent the notice.
	ErrNotRecipient = errors.New("not a recipient of this notice")
	// ErrAlreadyReminded means the one reminder a notice may have was sent.
	ErrAlreadyReminded = errors.New("a reminder was already sent for this notice")
	// ErrNobodyToRemind means every recipient that can be reminded (see
	// ReceiptEntry.Remindable) has acknowledged.
	ErrNobodyToRemind = errors.New("everyone has acknowledged this notice")
)

// NeedsAck reports whether pushes of articles in category c ask their
// recipients to acknowledge them: directives do.
func NeedsAck(c Category) bool { return c == CategoryDirective }

// PostID returns the stable ID of the article an admin publishes from the
// bot's preview message (chat, message): pressing a category twice, or two
// admins pressing at once, names the same article, which is stored once.
func PostID(chatID int64, messageID int) string {
	return hashID("telegram\x00" + strconv.FormatInt(chatID, 10) + "\x00" + strconv.Itoa(messageID))
}

// Ack is one recipient's acknowledgement of a notice.
type Ack struct {
	// ChatID is the recipient chat (a person's private chat, or a group).
	ChatID int64 `json:"chat_id"`
	// UserID and Name are who pressed the button.
	UserID int64     `json:"user_id,omitempty"`
	Name   string    `json:"name,omitempty"`
	At     time.Time `json:"at"`
}

// Receipt is a notice that asks for acknowledgement, with its count.
type Receipt struct {
	Job Job `json:"job"`
	// Title is the article's title, or the first line of a broadcast.
	Title string `json:"title"`
	// Acked is how many recipients acknowledged; Job.Total is out of how many.
	Acked int `json:"acked"`
	// Reminder is the ID of the reminder job sent, 0 when none was.
	Reminder uint64 `json:"reminder,omitempty"`
}

// ReceiptEntry is one recipient of a notice and whether it acknowledged.
type ReceiptEntry struct {
	ChatID   int64  `json:"chat_id"`
	Name     string `json:"name,omitempty"`
	Username string `json:"username,omitempty"`
	// Acked is set, with At and By, when the recipient acknowledged.
	Acked bool      `json:"acked"`
	At    time.Time `json:"at,omitzero"`
	// By names who pressed the button (differs from Name in groups).
	By string `json:"by,omitempty"`
	// Unreachable is set when sending the notice to the chat ended without
	// it being delivered: the chat blocked the bot (OutcomeBlocked) or the
	// send failed after retries (OutcomeFailed); such recipients get no
	// reminder.
	Unreachable bool `json:"unreachable,omitempty"`
	// NotSent is set when the notice has no outcome for the chat: it is not
	// sent yet (still pending, or in flight with its outcome not yet
	// recorded), or never will be because the push was cancelled; such
	// recipients get no reminder either, as it would deliver what they were
	// never sent.
	NotSent bool `json:"not_sent,omitempty"`
	// Left is set when the chat no longer receives pushes (Subscriber.Active
	// is false: it unsubscribed, or the bot learned since that it is
	// blocked); such recipients get no reminder either.
	Left bool `json:"left,omitempty"`
}

// Remindable reports whether the recipient gets the notice's reminder: it
// has not acknowledged, the notice was sent to it and delivered (neither
// NotSent nor Unreachable), and it still receives pushes (not Left).
func (e ReceiptEntry) Remindable() bool {
	return !e.Acked && !e.Unreachable && !e.NotSent && !e.Left
}

// ReceiptDetail is a receipt with every recipient, those who acknowledged
// first (earliest first), then the others in chat order.
type ReceiptDetail struct {
	Receipt
	Entries []ReceiptEntry `json:"entries"`
}

// ReceiptTitle returns what lists show for a notice: the article's title,
// or the first non-empty line of a broadcast's text.
func ReceiptTitle(articleTitle, text string) string {
	if articleTitle != "" {
		return articleTitle
	}
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}
