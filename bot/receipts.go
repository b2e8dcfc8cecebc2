package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// Bounds of /receipts.
const (
	receiptsListed = 10
	// receiptNamesShown caps each list of names; the rest are counted.
	receiptNamesShown = 30
)

// directivesRoutes registers /post, the "Đã nhận" button and /receipts.
func (b *Bot) directivesRoutes(rt *Router) {
	b.postRoutes(rt)
	b.ackRoutes(rt)
	rt.Command("receipts", b.adminOnly(b.handleReceipts))
	rt.Callback(callbackReceipt, b.adminOnly(b.handleReceiptButton))
}

// handleReceipts lists the latest notices that ask for acknowledgement with
// acknowledged/total, and a button for each that shows who has and has not.
func (b *Bot) handleReceipts(ctx context.Context, r *Request) error {
	rcs, err := b.store.Receipts(ctx, receiptsListed)
	if err != nil {
		return err
	}
	if len(rcs) == 0 {
		return b.reply(ctx, r, r.Lang.T(msgReceiptsNone), nil)
	}
	lines := []string{r.Lang.T(msgReceiptsHeader)}
	var rows [][]tgbotapi.InlineKeyboardButton
	for _, rc := range rcs {
		line := r.Lang.T(msgReceiptsLine, rc.Job.ID, escape(truncate(rc.Title, 80)), rc.Acked, rc.Job.Total)
		if rc.Job.RetractedBy != 0 {
			line += " " + r.Lang.T(msgJobRetracted, rc.Job.RetractedBy)
		}
		lines = append(lines, line)
		label := fmt.Sprintf("#%d %s", rc.Job.ID, truncate(rc.Title, 40))
		rows = append(rows, tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData(label, callbackReceipt+":v"+strconv.FormatUint(rc.Job.ID, 10))))
	}
	return b.reply(ctx, r, strings.Join(lines, "\n"), tgbotapi.NewInlineKeyboardMarkup(rows...))
}

// handleReceiptButton shows one notice's acknowledgements ("rc:v<id>") or
// sends its one reminder ("rc:r<id>"). Unknown or forged IDs get a polite
// notice and change nothing.
func (b *Bot) handleReceiptButton(ctx context.Context, r *Request) error {
	rest := strings.TrimPrefix(r.Callback, callbackReceipt+":")
	if rest == "" || r.ChatID == 0 {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	id, err := strconv.ParseUint(rest[1:], 10, 64)
	if err != nil || id == 0 || strings.HasPrefix(rest[1:], "+") {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	switch rest[0] {
	case 'v':
		return b.showReceipt(ctx, r, id)
	case 'r':
		return b.remind(ctx, r, id)
	}
	return b.answer(ctx, r, r.Lang.T(msgStaleButton))
}

// showReceipt sends who has and who has not acknowledged notice id.
func (b *Bot) showReceipt(ctx context.Context, r *Request, id uint64) error {
	d, err := b.store.Receipt(ctx, id)
	if errors.Is(err, content.ErrNoReceipt) {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	if err != nil {
		return err
	}
	if err := b.answer(ctx, r, ""); err != nil {
		return err
	}
	html, remindable := b.receiptText(r.Lang, d)
	var markup any
	if remindable > 0 && d.Reminder == 0 {
		markup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgReceiptRemind), callbackReceipt+":r"+strconv.FormatUint(id, 10))))
	}
	return b.reply(ctx, r, html, markup)
}

// receiptText renders d: the notice, then the names of those who have
// acknowledged and of those who have not, each list capped; those who
// cannot be reminded are marked why (not reached, not sent yet, no longer
// receiving news). It also returns how many could be reminded
// (content.ReceiptEntry.Remindable).
func (b *Bot) receiptText(l Lang, d content.ReceiptDetail) (string, int) {
	var acked, pending []string
	remindable := 0
	for _, e := range d.Entries {
		name := escape(receiptName(e))
		switch {
		case e.Acked:
			if e.By != "" && e.By != e.Name {
				name += " — " + escape(capRunes(e.By, 64))
			}
			acked = append(acked, "• "+name+" · "+formatTime(e.At, b.zone))
		case e.Unreachable:
			pending = append(pending, "• "+name+" "+l.T(msgReceiptUnreachable))
		case e.NotSent:
			pending = append(pending, "• "+name+" "+l.T(msgReceiptNotSent))
		case e.Left:
			pending = append(pending, "• "+name+" "+l.T(msgReceiptLeft))
		default: // e.Remindable()
			remindable++
			pending = append(pending, "• "+name)
		}
	}
	parts := []string{l.T(msgReceiptHeader, escape(truncate(d.Title, 120)), d.Job.ID,
		formatTime(d.Job.Created, b.zone), d.Acked, d.Job.Total)}
	parts = append(parts, l.T(msgReceiptAcked, len(acked))+"\n"+capList(l, acked))
	parts = append(parts, l.T(msgReceiptPending, len(pending))+"\n"+capList(l, pending))
	if d.Reminder != 0 {
		parts = append(parts, l.T(msgReceiptReminded, d.Reminder))
	}
	return strings.TrimSpace(strings.Join(parts, "\n\n")), remindable
}

// capList joins up to receiptNamesShown lines and counts the rest.
func capList(l Lang, lines []string) string {
	if len(lines) <= receiptNamesShown {
		return strings.Join(lines, "\n")
	}
	return strings.Join(lines[:receiptNamesShown], "\n") + "\n" + l.T(msgReceiptMore, len(lines)-receiptNamesShown)
}

// receiptName names a recipient: its name and username, else its chat ID.
func receiptName(e content.ReceiptEntry) string {
	return nameOr(e.Name, e.Username, strconv.FormatInt(e.ChatID, 10))
}

// remind sends notice id's one reminder to those who have not acknowledged.
func (b *Bot) remind(ctx context.Context, r *Request, id uint64) error {
	job, err := b.store.RemindUnacknowledged(ctx, id, r.User.ID)
	switch {
	case errors.Is(err, content.ErrAlreadyReminded):
		return b.answer(ctx, r, r.Lang.T(msgReceiptRemindAlready))
	case errors.Is(err, content.ErrNobodyToRemind):
		return b.answer(ctx, r, r.Lang.T(msgReceiptRemindNobody))
	case errors.Is(err, content.ErrNoReceipt):
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	case errors.Is(err, content.ErrRetracted):
		return b.answer(ctx, r, r.Lang.T(msgReceiptRetracted, id))
	case err != nil:
		return err
	}
	b.audit(ctx, r, content.AuditReceiptRemind, fmt.Sprintf("#%d → reminder #%d, %s", id, job.ID, content.Counted(job.Total, "recipient", "recipients")))
	b.Notify()
	if err := b.editKeyboard(ctx, r, noButtons()); err != nil {
		return err
	}
	return b.answer(ctx, r, r.Lang.N(msgReceiptRemindSent, job.Total, job.Total))
}
