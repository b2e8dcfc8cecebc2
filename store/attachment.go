package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// sameDocument reports whether a and b name the same file of an article:
// the same name, URL and local path, and no different known sizes.
func sameDocument(a, b content.Attachment) bool {
	return a.Name == b.Name && a.URL == b.URL && a.Path == b.Path &&
		(a.Size == 0 || b.Size == 0 || a.Size == b.Size)
}

// SetAttachmentFileIDs records the Telegram file_ids of documents of
// article id, in one transaction: each of docs (with its FileID set) gives
// its file_id to the stored attachment that is the same document (same
// name, URL and path). It returns how many attachments it changed; a
// document the article no longer has is skipped. The delivery worker calls
// it after the first upload of a push, and it returns only once the
// file_ids are on disk, so that a crash after it never uploads again.
// An unknown article is an error wrapping ErrNotFound. Safe for concurrent
// use.
func (db *DB) SetAttachmentFileIDs(ctx context.Context, id string, docs []content.Attachment) (int, error) {
	if id == "" {
		return 0, errors.New("store: set file_ids: empty article ID")
	}
	changed := 0
	err := db.update(ctx, func(tx *bolt.Tx) error {
		changed = 0
		a, err := getArticle(tx, id)
		if err != nil {
			return err
		}
		for _, d := range docs {
			for i := range a.Attachments {
				st := &a.Attachments[i]
				if d.FileID == "" || st.FileID == d.FileID || !sameDocument(*st, d) {
					continue
				}
				st.FileID = d.FileID
				changed++
				break
			}
		}
		if changed == 0 {
			return nil
		}
		return putArticleValue(tx, a)
	})
	if err != nil {
		return 0, fmt.Errorf("store: set file_ids of article %s: %w", id, err)
	}
	return changed, nil
}

// keepFileIDs gives a's attachments that have no file_id the one old's
// same document has, so that an article a source rewrites keeps the
// uploads it already made. a's attachments are copied first: the caller's
// slice is never written to.
func keepFileIDs(old content.Article, a *content.Article) {
	a.Attachments = slices.Clone(a.Attachments)
	for i := range a.Attachments {
		d := &a.Attachments[i]
		if d.FileID != "" {
			continue
		}
		for _, o := range old.Attachments {
			if o.FileID != "" && sameDocument(o, *d) {
				d.FileID = o.FileID
				break
			}
		}
	}
}
