package content

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"newsbot/content/vi"
)

// Bounds of keyword alerts.
const (
	// MaxAlertRunes is the longest alert text, in runes, after trimming.
	MaxAlertRunes = 100
	// MaxAlertsPerChat is how many alerts one person may keep.
	MaxAlertsPerChat = 20
)

// Errors about alerts. Compare with errors.Is.
var (
	// ErrAlertEmpty means the text has no word to look for.
	ErrAlertEmpty = errors.New("alert has no word")
	// ErrAlertTooLong means the text is longer than MaxAlertRunes.
	ErrAlertTooLong = errors.New("alert is too long")
	// ErrTooManyAlerts means the person already keeps MaxAlertsPerChat alerts.
	ErrTooManyAlerts = errors.New("too many alerts")
	// ErrAlertDuplicate means the person already keeps the same alert.
	ErrAlertDuplicate = errors.New("alert already saved")
)

// Alert is a search a person saved: every new article that matches it is
// pushed to them.
type Alert struct {
	ID uint64 `json:"id"`
	// ChatID is the owner's private chat (a person's chat ID is their user ID).
	ChatID int64 `json:"chat_id"`
	// Text is what the person typed, trimmed; it is what they see.
	Text    string    `json:"text"`
	Created time.Time `json:"created"`
}

// AlertQuery is a parsed alert: what an article must contain to match.
//
// Matching follows /search's analysis (vi.ParseQuery, vi.Tokenize): every
// term of the alert must occur in the article, and every quoted phrase must
// occur with its words in order and adjacent. A word typed with diacritics must
// occur with the same diacritics (in either tone style, i or y alike: both
// are canonicalised); a word typed without any matches with or without
// them. Whole words only: "hoa" does not match "hoàng". Unlike /search, the
// last word is never a prefix: an alert is not being typed.
type AlertQuery struct {
	// terms are the words and document numbers every match holds, each
	// once (as vi.Token.AsTyped spells it); phrases the quoted parts of two
	// or more words.
	terms   []vi.Token
	phrases [][]vi.Token
}

// ParseAlert checks and parses an alert's text. It fails with an error
// wrapping ErrAlertTooLong when text, trimmed, is longer than MaxAlertRunes,
// and ErrAlertEmpty when it has no word.
func ParseAlert(text string) (AlertQuery, error) {
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) > MaxAlertRunes {
		return AlertQuery{}, ErrAlertTooLong
	}
	q := vi.ParseQuery(text, MaxAlertRunes)
	var aq AlertQuery
	type spelling struct {
		key   string
		exact bool
	}
	seen := map[spelling]bool{}
	for _, t := range q.Terms {
		key, exact := t.Token.AsTyped()
		if k := (spelling{key, exact}); !seen[k] {
			seen[k] = true
			aq.terms = append(aq.terms, t.Token)
		}
	}
	aq.phrases = q.Phrases
	if len(aq.terms) == 0 {
		return AlertQuery{}, ErrAlertEmpty
	}
	return aq, nil
}

// Terms returns the words and document numbers an article must hold to
// match q, each once, compared as vi.AccentsAsTyped says (vi.Token.AsTyped).
// The caller must not change the result.
func (q AlertQuery) Terms() []vi.Token { return q.terms }

// Phrases returns the quoted parts of q, of two or more words each, which a
// matching article holds in order and adjacent within its title, lead or a
// paragraph. The caller must not change the result.
func (q AlertQuery) Phrases() [][]vi.Token { return q.phrases }

// Key returns a canonical form of q: two alerts with the same key match the
// same articles ("Nông thôn mới" and "nông  thôn mới", "hòa" and "hoà").
func (q AlertQuery) Key() string {
	var b strings.Builder
	for _, t := range q.terms {
		key, _ := t.AsTyped()
		b.WriteString(key)
		b.WriteByte(' ')
	}
	for _, p := range q.phrases {
		b.WriteByte('"')
		for _, t := range p {
			key, _ := t.AsTyped()
			b.WriteString(key)
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// Matches reports whether a matches q: its title, lead and paragraphs hold
// every term of q, and each phrase of q within one of them
// (vi.Text.Contains with vi.AccentsAsTyped). It is the rule; the store
// matches many alerts at once with an index that gives the same answers.
func (q AlertQuery) Matches(a Article) bool {
	parts := make([]vi.Text, 0, 2+len(a.Body))
	for _, s := range append([]string{a.Title, a.Lead}, a.Body...) {
		parts = append(parts, vi.NewText(s))
	}
	has := func(p vi.Phrase) bool {
		for _, t := range parts {
			if t.Contains(p, vi.AccentsAsTyped) {
				return true
			}
		}
		return false
	}
	for _, t := range q.terms {
		if !has(vi.PhraseOf(t)) {
			return false
		}
	}
	for _, p := range q.phrases {
		if !has(vi.PhraseOf(p...)) {
			return false
		}
	}
	return true
}
