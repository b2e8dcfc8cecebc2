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
	// Group is true for group and supergroup chats.
	Group bool `json:"group,omitempty"`
	// Approved is set on a group that an admin subscribed, or whose join
	// request an admin approved. In closed mode only approved groups
	// receive pushes and are answered; it is never cleared by a /start.
	Approved bool `json:"approved,omitempty"`
	// Blocked is set when Telegram said the chat cannot be reached (the
	// person blocked the bot, the account is gone); /start clears it.
	Blocked bool `json:"blocked,omitempty"`
	// Categories the chat receives; empty means every category.
	Categories []Category `json:"categories,omitempty"`
	// Quiet is when notices arrive silently; nil means the default hours.
	Quiet *QuietHours `json:"quiet,omitempty"`

	// Settings chosen in /settings (language, daily digest).
	// LangChoice is the language the chat chose ("vi" or "en"); empty
	// follows Lang, the one Telegram reports.
	LangChoice string `json:"lang_choice,omitempty"`
	// Digest is set when the chat wants one message a day (DigestHour)
	// listing its articles instead of one message each; urgent articles
	// still come at once. See SetDigest and InDigest.
	Digest bool `json:"digest,omitempty"`
	// DigestSpans are the recent spans of time during which Digest was on
	// (the last one open while it is), so that every article held back
	// from the chat's pushes is in exactly one digest.
	DigestSpans []DigestSpan `json:"digest_spans,omitempty"`

	// Audiences (see Unit): the slugs of the units the person belongs to,
	// which admins' broadcasts may target. Slugs of removed units are
	// ignored.
	Units []string `json:"units,omitempty"`
}

// Active reports whether the chat receives pushes now.
func (s Subscriber) Active() bool { return s.Subscribed && !s.Blocked }

// Wants reports whether the chat wants articles of category c.
func (s Subscriber) Wants(c Category) bool {
	if !s.Active() {
		return false
	}
	if len(s.Categories) == 0 {
		return true
	}
	for _, k := range s.Categories {
		if k == c {
			return true
		}
	}
	return false
}

// QuietHoursOf returns the chat's quiet hours, the default when unset.
func (s Subscriber) QuietHoursOf() QuietHours {
	if s.Quiet == nil {
		return DefaultQuietHours()
	}
	return *s.Quiet
}

// QuietHours is a daily span of Vietnam time, From inclusive to To
// exclusive, in minutes after midnight; it may wrap past midnight. From ==
// To means no quiet hours.
type QuietHours struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// DefaultQuietHours is 22:00–06:00.
func DefaultQuietHours() QuietHours { return QuietHours{From: 22 * 60, To: 6 * 60} }

// Contains reports whether t, in zone, falls inside the quiet hours.
func (q QuietHours) Contains(t time.Time, zone *time.Location) bool {
	if q.From == q.To {
		return false
	}
	lt := t.In(zone)
	m := lt.Hour()*60 + lt.Minute()
	if q.From < q.To {
		return m >= q.From && m < q.To
	}
	return m >= q.From || m < q.To
}

// Language returns the language the chat reads: its choice in /settings,
// else the one Telegram reports.
func (s Subscriber) Language() string {
	if s.LangChoice != "" {
		return s.LangChoice
	}
	return s.Lang
}
