package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// fullDocsBlock lists a's documents at the end of its full text: each name,
// linked when the source offers it, with its size when known.
func fullDocsBlock(a content.Article, l Lang) string {
	if len(a.Attachments) == 0 {
		return ""
	}
	lines := []string{l.T(msgDocsHeader)}
	for _, att := range a.Attachments {
		name := escape(att.Name)
		if att.URL != "" {
			name = fmt.Sprintf(`<a href="%s">%s</a>`, escape(att.URL), name)
		}
		if att.Size > 0 {
			name += " (" + formatMB(att.Size, l) + ")"
		}
		lines = append(lines, "• "+name)
	}
	return strings.Join(lines, "\n")
}

// sendArticleDocuments sends a's documents to chatID after its full text
// ("📖 Đọc toàn văn"), in albums of up to ten, in the reply lane: by
// file_id, or uploaded when the bot can open them (the file_id is then
// stored, so the next reader and the next push send it). Those over
// Telegram's limit, or that cannot be opened, are only listed in the text.
// Failures are logged, not returned: the text is already there.
func (b *Bot) sendArticleDocuments(ctx context.Context, chatID int64, a content.Article) {
	var items []docItem
	for _, att := range a.Attachments {
		if att.FileID != "" || (b.docs != nil && att.Size <= content.MaxDocumentUpload) {
			items = append(items, docItem{att: att, caption: docCaption(att)})
		}
	}
	for len(items) > 0 {
		n := min(len(items), maxAlbum)
		batch := items[:n]
		d := docSend{chatID: chatID, items: batch, upload: make([]bool, n)}
		for k, it := range batch {
			d.upload[k] = it.att.FileID == ""
		}
		method := "sendDocument"
		if n > 1 {
			method = "sendMediaGroup"
		}
		var res docsSent
		_, err := b.pacedReply(ctx, chatID, n, method, func(c context.Context) (*tgbotapi.APIResponse, error) {
			var serr error
			res, serr = b.sendDocs(c, d)
			return nil, serr
		})
		var de *docError
		switch {
		case errors.As(err, &de):
			b.log.Warn("document not sent", slog.String("article", a.ID), slog.Int64("chat_id", chatID), slog.Any("err", err))
			keep := batch[:0:0]
			for k, it := range batch {
				if !slices.Contains(de.indices, k) {
					keep = append(keep, it)
				}
			}
			items = append(keep, items[n:]...)
			continue
		case err != nil:
			b.log.Warn("documents not sent", slog.String("article", a.ID), slog.Int64("chat_id", chatID), slog.Any("err", err))
			return
		}
		b.keepFileIDs(ctx, a.ID, batch, d.upload, res, chatID)
		items = items[n:]
	}
}

// keepFileIDs commits the file_ids Telegram gave the uploaded items with
// article id, so that later sends use them. A failure is logged: the sends
// under way still use the file_ids, but a later one may upload again.
func (b *Bot) keepFileIDs(ctx context.Context, id string, items []docItem, upload []bool, res docsSent, chatID int64) {
	var atts []content.Attachment
	for k, it := range items {
		if upload[k] && k < len(res.fileIDs) && res.fileIDs[k] != "" {
			a := it.att
			a.FileID = res.fileIDs[k]
			atts = append(atts, a)
			b.log.Info("document uploaded", slog.String("article", id), slog.String("name", a.Name),
				slog.Int64("size", a.Size), slog.Int64("chat_id", chatID))
		}
	}
	if len(atts) == 0 {
		return
	}
	if _, err := b.store.SetAttachmentFileIDs(context.WithoutCancel(ctx), id, atts); err != nil {
		b.log.Error("store the file_ids of uploaded documents", slog.String("article", id), slog.Any("err", err))
	}
}
