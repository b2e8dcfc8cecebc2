package source

import (
	"testing"

	"newsbot/content"
)

// Ensure that the default rules suit a district portal: the categories and
// urgency come from the title's words, with or without accents, in either
// tone style, and never from a different word that folds the same.
func TestDefaultRules(t *testing.T) {
	tests := []struct {
		title    string
		sections []string
		cat      content.Category
		urgent   bool
	}{
		{"Hội nghị tổng kết công tác năm 2020", nil, content.CategoryConference, false},
		{"HỘI NGHỊ BAN CHẤP HÀNH", nil, content.CategoryConference, false},
		{"Hoi nghi tong ket cong tac", nil, content.CategoryConference, false},
		{"Chỉ thị về tăng cường công tác dân vận", nil, content.CategoryDirective, false},
		{"Nghị quyết Đại hội Đảng bộ huyện", nil, content.CategoryDirective, false},
		{"Kế hoạch phòng chống lụt bão", nil, content.CategoryDirective, false},
		{"Công văn hỏa tốc về phòng chống dịch", nil, content.CategoryDirective, true},
		{"Công văn hoả tốc về phòng chống dịch", nil, content.CategoryDirective, true},
		{"Thông báo khẩn: mất điện", nil, content.CategoryAnnouncement, true},
		{"Thông báo lịch tiếp công dân", nil, content.CategoryAnnouncement, false},
		{"Hội nghị triển khai nghị quyết", nil, content.CategoryConference, false},
		{"Tình trạng khan hiếm nước sạch", nil, "", false},
		{"Chi thị trường tăng mạnh", nil, "", false},
		{"Ra quân dọn vệ sinh", []string{"Văn bản - Thông báo"}, content.CategoryAnnouncement, false},
		{"Ra quân dọn vệ sinh", []string{"Tin khẩn"}, "", true},
	}
	for _, tc := range tests {
		cat, urgent := Classify(DefaultRules(), tc.title, tc.sections)
		if cat != tc.cat || urgent != tc.urgent {
			t.Errorf("Classify(%q, %q) = %q, %v; want %q, %v", tc.title, tc.sections, cat, urgent, tc.cat, tc.urgent)
		}
	}
}

// Ensure that rules apply in order, to where they say, with the source's
// category and then content.GuessCategory behind them.
func TestCategoryFor(t *testing.T) {
	rules := []Rule{
		{Words: []string{"dan van"}, Category: content.CategoryDirective, In: InTitle},
		{Words: []string{"Sự kiện"}, Category: content.CategoryConference, In: InSection},
	}
	src := Source{Name: "s"}
	check := func(src Source, title string, sections []string, want content.Category) {
		t.Helper()
		if got, _ := categoryFor(rules, src, title, sections); got != want {
			t.Errorf("categoryFor(%q, %q) = %q, want %q", title, sections, got, want)
		}
	}
	check(src, "Công tác dân vận năm 2021", nil, content.CategoryDirective)
	check(src, "Giải bóng đá", []string{"Tin tức – Sự kiện"}, content.CategoryConference)
	check(src, "Sự kiện nổi bật", nil, content.CategoryNews)                                         // title: a section rule does not look there
	check(src, "Thông báo tuyển dụng", nil, content.CategoryAnnouncement)                            // GuessCategory
	check(Source{Category: content.CategoryNews}, "Thông báo tuyển dụng", nil, content.CategoryNews) // the source's own
	check(Source{Section: "Sự kiện"}, "Giải bóng đá", nil, content.CategoryConference)               // the source's section
}
