package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/content/source"
	"newsbot/store"
)

// Ensure that the documents the bot is wired with (newDocumentSource) open
// local files as regular files only, within Telegram's limit, checked by
// their first bytes.
func TestDocumentSourceLocalFiles(t *testing.T) {
	dir := t.TempDir()
	pdf := filepath.Join(dir, "cong-van.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	fake := filepath.Join(dir, "trang.pdf")
	if err := os.WriteFile(fake, []byte("<!DOCTYPE html><html></html>"), 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "ban-do.pdf")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(60 << 20); err != nil { // sparse: no 60 MB written
		t.Fatal(err)
	}
	f.Close()
	link := filepath.Join(dir, "link.pdf")
	if err := os.Symlink(pdf, link); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var src bot.DocumentSource = newDocumentSource(source.Config{})
	rc, size, err := src.OpenDocument(ctx, content.Attachment{Name: "cong-van.pdf", Path: pdf})
	if err != nil || size != 15 {
		t.Fatalf("open: %d, %v", size, err)
	}
	data, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Errorf("read %q", data)
	}
	if _, _, err := src.OpenDocument(ctx, content.Attachment{Name: "ban-do.pdf", Path: big}); !errors.Is(err, content.ErrDocumentTooLarge) {
		t.Errorf("60 MB file: %v; want ErrDocumentTooLarge", err)
	}
	for _, p := range []string{link, dir, fake} {
		if _, _, err := src.OpenDocument(ctx, content.Attachment{Name: "x.pdf", Path: p}); !errors.Is(err, content.ErrDocumentRefused) {
			t.Errorf("%s: %v, want ErrDocumentRefused", p, err)
		}
	}
	if _, _, err := src.OpenDocument(ctx, content.Attachment{Name: "x.pdf", Path: filepath.Join(dir, "khong-co.pdf")}); err == nil {
		t.Errorf("missing file opened")
	}
}

// Ensure that a push of a directive with its document survives the
// process being killed twice after the upload: every subscriber gets the
// card and the document, and the document is uploaded exactly once (the
// restarts send the stored file_id). It builds and runs the real binary.
func TestCrashMidPushUploadsOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the newsbot binary")
	}
	bin := buildNewsbot(t)
	api := telegramtest.New(t, canaryToken)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "newsbot.db")
	const n = 300
	chats := seedSubscribers(t, dbPath, 1001, n)
	pdf := filepath.Join(dir, "cong-van-112.pdf")
	if err := os.WriteFile(pdf, bytes.Repeat([]byte("%PDF-1.4\n"), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pub, err := db.PublishArticle(context.Background(), content.Article{Title: "Công văn số 112/UBND-VP về phòng chống bão",
		Lead: "UBND huyện đề nghị các xã triển khai ngay.", Body: []string{}, Category: content.CategoryDirective,
		Published: time.Now(), Attachments: []content.Attachment{{Name: "cong-van-112.pdf", Path: pdf, MediaType: "application/pdf"}}})
	if err != nil || pub.Job.Total != n {
		t.Fatalf("publish: %+v, %v", pub.Job, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	args := crashRunArgs(dbPath)
	kills := killPoints(t, "accepted messages", 40, 150, 300, 150)
	for i, at := range kills {
		p := startProc(t, bin, api, args...)
		p.waitDelivered(api, at, crashWait)
		p.kill()
		if got := api.DeliveredCount(); got >= 2*n {
			t.Fatalf("crash %d came after the push ended (%d accepted)", i+1, got)
		}
	}
	p := startProc(t, bin, api, args...)
	for !coveredTwice(api, chats) {
		p.waitDelivered(api, api.DeliveredCount()+1, crashWait)
	}
	p.stop(crashWait)

	docs := api.DocumentCounts()
	t.Logf("%d messages for %d chats over %d crashes; documents %+v", api.DeliveredCount(), n, len(kills), docs)
	if docs.Uploads != 1 {
		t.Errorf("document uploaded %d times, want once", docs.Uploads)
	}
	bound := 2 * bot.DeliveryOptions{}.RepeatBound()
	if api.DeliveredCount()-2*n > len(kills)*bound {
		t.Errorf("%d messages repeated, more than %d crashes × %d", api.DeliveredCount()-2*n, len(kills), bound)
	}
	db, err = store.Open(dbPath, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	j, err := db.Job(context.Background(), pub.Job.ID)
	if err != nil || !j.Done || j.Sent != n {
		t.Fatalf("job %+v, %v; want done with %d sent", j, err, n)
	}
	a, err := db.Article(context.Background(), pub.Article.ID)
	if err != nil || a.Attachments[0].FileID == "" {
		t.Fatalf("article's document %+v, %v; want its file_id stored", a.Attachments, err)
	}
}

// coveredTwice reports whether every chat has received two messages (the
// card and the document).
func coveredTwice(api *telegramtest.Server, chats []int64) bool {
	for _, c := range chats {
		if api.DeliveredTo(c) < 2 {
			return false
		}
	}
	return true
}
