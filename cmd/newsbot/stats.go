package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"newsbot/content"
	"newsbot/store"
)

func (app *App) stats(ctx context.Context, args []string) error {
	var c common
	fs := app.flags("stats", &c)
	asJSON := fs.Bool("json", false, "print the figures as JSON")
	asCSV := fs.Bool("csv", false, "print one row a day, FROM TO (YYYY-MM-DD, Vietnam time), as CSV")
	if sub := subcommandFirst(fs, args); len(sub) > 0 && sub[0] == "set-total" {
		return app.statsSetTotal(ctx, sub[1:])
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	zone := content.VietnamZone()
	switch {
	case *asCSV && fs.NArg() != 2:
		return fmt.Errorf("stats --csv: give FROM and TO days, e.g. 2026-01-01 2026-01-31: %w", errUsage)
	case *asCSV:
		if err := checkDays(content.Day(fs.Arg(0)), content.Day(fs.Arg(1)), zone); err != nil {
			return err
		}
	case fs.NArg() > 0:
		return fmt.Errorf("stats takes no arguments but with --csv FROM TO, or set-total N; got %q: %w", fs.Args(), errUsage)
	}
	db, err := app.openDB(c, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	if *asCSV {
		return app.statsCSV(ctx, db, content.Day(fs.Arg(0)), content.Day(fs.Arg(1)), zone)
	}
	now := app.Now()
	p := content.PeriodsOf(now, zone)
	vs, err := db.VisitStats(ctx, p)
	if err != nil {
		return err
	}
	as, err := db.AdminStats(ctx, now.AddDate(0, 0, -7), string(p.Today[:7]), 5)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(app.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Day content.Day `json:"day"`
			content.VisitStats
			Admin content.AdminStats `json:"admin"`
		}{p.Today, vs, as})
	}
	v := vs.Counter
	fmt.Fprintf(app.Stdout, "Truy cập (%s)\nHôm nay: %d\nHôm qua: %d\nTuần này: %d\nTháng này: %d\nTất cả: %d\n\n",
		p.Today, v.Today, v.Yesterday, v.Week, v.Month, v.Total)
	fmt.Fprintf(app.Stdout, "People today: %d, this month: %d\nReceiving news: %d, blocked the bot: %d, unsubscribed: %d\nArticles: %d\nNotices sent in 7 days: %d\n",
		vs.PeopleToday, vs.PeopleMonth, as.Active, as.Blocked, as.Stopped, as.Articles, as.PushesSent)
	for i, m := range as.MostViewed {
		fmt.Fprintf(app.Stdout, "%d. %s (%s)\n", i+1, m.Title, content.Counted(int(m.Views), "view", "views"))
	}
	return nil
}

// checkDays checks the FROM and TO of stats --csv: two days YYYY-MM-DD, FROM
// not after TO, at most 20 years apart; anything else is a usage error.
func checkDays(from, to content.Day, zone *time.Location) error {
	start, ok1 := from.Time(zone)
	end, ok2 := to.Time(zone)
	if !ok1 || !ok2 || end.Before(start) || end.Sub(start) > 20*366*24*time.Hour {
		return fmt.Errorf("stats --csv %s %s: want two days YYYY-MM-DD, FROM not after TO: %w", from, to, errUsage)
	}
	return nil
}

// statsCSV writes one row a day from..to, which checkDays accepted, days
// without visits included.
func (app *App) statsCSV(ctx context.Context, db *store.DB, from, to content.Day, zone *time.Location) error {
	days, err := db.VisitHistory(ctx, from, to)
	if err != nil {
		return err
	}
	byDay := make(map[content.Day]content.DayCount, len(days))
	for _, d := range days {
		byDay[d.Day] = d
	}
	w := newCSVWriter(app.Stdout)
	w.Write("date", "visits", "people")
	for d := from; d <= to; d = d.AddDays(1, zone) {
		row := byDay[d]
		w.Write(string(d), strconv.FormatInt(row.Visits, 10), strconv.FormatInt(row.People, 10))
	}
	return w.Flush()
}

func (app *App) statsSetTotal(ctx context.Context, args []string) error {
	var c common
	fs := app.flags("stats set-total", &c)
	if err := parse(fs, args); err != nil {
		return err
	}
	n, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if fs.NArg() != 1 || err != nil || n < 0 {
		return fmt.Errorf("stats set-total: give the all-time total, a whole number ≥ 0: %w", errUsage)
	}
	db, err := app.openDB(c, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.SetVisitsTotal(ctx, n); err != nil {
		return err
	}
	if _, err := db.AppendAudit(ctx, content.AuditEntry{Action: content.AuditStatsTotal, Detail: fs.Arg(0)}); err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, "The all-time visit total is now %d; visits from now on add to it.\n", n)
	return nil
}
