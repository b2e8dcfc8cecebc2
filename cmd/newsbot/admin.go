package main

import (
	"context"
	"fmt"
	"strconv"

	"newsbot/content"
	"newsbot/store"
)

// adminSynopsis is `newsbot admin -h`'s list of subcommands.
const adminSynopsis = `  newsbot admin add USER_ID      make the person with this numeric Telegram ID an admin
  newsbot admin remove USER_ID   remove an admin
  newsbot admin list             list the admins
`

// admin runs `newsbot admin add|remove USER_ID | list`. The subcommand and
// its arguments are checked before the database is opened, so a usage
// error (exit 2) never creates or changes a database file.
func (app *App) admin(ctx context.Context, args []string) error {
	args = subcommandFirst(app.flags("admin", new(common)), args)
	if len(args) == 0 {
		return fmt.Errorf("admin: want add, remove or list: %w", errUsage)
	}
	var c common
	if isHelp(args[0]) {
		return app.commandHelp("admin", adminSynopsis, app.flags("admin", &c))
	}
	switch args[0] {
	case "add", "remove", "list":
	default:
		return fmt.Errorf("admin: unknown subcommand %q, want add, remove or list: %w", args[0], errUsage)
	}
	fs := app.flags("admin "+args[0], &c)
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	var id int64
	if args[0] == "list" {
		if fs.NArg() != 0 {
			return fmt.Errorf("admin list takes no arguments, got %q: %w", fs.Args(), errUsage)
		}
	} else {
		if fs.NArg() != 1 {
			return fmt.Errorf("admin %s: name one USER_ID (the person's numeric Telegram ID): %w", args[0], errUsage)
		}
		var err error
		id, err = strconv.ParseInt(fs.Arg(0), 10, 64)
		if err != nil || id <= 0 {
			return fmt.Errorf("admin %s: %q is not a Telegram user ID (a positive number): %w", args[0], fs.Arg(0), errUsage)
		}
	}
	db, err := app.openDB(c, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	if args[0] == "list" {
		admins, err := db.Admins(ctx)
		if err != nil {
			return err
		}
		if len(admins) == 0 {
			fmt.Fprintln(app.Stdout, "No admins yet. Add one with `newsbot admin add USER_ID`.")
		}
		for _, a := range admins {
			fmt.Fprintf(app.Stdout, "%d\tadded %s (Vietnam time)\n", a.UserID, vnTime(a.AddedAt))
		}
		return nil
	}
	switch args[0] {
	case "add":
		added, err := db.AddAdmin(ctx, id, 0)
		if err != nil {
			return err
		}
		if added {
			if _, err := db.AppendAudit(ctx, content.AuditEntry{Action: content.AuditAdminAdd, Detail: fs.Arg(0)}); err != nil {
				return err
			}
		}
		fmt.Fprintln(app.Stdout, map[bool]string{true: "Added admin", false: "Already an admin:"}[added], id)
	case "remove":
		removed, err := db.RemoveAdmin(ctx, id)
		if err != nil {
			return err
		}
		if removed {
			if _, err := db.AppendAudit(ctx, content.AuditEntry{Action: content.AuditAdminRemove, Detail: fs.Arg(0)}); err != nil {
				return err
			}
		}
		fmt.Fprintln(app.Stdout, map[bool]string{true: "Removed admin", false: "Not an admin:"}[removed], id)
	}
	return nil
}
