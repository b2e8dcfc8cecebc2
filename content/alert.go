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

// AlertMatch says that an article matched an alert of a chat.
type AlertMatch struct {
	ChatID  int64
	AlertID uint64
	// Text is the alert's text, to tell the person why they got the article.
	Text string
}

// AlertQuery is a parsed alert: what an article must contain to match.
//
// Matching follows /search's analysis (vi.ParseQuery, vi.Tokenize): every term of
// the alert must occur in the article, and every quoted phrase must occur
// with its words in order and adjacent. A word typed with diacritics must
// occur with the same diacritics (in either tone style, i or y alike: both
// are canonicalised); a word typed without any matches with or without
// them. Whole words only: "hoa" does not match "hoàng". Unlike /search, the
// last word is never a prefix: an alert is not being typed.
type AlertQuery struct {
	// terms are the words and document numbers every match holds, one
	// token per alertTerm; phrases the quoted parts of two or more words.
	terms   []vi.Token
	phrases [][]vi.Token
}

// alertTerm is one word an article must contain: its canonical Term when
// exact (typed with diacritics), else its Folded form.
type alertTerm struct {
	key   string
	exact bool
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
	seen := map[alertTerm]bool{}
	for _, t := range q.Terms {
		if k := termOf(t.Token); !seen[k] {
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

// termOf returns what an article must hold to match the alert word t:
// its canonical Term when typed with diacritics, else its Folded form (see
// vi.AccentsAsTyped).
func termOf(t vi.Token) alertTerm {
	if t.Term != t.Folded {
		return alertTerm{key: t.Term, exact: true}
	}
	return alertTerm{key: t.Folded}
}

// Key returns a canonical form of q: two alerts with the same key match the
// same articles ("Nông thôn mới" and "nông  thôn mới", "hòa" and "hoà").
func (q AlertQuery) Key() string {
	var b strings.Builder
	for _, t := range q.terms {
		b.WriteString(termOf(t).key)
		b.WriteByte(' ')
	}
	for _, p := range q.phrases {
		b.WriteByte('"')
		for _, t := range p {
			b.WriteString(termOf(t).key)
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

// ArticleTerms is an article analysed once for matching many alerts: the
// positions of each of its terms, by canonical and by folded spelling.
type ArticleTerms struct {
	exact  map[string][]int32
	folded map[string][]int32
}

// alertPartGap separates the title, the lead and each paragraph, so that a
// phrase does not match across two of them.
const alertPartGap = 2

// AnalyzeArticle tokenizes a's title, lead and body once, as the search
// index does, for AlertQuery.Matches and AlertIndex.Match.
func AnalyzeArticle(a Article) *ArticleTerms {
	at := &ArticleTerms{exact: map[string][]int32{}, folded: map[string][]int32{}}
	pos := 0
	add := func(s string) {
		toks := vi.Tokenize(s)
		for _, t := range toks {
			p := int32(pos + t.Pos)
			at.exact[t.Term] = appendPos(at.exact[t.Term], p)
			at.folded[t.Folded] = appendPos(at.folded[t.Folded], p)
		}
		if n := len(toks); n > 0 {
			pos += toks[n-1].Pos + 1 + alertPartGap
		}
	}
	add(a.Title)
	add(a.Lead)
	for _, p := range a.Body {
		add(p)
	}
	return at
}

// appendPos appends p unless it is already last (a compound token shares
// its first syllable's position).
func appendPos(ps []int32, p int32) []int32 {
	if n := len(ps); n > 0 && ps[n-1] == p {
		return ps
	}
	return append(ps, p)
}
