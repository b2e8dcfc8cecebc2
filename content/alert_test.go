package content

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// alertArticle is written partly in the old tone style (Hòa, thủy) and with
// y for i (kỳ), as some writers do.
var alertArticle = Article{
	Title: "Xã Hoằng Tiến về đích nông thôn mới",
	Lead:  "Ban chỉ đạo huyện kiểm tra tại Hòa Bình.",
	Body: []string{
		"Kỳ họp thứ năm bàn công trình thủy lợi theo Nghị quyết 12-NQ/TU.",
		"Cựu chiến binh tham gia.",
	},
}

// Ensure that alerts match articles with /search's analysis: accents
// optional when the alert has none, both tone styles, i/y alike, phrases in
// order and adjacent, whole words only.
func TestAlertMatches(t *testing.T) {
	a := alertArticle
	for _, tc := range []struct {
		alert string
		want  bool
	}{
		{"nông thôn mới", true},
		{"nong thon moi", true},
		{"NÔNG THÔN MỚI", true},
		{`"nông thôn mới"`, true},
		{`"nong thon moi"`, true},
		{`"mới nông thôn"`, false},
		{`"nông mới"`, false},
		{"hoằng tiến", true},
		{"hoang tien", true},
		{"hoàng tiến", false},
		{"hoa", true}, // Hòa Bình
		{"hoan", false},
		{"tie", false},
		{"hoang", true},
		{"hoà bình", true},
		{"hòa bình", true},
		{"hoa binh", true},
		{"thuỷ lợi", true},
		{"kì họp", true},
		{"ki hop", true},
		{"12-NQ/TU", true},
		{"nghị quyết 12-nq/tu", true},
		{"13-NQ/TU", false},
		{"tiến lợi", true},
		{"tiến xe", false},
		{`"cựu chiến binh"`, true},
		{`"mới ban"`, false},
		{`"binh tham"`, true},
		{"binh", true},
		{"bình", true},
		{"bính", false},
	} {
		t.Run(fmt.Sprintf("alert %s matches: %v", tc.alert, tc.want), func(t *testing.T) {
			q, err := ParseAlert(tc.alert)
			if err != nil {
				t.Fatal(err)
			}
			if got := q.Matches(a); got != tc.want {
				t.Fatalf("Matches=%v, want %v", got, tc.want)
			}
		})
	}
}

// Ensure that a word that is only a prefix of the article's words does not
// match: "hoa" is not "hoằng".
func TestAlertWholeWords(t *testing.T) {
	a := Article{Title: "Xã Hoằng Tiến", Body: []string{"Tiến độ nhanh"}}
	for _, alert := range []string{"hoa", "hoang tie", "hoằn", `"tiến đ"`, "xa hoang tien x"} {
		q, err := ParseAlert(alert)
		if err != nil {
			t.Fatal(err)
		}
		if q.Matches(a) {
			t.Errorf("alert %q matched %q", alert, "Xã Hoằng Tiến")
		}
	}
}

// Ensure that empty and overlong alerts are refused with their errors.
func TestParseAlertRefuses(t *testing.T) {
	for _, tc := range []struct {
		text string
		want error
	}{
		{"", ErrAlertEmpty},
		{`  "" !!! `, ErrAlertEmpty},
		{strings.Repeat("a", MaxAlertRunes+1), ErrAlertTooLong},
		{strings.Repeat("ố", MaxAlertRunes+1), ErrAlertTooLong},
	} {
		if _, err := ParseAlert(tc.text); !errors.Is(err, tc.want) {
			t.Errorf("ParseAlert(%q)=%v, want %v", tc.text, err, tc.want)
		}
	}
	if _, err := ParseAlert(strings.Repeat("ố", MaxAlertRunes)); err != nil {
		t.Errorf("an alert of exactly %d runes: %v", MaxAlertRunes, err)
	}
}

// Ensure that spellings of the same alert share one key and different
// alerts do not.
func TestAlertKey(t *testing.T) {
	key := func(s string) string {
		q, err := ParseAlert(s)
		if err != nil {
			t.Fatal(err)
		}
		return q.Key()
	}
	if key("Hòa  Bình") != key("hoà bình") {
		t.Error("tone styles and spacing give different keys")
	}
	if key("hoa binh") == key("hoà bình") || key(`"hoa binh"`) == key("hoa binh") {
		t.Error("different alerts share a key")
	}
}

// Ensure that the index finds exactly the chats whose alerts match, once
// each with their oldest matching alert, and forgets removed alerts.
func TestAlertIndexMatch(t *testing.T) {
	x := NewAlertIndex()
	for _, a := range []Alert{
		{ID: 1, ChatID: 10, Text: "hoan"},
		{ID: 2, ChatID: 10, Text: "nông thôn mới"},
		{ID: 3, ChatID: 10, Text: "hoang tien"},
		{ID: 4, ChatID: 20, Text: `"thủy lợi" kỳ`},
		{ID: 5, ChatID: 30, Text: "xe máy"},
		{ID: 6, ChatID: 40, Text: "12-NQ/TU"},
		{ID: 7, ChatID: 50, Text: "và"},
	} {
		if err := x.Add(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Add(Alert{ID: 8, ChatID: 60, Text: "  "}); !errors.Is(err, ErrAlertEmpty) {
		t.Fatalf("Add of an empty alert: %v", err)
	}
	got := fmt.Sprint(x.Match(alertArticle))
	if want := "[{10 2 nông thôn mới} {20 4 \"thủy lợi\" kỳ} {40 6 12-NQ/TU}]"; got != want {
		t.Fatalf("matches=%s, want %s", got, want)
	}
	if !x.Remove(2) || x.Remove(2) || !x.Remove(6) {
		t.Fatal("Remove reported wrongly")
	}
	got = fmt.Sprint(x.Match(alertArticle))
	if want := "[{10 3 hoang tien} {20 4 \"thủy lợi\" kỳ}]"; got != want {
		t.Fatalf("matches after removals=%s, want %s", got, want)
	}
	if got, want := x.Len(), 5; got != want {
		t.Fatalf("Len=%d, want %d", got, want)
	}
}
