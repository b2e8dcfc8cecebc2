package source

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"newsbot/content"
)

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Ensure that an RSS 2.0 feed gives its items with canonical links,
// Vietnamese dates, paragraphs from content:encoded, images and sections.
func TestParseFeedRSS(t *testing.T) {
	items, err := ParseFeed(fixture(t, "rss.xml"), "application/rss+xml", KindRSS, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 3 {
		t.Fatalf("%d items", len(items))
	}
	vn := content.VietnamZone()
	first := items[0]
	want := Item{
		GUID:      "tin-1001",
		Link:      "https://huyen.example.vn/tin-tuc/hoi-nghi-tong-ket.html",
		Title:     "Hội nghị tổng kết công tác xây dựng nông thôn mới năm 2020",
		Published: time.Date(2020, 12, 31, 14, 54, 0, 0, vn),
		Paragraphs: []string{"Sáng 31/12, UBND huyện tổ chức hội nghị tổng kết.", "Đến dự có lãnh đạo các xã, thị trấn.",
			"Minh Anh – Trung tâm Văn hóa, Thông tin và Thể thao"},
		Image:    "https://huyen.example.vn/anh/hoi-nghi.jpg", // the first <img> of the content
		Sections: []string{"Tin tức – Sự kiện"},
	}
	if !first.Published.Equal(want.Published) {
		t.Errorf("published %v, want %v", first.Published, want.Published)
	}
	first.Published = want.Published
	if !reflect.DeepEqual(first, want) {
		t.Errorf("first item:\n%#v\nwant\n%#v", first, want)
	}
	if items[1].Link != "https://huyen.example.vn/thong-bao/lich-tiep-cong-dan.html" ||
		!items[1].Published.Equal(time.Date(2020, 12, 30, 9, 0, 0, 0, vn)) ||
		!reflect.DeepEqual(items[1].Paragraphs, []string{"Thường trực HĐND huyện thông báo lịch tiếp công dân."}) {
		t.Errorf("second item: %#v", items[1])
	}
	if items[2].Link != "https://huyen.example.vn/van-ban/cong-van-hoa-toc.html?id=7" ||
		items[2].Image != "https://huyen.example.vn/anh/cong-van.png" ||
		!items[2].Published.Equal(time.Date(2020, 12, 29, 8, 15, 0, 0, vn)) {
		t.Errorf("third item: %#v", items[2])
	}
}

// Ensure that Atom entries resolve relative links against the feed's link
// and take author and dates.
func TestParseFeedAtom(t *testing.T) {
	items, err := ParseFeed(fixture(t, "atom.xml"), "application/atom+xml", KindFeed, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 {
		t.Fatalf("%d items", len(items))
	}
	a := items[0]
	if a.GUID != "urn:uuid:vb-2001" || a.Link != "https://huyen.example.vn/van-ban/ke-hoach-trien-khai.html" ||
		a.Author != "Văn phòng Huyện ủy" || len(a.Paragraphs) != 2 ||
		!a.Published.Equal(time.Date(2021, 3, 12, 8, 5, 9, 0, content.VietnamZone())) {
		t.Errorf("first entry: %#v", a)
	}
	if b := items[1]; !b.Published.Equal(time.Date(2021, 3, 11, 8, 0, 0, 0, content.VietnamZone())) {
		t.Errorf("second entry's date (updated only): %v", b.Published)
	}
}

// Ensure that a JSON Feed gives its items, HTML or text content alike.
func TestParseFeedJSON(t *testing.T) {
	items, err := ParseFeed(fixture(t, "feed.json"), "application/feed+json", KindJSONFeed, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].GUID != "json-1" || items[0].Author != "Ban Dân vận" ||
		items[0].Image != "https://huyen.example.vn/anh/dan-van.jpg" || len(items[0].Paragraphs) != 2 ||
		!reflect.DeepEqual(items[1].Paragraphs, []string{"Giải đấu khai mạc tại sân vận động huyện."}) {
		t.Fatalf("items: %#v", items)
	}
	bom := append([]byte("\xEF\xBB\xBF\n"), fixture(t, "feed.json")...)
	if items, err := ParseFeed(bom, "application/json", KindJSONFeed, nil); err != nil || len(items) != 2 {
		t.Fatalf("with a byte order mark: %d items, %v", len(items), err)
	}
}

// Ensure that a source of one kind refuses a feed of another, and that
// garbage is an error, not a panic.
func TestParseFeedKindMismatch(t *testing.T) {
	if _, err := ParseFeed(fixture(t, "atom.xml"), "", KindRSS, nil); err == nil || !strings.Contains(err.Error(), "serves atom") {
		t.Fatalf("err = %v", err)
	}
	if _, err := ParseFeed([]byte("<html><body>not a feed</body></html>"), "text/html", KindFeed, nil); err == nil {
		t.Fatal("an HTML page parsed as a feed")
	}
}

// Ensure that a listing page gives its article links, by selector or, when
// there is none or it finds nothing, by the heuristic, in page order and
// without duplicates, tracking parameters or menu links.
func TestParseListing(t *testing.T) {
	base := mustURL(t, "https://huyen.example.vn/tin-tuc/")
	want := []string{"https://huyen.example.vn/bai/bai-1.html", "https://huyen.example.vn/tin-tuc/bai/bai-2.html"}
	for _, sel := range []string{"ul.tin-moi li a", "ul.tin-moi li", "", "div.khong-co a"} {
		got, err := ParseListing(fixture(t, "listing.html"), "text/html", base, sel)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("selector %q: links\n%q\nwant\n%q", sel, got, want)
		}
	}
}

// Ensure that an article page is read through its selectors.
func TestParseArticleSelectors(t *testing.T) {
	sel := Selectors{Title: "h1.tieu-de", Published: "span.ngay-dang", Body: "div.noi-dung", Author: "p.tac-gia",
		Image: "div.noi-dung img", Section: "div.chuyen-muc"}
	it, err := ParseArticle(fixture(t, "bai-1.html"), "text/html; charset=utf-8", mustURL(t, "https://huyen.example.vn/bai/bai-1.html#x"), sel)
	if err != nil {
		t.Fatal(err)
	}
	want := Item{
		Link:       "https://huyen.example.vn/bai/bai-1.html",
		Title:      "Hội nghị chuyển đổi số huyện năm 2021",
		Published:  time.Date(2020, 12, 31, 14, 54, 0, 0, content.VietnamZone()),
		Paragraphs: []string{"Chiều 31/12, Ban Chỉ đạo chuyển đổi số huyện tổ chức hội nghị.", "Hội nghị thống nhất các nhiệm vụ trọng tâm năm 2021."},
		Author:     "Minh Anh",
		Image:      "https://huyen.example.vn/anh/chuyen-doi-so.jpg",
		Sections:   []string{"Hội nghị – Sự kiện"},
	}
	if !it.Published.Equal(want.Published) {
		t.Errorf("published %v", it.Published)
	}
	it.Published = want.Published
	if !reflect.DeepEqual(it, want) {
		t.Errorf("item:\n%#v\nwant\n%#v", it, want)
	}
}

// Ensure that without matching selectors an article page falls back to
// og: tags, the "Đăng lúc" line and the readability extraction.
func TestParseArticleFallbacks(t *testing.T) {
	sel := Selectors{Title: "h1.khong-co", Body: "div.khong-co", Published: "span.khong-co"}
	it, err := ParseArticle(fixture(t, "bai-2.html"), "text/html", mustURL(t, "https://huyen.example.vn/bai/bai-2.html"), sel)
	if err != nil {
		t.Fatal(err)
	}
	if it.Title != "Kế hoạch phòng chống lụt bão năm 2021" {
		t.Errorf("title %q", it.Title)
	}
	if !it.Published.Equal(time.Date(2021, 3, 12, 8, 5, 9, 0, content.VietnamZone())) {
		t.Errorf("published %v", it.Published)
	}
	if len(it.Paragraphs) != 3 || !strings.HasPrefix(it.Paragraphs[0], "Nhằm chủ động ứng phó") {
		t.Errorf("paragraphs %q", it.Paragraphs)
	}
	for _, p := range it.Paragraphs {
		if strings.Contains(p, "Trang chủ") || strings.Contains(p, "Bản quyền") || strings.Contains(p, "Đăng lúc") {
			t.Errorf("page chrome in the body: %q", p)
		}
	}
	if it.Image != "https://huyen.example.vn/anh/lut-bao.jpg" {
		t.Errorf("image %q", it.Image)
	}
}

// Ensure that a Windows-1258 page, with no selectors, is read right.
func TestParseArticleWindows1258(t *testing.T) {
	it, err := ParseArticle(fixture(t, "cp1258.html"), "text/html", mustURL(t, "http://xa.example.vn/tb.html"), Selectors{})
	if err != nil {
		t.Fatal(err)
	}
	if it.Title != "Thông báo tuyển dụng viên chức" && it.Title != "Thông báo tuyển dụng viên chức năm 2021" {
		t.Errorf("title %q", it.Title)
	}
	if !it.Published.Equal(time.Date(2021, 3, 15, 10, 30, 0, 0, content.VietnamZone())) {
		t.Errorf("published %v", it.Published)
	}
	if len(it.Paragraphs) == 0 || !strings.Contains(strings.Join(it.Paragraphs, " "), "Ủy ban nhân dân huyện thông báo tuyển dụng viên chức sự nghiệp") {
		t.Errorf("paragraphs %q", it.Paragraphs)
	}
}

// Ensure that a page without any title is refused.
func TestParseArticleNoTitle(t *testing.T) {
	if _, err := ParseArticle([]byte("<p>chỉ có nội dung</p>"), "text/html", nil, Selectors{}); err != ErrNoTitle {
		t.Fatalf("err = %v", err)
	}
}
