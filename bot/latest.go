package bot

import (
	"context"
	"strconv"
	"strings"
)

// Bounds of /latest.
const (
	defaultLatest = 5
	maxLatest     = 20
)

func (b *Bot) latestRoutes(rt *Router) {
	rt.Command("latest", b.handleLatest)
}

// handleLatest lists the newest articles: /latest [n].
func (b *Bot) handleLatest(ctx context.Context, r *Request) error {
	n, ok := parseCount(r.Args, defaultLatest, maxLatest)
	if !ok {
		return b.reply(ctx, r, r.Lang.T(msgLatestBadCount, maxLatest), nil)
	}
	articles, err := b.store.Latest(ctx, n)
	if err != nil {
		return err
	}
	if len(articles) == 0 {
		return b.reply(ctx, r, r.Lang.T(msgLatestEmpty), nil)
	}
	items := []string{r.Lang.N(msgLatestHeader, len(articles), len(articles))}
	for i, a := range articles {
		items = append(items, articleItem(i+1, a, b.zone))
	}
	return b.reply(ctx, r, strings.Join(items, "\n\n"), nil)
}

// parseCount reads an optional count in [1, max]; empty means def.
func parseCount(s string, def, max int) (int, bool) {
	if s == "" {
		return def, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > max {
		return 0, false
	}
	return n, true
}
