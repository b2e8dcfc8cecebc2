package bot

import (
	"context"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
	"newsbot/content/vi"
)

// Inline mode bounds.
const (
	inlinePageSize  = 10
	inlineMaxOffset = 200
	inlineCacheTime = 60 // seconds Telegram may reuse an answer
)

// handleInline answers "@bot words" from any chat with matching articles,
// or the newest ones when no words were typed. Telegram asks for further
// pages with the offset it was given as next_offset.
func (b *Bot) handleInline(ctx context.Context, r *Request) error {
	iq := r.Update.InlineQuery
	offset, err := strconv.Atoi(iq.Offset)
	if err != nil || offset < 0 || offset > inlineMaxOffset {
		offset = 0
	}
	articles, more, err := b.inlineArticles(ctx, cleanQuery(iq.Query), offset)
	if err != nil {
		return err
	}
	results := make([]any, 0, len(articles))
	for _, a := range articles {
		results = append(results, b.inlineResult(a, r.Lang))
	}
	// In closed mode Telegram must not reuse one member's answer for
	// somebody else, who may not be a member.
	cfg := tgbotapi.InlineConfig{InlineQueryID: iq.ID, Results: results, CacheTime: inlineCacheTime, IsPersonal: b.closed}
	if more {
		cfg.NextOffset = strconv.Itoa(offset + inlinePageSize)
	}
	_, err = b.client.Request(ctx, cfg)
	return err
}

// inlineArticles returns one page of articles for an inline query and
// whether more follow.
func (b *Bot) inlineArticles(ctx context.Context, query string, offset int) ([]content.Article, bool, error) {
	q := vi.ParseQuery(query, maxQueryRunes)
	if q.Empty() {
		if offset > 0 {
			return nil, false, nil
		}
		as, err := b.store.Latest(ctx, inlinePageSize)
		return as, false, err
	}
	res, err := b.store.Search(ctx, q, offset, inlinePageSize)
	if err != nil {
		return nil, false, err
	}
	as := make([]content.Article, len(res.Hits))
	for i, h := range res.Hits {
		as[i] = h.Article
	}
	return as, offset+len(as) < res.Total && offset+inlinePageSize <= inlineMaxOffset, nil
}

// inlineResult is the article as an inline result: choosing it posts the
// article's card, with a link button when it has a URL.
func (b *Bot) inlineResult(a content.Article, l Lang) tgbotapi.InlineQueryResultArticle {
	res := tgbotapi.NewInlineQueryResultArticleHTML(a.ID, truncate(a.Title, 120), articleCard(a, l, b.zone))
	res.Description = truncate(a.Lead, 150)
	if !a.Published.IsZero() {
		res.Description = formatTime(a.Published, b.zone) + " · " + res.Description
	}
	if a.SourceURL != "" {
		res.URL = a.SourceURL
		kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonURL(l.T(msgReadMore), a.SourceURL)))
		res.ReplyMarkup = &kb
	}
	return res
}
