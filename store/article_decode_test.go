package store

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/content/contenttest"
)

// Ensure that decodeArticle reads what json.Marshal stored exactly as
// json.Unmarshal does: every field, accents, escapes, times with their
// zone, empty and missing lists.
func TestDecodeArticleAsUnmarshal(t *testing.T) {
	full := content.Article{
		ID: "a1", SourceURL: "https://portal.example/tin?id=1&x=<2>", Title: "Hội nghị \"trực tuyến\"\ttoàn quốc",
		Lead: "Tóm tắt\nhai dòng", Body: []string{"Đoạn một.", "", "Đoạn ba – 100%"},
		Author: "Minh Anh – Trung tâm VH-TT", Category: content.CategoryConference,
		Published: time.Date(2026, 3, 12, 14, 30, 5, 123456789, time.FixedZone("ICT", 7*3600)),
		Images:    []content.Image{{Name: "a.jpg", URL: "https://portal.example/a.jpg", Caption: "Ảnh"}},
		Attachments: []content.Attachment{{Name: "cv-112.pdf", Path: "/srv/inbox/cv-112.pdf",
			MediaType: "application/pdf", Size: 12345, Label: "Tải về: Công văn"}},
		Source: content.SourceTelegram,
	}
	cases := []content.Article{full, {ID: "a2", Title: "Không thân bài"}, contenttest.SyntheticArticle(1, 7)}
	for _, a := range cases {
		raw, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var want, got content.Article
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		if err := decodeArticle(raw, &got); err != nil {
			t.Fatalf("%s: %v", a.ID, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decoded\n%#v\nwant\n%#v", a.ID, got, want)
		}
	}
	if err := decodeArticle([]byte(`{"id":`), new(content.Article)); err == nil {
		t.Error("a truncated article decodes without error")
	}
}
