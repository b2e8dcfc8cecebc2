package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// Related finds the articles the detail view offers ("Các tin khác").
type Related interface {
	// Related returns up to n articles related to the article id, most
	// related first, never that article.
	Related(ctx context.Context, id string, n int) ([]content.Article, error)
}

// relatedListed is how many related articles the detail view offers.
const relatedListed = 5

// maxArticleIDLen bounds the article ID a button may carry; IDs are 24
// characters of base32, and callback data is at most 64 bytes.
const maxArticleIDLen = 48

func (b *Bot) articleRoutes(rt *Router) {
	rt.Callback(callbackArticle, b.handleReadArticle)
}

// readButton is the "read the whole article" button for a.
func readButton(l Lang, a content.Article) tgbotapi.InlineKeyboardButton {
	return tgbotapi.NewInlineKeyboardButtonData(l.T(msgReadFull), callbackArticle+":"+a.ID)
}

// articleKeyboard offers the whole text in Telegram and, when the article
// has one, its page on the portal.
func articleKeyboard(l Lang, a content.Article) tgbotapi.InlineKeyboardMarkup {
	row := []tgbotapi.InlineKeyboardButton{readButton(l, a)}
	if a.SourceURL != "" {
		row = append(row, tgbotapi.NewInlineKeyboardButtonURL(l.T(msgReadMore), a.SourceURL))
	}
	return tgbotapi.NewInlineKeyboardMarkup(row)
}

// handleReadArticle sends an article's whole text ("a:<id>"), in as many
// messages as it needs, and counts the view. An unknown or malformed ID
// (an old button, forged data) gets a polite notice and changes nothing.
func (b *Bot) handleReadArticle(ctx context.Context, r *Request) error {
	a, ok, err := b.findArticle(ctx, strings.TrimPrefix(r.Callback, callbackArticle+":"))
	if err != nil {
		return err
	}
	if !ok || r.ChatID == 0 {
		return b.answer(ctx, r, r.Lang.T(msgArticleGone))
	}
	if err := b.answer(ctx, r, ""); err != nil {
		return err
	}
	return b.sendFull(ctx, r, a)
}

// findArticle looks up an article by an ID that came from outside; it
// reports false for malformed and unknown IDs.
func (b *Bot) findArticle(ctx context.Context, id string) (content.Article, bool, error) {
	if id == "" || len(id) > maxArticleIDLen {
		return content.Article{}, false, nil
	}
	a, err := b.store.Article(ctx, id)
	if errors.Is(err, content.ErrNotFound) {
		return content.Article{}, false, nil
	}
	if err != nil {
		return content.Article{}, false, err
	}
	return a, true, nil
}

// sendFull sends a in full to r's chat, then its documents
// (sendArticleDocuments), with the related articles as
// buttons under it (and, for an admin in a private chat, 🗑 Gỡ), and
// counts the view. Related articles that cannot be
// found leave the buttons out; the article still goes.
func (b *Bot) sendFull(ctx context.Context, r *Request, a content.Article) error {
	b.countView(a.ID)
	related, err := b.store.Related(ctx, a.ID, relatedListed)
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		b.log.Warn("related articles", slog.String("article", a.ID), slog.Any("err", err))
	}
	var rows [][]tgbotapi.InlineKeyboardButton
	for _, o := range related {
		rows = append(rows, tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData("📰 "+truncate(o.Title, relatedTitleRunes), callbackArticle+":"+o.ID)))
	}
	if a.SourceURL != "" {
		rows = append(rows, tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonURL(r.Lang.T(msgReadMore), a.SourceURL)))
	}
	if b.isAdminRequest(ctx, r) {
		rows = append(rows, retractButtonRow(r.Lang, a))
	}
	text := articleFull(a, r.Lang, b.zone)
	if len(related) > 0 {
		text += "\n\n" + r.Lang.T(msgRelated)
	}
	var markup any
	if len(rows) > 0 {
		markup = tgbotapi.NewInlineKeyboardMarkup(rows...)
	}
	if err := b.reply(ctx, r, text, markup); err != nil || len(a.Attachments) == 0 {
		return err
	}
	b.sendArticleDocuments(ctx, r.ChatID, a)
	return nil
}

// relatedTitleRunes caps a related article's title on its button.
const relatedTitleRunes = 60

// articleFull renders the whole article: title, time, lead in italics, body
// paragraphs, picture captions, the author line and the list of its
// documents (fullDocsBlock), which sendFull sends after it.
func articleFull(a content.Article, l Lang, zone *time.Location) string {
	var parts []string
	parts = append(parts, "<b>"+escape(a.Title)+"</b>")
	if !a.Published.IsZero() {
		parts[0] += fmt.Sprintf("\n<i>%s %s</i>", l.T(msgPublishedAt), formatTime(a.Published, zone))
	}
	if a.Lead != "" {
		parts = append(parts, "<i>"+escape(a.Lead)+"</i>")
	}
	for _, img := range a.Images {
		if img.Caption != "" {
			parts = append(parts, "🖼 "+escape(img.Caption))
		}
	}
	for _, p := range a.Body {
		parts = append(parts, escape(p))
	}
	if a.Author != "" {
		parts = append(parts, "<b>"+escape(a.Author)+"</b>")
	}
	if docs := fullDocsBlock(a, l); docs != "" {
		parts = append(parts, docs)
	}
	return strings.Join(parts, "\n\n")
}
