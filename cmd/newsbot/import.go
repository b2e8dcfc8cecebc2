package main

import (
	"context"
	"encoding/json"
	"fmt"

	"newsbot/content"
	"newsbot/content/inbox"
	"newsbot/store"
)

// importProgressMin is the number of files from which import shows its
// progress.
const importProgressMin = 20

func (app *App) importFiles(ctx context.Context, args []string) error {
	var c common
	fs := app.flags("import", &c)
	dryRun := fs.Bool("dry-run", false, "parse and print, write nothing")
	asJSON := fs.Bool("json", false, "print the parsed articles as a JSON array")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("import: name at least one FILE: %w", errUsage)
	}
	var db *store.DB
	if !*dryRun {
		var err error
		if db, err = store.Open(c.db, store.Options{Now: app.Now}); err != nil {
			return err
		}
		defer db.Close()
	}
	var (
		parsed []content.Article
		failed []error
	)
	// Progress shows for many files only, on stderr, so that stdout stays
	// the list of what was imported.
	var bar *progress
	if fs.NArg() >= importProgressMin {
		bar = newProgress(app.Stderr, isTerminal(app.Stderr), "import", fs.NArg(), app.Now)
	}
	for i, path := range fs.Args() {
		if bar != nil {
			bar.Update(i)
		}
		a, err := inbox.ReadFile(path, app.Now())
		if err == nil && db != nil {
			err = app.publishOne(ctx, db, a, *asJSON)
		}
		if err != nil {
			failed = append(failed, err)
			if bar != nil {
				bar.Finish() // the message starts a line of its own
			}
			fmt.Fprintf(app.Stderr, "newsbot: import: %v\n", err)
			continue
		}
		parsed = append(parsed, a)
		if *dryRun && !*asJSON {
			fmt.Fprintf(app.Stdout, "%s\t%s\t%s (dry run: not stored)\n", a.ID, a.Published.Format("2006-01-02 15:04"), a.Title)
		}
	}
	if bar != nil {
		bar.Update(fs.NArg())
		bar.Finish()
	}
	if *asJSON {
		enc := json.NewEncoder(app.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if parsed == nil {
			parsed = []content.Article{}
		}
		if err := enc.Encode(parsed); err != nil {
			return err
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("import: %d of %d files failed", len(failed), fs.NArg())
	}
	return nil
}

func (app *App) publishOne(ctx context.Context, db *store.DB, a content.Article, quiet bool) error {
	res, err := db.PublishArticle(ctx, a)
	if err != nil {
		return err
	}
	if quiet {
		return nil
	}
	switch {
	case !res.Created:
		fmt.Fprintf(app.Stdout, "%s\t%s (already stored)\n", a.ID, a.Title)
	case res.Job.ID != 0:
		fmt.Fprintf(app.Stdout, "%s\t%s (stored; push to %d chats queued)\n", a.ID, a.Title, res.Job.Total)
	default:
		fmt.Fprintf(app.Stdout, "%s\t%s (stored; nobody subscribed yet)\n", a.ID, a.Title)
	}
	return nil
}
