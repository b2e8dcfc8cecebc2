package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"newsbot/content"
	"newsbot/store"
)

// directive returns an article with two documents and no file_ids.
func directive() content.Article {
	return content.Article{Title: "Công văn số 112/UBND-VP về phòng chống bão", Lead: "UBND huyện đề nghị các xã.",
		Body: []string{}, Category: content.CategoryNews, Published: fixedNow, SourceURL: "https://huyen.example.vn/cv-112.html",
		Attachments: []content.Attachment{
			{Name: "cong-van-112.pdf", URL: "https://huyen.example.vn/files/cong-van-112.pdf", MediaType: "application/pdf", Size: 1200},
			{Name: "phu-luc.xlsx", URL: "https://huyen.example.vn/files/phu-luc.xlsx", Size: 800},
		}}
}

// Ensure that the file_id of an uploaded document is stored with its
// article, survives a reopening, and is kept when a source rewrites the
// article with the same documents.
func TestSetAttachmentFileIDs(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "newsbot.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pub, err := db.PublishArticle(ctx, directive())
	if err != nil {
		t.Fatal(err)
	}
	id := pub.Article.ID
	up := pub.Article.Attachments[1]
	up.FileID = "BQACAgUAAxkDAAI7"
	gone := content.Attachment{Name: "khac.pdf", FileID: "BQAC-other"}
	n, err := db.SetAttachmentFileIDs(ctx, id, []content.Attachment{up, gone})
	if err != nil || n != 1 {
		t.Fatalf("set: %d, %v; want 1 changed", n, err)
	}
	if n, err := db.SetAttachmentFileIDs(ctx, id, []content.Attachment{up}); err != nil || n != 0 {
		t.Errorf("set again: %d, %v; want 0 changed", n, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, err := db.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if a.Attachments[0].FileID != "" || a.Attachments[1].FileID != up.FileID {
		t.Errorf("attachments after reopening: %+v", a.Attachments)
	}
	// The source rewrites the lead; its documents come without file_ids.
	again := directive()
	again.ID, again.Lead = id, "UBND huyện đề nghị các xã khẩn trương."
	if changed, err := db.UpdateArticle(ctx, again); err != nil || !changed {
		t.Fatalf("update: %v, %v", changed, err)
	}
	if a, _ = db.Article(ctx, id); a.Attachments[1].FileID != up.FileID {
		t.Errorf("file_id lost by an update: %+v", a.Attachments)
	}
	// A document that changed size at the source is another file.
	again.Attachments[1].Size = 999
	if _, err := db.UpdateArticle(ctx, again); err != nil {
		t.Fatal(err)
	}
	if a, _ = db.Article(ctx, id); a.Attachments[1].FileID != "" {
		t.Errorf("a changed document kept the old file_id: %+v", a.Attachments)
	}
	if _, err := db.SetAttachmentFileIDs(ctx, "khong-co", []content.Attachment{up}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown article: %v, want ErrNotFound", err)
	}
}
