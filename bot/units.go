package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// Audiences keeps the units (communes, party cells, departments) admins can
// address, and finds their people.
type Audiences interface {
	// PutUnit creates or renames a unit; a bad one is an error wrapping
	// content.ErrBadUnit.
	PutUnit(ctx context.Context, u content.Unit) error
	// DeleteUnit deletes a unit; an unknown slug is an error.
	DeleteUnit(ctx context.Context, slug string) error
	// Units returns every unit, by slug.
	Units(ctx context.Context) ([]content.Unit, error)
	// UnitRecipients lists the active chats in at least one of slugs.
	UnitRecipients(ctx context.Context, slugs []string) ([]int64, error)
	// UnitCounts counts the active chats of each unit, and of none.
	UnitCounts(ctx context.Context) ([]content.UnitCount, int, error)
	// AssignUnits puts chatID in the units slugs, or takes it out of them,
	// and returns its record: content.ErrUnknownUnit, content.ErrNotFound.
	AssignUnits(ctx context.Context, chatID int64, slugs []string, assign bool) (content.Subscriber, error)
}

// maxBroadcastUnits bounds the units one broadcast or /post targets.
const maxBroadcastUnits = 5

func (b *Bot) unitsRoutes(rt *Router) {
	rt.Command("units", b.handleUnits)
	rt.Command("myunits", b.handleMyUnits)
	rt.Callback(callbackUnit, b.handleUnitButton)
}

// handleUnits manages units for admins ("/units add|remove|list"); for
// everyone else it is /myunits.
func (b *Bot) handleUnits(ctx context.Context, r *Request) error {
	admin := false
	if r.User != nil {
		var err error
		if admin, err = b.store.IsAdmin(ctx, r.User.ID); err != nil {
			return err
		}
	}
	if !admin {
		return b.handleMyUnits(ctx, r)
	}
	verb, rest, _ := strings.Cut(r.Args, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(verb) {
	case "", "list":
		units, err := b.store.Units(ctx)
		if err != nil {
			return err
		}
		text := r.Lang.T(msgUnitsAdminList, len(units)) + "\n" + b.unitsOverview(ctx, r.Lang)
		return b.reply(ctx, r, text+"\n\n"+r.Lang.T(msgUnitsUsage), nil)
	case "add":
		slug, name, _ := strings.Cut(rest, " ")
		u := content.Unit{Slug: strings.ToLower(slug), Name: strings.TrimSpace(name)}
		if err := b.store.PutUnit(ctx, u); err != nil {
			if errors.Is(err, content.ErrBadUnit) {
				return b.reply(ctx, r, r.Lang.T(msgUnitBad)+"\n\n"+r.Lang.T(msgUnitsUsage), nil)
			}
			return err
		}
		b.audit(ctx, r, content.AuditUnitPut, u.Slug+" "+u.Name)
		return b.reply(ctx, r, r.Lang.T(msgUnitAdded, escape(u.Slug), escape(u.Name)), nil)
	case "remove", "delete":
		slug := strings.ToLower(rest)
		if err := b.store.DeleteUnit(ctx, slug); err != nil {
			if !errors.Is(err, content.ErrNotFound) {
				return err
			}
			return b.reply(ctx, r, r.Lang.T(msgUnitUnknown, escape(truncate(slug, content.MaxUnitSlugLen))), nil)
		}
		b.audit(ctx, r, content.AuditUnitDelete, slug)
		return b.reply(ctx, r, r.Lang.T(msgUnitRemoved, escape(slug)), nil)
	case "assign", "unassign":
		return b.assignUnits(ctx, r, rest, strings.ToLower(verb) == "assign")
	}
	return b.reply(ctx, r, r.Lang.T(msgUnitsUsage), nil)
}

// assignUnits places a person in units ("/units assign @hoang-tien
// @chi-bo-3" as a reply to one of their messages, or with their ID first)
// or takes them out ("/units unassign …"), and says where they are now.
func (b *Bot) assignUnits(ctx context.Context, r *Request, args string, assign bool) error {
	var idArg string
	var slugs []string
	for _, f := range strings.Fields(args) {
		if slug, ok := strings.CutPrefix(f, "@"); ok {
			slugs = append(slugs, strings.ToLower(slug))
		} else {
			idArg = f
		}
	}
	id, ok := personTarget(r, idArg)
	if !ok || len(slugs) == 0 || len(slugs) > content.MaxUnits {
		return b.reply(ctx, r, r.Lang.T(msgUnitsAssignUsage), nil)
	}
	s, err := b.store.AssignUnits(ctx, id, slugs, assign)
	switch {
	case errors.Is(err, content.ErrUnknownUnit):
		return b.reply(ctx, r, r.Lang.T(msgUnitsAssignUnknown), nil)
	case errors.Is(err, content.ErrNotFound):
		return b.reply(ctx, r, r.Lang.T(msgUnitsAssignNobody, id), nil)
	case err != nil:
		return err
	}
	action := content.AuditUnitUnassign
	if assign {
		action = content.AuditUnitAssign
	}
	b.audit(ctx, r, action, fmt.Sprintf("%d %s", id, strings.Join(slugs, " ")))
	units, err := b.store.Units(ctx)
	if err != nil {
		return err
	}
	return b.reply(ctx, r, r.Lang.T(msgUnitsAssigned, escape(labelOf(s, id)), unitsOf(units, s, r.Lang)), nil)
}

// unitsOf lists the names of the units s belongs to, or says none; slugs
// of units deleted since are left out. Escaped.
func unitsOf(units []content.Unit, s content.Subscriber, l Lang) string {
	var names []string
	for _, u := range units {
		if slices.Contains(s.Units, u.Slug) {
			names = append(names, escape(u.Name))
		}
	}
	if len(names) == 0 {
		return l.T(msgUnitsNoneOfMine)
	}
	return strings.Join(names, ", ")
}

// unitsOverview lists the units with how many people each reaches, and
// how many belong to none; on
// failure it says so in the text (it is only a report).
func (b *Bot) unitsOverview(ctx context.Context, l Lang) string {
	counts, none, err := b.store.UnitCounts(ctx)
	if err != nil {
		b.log.Error("unit counts", slog.Any("err", err))
		return l.T(msgInternalError)
	}
	var lines []string
	for _, c := range counts {
		lines = append(lines, l.N(msgUnitsLine, c.People, escape(c.Unit.Slug), escape(c.Unit.Name), formatInt(int64(c.People), l)))
	}
	lines = append(lines, l.N(msgUnitsNoUnit, none, formatInt(int64(none), l)))
	return strings.Join(lines, "\n")
}

// handleMyUnits shows the chat's units as toggles.
func (b *Bot) handleMyUnits(ctx context.Context, r *Request) error {
	text, kb, err := b.unitPicker(ctx, r)
	if err != nil {
		return err
	}
	return b.reply(ctx, r, text, kb)
}

// unitPicker renders the chat's units as toggles ("u:t:<slug>"), or only
// lists them when admins assign units (Config.UnitsByAdmins); a chat that
// does not receive news is asked to subscribe first.
func (b *Bot) unitPicker(ctx context.Context, r *Request) (string, any, error) {
	s, err := b.store.Subscriber(ctx, r.ChatID)
	if err != nil || !s.Active() {
		if err != nil && !errors.Is(err, content.ErrNotFound) {
			return "", nil, err
		}
		return r.Lang.T(msgNotSubscribed), nil, nil
	}
	units, err := b.store.Units(ctx)
	if err != nil {
		return "", nil, err
	}
	if len(units) == 0 {
		return r.Lang.T(msgUnitsNone), nil, nil
	}
	if b.unitsByAdmins {
		return r.Lang.T(msgUnitsMine, unitsOf(units, s, r.Lang)), nil, nil
	}
	return r.Lang.T(msgUnitsPicker), unitKeyboard(units, s), nil
}

// unitKeyboard shows each unit with ✅ when the chat belongs to it.
func unitKeyboard(units []content.Unit, s content.Subscriber) tgbotapi.InlineKeyboardMarkup {
	rows := make([][]tgbotapi.InlineKeyboardButton, 0, len(units))
	for _, u := range units {
		mark := "⬜ "
		if slices.Contains(s.Units, u.Slug) {
			mark = "✅ "
		}
		rows = append(rows, tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData(mark+u.Name, callbackUnit+":t:"+u.Slug)))
	}
	return tgbotapi.NewInlineKeyboardMarkup(rows...)
}

// unitsSettingsRow is the button /settings shows to open the unit picker.
func unitsSettingsRow(l Lang) []tgbotapi.InlineKeyboardButton {
	return tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData(l.T(msgUnitsButton), callbackUnit+":menu"))
}

// handleUnitButton serves the unit buttons: "u:menu" (from /settings)
// sends the picker, "u:t:<slug>" toggles a unit for the chat, and
// "u:send:<id>" sends an admin's unit broadcast preview.
func (b *Bot) handleUnitButton(ctx context.Context, r *Request) error {
	data := strings.TrimPrefix(r.Callback, callbackUnit+":")
	switch {
	case data == "menu" && r.ChatID != 0:
		text, kb, err := b.unitPicker(ctx, r)
		if err != nil {
			return err
		}
		if err := b.reply(ctx, r, text, kb); err != nil {
			return err
		}
		return b.answer(ctx, r, "")
	case strings.HasPrefix(data, "t:") && r.ChatID != 0:
		return b.toggleUnit(ctx, r, strings.TrimPrefix(data, "t:"))
	case strings.HasPrefix(data, "send:"):
		return b.adminOnly(b.sendUnitBroadcast)(ctx, r)
	}
	return b.answer(ctx, r, r.Lang.T(msgStaleButton))
}

// toggleUnit turns membership of unit slug on or off for the chat. Unknown
// units, chats that do not receive news, and any press when admins assign
// units (an old picker's button) change nothing.
func (b *Bot) toggleUnit(ctx context.Context, r *Request, slug string) error {
	if b.unitsByAdmins {
		return b.answer(ctx, r, r.Lang.T(msgUnitsByAdmins))
	}
	units, err := b.store.Units(ctx)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(units, func(u content.Unit) bool { return u.Slug == slug }) {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	s, err := b.store.SetPreferences(ctx, r.ChatID, func(s *content.Subscriber) {
		if i := slices.Index(s.Units, slug); i >= 0 {
			s.Units = slices.Delete(slices.Clone(s.Units), i, i+1)
		} else {
			s.Units = append(slices.Clone(s.Units), slug)
		}
		// Forget units that no longer exist.
		s.Units = slices.DeleteFunc(s.Units, func(k string) bool {
			return !slices.ContainsFunc(units, func(u content.Unit) bool { return u.Slug == k })
		})
	})
	if err != nil {
		return b.settingsRefused(ctx, r, err)
	}
	if err := b.editKeyboard(ctx, r, unitKeyboard(units, s)); err != nil {
		return err
	}
	return b.answer(ctx, r, r.Lang.T(msgSaved))
}

// unitStats is the /stats section for admins: subscribers by unit; empty
// when no unit is defined.
func (b *Bot) unitStats(ctx context.Context, l Lang) string {
	units, err := b.store.Units(ctx)
	if err != nil || len(units) == 0 {
		return ""
	}
	return "\n\n" + l.T(msgStatsUnits) + "\n" + b.unitsOverview(ctx, l)
}
