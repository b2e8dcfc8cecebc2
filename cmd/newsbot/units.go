package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"newsbot/content"
	"newsbot/store"
)

// loadUnits reads the units file (--units) and saves every unit in it, so
// the file's units exist (with the file's names) whenever newsbot runs.
// Units added with /units stay; none is deleted. An empty path does nothing
// and means people pick their own units.
func loadUnits(ctx context.Context, path string, db *store.DB) (unitsFile, error) {
	if path == "" {
		return unitsFile{SelfService: true}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return unitsFile{}, fmt.Errorf("units file: %w", err)
	}
	defer f.Close()
	file, err := parseUnits(f)
	if err != nil {
		if e := explainTOML(path, err); e != err {
			return unitsFile{}, e
		}
		return unitsFile{}, fmt.Errorf("%s: %w", path, err)
	}
	for _, u := range file.Units {
		if err := db.PutUnit(ctx, u); err != nil {
			return unitsFile{}, fmt.Errorf("%s: %w", path, err)
		}
	}
	return file, nil
}

// unitSynopsis is `newsbot unit -h`'s list of subcommands.
const unitSynopsis = `  newsbot unit assign USER_ID SLUG...     place a person in units (as /units assign does)
  newsbot unit unassign USER_ID SLUG...   take a person out of units
`

// unit runs `newsbot unit assign|unassign USER_ID SLUG...`: an admin's
// placing of people in units, from the server. Each change is audited.
// Usage errors (exit 2) are found before the database is opened.
func (app *App) unit(ctx context.Context, args []string) error {
	var c common
	if len(args) > 0 && isHelp(args[0]) {
		return app.commandHelp("unit", unitSynopsis, app.flags("unit", &c))
	}
	if len(args) == 0 || (args[0] != "assign" && args[0] != "unassign") {
		return fmt.Errorf("unit: want assign or unassign: %w", errUsage)
	}
	verb := args[0]
	fs := app.flags("unit "+verb, &c)
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() < 2 {
		return fmt.Errorf("unit %s: name a USER_ID and at least one unit slug, after any flags: %w", verb, errUsage)
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil || id == 0 {
		return fmt.Errorf("unit %s: %q is not a Telegram user or group ID: %w", verb, fs.Arg(0), errUsage)
	}
	slugs := make([]string, 0, fs.NArg()-1)
	for _, s := range fs.Args()[1:] {
		slugs = append(slugs, strings.ToLower(strings.TrimPrefix(s, "@")))
	}
	db, err := app.openDB(c, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := db.AssignUnits(ctx, id, slugs, verb == "assign")
	switch {
	case errors.Is(err, content.ErrNotFound):
		return fmt.Errorf("unit %s: %d has not used the bot (no /start), so has no record to place in units: %w", verb, id, err)
	case err != nil:
		return fmt.Errorf("unit %s: %w", verb, err)
	}
	action := content.AuditUnitUnassign
	if verb == "assign" {
		action = content.AuditUnitAssign
	}
	if _, err := db.AppendAudit(ctx, content.AuditEntry{Action: action, Detail: fmt.Sprintf("%d %s", id, strings.Join(slugs, " "))}); err != nil {
		return err
	}
	units := "none"
	if len(s.Units) > 0 {
		units = strings.Join(s.Units, ", ")
	}
	fmt.Fprintf(app.Stdout, "%d is now in: %s\n", id, units)
	return nil
}
