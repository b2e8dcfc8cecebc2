package source

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"newsbot/content"
)

const vanBanURL = "https://huyen.example.vn/van-ban/cong-van-112.html"

// The documents testdata/van-ban.html offers in its body and its "File
// đính kèm" block, resolved against the page's URL (not its <base href>).
var (
	mauBaoCao = content.Attachment{Name: "mau-bao-cao.xlsx", URL: "https://huyen.example.vn/files/mau-bao-cao.xlsx",
		MediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Label: "Mẫu báo cáo kết quả"}
	congVan112 = content.Attachment{Name: "cong-van-112.pdf", URL: "https://huyen.example.vn/files/cong-van-112.pdf?v=2",
		MediaType: "application/pdf", Label: "Tải về: Công văn số 112/UBND-VP"}
	keHoach45 = content.Attachment{Name: "ke-hoach-45.docx", URL: "https://huyen.example.vn/upload/2021/ke-hoach-45.docx",
		MediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Label: "Kế hoạch số 45/KH-UBND"}
)

// Ensure that an article page's documents are the links in its body and
// in its "File đính kèm" block, labelled by their text (else their title),
// each once, resolved against the page URL whatever <base href> says; the
// links of a "Văn bản mới" box, <nav>, <aside> and <footer> are not.
func TestParseArticleAttachmentsWithBodySelector(t *testing.T) {
	it, err := ParseArticle(fixture(t, "van-ban.html"), "text/html", mustURL(t, vanBanURL), Selectors{Body: "div.noi-dung"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []content.Attachment{mauBaoCao, congVan112, keHoach45}; !reflect.DeepEqual(it.Attachments, want) {
		t.Fatalf("attachments:\n%#v\nwant\n%#v", it.Attachments, want)
	}
}

// Ensure that without selectors the body readability finds and the "File
// đính kèm" block give the same documents.
func TestParseArticleAttachmentsWithoutSelectors(t *testing.T) {
	it, err := ParseArticle(fixture(t, "van-ban.html"), "text/html", mustURL(t, vanBanURL), Selectors{})
	if err != nil {
		t.Fatal(err)
	}
	got := urls(it.Attachments)
	slices.Sort(got)
	want := urls([]content.Attachment{mauBaoCao, congVan112, keHoach45})
	slices.Sort(want)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("attachment URLs %q, want %q", got, want)
	}
}

// Ensure that the attachments selector, when it finds document links,
// decides alone, in page order; and that one finding none falls back to the default.
func TestParseArticleAttachmentsSelector(t *testing.T) {
	it, err := ParseArticle(fixture(t, "van-ban.html"), "text/html", mustURL(t, vanBanURL),
		Selectors{Body: "div.noi-dung", Attachments: "div.van-ban-moi li, div.file-dinh-kem"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{keHoach45.URL, congVan112.URL, "https://huyen.example.vn/upload/2021/quyet-dinh-99.pdf"}
	if got := urls(it.Attachments); !reflect.DeepEqual(got, want) {
		t.Fatalf("attachment URLs %q, want %q (page order)", got, want)
	}
	if it.Attachments[1].Label != "Công văn (bản gốc)" {
		t.Fatalf("label %q", it.Attachments[2].Label)
	}
	it, err = ParseArticle(fixture(t, "van-ban.html"), "text/html", mustURL(t, vanBanURL),
		Selectors{Body: "div.noi-dung", Attachments: "div.khong-co"})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(it.Attachments); got != 3 {
		t.Fatalf("%d attachments with a selector finding nothing, want the default 3", got)
	}
}

// Ensure that a page without document links has no attachments.
func TestParseArticleWithoutAttachments(t *testing.T) {
	it, err := ParseArticle(fixture(t, "bai-1.html"), "text/html", mustURL(t, "https://huyen.example.vn/bai/bai-1.html"), Selectors{})
	if err != nil {
		t.Fatal(err)
	}
	if it.Attachments != nil {
		t.Fatalf("attachments %#v, want none", it.Attachments)
	}
}

// Ensure that RSS enclosures of document types become attachments, by
// extension or by type, with their size; pictures do not.
func TestParseFeedEnclosures(t *testing.T) {
	items, err := ParseFeed(fixture(t, "enclosures.rss"), "application/rss+xml", KindRSS, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 3 {
		t.Fatalf("%d items", len(items))
	}
	want := []content.Attachment{{Name: "cong-van-112.pdf", URL: "https://huyen.example.vn/upload/2021/cong-van-112.pdf",
		MediaType: "application/pdf", Size: 48213}}
	if !reflect.DeepEqual(items[0].Attachments, want) {
		t.Errorf("first item:\n%#v\nwant\n%#v", items[0].Attachments, want)
	}
	want = []content.Attachment{{Name: "tai-ve.docx", URL: "https://huyen.example.vn/tai-ve?id=45",
		MediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}}
	if !reflect.DeepEqual(items[1].Attachments, want) {
		t.Errorf("second item (typed, no extension):\n%#v\nwant\n%#v", items[1].Attachments, want)
	}
	if items[2].Attachments != nil || items[2].Image != "https://huyen.example.vn/anh/hoi-nghi.jpg" {
		t.Errorf("third item: a picture, not a document: %#v", items[2])
	}
}

// Ensure that Atom enclosure links become attachments, resolved against
// the feed's link.
func TestParseFeedAtomEnclosures(t *testing.T) {
	items, err := ParseFeed(fixture(t, "enclosures.atom"), "application/atom+xml", KindFeed, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://huyen.example.vn/van-ban/files/quyet-dinh-99.pdf", "https://huyen.example.vn/van-ban/files/phu-luc.xls"}
	if len(items) != 1 || !reflect.DeepEqual(urls(items[0].Attachments), want) {
		t.Fatalf("items %#v, want attachments %q", items, want)
	}
	if a := items[0].Attachments[0]; a.Size != 1200 || a.MediaType != "application/pdf" || a.Name != "quyet-dinh-99.pdf" {
		t.Fatalf("first attachment %#v", a)
	}
}

// Ensure that a polled HTML source stores its articles with their
// documents, and that a full-text feed adds its pages' documents to its
// enclosures.
func TestPollKeepsAttachments(t *testing.T) {
	s := newSite(t)
	s.set("/van-ban/", page{contentType: "text/html", body: []byte(`<html><body><ul class="moi">
		<li><a href="/van-ban/cong-van-112.html">Công văn số 112/UBND-VP về phòng chống dịch</a></li></ul></body></html>`)})
	s.set("/van-ban/cong-van-112.html", page{contentType: "text/html; charset=utf-8", body: fixture(t, "van-ban.html")})
	feed := []byte(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>VB</title>
		<link>` + s.url("/") + `</link><item><title>Công văn số 112/UBND-VP</title><guid>vb-112</guid>
		<link>` + s.url("/van-ban/cong-van-112.html") + `</link>
		<enclosure url="/upload/ban-in.pdf" length="10" type="application/pdf"/></item></channel></rss>`)
	s.set("/rss", page{contentType: "application/rss+xml", body: feed})
	htmlSrc := Source{Name: "van-ban", URL: s.url("/van-ban/"), Kind: KindHTML, Selectors: Selectors{List: "ul.moi a", Body: "div.noi-dung"}}
	feedSrc := Source{Name: "rss", URL: s.url("/rss"), Kind: KindRSS, FullText: true, MaxItems: 5, Selectors: Selectors{Body: "div.noi-dung"}}
	r := newRig(t, Config{Sources: []Source{htmlSrc}})
	r.poll(t, "van-ban")
	a, ok := r.sink.byTitle("Công văn số 112/UBND-VP về phòng chống dịch bệnh trên địa bàn huyện")
	if !ok {
		t.Fatalf("article not stored; logs:\n%s", r.logs.String())
	}
	want := []string{s.url("/files/mau-bao-cao.xlsx"), s.url("/files/cong-van-112.pdf?v=2"), s.url("/upload/2021/ke-hoach-45.docx")}
	if got := urls(a.Attachments); !reflect.DeepEqual(got, want) {
		t.Fatalf("stored attachments %q, want %q", got, want)
	}

	r = newRig(t, Config{Sources: []Source{feedSrc}})
	r.poll(t, "rss")
	a, ok = r.sink.byTitle("Công văn số 112/UBND-VP")
	if !ok {
		t.Fatalf("feed article not stored; logs:\n%s", r.logs.String())
	}
	want = append([]string{s.url("/upload/ban-in.pdf")}, want...)
	if got := urls(a.Attachments); !reflect.DeepEqual(got, want) {
		t.Fatalf("full-text feed attachments %q, want %q", got, want)
	}
	checked := r.p.Check(context.Background(), feedSrc)
	if checked.Err != nil || len(checked.Articles) != 1 || !reflect.DeepEqual(urls(checked.Articles[0].Attachments), want) {
		t.Fatalf("check: %v, %#v", checked.Err, checked.Articles)
	}
}

func urls(atts []content.Attachment) []string {
	out := make([]string, len(atts))
	for i, a := range atts {
		out[i] = a.URL
	}
	return out
}

// Ensure that JSON Feed attachments of document types become attachments.
func TestParseFeedJSONAttachments(t *testing.T) {
	body := []byte(`{"version":"https://jsonfeed.org/version/1.1","title":"Văn bản","home_page_url":"https://huyen.example.vn/",
		"items":[{"id":"vb-7","url":"https://huyen.example.vn/vb-7.html","title":"Kế hoạch số 7/KH-UBND","content_text":"Kế hoạch.",
		"attachments":[{"url":"/files/ke-hoach-7.odt","mime_type":"application/vnd.oasis.opendocument.text","size_in_bytes":2048},
		{"url":"/files/bai-hat.mp3","mime_type":"audio/mpeg"}]}]}`)
	items, err := ParseFeed(body, "application/feed+json", KindJSONFeed, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []content.Attachment{{Name: "ke-hoach-7.odt", URL: "https://huyen.example.vn/files/ke-hoach-7.odt",
		MediaType: "application/vnd.oasis.opendocument.text", Size: 2048}}
	if len(items) != 1 || !reflect.DeepEqual(items[0].Attachments, want) {
		t.Fatalf("items %#v", items)
	}
}

// BenchmarkParseArticleWithDocuments measures ParseArticle on a directive's
// page with document links in its body and a "File đính kèm" block.
func BenchmarkParseArticleWithDocuments(b *testing.B) {
	body, u := fixture(b, "van-ban.html"), mustURL(b, vanBanURL)
	for _, tc := range []struct {
		name string
		sel  Selectors
	}{{"body selector", Selectors{Body: "div.noi-dung"}}, {"readability", Selectors{}}} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				if it, err := ParseArticle(body, "text/html", u, tc.sel); err != nil || len(it.Attachments) != 3 {
					b.Fatalf("%d attachments, %v", len(it.Attachments), err)
				}
			}
		})
	}
}
