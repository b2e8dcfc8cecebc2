package content

import (
	"crypto/sha256"
	"encoding/base32"
	"strings"
	"time"

	"newsbot/content/vi"
)

// Article is one news item as the portal published it.
type Article struct {
	// ID is stable: the same article always gets the same ID (see DeriveID).
	ID string `json:"id"`
	// SourceURL is the article's page on the portal; empty for files without one.
	SourceURL string `json:"source_url,omitempty"`
	Title     string `json:"title"`
	// Lead is the summary paragraph shown under the title.
	Lead string `json:"lead,omitempty"`
	// Body holds the paragraphs after the lead, in order.
	Body []string `json:"body"`
	// Author is the signature line, e.g. "Minh Anh – Trung tâm VH-TT".
	Author   string   `json:"author,omitempty"`
	Category Category `json:"category"`
	// Published is the publication time, in Vietnam time when the source gave it so.
	Published time.Time `json:"published"`
	Images    []Image   `json:"images,omitempty"`
	// Attachments are the documents published with the article (a
	// directive's PDF, a plan's DOCX), in the order the source lists them.
	Attachments []Attachment `json:"attachments,omitempty"`
	// Source says where the article came from when not the portal's
	// export, e.g. SourceTelegram for an admin's /post.
	Source string `json:"source,omitempty"`
}

// Image is a picture referenced by an article.
type Image struct {
	// Name is the file name as the export gives it, e.g. "hoi-nghi.jpg".
	Name string `json:"name"`
	// URL is where the picture can be fetched, when known.
	URL     string `json:"url,omitempty"`
	Caption string `json:"caption,omitempty"`
	// FileID is Telegram's file_id of the picture, for pictures an admin
	// sent the bot; it is sent as it is, like a URL.
	FileID string `json:"file_id,omitempty"`
}

// Attachment is a document published with an article: a directive's PDF, a
// plan's DOCX, a table's XLSX. Exactly one of URL, Path and FileID is needed
// to send it; FileID, once Telegram has returned one, is preferred so that
// the file is uploaded only once.
type Attachment struct {
	// Name is the cleaned file name shown to people, e.g. "cong-van-112.pdf".
	Name string `json:"name"`
	// URL is where the source offers the file, when it came from a source.
	URL string `json:"url,omitempty"`
	// Path is the file on this server, when it came with an inbox export.
	Path string `json:"path,omitempty"`
	// MediaType is the checked media type, e.g. "application/pdf".
	MediaType string `json:"media_type,omitempty"`
	// Size is the file's size in bytes, 0 when not yet known.
	Size int64 `json:"size,omitempty"`
	// Label is the caption sent with the document, e.g. "Tải về: Công văn
	// số 112/UBND-VP"; empty means the name is used.
	Label string `json:"label,omitempty"`
	// FileID is Telegram's file_id of the document, known after the first
	// upload or when an admin sent the document.
	FileID string `json:"file_id,omitempty"`
}

// DeriveID returns the article's stable ID: a hash of its source URL when it
// has one, otherwise a hash of its title, publication time and text, so that
// the same article imported twice gets the same ID. Text is compared after
// Unicode NFC normalisation, so NFC and NFD copies of a file agree.
func (a *Article) DeriveID() string {
	if a.SourceURL != "" {
		return hashID("url\x00" + a.SourceURL)
	}
	n := len("text\x00") + len(a.Title) + len(time.RFC3339) + 8 + len(a.Lead)
	for _, p := range a.Body {
		n += 1 + len(p)
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString("text\x00")
	b.WriteString(a.Title)
	b.WriteByte(0)
	b.WriteString(a.Published.UTC().Format(time.RFC3339))
	b.WriteByte(0)
	b.WriteString(a.Lead)
	for _, p := range a.Body {
		b.WriteByte(0)
		b.WriteString(p)
	}
	return hashID(b.String())
}

// hashID returns 120 bits of SHA-256 in lower-case base32: 24 characters, short
// enough for Telegram's 64-byte callback data, far too long to collide.
func hashID(s string) string {
	sum := sha256.Sum256([]byte(vi.NFC(s)))
	return strings.ToLower(base32.StdEncoding.EncodeToString(sum[:15]))
}

// Text returns the article's title, lead and body as one string, for analysis.
func (a *Article) Text() string {
	return a.Title + "\n" + a.Lead + "\n" + strings.Join(a.Body, "\n")
}

// Urgent reports whether the article is marked urgent ("hoả tốc", "khẩn",
// "thượng khẩn") in its title: such notices ring even in quiet hours.
func (a *Article) Urgent() bool { return IsUrgent(a.Title) }

// IsUrgent reports whether text says it is urgent: "hoả tốc" (either tone
// style), "khẩn", "thượng khẩn", as whole words with their diacritics
// (vi.Text.Contains with vi.AccentsAsTyped).
func IsUrgent(text string) bool {
	t := vi.NewText(text)
	return t.Contains(vi.NewPhrase("hoả tốc"), vi.AccentsAsTyped) || t.Contains(vi.NewPhrase("khẩn"), vi.AccentsAsTyped)
}
