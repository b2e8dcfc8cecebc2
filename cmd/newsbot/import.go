package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"newsbot/content"
	"newsbot/store"
)

// importProgressMin is the number of files from which import shows its
// progress.
const importProgressMin = 20

// importOptions are `newsbot import`'s flags.
type importOptions struct {
	dryRun, asJSON, quiet bool
	pushMaxAge            time.Duration
}

func (app *App) importFiles(ctx context.Context, args []string) error {
	var c common
	var o importOptions
	fs := app.flags("import", &c)
	fs.BoolVar(&o.dryRun, "dry-run", false, "parse and print, write nothing")
	fs.BoolVar(&o.asJSON, "json", false, "print the parsed articles as a JSON array")
	fs.BoolVar(&o.quiet, "quiet", false, "store the articles without pushing any (an archive)")
	fs.DurationVar(&o.pushMaxAge, "push-max-age", content.DefaultPushMaxAge,
		"push only articles published less than this long ago; older ones are stored quietly (0: no limit)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("import: name at least one FILE or FOLDER: %w", errUsage)
	}
	if o.pushMaxAge < 0 {
		return fmt.Errorf("--push-max-age %v: want 0 (no limit) or a positive duration such as 72h: %w", o.pushMaxAge, errUsage)
	}
	files, failed := importPaths(fs.Args())
	for _, err := range failed {
		fmt.Fprintf(app.Stderr, "newsbot: import: %v\n", err)
	}
	if len(files) == 0 && len(failed) == 0 {
		return fmt.Errorf("import: no *.txt file in %s", strings.Join(fs.Args(), ", "))
	}
	var db *store.DB
	if !o.dryRun {
		var err error
		if db, err = store.Open(c.db, store.Options{Now: app.Now}); err != nil {
			return err
		}
		defer db.Close()
	}
	imp := &importer{app: app, db: db, opts: o, failed: len(failed)}
	// Progress shows for many files only, on stderr, so that stdout stays
	// the list of what was imported.
	if len(files) >= importProgressMin {
		imp.bar = newProgress(app.Stderr, isTerminal(app.Stderr), "import", len(files), app.Now)
	}
	if err := imp.run(ctx, files); err != nil {
		return err
	}
	if o.asJSON {
		enc := json.NewEncoder(app.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if imp.parsed == nil {
			imp.parsed = []content.Article{}
		}
		if err := enc.Encode(imp.parsed); err != nil {
			return err
		}
	}
	if total := len(files) + len(failed); imp.failed > 0 {
		return fmt.Errorf("import: %d of %d files failed", imp.failed, total)
	}
	return nil
}
