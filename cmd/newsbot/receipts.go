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

// receipts lists the notices that ask for acknowledgement, or, given a
// notice's ID (as /receipts shows it, "#12" or "12"), who has and who has
// not acknowledged it; --csv prints the latter as CSV with a header. Its
// arguments are checked before the database is opened.
func (app *App) receipts(ctx context.Context, args []string) error {
	var c common
	fs := app.flags("receipts", &c)
	asCSV := fs.Bool("csv", false, "print one notice's recipients as CSV")
	limit := fs.Int("limit", 20, "how many notices to list")
	if err := parse(fs, args); err != nil {
		return err
	}
	pos := fs.Args()
	if len(pos) > 1 || (*asCSV && len(pos) == 0) {
		return fmt.Errorf("receipts: give at most one notice ID (as /receipts shows it, e.g. 12), and one for --csv: %w", errUsage)
	}
	var id uint64
	if len(pos) == 1 {
		var err error
		id, err = strconv.ParseUint(strings.TrimPrefix(pos[0], "#"), 10, 64)
		if err != nil || id == 0 {
			return fmt.Errorf("receipts: %q is not a notice ID (a number, as /receipts shows it): %w", pos[0], errUsage)
		}
	}
	db, err := app.openDB(c, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	zone := content.VietnamZone()
	if len(pos) == 0 {
		rcs, err := db.Receipts(ctx, *limit)
		if err != nil {
			return err
		}
		if len(rcs) == 0 {
			fmt.Fprintln(app.Stdout, "No notice has asked for acknowledgement yet.")
			return nil
		}
		w := tabwriter.NewWriter(app.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tSENT (VIETNAM)\tACKNOWLEDGED\tREMINDED\tTITLE")
		for _, rc := range rcs {
			fmt.Fprintf(w, "%d\t%s\t%d/%d\t%s\t%s\n", rc.Job.ID, vnTime(rc.Job.Created),
				rc.Acked, rc.Job.Total, yesNo(rc.Reminder != 0), oneLine(rc.Title))
		}
		return w.Flush()
	}
	d, err := db.Receipt(ctx, id)
	if err != nil {
		return err
	}
	if *asCSV {
		cw := newCSVWriter(app.Stdout)
		cw.Write("chat_id", "name", "username", "acknowledged", "acknowledged_at", "acknowledged_by", "status")
		for _, e := range d.Entries {
			at := ""
			if e.Acked {
				at = e.At.In(zone).Format("2006-01-02 15:04:05")
			}
			cw.Write(strconv.FormatInt(e.ChatID, 10), e.Name, e.Username, yesNo(e.Acked), at, e.By, receiptStatus(e))
		}
		return cw.Flush()
	}
	fmt.Fprintf(app.Stdout, "#%d %s\nSent %s (Vietnam time); acknowledged %d/%d\n\n", d.Job.ID, oneLine(d.Title),
		vnTime(d.Job.Created), d.Acked, d.Job.Total)
	w := tabwriter.NewWriter(app.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "CHAT\tNAME\tUSERNAME\tACKNOWLEDGED\tAT (VIETNAM)\tSTATUS")
	for _, e := range d.Entries {
		at := ""
		if e.Acked {
			at = vnTime(e.At)
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\n", e.ChatID, oneLine(e.Name), oneLine(e.Username), yesNo(e.Acked), at,
			receiptStatus(e))
	}
	return w.Flush()
}

// receiptStatus names a recipient's state as /receipts shows it, in the
// same order: acknowledged; else unreachable (blocked, or the send
// failed), not sent (pending or cancelled), left (no longer receives
// pushes); else pending (sent, not yet acknowledged: a reminder may go).
func receiptStatus(e content.ReceiptEntry) string {
	switch {
	case e.Acked:
		return "acknowledged"
	case e.Unreachable:
		return "unreachable"
	case e.NotSent:
		return "not sent"
	case e.Left:
		return "left"
	default:
		return "pending"
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
