package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
	"newsbot/content/vi"
)

// Search bounds.
const (
	maxQueryRunes  = 200
	searchPageSize = 5
	maxSearchPages = 40
	snippetRunes   = 200
	// searchMark starts a results message; the query follows it on the first
	// line, which is how a page button finds the query again without state.
	searchMark = "🔎 "
)

func (b *Bot) searchRoutes(rt *Router) {
	rt.Command("search", b.handleSearch)
	rt.Callback(callbackSearch, b.handleSearchPage)
	rt.Inline(b.handleInline)
}

// handleSearch answers /search words with the first page of results.
func (b *Bot) handleSearch(ctx context.Context, r *Request) error {
	query := cleanQuery(r.Args)
	if vi.ParseQuery(query, maxQueryRunes).Empty() {
		return b.reply(ctx, r, r.Lang.T(msgSearchHelp, escape(b.client.Self().UserName)), nil)
	}
	text, markup, err := b.searchPage(ctx, r.Lang, query, 0)
	if err != nil {
		return err
	}
	return b.reply(ctx, r, text, markup)
}

// handleSearchPage turns a results message to another page. The callback
// data is "s:<page>"; the query is read back from the message the button is
// on, so a forged page number can only show another page of the same search.
func (b *Bot) handleSearchPage(ctx context.Context, r *Request) error {
	q := r.Update.CallbackQuery
	page, err := strconv.Atoi(strings.TrimPrefix(r.Callback, callbackSearch+":"))
	query, ok := queryOf(q.Message)
	if err != nil || page < 0 || page >= maxSearchPages || !ok {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	text, markup, err := b.searchPage(ctx, r.Lang, query, page)
	if err != nil {
		return err
	}
	if markup == nil {
		markup = &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{}}
	}
	edit := tgbotapi.NewEditMessageTextAndMarkup(q.Message.Chat.ID, q.Message.MessageID, text, *markup)
	edit.ParseMode = tgbotapi.ModeHTML
	edit.DisableWebPagePreview = true
	if err := b.edit(ctx, q.Message.Chat.ID, edit); err != nil {
		return err
	}
	return b.answer(ctx, r, "")
}

// searchPage renders one page of results for query, with ◀ ▶ buttons.
func (b *Bot) searchPage(ctx context.Context, l Lang, query string, page int) (string, *tgbotapi.InlineKeyboardMarkup, error) {
	q := vi.ParseQuery(query, maxQueryRunes)
	res, err := b.store.Search(ctx, q, page*searchPageSize, searchPageSize)
	if err != nil {
		return "", nil, err
	}
	if len(res.Hits) == 0 {
		return l.T(msgSearchNone, escape(query)), nil, nil
	}
	first := page*searchPageSize + 1
	items := []string{searchMark + escape(query) + "\n" + searchCount(l, first, first+len(res.Hits)-1, res.Total)}
	for i, h := range res.Hits {
		items = append(items, searchItem(first+i, h.Article, q, l, b.zone))
	}
	return strings.Join(items, "\n\n"), searchKeyboard(l, page, first, res), nil
}

// searchItem renders one result: number, linked title, date, and a snippet
// with the matching words in bold.
func searchItem(n int, a content.Article, q vi.Query, l Lang, zone *time.Location) string {
	snippet, spans := vi.Snippet(a.Lead+" "+strings.Join(a.Body, " "), q, snippetRunes)
	return articleHeading(n, a, zone) + "\n" + boldSpans(snippet, spans)
}

// boldSpans escapes s and wraps each span in <b>.
func boldSpans(s string, spans []vi.Span) string {
	var b strings.Builder
	at := 0
	for _, sp := range spans {
		b.WriteString(escape(s[at:sp.Start]))
		b.WriteString("<b>" + escape(s[sp.Start:sp.End]) + "</b>")
		at = sp.End
	}
	b.WriteString(escape(s[at:]))
	return b.String()
}

// searchKeyboard has a button per result, numbered as in the list, that
// opens the article in full, and ◀ ▶ for the pages around page.
func searchKeyboard(l Lang, page, first int, res content.SearchResults) *tgbotapi.InlineKeyboardMarkup {
	var open []tgbotapi.InlineKeyboardButton
	for i, h := range res.Hits {
		open = append(open, tgbotapi.NewInlineKeyboardButtonData(fmt.Sprintf("📖 %d", first+i), callbackArticle+":"+h.Article.ID))
	}
	m := tgbotapi.NewInlineKeyboardMarkup(open)
	if row := pageButtons(l, page, res.Total); len(row) > 0 {
		m.InlineKeyboard = append(m.InlineKeyboard, row)
	}
	return &m
}

// pageButtons returns ◀ ▶ for the pages around page; none for one page.
func pageButtons(l Lang, page, total int) []tgbotapi.InlineKeyboardButton {
	pages := min((total+searchPageSize-1)/searchPageSize, maxSearchPages)
	var row []tgbotapi.InlineKeyboardButton
	if page > 0 {
		row = append(row, tgbotapi.NewInlineKeyboardButtonData(l.T(msgPrev), fmt.Sprintf("%s:%d", callbackSearch, page-1)))
	}
	if page+1 < pages {
		row = append(row, tgbotapi.NewInlineKeyboardButtonData(l.T(msgNext), fmt.Sprintf("%s:%d", callbackSearch, page+1)))
	}
	return row
}

// cleanQuery keeps a query on one line, trimmed and capped.
func cleanQuery(s string) string {
	return capRunes(strings.Join(strings.Fields(s), " "), maxQueryRunes)
}

// queryOf reads the query back from a results message's first line.
func queryOf(m *tgbotapi.Message) (string, bool) {
	if m == nil || m.Chat == nil {
		return "", false
	}
	line, _, _ := strings.Cut(m.Text, "\n")
	query, ok := strings.CutPrefix(line, searchMark)
	return cleanQuery(query), ok && query != ""
}

// searchCount renders which results of total a page shows, first to last
// (1-based): "3 kết quả" when they all fit, "Kết quả 6–10 trong 12 bài"
// otherwise.
func searchCount(l Lang, first, last, total int) string {
	switch {
	case first == 1 && last == total:
		return l.N(msgSearchAll, total, total)
	case first == last:
		return l.T(msgSearchLast, first, total)
	}
	return l.T(msgSearchCount, first, last, total)
}
