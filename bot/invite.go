package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// Invites are closed mode's invite links.
type Invites interface {
	// CreateInvite stores inv for code (only the code's hash is kept).
	CreateInvite(ctx context.Context, code string, inv content.Invite) (content.Invite, error)
	// RedeemInvite spends one use and subscribes s, atomically; see the
	// content.ErrInvite* errors and content.ErrAlreadyMember.
	RedeemInvite(ctx context.Context, code string, s content.Subscriber) (content.Invite, error)
	// Invites lists the invites still admitting people, newest first.
	Invites(ctx context.Context) ([]content.Invite, error)
	// RevokeInvite stops one: content.ErrInviteUnknown, content.ErrInviteRevoked.
	RevokeInvite(ctx context.Context, id uint64) (content.Invite, error)
}

// invitePayload starts an invite link's /start parameter, apart from the
// other deep links (latest, search_, a_).
const invitePayload = "i_"

// maxInvitesShown caps /invites' list (and its buttons) to the newest.
const maxInvitesShown = 30

func (b *Bot) inviteRoutes(rt *Router) {
	rt.Command("invite", b.adminOnly(b.handleInvite))
	rt.Command("invites", b.adminOnly(b.handleInvites))
	rt.Callback(callbackInvite, b.adminOnly(b.handleInviteButton))
}

// parseInviteArgs reads "/invite [uses] [days]", applying the defaults; it
// reports false for anything outside 1..MaxInviteUses and 1..MaxInviteDays.
func parseInviteArgs(args string) (uses, days int, ok bool) {
	uses, days = content.DefaultInviteUses, content.DefaultInviteDays
	f := strings.Fields(args)
	if len(f) > 2 {
		return 0, 0, false
	}
	for i, p := range []*int{&uses, &days} {
		if i >= len(f) {
			break
		}
		n, err := strconv.Atoi(f[i])
		if err != nil {
			return 0, 0, false
		}
		*p = n
	}
	return uses, days, uses >= 1 && uses <= content.MaxInviteUses && days >= 1 && days <= content.MaxInviteDays
}

// handleInvite makes an invite link and gives it to the admin, in a
// private chat only (the link is a secret).
func (b *Bot) handleInvite(ctx context.Context, r *Request) error {
	uses, days, ok := parseInviteArgs(r.Args)
	if !ok {
		return b.reply(ctx, r, r.Lang.T(msgInviteUsage, content.MaxInviteUses, content.MaxInviteDays), nil)
	}
	if r.ChatType != "private" {
		return b.reply(ctx, r, r.Lang.T(msgInvitePrivateOnly), nil)
	}
	code := content.NewInviteCode()
	inv, err := b.store.CreateInvite(ctx, code, content.Invite{Uses: uses, Created: b.now(),
		Expires: b.now().Add(time.Duration(days) * 24 * time.Hour), CreatedBy: r.User.ID})
	if err != nil {
		return err
	}
	b.audit(ctx, r, content.AuditInviteCreate, fmt.Sprintf("#%d, %s, %s", inv.ID, content.Counted(uses, "use", "uses"), content.Counted(days, "day", "days")))
	link := "https://t.me/" + b.client.Self().UserName + "?start=" + invitePayload + code
	return b.reply(ctx, r, r.Lang.N(msgInviteCreated, uses, inv.ID, uses, formatTime(inv.Expires, b.zone), escape(link)), nil)
}

// handleInvites lists the active invite links with a revoke button each.
func (b *Bot) handleInvites(ctx context.Context, r *Request) error {
	text, kb, err := b.invitesView(ctx, r.Lang)
	if err != nil {
		return err
	}
	if kb == nil {
		return b.reply(ctx, r, text, nil)
	}
	return b.reply(ctx, r, text, *kb)
}

// invitesView renders the active invites; the keyboard is nil when none is.
func (b *Bot) invitesView(ctx context.Context, l Lang) (string, *tgbotapi.InlineKeyboardMarkup, error) {
	invs, err := b.store.Invites(ctx)
	if err != nil {
		return "", nil, err
	}
	if len(invs) == 0 {
		return l.T(msgInvitesNone), nil, nil
	}
	if len(invs) > maxInvitesShown {
		invs = invs[:maxInvitesShown]
	}
	lines := []string{l.T(msgInvitesHeader)}
	var rows [][]tgbotapi.InlineKeyboardButton
	for _, inv := range invs {
		lines = append(lines, l.T(msgInviteLine, inv.ID, inv.Left, inv.Uses, formatTime(inv.Expires, b.zone), b.personName(ctx, inv.CreatedBy)))
		rows = append(rows, tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData(
			l.T(msgInviteRevoke, inv.ID), fmt.Sprintf("%s:r:%d", callbackInvite, inv.ID))))
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(rows...)
	return strings.Join(lines, "\n"), &kb, nil
}

// handleInviteButton revokes the invite "inv:r:<ID>" names. Unknown IDs and
// invites revoked before answer politely and change nothing.
func (b *Bot) handleInviteButton(ctx context.Context, r *Request) error {
	idText, ok := strings.CutPrefix(r.Callback, callbackInvite+":r:")
	id, err := strconv.ParseUint(idText, 10, 64)
	if !ok || err != nil || id == 0 {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	inv, err := b.store.RevokeInvite(ctx, id)
	switch {
	case errors.Is(err, content.ErrInviteUnknown), errors.Is(err, content.ErrInviteRevoked):
		return b.answer(ctx, r, r.Lang.T(msgInviteGone))
	case err != nil:
		return err
	}
	b.audit(ctx, r, content.AuditInviteRevoke, fmt.Sprintf("#%d, %d of %d uses left", inv.ID, inv.Left, inv.Uses))
	if _, kb, err := b.invitesView(ctx, r.Lang); err == nil {
		if kb == nil {
			kb = &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{}}
		}
		if err := b.editKeyboard(ctx, r, *kb); err != nil {
			return err
		}
	}
	return b.answer(ctx, r, r.Lang.T(msgInviteRevoked, inv.ID))
}

// redeemInvite admits a newcomer with an invite code (closed mode). A code
// that admits nobody gets a polite explanation and changes nothing.
func (b *Bot) redeemInvite(ctx context.Context, r *Request, code string) (handled bool, err error) {
	if !content.ValidInviteCode(code) {
		return true, b.reply(ctx, r, r.Lang.T(msgInviteBad), nil)
	}
	inv, err := b.store.RedeemInvite(ctx, code, subscriberOf(r))
	switch {
	case err == nil:
		b.log.Info("invite redeemed", slog.Uint64("invite", inv.ID), slog.Int64("user", r.User.ID), slog.Int("left", inv.Left))
		return true, b.reply(ctx, r, r.Lang.T(msgWelcome, escape(greetingName(r))), nil)
	case errors.Is(err, content.ErrAlreadyMember):
		return false, nil
	case errors.Is(err, content.ErrInviteExpired):
		return true, b.reply(ctx, r, r.Lang.T(msgInviteExpired), nil)
	case errors.Is(err, content.ErrInviteUsedUp):
		return true, b.reply(ctx, r, r.Lang.T(msgInviteUsedUp), nil)
	case errors.Is(err, content.ErrInviteUnknown), errors.Is(err, content.ErrInviteRevoked):
		return true, b.reply(ctx, r, r.Lang.T(msgInviteBad), nil)
	}
	return true, err
}
