package vi

import (
	"fmt"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// phraseCase is one row of phraseCases: whether text holds phrase under each
// way of comparing accents.
type phraseCase struct {
	name, text, phrase string
	// ignore, asTyped, unlessPlain, unlessPlainWords are the expected
	// results of Contains with IgnoreAccents (snippets), AccentsAsTyped
	// (alerts), AccentsUnlessPlain (source rules) and
	// AccentsUnlessPlainWords (category guessing).
	ignore, asTyped, unlessPlain, unlessPlainWords bool
}

// phraseCases pins what each caller's phrase matching does: the snippet
// marker, keyword alerts, source rules and category guessing each matched
// phrases with a copy of their own before they shared Text.Contains, and
// these rows are what those copies gave. Where the copies differed, the
// difference is kept as an Accents value; the rows marked "new" are the
// few where a copy gave another answer (see each row).
var phraseCases = []phraseCase{
	{name: "the same words with the same accents match",
		text: "Hội nghị tổng kết", phrase: "hội nghị",
		ignore: true, asTyped: true, unlessPlain: true, unlessPlainWords: true},
	{name: "a text typed without accents matches an accented phrase, except for alerts",
		text: "Hoi nghi tong ket", phrase: "hội nghị",
		ignore: true, asTyped: false, unlessPlain: true, unlessPlainWords: true},
	{name: "plain words inside an accented text match only when category guessing",
		text: "Trien khai ke hoach tiêm vắc xin", phrase: "kế hoạch",
		ignore: true, asTyped: false, unlessPlain: false, unlessPlainWords: true},
	{name: "a plain word that folds like an accented one is not it, except when category guessing",
		text: "Tình trạng khan hiếm nước sạch", phrase: "khẩn",
		ignore: true, asTyped: false, unlessPlain: false, unlessPlainWords: true},
	{name: "a plain phrase matches accented text, except when category guessing",
		text: "Hội nghị tổng kết", phrase: "hoi nghi",
		ignore: true, asTyped: true, unlessPlain: true, unlessPlainWords: false},
	{name: "a phrase with some words plain: alerts fold those words only",
		text: "Hội nghị tổng kết", phrase: "hội nghi",
		ignore: true, asTyped: true, unlessPlain: false, unlessPlainWords: false},
	{name: "wrong diacritics do not match",
		text: "Chi thị trường tăng mạnh", phrase: "chỉ thị",
		ignore: true, asTyped: false, unlessPlain: false, unlessPlainWords: false},
	{name: "either tone style matches (category guessing: new, its phrases have no oa, oe or uy)",
		text: "Trung tâm Văn hóa huyện", phrase: "văn hoá",
		ignore: true, asTyped: true, unlessPlain: true, unlessPlainWords: true},
	{name: "the other tone style matches the other way too",
		text: "Công văn hoả tốc", phrase: "hỏa tốc",
		ignore: true, asTyped: true, unlessPlain: true, unlessPlainWords: true},
	{name: "i and y alike (source rules and category guessing: new)",
		text: "Kì họp thứ năm", phrase: "kỳ họp",
		ignore: true, asTyped: true, unlessPlain: true, unlessPlainWords: true},
	{name: "whole words only",
		text: "Xã Hoằng Hóa", phrase: "hoa",
		ignore: true, asTyped: true, unlessPlain: true, unlessPlainWords: false},
	{name: "a word is not a prefix",
		text: "Xã Hoằng Tiến", phrase: "hoa",
		ignore: false, asTyped: false, unlessPlain: false, unlessPlainWords: false},
	{name: "letters glued to a phrase hide it",
		text: "Thông báoxyz", phrase: "thông báo",
		ignore: false, asTyped: false, unlessPlain: false, unlessPlainWords: false},
	{name: "punctuation between the words does not hide a phrase",
		text: "“Hội-nghị” diên hồng", phrase: "hội nghị",
		ignore: true, asTyped: true, unlessPlain: true, unlessPlainWords: true},
	{name: "a full stop between the words does not hide a phrase",
		text: "Hội. Nghị", phrase: "hội nghị",
		ignore: true, asTyped: true, unlessPlain: true, unlessPlainWords: true},
	{name: "words out of order do not match",
		text: "nghị hội", phrase: "hội nghị",
		ignore: false, asTyped: false, unlessPlain: false, unlessPlainWords: false},
	{name: "words apart do not match",
		text: "hội và nghị", phrase: "hội nghị",
		ignore: false, asTyped: false, unlessPlain: false, unlessPlainWords: false},
	{name: "upper case does not matter",
		text: "THÔNG BÁO KẾT QUẢ", phrase: "Thông Báo",
		ignore: true, asTyped: true, unlessPlain: true, unlessPlainWords: true},
	{name: "decomposed (NFD) text does not matter",
		text: norm.NFD.String("Hội nghị cán bộ"), phrase: "hội nghị",
		ignore: true, asTyped: true, unlessPlain: true, unlessPlainWords: true},
	{name: "a document number matches its parts",
		text: "Nghị quyết 12-NQ/TU của Huyện ủy", phrase: "12-nq/tu",
		ignore: true, asTyped: true, unlessPlain: true, unlessPlainWords: true},
	{name: "another document number does not match",
		text: "Nghị quyết 12-NQ/TU của Huyện ủy", phrase: "13-nq/tu",
		ignore: false, asTyped: false, unlessPlain: false, unlessPlainWords: false},
	{name: "an empty phrase matches nothing (category guessing: new, never asked)",
		text: "Hội nghị", phrase: " !! ",
		ignore: false, asTyped: false, unlessPlain: false, unlessPlainWords: false},
	{name: "an invisible character joins words (category guessing: new, it split there)",
		text: "Hội\u200bnghị", phrase: "hội nghị",
		ignore: false, asTyped: false, unlessPlain: false, unlessPlainWords: false},
}

// Ensure that Text.Contains gives each row of phraseCases under each way of
// comparing accents.
func TestTextContains(t *testing.T) {
	for _, tc := range phraseCases {
		text, phrase := NewText(tc.text), NewPhrase(tc.phrase)
		for _, m := range []struct {
			name string
			a    Accents
			want bool
		}{
			{"ignoring accents", IgnoreAccents, tc.ignore},
			{"accents as typed", AccentsAsTyped, tc.asTyped},
			{"accents unless plain", AccentsUnlessPlain, tc.unlessPlain},
			{"accents unless plain words", AccentsUnlessPlainWords, tc.unlessPlainWords},
		} {
			t.Run(fmt.Sprintf("%s, %s", tc.name, m.name), func(t *testing.T) {
				if got := text.Contains(phrase, m.a); got != m.want {
					t.Fatalf("NewText(%q).Contains(NewPhrase(%q), %s) = %v, want %v", tc.text, tc.phrase, m.name, got, m.want)
				}
			})
		}
	}
}

// Ensure that a prefix phrase's last word matches the beginning of a word,
// accents ignored, and its other words whole.
func TestTextContainsPrefix(t *testing.T) {
	text := NewText("Huyện ủy tổ chức hội nghị triển khai")
	for _, tc := range []struct {
		phrase string
		want   bool
	}{
		{"hội ng", true},
		{"hoi ngh", true},
		{"nghị tri", true},
		{"hộ nghị", false},
		{"hội x", false},
		{"tr", true},
	} {
		if got := text.Contains(NewPhrase(tc.phrase).AsPrefix(), IgnoreAccents); got != tc.want {
			t.Errorf("Contains(%q as a prefix) = %v, want %v", tc.phrase, got, tc.want)
		}
	}
}

// Ensure that a lone document number is looked for whole, and that a
// phrase made of query tokens leaves compound tokens out.
func TestPhraseOfCompound(t *testing.T) {
	text := NewText("Theo 12-NQ/TU và 5-CT")
	q := ParseQuery("12-nq/tu", 0)
	if !text.Contains(PhraseOf(q.Terms[0].Token), AccentsAsTyped) {
		t.Error("the compound token 12-nq/tu is not found")
	}
	if text.Contains(PhraseOf(ParseQuery("13-nq/tu", 0).Terms[0].Token), AccentsAsTyped) {
		t.Error("the compound token 13-nq/tu is found")
	}
	if !text.Contains(PhraseOf(q.Tokens()...), AccentsAsTyped) {
		t.Error("the phrase of 12-nq/tu's tokens is not found")
	}
}

// Ensure that, whatever the text, it holds the phrase of its own syllables
// under every way of comparing accents, and its first syllable alone, also
// as a prefix; and that matching never panics.
func FuzzTextContains(f *testing.F) {
	for _, tc := range phraseCases {
		f.Add(tc.text, tc.phrase)
	}
	f.Fuzz(func(t *testing.T, s, phrase string) {
		text := NewText(s)
		for _, a := range []Accents{IgnoreAccents, AccentsAsTyped, AccentsUnlessPlain, AccentsUnlessPlainWords} {
			text.Contains(NewPhrase(phrase), a)
			text.Contains(NewPhrase(phrase).AsPrefix(), a)
			own := NewPhrase(s)
			if len(own.words) == 0 {
				if text.Contains(own, a) {
					t.Fatalf("%q holds its empty phrase", s)
				}
				continue
			}
			if !text.Contains(own, a) || !text.Contains(PhraseOf(own.words[0]).AsPrefix(), a) {
				t.Fatalf("%q does not hold its own words (accents %d)", s, a)
			}
		}
	})
}
