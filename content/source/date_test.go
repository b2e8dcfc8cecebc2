package source

import (
	"testing"
	"time"

	"newsbot/content"
)

// Ensure that the date forms Vietnamese portals print are read in Vietnam
// time, and impossible dates are refused.
func TestParseDate(t *testing.T) {
	vn := content.VietnamZone()
	at := func(y, mo, d, h, mi, s int) time.Time { return time.Date(y, time.Month(mo), d, h, mi, s, 0, vn) }
	tests := []struct {
		in   string
		want time.Time
	}{
		{"Thứ năm, 31/12/2020 14:54", at(2020, 12, 31, 14, 54, 0)},
		{"THỨ NĂM, 31/12/2020 14:54", at(2020, 12, 31, 14, 54, 0)},
		{"31/12/2020 - 14:54", at(2020, 12, 31, 14, 54, 0)},
		{"14:54 31/12/2020 (GMT+7)", at(2020, 12, 31, 14, 54, 0)},
		{"31/12/2020 14:54 (GMT+07:00)", at(2020, 12, 31, 14, 54, 0)},
		{"Đăng lúc: 08:05:09 12/03/2021", at(2021, 3, 12, 8, 5, 9)},
		{"Đăng lúc: 08:05:09 12/03/2021 (GMT+7)", at(2021, 3, 12, 8, 5, 9)},
		{"Cập nhật: 8:05 1/3/2021", at(2021, 3, 1, 8, 5, 0)},
		{"31-12-2020 14h54", at(2020, 12, 31, 14, 54, 0)},
		{"31.12.2020", at(2020, 12, 31, 0, 0, 0)},
		{"ngày 31 tháng 12 năm 2020", at(2020, 12, 31, 0, 0, 0)},
		{"Ngày 5 tháng 3 năm 2021, 9 giờ 30", at(2021, 3, 5, 9, 30, 0)},
		{"2:54 CH 31/12/2020", at(2020, 12, 31, 14, 54, 0)},
		{"12:10 SA 31/12/2020", at(2020, 12, 31, 0, 10, 0)},
		{"2020-12-31T14:54:00+07:00", at(2020, 12, 31, 14, 54, 0)},
		{"2020-12-31T07:54:00Z", at(2020, 12, 31, 14, 54, 0)},
		{"2020-12-31 14:54:00", at(2020, 12, 31, 14, 54, 0)},
		{"2020-12-31", at(2020, 12, 31, 0, 0, 0)},
		{"Thu, 31 Dec 2020 14:54:00 +0700", at(2020, 12, 31, 14, 54, 0)},
		{"Thu, 31 Dec 2020 07:54:00 GMT", at(2020, 12, 31, 14, 54, 0)},
		{"31/12/2020 07:54 (GMT+0)", at(2020, 12, 31, 14, 54, 0)},
		// NFD input (accents decomposed) reads the same.
		{"Th\u01b0\u0301 n\u0103m, 31/12/2020 14:54", at(2020, 12, 31, 14, 54, 0)},
	}
	for _, tc := range tests {
		got, ok := ParseDate(tc.in)
		if !ok || !got.Equal(tc.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tc.in, got, ok, tc.want)
			continue
		}
		if got.Location().String() != vn.String() {
			t.Errorf("ParseDate(%q) is in %v, want Vietnam time", tc.in, got.Location())
		}
	}
	for _, bad := range []string{"", "hôm nay", "31/02/2021", "32/12/2020", "31/12/2020 25:00", "12/13/2021",
		"Thứ năm", "1/1/1900", "2020-13-01"} {
		if got, ok := ParseDate(bad); ok {
			t.Errorf("ParseDate(%q) = %v, want no date", bad, got)
		}
	}
}

// Ensure that a time of day out of range is refused, not rolled over.
func TestParseDateBadClock(t *testing.T) {
	if got, ok := ParseDate("31/12/2020 23:61"); ok {
		t.Fatalf("23:61 read as %v", got)
	}
}

// Ensure that the "Đăng lúc" mention is found in a page's text.
func TestFindDatedLine(t *testing.T) {
	got, ok := findDatedLine("Trang chủ › Tin tức\nĐăng lúc: 08:05:09 12/03/2021 (GMT+7)\nNội dung ngày 1/1/2020")
	want := time.Date(2021, 3, 12, 8, 5, 9, 0, content.VietnamZone())
	if !ok || !got.Equal(want) {
		t.Fatalf("got %v, %v; want %v", got, ok, want)
	}
	if _, ok := findDatedLine("Ngày 1/1/2020 nhân dân ra quân"); ok {
		t.Fatal("an event's date in the text was taken as the publication time")
	}
}
