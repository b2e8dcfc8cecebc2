package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"text/tabwriter"

	"newsbot/content"
	"newsbot/store"
)

// memberSynopsis is `newsbot member -h`'s list of subcommands.
const memberSynopsis = `  newsbot member list             closed mode's pending join requests and the member count
  newsbot member remove USER_ID   remove a member: record, alerts and pushes; /start is refused after
`

// member lists closed mode's pending join requests and members ("member
// list") or removes a member ("member remove USER_ID"), as /members does.
// The subcommand and its arguments are checked before the database is
// opened; a missing database is an error (openDB), never a new one.
func (app *App) member(ctx context.Context, args []string) error {
	args = subcommandFirst(app.flags("member", new(common)), args)
	if len(args) == 0 {
		return fmt.Errorf("member: want list or remove: %w", errUsage)
	}
	var c common
	if isHelp(args[0]) {
		return app.commandHelp("member", memberSynopsis, app.flags("member", &c))
	}
	fs := app.flags("member "+args[0], &c)
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	var id int64
	switch args[0] {
	case "list":
		if fs.NArg() != 0 {
			return fmt.Errorf("member list takes no arguments: %w", errUsage)
		}
	case "remove":
		if fs.NArg() != 1 {
			return fmt.Errorf("member remove: name one USER_ID (the person's numeric Telegram ID): %w", errUsage)
		}
		var err error
		if id, err = strconv.ParseInt(fs.Arg(0), 10, 64); err != nil || id <= 0 {
			return fmt.Errorf("member remove: %q is not a Telegram user ID (a positive number): %w", fs.Arg(0), errUsage)
		}
	default:
		return fmt.Errorf("member: unknown subcommand %q, want list or remove: %w", args[0], errUsage)
	}
	// list only reads: read-only, so that it works while the bot runs.
	db, err := app.openDB(c, store.Options{ReadOnly: args[0] == "list"})
	if err != nil {
		return err
	}
	defer db.Close()
	if args[0] == "list" {
		return app.listMembers(ctx, db)
	}
	rm, err := db.RemoveMember(ctx, id, 0)
	switch {
	case errors.Is(err, store.ErrNotFound):
		fmt.Fprintln(app.Stdout, "Not a member:", id, "(nothing changed)")
		return nil
	case errors.Is(err, store.ErrMemberIsAdmin):
		return fmt.Errorf("member remove: %d is an admin; remove the admin first (newsbot admin remove %d)", id, id)
	case err != nil:
		return err
	}
	_, err = db.AppendAudit(ctx, content.AuditEntry{Action: content.AuditMemberRemove, Detail: rm.AuditDetail()})
	return app.memberRemoved(rm, err)
}

// memberRemoved prints a removal already committed, then reports auditErr,
// the failure to write its audit entry (nil: written), as a warning: the
// member stays removed, which the output says first.
func (app *App) memberRemoved(rm content.MemberRemoval, auditErr error) error {
	fmt.Fprintf(app.Stdout, "Removed member %s: %s deleted, %s not yet sent dropped, %s unsubscribed\n",
		oneLine(rm.AuditDetail()), content.Counted(rm.Alerts, "keyword alert", "keyword alerts"),
		content.Counted(rm.Pushes, "notice", "notices"), content.Counted(rm.Groups, "unapproved group", "unapproved groups"))
	if auditErr != nil {
		return fmt.Errorf("warning: member %d was removed, but the removal is not in the audit log: %w", rm.Member.ChatID, auditErr)
	}
	return nil
}

// listMembers prints the pending join requests, oldest first, in Vietnam
// time, and the member count.
func (app *App) listMembers(ctx context.Context, db *store.DB) error {
	m, err := db.Membership(ctx)
	if err != nil {
		return err
	}
	if len(m.Pending) == 0 {
		fmt.Fprintln(app.Stdout, "No pending join requests.")
	} else {
		fmt.Fprintf(app.Stdout, "Pending join requests: %d\n", len(m.Pending))
		tw := tabwriter.NewWriter(app.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "USER ID\tNAME\tUSERNAME\tASKED (VIETNAM)")
		for _, r := range m.Pending {
			username := ""
			if r.Username != "" {
				username = "@" + r.Username
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", r.UserID, oneLine(r.Name), oneLine(username), vnTime(r.At))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintf(app.Stdout, "Members: %d (%d receiving news)\n", m.Members, m.Receiving)
	return nil
}
