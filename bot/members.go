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

// Roll lists closed mode's members and removes them.
type Roll interface {
	// Membership lists the pending join requests, oldest first, and counts
	// the members.
	Membership(ctx context.Context) (content.Membership, error)
	// RemoveMember deletes userID's record and keyword alerts and marks
	// their join request rejected by admin by, atomically; an unknown user
	// is content.ErrNotFound, an admin content.ErrMemberIsAdmin.
	RemoveMember(ctx context.Context, userID, by int64) (content.MemberRemoval, error)
}

// maxPendingShown caps /members' list of requests (and its buttons) to the
// oldest.
const maxPendingShown = 20

func (b *Bot) membersRoutes(rt *Router) {
	rt.Command("members", b.adminOnly(b.handleMembers))
	rt.Callback(callbackMembers, b.adminOnly(b.handleMembersButton))
}

// handleMembers lists the pending join requests and counts the members
// ("/members"), or asks to confirm a removal ("/members remove ID", or
// "/members remove" in reply to the person's message, forwarded or not).
func (b *Bot) handleMembers(ctx context.Context, r *Request) error {
	verb, rest, _ := strings.Cut(r.Args, " ")
	switch strings.ToLower(verb) {
	case "":
		return b.listMembers(ctx, r)
	case "remove", "xoá", "xóa", "xoa":
		id, ok := personTarget(r, strings.TrimSpace(rest))
		if !ok {
			return b.reply(ctx, r, r.Lang.T(msgMembersUsage), nil)
		}
		return b.askRemoveMember(ctx, r, id)
	}
	return b.reply(ctx, r, r.Lang.T(msgMembersUsage), nil)
}

// listMembers shows the member count and, in closed mode, the pending
// requests (name, ID, when) with Duyệt / Từ chối buttons each; in open
// mode it says that anyone may /start.
func (b *Bot) listMembers(ctx context.Context, r *Request) error {
	m, err := b.store.Membership(ctx)
	if err != nil {
		return err
	}
	lines := []string{r.Lang.N(msgMembersHeader, m.Members, m.Members, m.Receiving)}
	var rows [][]tgbotapi.InlineKeyboardButton
	switch {
	case !b.closed:
		lines = append(lines, "", r.Lang.T(msgMembersOpen))
	case len(m.Pending) == 0:
		lines = append(lines, "", r.Lang.T(msgMembersNonePending))
	default:
		lines = append(lines, "", r.Lang.T(msgMembersPendingHeader, len(m.Pending)))
		for i, req := range m.Pending {
			if i == maxPendingShown {
				lines = append(lines, r.Lang.N(msgMembersPendingMore, len(m.Pending)-maxPendingShown, len(m.Pending)-maxPendingShown))
				break
			}
			label := requestLabel(req)
			lines = append(lines, r.Lang.T(msgMembersPendingLine, escape(label), req.UserID, formatTime(req.At, b.zone)))
			short := capRunes(buttonName(req), 20)
			rows = append(rows, tgbotapi.NewInlineKeyboardRow(
				tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgMembersApprove, short), fmt.Sprintf("%s:y:%d", callbackJoin, req.UserID)),
				tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgMembersReject, short), fmt.Sprintf("%s:n:%d", callbackJoin, req.UserID))))
		}
	}
	lines = append(lines, "", r.Lang.T(msgMembersHowTo))
	var markup any
	if len(rows) > 0 {
		markup = tgbotapi.NewInlineKeyboardMarkup(rows...)
	}
	return b.reply(ctx, r, strings.Join(lines, "\n"), markup)
}

// requestLabel shows who asked to join: "Name (@username)", or the ID when
// Telegram told neither; a group's title follows 👥. Not escaped.
func requestLabel(req content.JoinRequest) string {
	label := nameOr(req.Name, req.Username, strconv.FormatInt(req.UserID, 10))
	if req.Group {
		label = "👥 " + label
	}
	return label
}

// buttonName names who asked to join on a button: the name alone, else the
// @username, else the ID. Not escaped (buttons are plain text).
func buttonName(req content.JoinRequest) string {
	switch name := strings.TrimSpace(req.Name); {
	case name != "":
		return name
	case req.Username != "":
		return "@" + req.Username
	}
	return strconv.FormatInt(req.UserID, 10)
}

// askRemoveMember asks to confirm removing member id with Xóa / Hủy
// buttons. An admin or someone who is not a member gets an explanation,
// and nothing changes.
func (b *Bot) askRemoveMember(ctx context.Context, r *Request, id int64) error {
	label := b.personLabel(ctx, id)
	is, err := b.store.IsAdmin(ctx, id)
	if err != nil {
		return err
	}
	if is {
		return b.reply(ctx, r, r.Lang.T(msgMemberIsAdmin, escape(label)), nil)
	}
	member, err := b.store.IsMember(ctx, id)
	if err != nil {
		return err
	}
	if !member {
		return b.reply(ctx, r, r.Lang.T(msgMemberUnknown, id), nil)
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgMemberRemoveYes), fmt.Sprintf("%s:rmy:%d", callbackMembers, id)),
		tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgMemberRemoveNo), callbackMembers+":no")))
	back := msgMemberBackOpen
	if b.closed {
		back = msgMemberBackClosed
	}
	return b.reply(ctx, r, r.Lang.T(msgMemberRemoveAsk, escape(label), id)+"\n"+r.Lang.T(back), kb)
}

// handleMembersButton removes a member ("mem:rmy:<ID>", never an admin) or
// cancels ("mem:no"). Forged and repeated presses answer politely and
// change nothing.
func (b *Bot) handleMembersButton(ctx context.Context, r *Request) error {
	parts := strings.Split(r.Callback, ":")
	if len(parts) == 2 && parts[1] == "no" {
		if err := b.editKeyboard(ctx, r, noButtons()); err != nil {
			return err
		}
		return b.answer(ctx, r, r.Lang.T(msgMemberKept))
	}
	if len(parts) != 3 || parts[1] != "rmy" {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	id, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || id <= 0 {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	rm, err := b.store.RemoveMember(ctx, id, r.User.ID)
	switch {
	case errors.Is(err, content.ErrMemberIsAdmin):
		return b.answer(ctx, r, r.Lang.T(msgMemberIsAdmin, b.personLabel(ctx, id)))
	case errors.Is(err, content.ErrNotFound):
		if err := b.editKeyboard(ctx, r, noButtons()); err != nil {
			return err
		}
		return b.answer(ctx, r, r.Lang.T(msgMemberUnknown, id))
	case err != nil:
		return err
	}
	b.audit(ctx, r, content.AuditMemberRemove, rm.AuditDetail())
	if err := b.editKeyboard(ctx, r, noButtons()); err != nil {
		return err
	}
	return b.answer(ctx, r, r.Lang.T(msgMemberRemoved, labelOf(rm.Member, id)))
}
