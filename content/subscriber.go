package content

import "time"

// Subscriber is a Telegram chat that talks to the bot: a person or a group.
type Subscriber struct {
	ChatID int64 `json:"chat_id"`
	// UserID is the person who subscribed the chat (0 when unknown).
	UserID   int64  `json:"user_id,omitempty"`
	Username string `json:"username,omitempty"`
	Name     string `json:"name,omitempty"`
	// Lang is the IETF language code Telegram reported, e.g. "vi" or "en".
	Lang string `json:"lang,omitempty"`
	// Subscribed reports whether the chat wants pushes.
	Subscribed bool      `json:"subscribed"`
	JoinedAt   time.Time `json:"joined_at"`
}
