package source

import (
	"strings"
	"unicode"

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
// Words match whole words, in order, after vi.Normalize (case, NFC,
// either tone style: "hỏa tốc" is "hoả tốc"). Matching ignores diacritics
// (vi.Fold) when the rule's phrase has none ("hoi nghi") or the text
// has none at all (a title typed without accents), so that a title with
// accents never matches a different word that folds the same ("khan hiếm"
// is not "khẩn").
func Classify(rules []Rule, title string, sections []string) (cat content.Category, urgent bool) {
	t := newRuleText(title)
	secs := make([]ruleText, 0, len(sections))
	for _, s := range sections {
		secs = append(secs, newRuleText(s))
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

func (r Rule) matches(title ruleText, sections []ruleText) bool {
	if r.In != InSection && title.has(r.Words) {
		return true
	}
	if r.In != InTitle {
		for _, s := range sections {
			if s.has(r.Words) {
				return true
			}
		}
	}
	return false
}

// ruleText is a text cut into normalised and folded words.
type ruleText struct {
	norm, fold []string
	// unaccented is true when the text has no diacritics at all.
	unaccented bool
}

func newRuleText(s string) ruleText {
	n := strings.FieldsFunc(vi.Normalize(s), notWordRune)
	t := ruleText{norm: n, fold: make([]string, len(n)), unaccented: true}
	for i, w := range n {
		t.fold[i] = vi.Fold(w)
		if t.fold[i] != w {
			t.unaccented = false
		}
	}
	return t
}

func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
}

// has reports whether t holds one of phrases as consecutive whole words.
func (t ruleText) has(phrases []string) bool {
	for _, p := range phrases {
		pt := newRuleText(p)
		if len(pt.norm) == 0 {
			continue
		}
		words, want := t.norm, pt.norm
		if t.unaccented || pt.unaccented {
			words, want = t.fold, pt.fold
		}
		if containsWords(words, want) {
			return true
		}
	}
	return false
}

func containsWords(words, want []string) bool {
	for i := 0; i+len(want) <= len(words); i++ {
		ok := true
		for j, w := range want {
			if words[i+j] != w {
				ok = false
				break
			}
		}
		if ok {
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
