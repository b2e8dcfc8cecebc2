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
	// HoldUnapprovedGroups unsubscribes the subscribed groups no admin
	// subscribed or approved, writing a pending join request for each, and
	// returns those requests; groups an admin subscribed become approved.
	HoldUnapprovedGroups(ctx context.Context) ([]content.JoinRequest, error)
	Invites
}

func (b *Bot) memberRoutes(rt *Router) {
	rt.Callback(callbackJoin, b.adminOnly(b.handleJoinButton))
	b.adminsRoutes(rt)
	b.membersRoutes(rt)
	b.auditRoutes(rt)
	b.inviteRoutes(rt)
}

// groupApproved reports whether group chatID was subscribed by an admin or
// approved by one (content.Subscriber.Approved).
func (b *Bot) groupApproved(ctx context.Context, chatID int64) (bool, error) {
	s, err := b.store.Subscriber(ctx, chatID)
	if errors.Is(err, content.ErrNotFound) {
		return false, nil
	}
	return err == nil && s.Approved, err
}

// isGroup reports whether a chat type is a group or supergroup.
func isGroup(chatType string) bool { return chatType == "group" || chatType == "supergroup" }

// allowed reports whether userID may use the bot in closed mode.
func (b *Bot) allowed(ctx context.Context, userID int64) (bool, error) {
	if ok, err := b.store.IsAdmin(ctx, userID); err != nil || ok {
		return ok, err
	}
	return b.store.IsMember(ctx, userID)
}

// closedStart handles /start in closed mode for people who are not yet
// members: an invite link ("i_<code>") admits them; otherwise their /start
// becomes a join request the admins are told about. In a group it is
// closedGroupStart. It reports false when the ordinary /start may go on,
// writing s (which closedGroupStart may mark Approved).
func (b *Bot) closedStart(ctx context.Context, r *Request, s *content.Subscriber) (handled bool, err error) {
	if r.User == nil {
		return true, nil
	}
	if isGroup(r.ChatType) {
		return b.closedGroupStart(ctx, r, s)
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
	name := capRunes(strings.TrimSpace(r.User.FirstName+" "+r.User.LastName), 128)
	return b.askToJoin(ctx, r, content.JoinRequest{UserID: r.User.ID, ChatID: r.ChatID, Name: name,
		Username: capRunes(r.User.UserName, 64), Lang: r.User.LanguageCode, At: b.now()},
		joinTexts{pending: r.Lang.T(msgJoinPending, escape(displayName(name, "", r.Lang))),
			still: msgJoinStillPending, rejected: msgJoinRejectedBefore})
}

// closedGroupStart handles /start@bot in a group in closed mode: an admin's
// subscribes the group as approved; in an approved group a member's is the
// ordinary /start; a member's in any other group becomes the group's join
// request, which the admins approve or reject like a person's; anyone else
// is told to ask privately.
func (b *Bot) closedGroupStart(ctx context.Context, r *Request, s *content.Subscriber) (bool, error) {
	if admin, err := b.store.IsAdmin(ctx, r.User.ID); err != nil || admin {
		s.Approved = admin
		return err != nil, err
	}
	member, err := b.store.IsMember(ctx, r.User.ID)
	if err != nil || !member {
		if err == nil {
			err = b.reply(ctx, r, r.Lang.T(msgJoinPrivateOnly), nil)
		}
		return true, err
	}
	if approved, err := b.groupApproved(ctx, r.ChatID); err != nil || approved {
		return err != nil, err
	}
	title := capRunes(s.Name, 128)
	return b.askToJoin(ctx, r, content.JoinRequest{UserID: r.ChatID, ChatID: r.ChatID, Group: true, By: r.User.ID,
		Name: title, Lang: r.User.LanguageCode, At: b.now()},
		joinTexts{pending: r.Lang.T(msgGroupJoinPending, escape(title)), still: msgGroupJoinStillPending, rejected: msgGroupJoinRejectedBefore})
}

// joinTexts are the answers to a /start that asks to join: the request was
// sent (pending, formatted), is still waiting, or was rejected before.
type joinTexts struct {
	pending         string
	still, rejected msg
}

// askToJoin records req and answers with texts; the admins are told of a
// new request. It reports false when the chat turned out to be a member
// already, so the ordinary /start goes on.
func (b *Bot) askToJoin(ctx context.Context, r *Request, req content.JoinRequest, texts joinTexts) (bool, error) {
	req, created, err := b.store.RequestJoin(ctx, req)
	switch {
	case errors.Is(err, content.ErrAlreadyMember):
		return false, nil
	case err != nil:
		return true, err
	case created:
		b.announceJoin(ctx, req)
		return true, b.reply(ctx, r, texts.pending, nil)
	case req.Status == content.JoinRejected:
		return true, b.reply(ctx, r, r.Lang.T(texts.rejected), nil)
	}
	return true, b.reply(ctx, r, r.Lang.T(texts.still), nil)
}

// HoldUnapprovedGroups brings the groups subscribed before the bot ran in
// closed mode under its rule (store's HoldUnapprovedGroups): those no admin
// subscribed stop receiving until an admin approves them, and the admins
// are sent each one's request. In open mode it does nothing.
func (b *Bot) HoldUnapprovedGroups(ctx context.Context) error {
	if !b.closed {
		return nil
	}
	held, err := b.store.HoldUnapprovedGroups(ctx)
	if err != nil {
		return err
	}
	if len(held) > 0 {
		b.log.Warn("closed mode: groups no admin approved stop receiving until approved in /members",
			slog.Int("groups", len(held)))
	}
	for _, req := range held {
		b.announceJoin(ctx, req)
	}
	return nil
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
	var by string
	if req.Group {
		who, by = escape(requestLabel(req)), b.personName(ctx, req.By)
	}
	for _, id := range admins {
		l := b.langOf(ctx, id)
		kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData(l.T(msgJoinApprove), fmt.Sprintf("%s:y:%d", callbackJoin, req.UserID)),
			tgbotapi.NewInlineKeyboardButtonData(l.T(msgJoinReject), fmt.Sprintf("%s:n:%d", callbackJoin, req.UserID))))
		text := l.T(msgJoinRequestAdmin, who, req.UserID, formatTime(req.At, b.zone))
		if req.Group {
			text = l.T(msgGroupJoinRequestAdmin, who, req.UserID, by, formatTime(req.At, b.zone))
		}
		if err := b.sendHTML(ctx, id, text, kb, false); err != nil {
			b.log.Warn("join request: tell admin", slog.Int64("admin", id), slog.Any("err", err))
		}
	}
}

// handleJoinButton approves ("ap:y:<id>") or rejects ("ap:n:<id>") a
// pending request. Forged IDs, requests decided before and second presses
// answer politely and change nothing.
func (b *Bot) handleJoinButton(ctx context.Context, r *Request) error {
	verdict, idText, _ := strings.Cut(strings.TrimPrefix(r.Callback, callbackJoin+":"), ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if (verdict != "y" && verdict != "n") || err != nil || id == 0 { // groups' IDs are negative
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
	if req.Group {
		who, tell = requestLabel(req), msgGroupJoinRejected
		if approve {
			tell = msgGroupJoinApproved
		}
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
	mine := map[string]bool{fmt.Sprintf("%s:y:%d", callbackJoin, id): true, fmt.Sprintf("%s:n:%d", callbackJoin, id): true}
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
