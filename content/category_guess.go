package content

import "newsbot/content/vi"

// GuessCategory guesses an article's category from its title. Phrases
// match whole words, in order, whatever the case, Unicode form or tone style
// (vi.Text.Contains with vi.AccentsUnlessPlainWords):
//
//   - "hội nghị" gives CategoryConference;
//   - "chỉ thị", "nghị quyết", "công văn", "kế hoạch", "quyết định" or
//     "hướng dẫn" gives CategoryDirective;
//   - "thông báo" gives CategoryAnnouncement;
//   - anything else gives CategoryNews.
//
// The first rule that matches wins, so "Hội nghị triển khai nghị quyết" is a
// conference. Words typed without diacritics ("Hoi nghi tong ket") match the
// phrase stripped of its own; words that carry diacritics must carry the
// right ones, so "Chi thị trường" holds no "chỉ thị".
func GuessCategory(title string) Category {
	text := vi.NewText(title)
	for _, r := range categoryPhrases {
		for _, p := range r.phrases {
			if text.Contains(vi.NewPhrase(p), vi.AccentsUnlessPlainWords) {
				return r.cat
			}
		}
	}
	return CategoryNews
}

// categoryPhrases is GuessCategory's table, in the order the rules apply.
// It is never written.
var categoryPhrases = []struct {
	cat     Category
	phrases []string
}{
	{CategoryConference, []string{"hội nghị"}},
	{CategoryDirective, []string{"chỉ thị", "nghị quyết", "công văn", "kế hoạch", "quyết định", "hướng dẫn"}},
	{CategoryAnnouncement, []string{"thông báo"}},
}
