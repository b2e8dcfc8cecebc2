package content

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"newsbot/content/vi"
)

func TestGuessCategory(t *testing.T) {
	tests := []struct {
		name  string
		title string
		want  Category
	}{
		{name: "a conference title is a conference", title: "Hội nghị tổng kết công tác xây dựng nông thôn mới năm 2020", want: CategoryConference},
		{name: "hội nghị anywhere in the title counts", title: "Huyện tổ chức hội nghị sơ kết quý I", want: CategoryConference},
		{name: "a directive (chỉ thị) is a directive", title: "Triển khai Chỉ thị số 05-CT/TW của Bộ Chính trị", want: CategoryDirective},
		{name: "a resolution (nghị quyết) is a directive", title: "Huyện ủy quán triệt Nghị quyết Đại hội XIII của Đảng", want: CategoryDirective},
		{name: "an official letter (công văn) is a directive", title: "Công văn về việc tăng cường phòng, chống dịch Covid-19", want: CategoryDirective},
		{name: "a plan (kế hoạch) is a directive", title: "Kế hoạch tổ chức Tết trồng cây năm 2021", want: CategoryDirective},
		{name: "a decision (quyết định) is a directive", title: "Quyết định công nhận xã đạt chuẩn nông thôn mới", want: CategoryDirective},
		{name: "a guide (hướng dẫn) is a directive", title: "Hướng dẫn tổ chức đại hội chi bộ nhiệm kỳ 2020 - 2022", want: CategoryDirective},
		{name: "an announcement (thông báo) is an announcement", title: "Thông báo lịch tiếp công dân tháng 4/2021", want: CategoryAnnouncement},
		{name: "any other title is news", title: "Xã Tân Lập phát động Tết trồng cây Xuân Tân Sửu 2021", want: CategoryNews},
		{name: "an empty title is news", title: "", want: CategoryNews},
		{name: "upper case does not matter", title: "THÔNG BÁO KẾT QUẢ XÉT TUYỂN VIÊN CHỨC NĂM 2021", want: CategoryAnnouncement},
		{name: "decomposed (NFD) text does not matter", title: norm.NFD.String("Hội nghị cán bộ chủ chốt"), want: CategoryConference},
		{name: "a title typed without diacritics still matches", title: "Hoi nghi tong ket nam 2020", want: CategoryConference},
		{name: "unaccented words match inside an accented title", title: "Trien khai ke hoach tiêm vắc xin", want: CategoryDirective},
		{name: "the first rule wins when several match", title: "Hội nghị triển khai Nghị quyết của Huyện ủy", want: CategoryConference},
		{name: "a directive beats an announcement", title: "Thông báo kết luận và kế hoạch thực hiện", want: CategoryDirective},
		{name: "wrong diacritics do not match", title: "Chi thị trường nông sản tăng mạnh", want: CategoryNews},
		{name: "phrases match whole words only", title: "Thông báoxyz", want: CategoryNews},
		{name: "punctuation between the words does not hide a phrase", title: "“Hội-nghị” diên hồng của nông dân", want: CategoryConference},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := GuessCategory(tt.title); got != tt.want {
				t.Errorf("GuessCategory(%q) = %q, want %q", tt.title, got, tt.want)
			}
		})
	}
}

// Ensure that urgent titles are recognised in either tone style.
func TestArticleUrgent(t *testing.T) {
	for title, want := range map[string]bool{
		"Công văn hỏa tốc về phòng chống bão số 3": true,
		"HOẢ TỐC: triệu tập hội nghị":              true,
		"Thông báo khẩn":                           true,
		"Hội nghị tổng kết năm 2020":               false,
		"Khán giả cổ vũ đội tuyển":                 false,
		"Hoa toc, khan":                            false,
		"Thượng khẩn!":                             true,
	} {
		a := Article{Title: title}
		if got := a.Urgent(); got != want {
			t.Errorf("Urgent(%q)=%v, want %v", title, got, want)
		}
	}
}

// Ensure that GuessCategory's phrases are spelt canonically (vi.Tokenize
// leaves them as they are) and are plain words, so that comparing titles in
// either tone style, i or y alike, gives what comparing them as written
// gave.
func TestGuessCategoryPhrasesAreCanonical(t *testing.T) {
	for _, r := range categoryPhrases {
		for _, p := range r.phrases {
			var terms []string
			for _, tok := range vi.Tokenize(p) {
				terms = append(terms, tok.Term)
			}
			if got := strings.Join(terms, " "); got != p {
				t.Errorf("vi.Tokenize(%q) spells it %q", p, got)
			}
		}
	}
}
