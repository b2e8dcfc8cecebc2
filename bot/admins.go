package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// AdminRoster lists and changes the admins.
type AdminRoster interface {
	// AdminIDs lists the admins' user IDs.
	AdminIDs(ctx context.Context) ([]int64, error)
	// AddAdmin makes userID an admin and reports whether it was not one.
	AddAdmin(ctx context.Context, userID, addedBy int64) (bool, error)
	// RemoveAdminKeepingOne revokes userID's rights unless it is the last
	// admin (content.ErrLastAdmin); it reports whether userID was an admin.
	RemoveAdminKeepingOne(ctx context.Context, userID int64) (bool, error)
}

func (b *Bot) adminsRoutes(rt *Router) {
	rt.Command("admins", b.adminOnly(b.handleAdmins))
	rt.Callback(callbackAdmins, b.adminOnly(b.handleAdminsButton))
}

// handleAdmins lists the admins ("/admins") or adds one ("/admins add ID",
// or "/admins add" in reply to the person's message, forwarded or not).
func (b *Bot) handleAdmins(ctx context.Context, r *Request) error {
	verb, rest, _ := strings.Cut(r.Args, " ")
	switch strings.ToLower(verb) {
	case "":
		return b.listAdmins(ctx, r)
	case "add", "thêm", "them":
		id, ok := personTarget(r, strings.TrimSpace(rest))
		if !ok {
			return b.reply(ctx, r, r.Lang.T(msgAdminsUsage), nil)
		}
		added, err := b.store.AddAdmin(ctx, id, r.User.ID)
		if err != nil {
			return err
		}
		label := b.personLabel(ctx, id)
		if !added {
			return b.reply(ctx, r, r.Lang.T(msgAdminAlready, escape(label)), nil)
		}
		b.audit(ctx, r, content.AuditAdminAdd, fmt.Sprintf("%d %s", id, label))
		if err := b.RegisterAdminCommands(ctx, []int64{id}); err != nil {
			b.log.Warn("admin menu not set", slog.Int64("admin", id), slog.Any("err", err))
		}
		return b.reply(ctx, r, r.Lang.T(msgAdminAdded, escape(label)), nil)
	}
	return b.reply(ctx, r, r.Lang.T(msgAdminsUsage), nil)
}

// personTarget finds whom "/admins add" or "/members remove" names: the ID
// given, or the author of the message it replies to (the original author of
// a forwarded one). A forwarded message whose author is hidden (or a
// channel) names nobody: its From is whoever forwarded it, not its author.
func personTarget(r *Request, arg string) (int64, bool) {
	if arg != "" {
		id, err := strconv.ParseInt(arg, 10, 64)
		return id, err == nil && id > 0
	}
	m := r.Update.Message
	if m == nil || m.ReplyToMessage == nil {
		return 0, false
	}
	reply := m.ReplyToMessage
	if reply.ForwardDate != 0 && reply.ForwardFrom == nil {
		return 0, false
	}
	u := reply.ForwardFrom
	if u == nil {
		u = reply.From
	}
	if u == nil || u.IsBot || u.ID <= 0 {
		return 0, false
	}
	return u.ID, true
}

// listAdmins shows the admins by name, a remove button each.
func (b *Bot) listAdmins(ctx context.Context, r *Request) error {
	ids, err := b.store.AdminIDs(ctx)
	if err != nil {
		return err
	}
	lines := []string{r.Lang.T(msgAdminsHeader)}
	var rows [][]tgbotapi.InlineKeyboardButton
	for _, id := range ids {
		label := b.personLabel(ctx, id)
		lines = append(lines, fmt.Sprintf("• %s — <code>%d</code>", escape(label), id))
		rows = append(rows, tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData(
			r.Lang.T(msgAdminRemoveButton, capRunes(label, 40)), fmt.Sprintf("%s:rm:%d", callbackAdmins, id))))
	}
	lines = append(lines, "", r.Lang.T(msgAdminsHowTo))
	return b.reply(ctx, r, strings.Join(lines, "\n"), tgbotapi.NewInlineKeyboardMarkup(rows...))
}

// handleAdminsButton asks to confirm a removal ("adm:rm:<ID>"), removes
// ("adm:rmy:<ID>", never the last admin) or cancels ("adm:no"). Forged and
// repeated presses answer politely and change nothing.
func (b *Bot) handleAdminsButton(ctx context.Context, r *Request) error {
	parts := strings.Split(r.Callback, ":")
	if len(parts) == 2 && parts[1] == "no" {
		if err := b.editKeyboard(ctx, r, noButtons()); err != nil {
			return err
		}
		return b.answer(ctx, r, r.Lang.T(msgAdminKept))
	}
	if len(parts) != 3 || (parts[1] != "rm" && parts[1] != "rmy") {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	id, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || id <= 0 {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	label := b.personLabel(ctx, id)
	if parts[1] == "rm" {
		is, err := b.store.IsAdmin(ctx, id)
		if err != nil {
			return err
		}
		if !is {
			return b.answer(ctx, r, r.Lang.T(msgAdminNotAdmin))
		}
		kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgAdminRemoveYes), fmt.Sprintf("%s:rmy:%d", callbackAdmins, id)),
			tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgAdminRemoveNo), callbackAdmins+":no")))
		if err := b.reply(ctx, r, r.Lang.T(msgAdminRemoveAsk, escape(label)), kb); err != nil {
			return err
		}
		return b.answer(ctx, r, "")
	}
	removed, err := b.store.RemoveAdminKeepingOne(ctx, id)
	switch {
	case errors.Is(err, content.ErrLastAdmin):
		return b.answer(ctx, r, r.Lang.T(msgAdminLast))
	case err != nil:
		return err
	case !removed:
		if err := b.editKeyboard(ctx, r, noButtons()); err != nil {
			return err
		}
		return b.answer(ctx, r, r.Lang.T(msgAdminNotAdmin))
	}
	b.audit(ctx, r, content.AuditAdminRemove, fmt.Sprintf("%d %s", id, label))
	if err := b.ClearAdminCommands(ctx, id); err != nil {
		b.log.Warn("admin menu not cleared", slog.Int64("admin", id), slog.Any("err", err))
	}
	if err := b.editKeyboard(ctx, r, noButtons()); err != nil {
		return err
	}
	return b.answer(ctx, r, r.Lang.T(msgAdminRemoved, label))
}
