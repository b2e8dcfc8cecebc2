package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"newsbot/content"
	"newsbot/store"
)

// auditLog prints the latest audit entries, newest first, in Vietnam time.
func (app *App) auditLog(ctx context.Context, args []string) error {
	var c common
	fs := app.flags("audit", &c)
	n := fs.Int("n", 50, "how many entries, newest first (0: all)")
	asJSON := fs.Bool("json", false, "print the entries as a JSON array")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *n < 0 {
		return fmt.Errorf("audit takes only --n N (N ≥ 0) and --json: %w", errUsage)
	}
	db, err := app.openDB(c, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	entries, err := db.Audit(ctx, *n)
	if err != nil {
		return err
	}
	if *asJSON {
		return app.printJSON(nonNil(entries))
	}
	if len(entries) == 0 {
		fmt.Fprintln(app.Stdout, "The audit log is empty.")
		return nil
	}
	names := map[int64]string{}
	who := func(id int64) string {
		if id == 0 {
			return "command line"
		}
		if name, ok := names[id]; ok {
			return name
		}
		name := strconv.FormatInt(id, 10)
		if s, err := db.Subscriber(ctx, id); err == nil && strings.TrimSpace(s.Name) != "" {
			name += " (" + oneLine(s.Name) + ")"
		}
		names[id] = name
		return name
	}
	zone := content.VietnamZone()
	tw := tabwriter.NewWriter(app.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tWHEN (VIETNAM)\tWHO\tACTION\tDETAIL")
	for _, e := range entries {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", e.Seq, e.At.In(zone).Format("2006-01-02 15:04:05"), who(e.UserID), e.Action, oneLine(e.Detail))
	}
	return tw.Flush()
}

// oneLine keeps s on one table row: tabs and line breaks become spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
