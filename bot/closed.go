package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// Members is closed mode's membership: who may use the bot, the join
// requests admins decide, and invite links.
type Members interface {
	// IsMember reports whether the person has a subscriber record for their
	// private chat (subscribed or not).
	IsMember(ctx context.Context, userID int64) (bool, error)
	// RequestJoin records a pending request unless the person asked before;
	// it returns the stored request and whether it is new. A member gets
	// content.ErrAlreadyMember.
	RequestJoin(ctx context.Context, req content.JoinRequest) (content.JoinRequest, bool, error)
	// DecideJoin approves (subscribing the person) or rejects a pending
	// request, once: content.ErrJoinUnknown, content.ErrAlreadyDecided.
	DecideJoin(ctx context.Context, userID int64, approve bool, by int64) (content.JoinRequest, error)
	Invites
}

// joinPrefix is the callback data of the Duyệt / Từ chối buttons:
// "ap:y:<user ID>" approves, "ap:n:<user ID>" rejects.
const joinPrefix = "ap"

func (b *Bot) memberRoutes(rt *Router) {
	rt.Callback(joinPrefix, b.adminOnly(b.handleJoinButton))
	b.adminsRoutes(rt)
	b.membersRoutes(rt)
	b.auditRoutes(rt)
	b.inviteRoutes(rt)
}

// membersOnly is closed mode's gate: people who are neither members nor
// admins reach only /start and /help; every other command, button and
// inline query gets a polite refusal and does nothing. In open mode it
// lets everything through.
func (b *Bot) membersOnly(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, r *Request) error {
		if !b.closed || r.Command == "start" || r.Command == "help" {
			return next(ctx, r)
		}
		if r.User == nil { // channel posts and the like: nobody to admit
			return nil
		}
		ok, err := b.allowed(ctx, r.User.ID)
		if err != nil {
			return err
		}
		if ok {
			return next(ctx, r)
		}
		switch {
		case r.Callback != "":
			return b.answer(ctx, r, r.Lang.T(msgMembersOnly))
		case r.Update.InlineQuery != nil:
			_, err := b.client.Request(ctx, tgbotapi.InlineConfig{InlineQueryID: r.Update.InlineQuery.ID,
				Results: []any{}, IsPersonal: true})
			return err
		case r.Command == "" && r.ChatType != "private":
			return nil // people talking in a group are not talking to the bot
		}
		return b.reply(ctx, r, r.Lang.T(msgMembersOnly), nil)
	}
}

// allowed reports whether userID may use the bot in closed mode.
func (b *Bot) allowed(ctx context.Context, userID int64) (bool, error) {
	if ok, err := b.store.IsAdmin(ctx, userID); err != nil || ok {
		return ok, err
	}
	return b.store.IsMember(ctx, userID)
}

// closedStart handles /start in closed mode for people who are not yet
// members: an invite link ("i_<code>") admits them; otherwise their /start
// becomes a join request the admins are told about. It reports false when
// the person may use the bot, so the ordinary /start goes on.
func (b *Bot) closedStart(ctx context.Context, r *Request) (handled bool, err error) {
	if r.User == nil {
		return true, nil
	}
	if ok, err := b.allowed(ctx, r.User.ID); err != nil || ok {
		return err != nil, err
	}
	if r.ChatType != "private" {
		return true, b.reply(ctx, r, r.Lang.T(msgJoinPrivateOnly), nil)
	}
	if code, ok := strings.CutPrefix(r.Args, invitePayload); ok {
		return b.redeemInvite(ctx, r, code)
	}
	req, created, err := b.store.RequestJoin(ctx, content.JoinRequest{UserID: r.User.ID, ChatID: r.ChatID,
		Name: capRunes(strings.TrimSpace(r.User.FirstName+" "+r.User.LastName), 128), Username: capRunes(r.User.UserName, 64),
		Lang: r.User.LanguageCode, At: b.now()})
	switch {
	case errors.Is(err, content.ErrAlreadyMember):
		return false, nil
	case err != nil:
		return true, err
	case created:
		b.announceJoin(ctx, req)
		return true, b.reply(ctx, r, r.Lang.T(msgJoinPending, escape(displayName(req.Name, "", r.Lang))), nil)
	case req.Status == content.JoinRejected:
		return true, b.reply(ctx, r, r.Lang.T(msgJoinRejectedBefore), nil)
	}
	return true, b.reply(ctx, r, r.Lang.T(msgJoinStillPending), nil)
}

// announceJoin sends every admin the request with Duyệt / Từ chối buttons.
// An admin who cannot be reached is logged and skipped.
func (b *Bot) announceJoin(ctx context.Context, req content.JoinRequest) {
	admins, err := b.store.AdminIDs(ctx)
	if err != nil {
		b.log.Error("join request: list admins", slog.Any("err", err))
		return
	}
	if len(admins) == 0 {
		b.log.Warn("join request but no admins: add one with `newsbot admin add`", slog.Int64("user", req.UserID))
	}
	who := escape(displayName(req.Name, req.Username, Vietnamese))
	for _, id := range admins {
		l := b.langOf(ctx, id)
		kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData(l.T(msgJoinApprove), fmt.Sprintf("%s:y:%d", joinPrefix, req.UserID)),
			tgbotapi.NewInlineKeyboardButtonData(l.T(msgJoinReject), fmt.Sprintf("%s:n:%d", joinPrefix, req.UserID))))
		text := l.T(msgJoinRequestAdmin, who, req.UserID, formatTime(req.At, b.zone))
		if err := b.sendHTML(ctx, id, text, kb, false); err != nil {
			b.log.Warn("join request: tell admin", slog.Int64("admin", id), slog.Any("err", err))
		}
	}
}

// handleJoinButton approves ("ap:y:<id>") or rejects ("ap:n:<id>") a
// pending request. Forged IDs, requests decided before and second presses
// answer politely and change nothing.
func (b *Bot) handleJoinButton(ctx context.Context, r *Request) error {
	verdict, idText, _ := strings.Cut(strings.TrimPrefix(r.Callback, joinPrefix+":"), ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if (verdict != "y" && verdict != "n") || err != nil || id <= 0 {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	approve := verdict == "y"
	req, err := b.store.DecideJoin(ctx, id, approve, r.User.ID)
	switch {
	case errors.Is(err, content.ErrJoinUnknown):
		return b.answer(ctx, r, r.Lang.T(msgJoinUnknown))
	case errors.Is(err, content.ErrAlreadyDecided):
		if err := b.editKeyboard(ctx, r, withoutJoinButtons(r, id)); err != nil {
			return err
		}
		return b.answer(ctx, r, r.Lang.T(msgJoinAlreadyDecided))
	case err != nil:
		return err
	}
	who := displayName(req.Name, req.Username, r.Lang)
	action, done, tell := content.AuditMemberReject, msgJoinRejectedAdmin, msgJoinRejected
	if approve {
		action, done, tell = content.AuditMemberApprove, msgJoinApprovedAdmin, msgJoinApproved
	}
	b.audit(ctx, r, action, fmt.Sprintf("%d %s", req.UserID, who))
	if err := b.replyText(ctx, req.ChatID, LangFor(req.Lang).T(tell)); err != nil {
		b.log.Warn("join request: tell the person", slog.Int64("user", req.UserID), slog.Any("err", err))
	}
	if err := b.editKeyboard(ctx, r, withoutJoinButtons(r, id)); err != nil {
		return err
	}
	return b.answer(ctx, r, r.Lang.T(done, who))
}

// withoutJoinButtons is the keyboard of the message pressed on without the
// row of user id's Duyệt / Từ chối buttons: the request's notice loses its
// buttons, /members' list only that person's.
func withoutJoinButtons(r *Request, id int64) tgbotapi.InlineKeyboardMarkup {
	out := noButtons()
	m := r.Update.CallbackQuery.Message
	if m == nil || m.ReplyMarkup == nil {
		return out
	}
	mine := map[string]bool{fmt.Sprintf("%s:y:%d", joinPrefix, id): true, fmt.Sprintf("%s:n:%d", joinPrefix, id): true}
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		if !slices.ContainsFunc(row, func(btn tgbotapi.InlineKeyboardButton) bool {
			return btn.CallbackData != nil && mine[*btn.CallbackData]
		}) {
			out.InlineKeyboard = append(out.InlineKeyboard, row)
		}
	}
	return out
}

// noButtons is a keyboard with no buttons, for removing them.
func noButtons() tgbotapi.InlineKeyboardMarkup {
	return tgbotapi.InlineKeyboardMarkup{InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{}}
}

// displayName shows a person as "Name (@username)", or what of it is
// known; unknown is l's word for a person. Not escaped.
func displayName(name, username string, l Lang) string {
	return nameOr(name, username, l.T(msgSomeone))
}

// nameOr shows a person as "Name (@username)", or what of it is known, or
// else unknown; each part is capped. Not escaped.
func nameOr(name, username, unknown string) string {
	name = capRunes(strings.TrimSpace(name), 64)
	if username = capRunes(username, 40); username != "" {
		if name == "" {
			return "@" + username
		}
		return name + " (@" + username + ")"
	}
	if name == "" {
		return unknown
	}
	return name
}

// langOf is the language of a user's private chat: the one chosen in
// /settings, else the one their Telegram reported; Vietnamese when unknown.
func (b *Bot) langOf(ctx context.Context, userID int64) Lang {
	s, err := b.store.Subscriber(ctx, userID)
	if err != nil {
		return Vietnamese
	}
	return LangFor(s.Language())
}

// personLabel shows a user by name when the bot knows them (their
// subscriber record), else by ID. Not escaped.
func (b *Bot) personLabel(ctx context.Context, userID int64) string {
	s, _ := b.store.Subscriber(ctx, userID)
	return labelOf(s, userID)
}

// labelOf shows user userID by the name in their record s, else by ID. Not
// escaped.
func labelOf(s content.Subscriber, userID int64) string {
	return nameOr(s.Name, s.Username, strconv.FormatInt(userID, 10))
}

// personName is personLabel, escaped for HTML.
func (b *Bot) personName(ctx context.Context, userID int64) string {
	return escape(b.personLabel(ctx, userID))
}
