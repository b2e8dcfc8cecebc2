package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// Stats bounds.
const (
	chartDays      = 30
	mostViewedRows = 5
)

func (b *Bot) statsRoutes(rt *Router) {
	rt.Command("stats", b.handleStats)
}

// handleStats shows anyone the portal's five figures; admins also get
// people, subscribers, articles, pushes, the most read articles and a chart.
func (b *Bot) handleStats(ctx context.Context, r *Request) error {
	now := b.now()
	p := content.PeriodsOf(now, b.zone)
	vs, err := b.store.VisitStats(ctx, p)
	if err != nil {
		return err
	}
	c := vs.Counter
	text := r.Lang.T(msgStatsCounter, formatInt(c.Today, r.Lang), formatInt(c.Yesterday, r.Lang),
		formatInt(c.Week, r.Lang), formatInt(c.Month, r.Lang), formatInt(c.Total, r.Lang))
	if r.User == nil {
		return b.reply(ctx, r, text, nil)
	}
	admin, err := b.store.IsAdmin(ctx, r.User.ID)
	if err != nil || !admin {
		return b.reply(ctx, r, text, nil)
	}
	as, err := b.store.AdminStats(ctx, now.AddDate(0, 0, -7), string(p.Today[:7]), mostViewedRows)
	if err != nil {
		return err
	}
	text += "\n\n" + r.Lang.T(msgStatsAdmin, formatInt(vs.PeopleToday, r.Lang), formatInt(vs.PeopleMonth, r.Lang),
		formatInt(int64(as.Active), r.Lang), formatInt(int64(as.Blocked), r.Lang), formatInt(int64(as.Stopped), r.Lang),
		formatInt(int64(as.Articles), r.Lang), formatInt(int64(as.PushesSent), r.Lang))
	if len(as.MostViewed) > 0 {
		lines := []string{r.Lang.T(msgStatsMostViewed)}
		for i, v := range as.MostViewed {
			lines = append(lines, fmt.Sprintf("%d. %s (%s)", i+1, escape(truncate(v.Title, 80)), formatInt(v.Views, r.Lang)))
		}
		text += "\n\n" + strings.Join(lines, "\n")
	}
	text += b.unitStats(ctx, r.Lang) // audiences by unit
	if err := b.reply(ctx, r, text, nil); err != nil {
		return err
	}
	return b.sendChart(ctx, r, p.Today)
}

// sendChart sends the bar chart of the last 30 days' visits as a photo.
func (b *Bot) sendChart(ctx context.Context, r *Request, today content.Day) error {
	from := today.AddDays(-(chartDays - 1), b.zone)
	days, err := b.store.VisitHistory(ctx, from, today)
	if err != nil {
		return err
	}
	png, err := visitsChart(r.Lang.T(msgChartTitle), days, from, chartDays, b.zone)
	if err != nil {
		return err
	}
	photo := tgbotapi.NewPhoto(r.ChatID, tgbotapi.FileBytes{Name: "visits.png", Bytes: png})
	_, err = b.send(ctx, r.ChatID, photo)
	return err
}

// formatInt writes n with thousands separators: "5.574.773" in Vietnamese,
// "5,574,773" in English.
func formatInt(n int64, l Lang) string {
	sep := "."
	if l == English {
		sep = ","
	}
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, d := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(d)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
