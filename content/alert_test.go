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
