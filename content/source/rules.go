package source

import (
	"newsbot/content"
	"newsbot/content/vi"
)

// RuleField says where a rule looks for its words.
type RuleField string

// Where rules look.
const (
	InTitle   RuleField = "title"
	InSection RuleField = "section"
	InAny     RuleField = "any"
)

// Rule gives a category, urgency or both to articles whose title or section
// holds one of Words.
type Rule struct {
	Words    []string
	Category content.Category
	// Urgent makes the push ring even in quiet hours.
	Urgent bool
	In     RuleField
}

// DefaultRules are the rules of a district portal, used when the sources
// file has none:
//
//   - "hỏa tốc", "khẩn" (in either tone style) make the push urgent;
//   - "hội nghị" gives hoi-nghi;
//   - "chỉ thị", "nghị quyết", "kế hoạch", "công văn", "quyết định",
//     "hướng dẫn" give chi-dao;
//   - "thông báo" gives thong-bao.
func DefaultRules() []Rule {
	return []Rule{
		{Words: []string{"hỏa tốc", "khẩn"}, Urgent: true, In: InAny},
		{Words: []string{"hội nghị"}, Category: content.CategoryConference, In: InAny},
		{Words: []string{"chỉ thị", "nghị quyết", "kế hoạch", "công văn", "quyết định", "hướng dẫn"},
			Category: content.CategoryDirective, In: InAny},
		{Words: []string{"thông báo"}, Category: content.CategoryAnnouncement, In: InAny},
	}
}

// Classify applies rules to an article's title and sections. The category
// is that of the first rule with a category that matches ("" when none
// does); urgent is true when any urgent rule matches.
//
// Words match whole words, in order, whatever the case, Unicode form, tone
// style ("hỏa tốc" is "hoả tốc") or i/y spelling (vi.Text.Contains with
// vi.AccentsUnlessPlain). Matching ignores diacritics (vi.Fold) when the
// rule's phrase has none ("hoi nghi") or the text has none at all (a title
// typed without accents), so that a title with accents never matches a
// different word that folds the same ("khan hiếm" is not "khẩn").
func Classify(rules []Rule, title string, sections []string) (cat content.Category, urgent bool) {
	t := vi.NewText(title)
	secs := make([]vi.Text, 0, len(sections))
	for _, s := range sections {
		secs = append(secs, vi.NewText(s))
	}
	for _, r := range rules {
		if (cat != "" || r.Category == "") && (urgent || !r.Urgent) {
			continue // this rule can add nothing
		}
		if !r.matches(t, secs) {
			continue
		}
		if cat == "" && r.Category != "" {
			cat = r.Category
		}
		urgent = urgent || r.Urgent
	}
	return cat, urgent
}

func (r Rule) matches(title vi.Text, sections []vi.Text) bool {
	if r.In != InSection && hasAny(title, r.Words) {
		return true
	}
	if r.In != InTitle {
		for _, s := range sections {
			if hasAny(s, r.Words) {
				return true
			}
		}
	}
	return false
}

// hasAny reports whether t holds one of phrases as consecutive whole words,
// as Classify compares them.
func hasAny(t vi.Text, phrases []string) bool {
	for _, p := range phrases {
		if t.Contains(vi.NewPhrase(p), vi.AccentsUnlessPlain) {
			return true
		}
	}
	return false
}

// categoryFor returns the category of an article from src: the rules', or
// the source's default, or content.GuessCategory's, in that order, and
// whether a rule made it urgent.
func categoryFor(rules []Rule, src Source, title string, sections []string) (content.Category, bool) {
	if src.Section != "" {
		sections = append([]string{src.Section}, sections...)
	}
	cat, urgent := Classify(rules, title, sections)
	switch {
	case cat != "":
	case src.Category != "":
		cat = src.Category
	default:
		cat = content.GuessCategory(title)
	}
	return cat, urgent
}
