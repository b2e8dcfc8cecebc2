package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"newsbot/content"
	"newsbot/content/vi"
	"newsbot/store"
)

// maxCLIQueryRunes caps a query typed on the command line, as in Telegram.
const maxCLIQueryRunes = 200

func (app *App) search(ctx context.Context, args []string) error {
	var c common
	fs := app.flags("search", &c)
	asJSON := fs.Bool("json", false, "print the results as JSON")
	limit := fs.Int("limit", 10, "how many results to print (1–100)")
	if err := parse(fs, args); err != nil {
		return err
	}
	query := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(query) == "" {
		return fmt.Errorf("search: give the words to look for: %w", errUsage)
	}
	if *limit < 1 || *limit > 100 {
		return fmt.Errorf("search: --limit %d: want 1 to 100: %w", *limit, errUsage)
	}
	db, err := app.openDB(c, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.Search(ctx, vi.ParseQuery(query, maxCLIQueryRunes), 0, *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		return app.printSearchJSON(res)
	}
	verb := "match"
	if res.Total == 1 {
		verb = "matches"
	}
	fmt.Fprintf(app.Stdout, "%s %s %q\n", content.Counted(res.Total, "article", "articles"), verb, query)
	zone := content.VietnamZone()
	for i, h := range res.Hits {
		a := h.Article
		fmt.Fprintf(app.Stdout, "%2d. %s  %s\n    %s  id=%s score=%.2f\n", i+1,
			a.Published.In(zone).Format("02/01/2006"), a.Title, a.SourceURL, a.ID, h.Score)
	}
	return nil
}

func (app *App) printSearchJSON(res content.SearchResults) error {
	type hit struct {
		Score   float64         `json:"score"`
		Article content.Article `json:"article"`
	}
	out := struct {
		Total int   `json:"total"`
		Hits  []hit `json:"hits"`
	}{Total: res.Total, Hits: []hit{}}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, hit{h.Score, h.Article})
	}
	enc := json.NewEncoder(app.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func (app *App) reindex(ctx context.Context, args []string) error {
	var c common
	fs := app.flags("reindex", &c)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("reindex takes no arguments, got %q: %w", fs.Args(), errUsage)
	}
	db, err := app.openDB(c, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	start := app.Now()
	bar := newProgress(app.Stderr, isTerminal(app.Stderr), "reindex", 0, app.Now)
	err = db.Reindex(ctx, func(done, total int) {
		bar.total = total // known once the articles are counted
		bar.Update(done)
	})
	bar.Finish()
	if err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, "Search index rebuilt in %s.\n", app.Now().Sub(start).Round(1e6))
	return nil
}
