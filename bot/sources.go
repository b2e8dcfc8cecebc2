package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// SourceStatus is one configured source as /sources shows it.
type SourceStatus struct {
	// Name is at most 40 bytes (the sources file's rule), so that the
	// buttons naming it fit Telegram's 64 bytes of callback data.
	Name string
	// Kind is "rss", "atom", "jsonfeed", "feed" or "html".
	Kind string
	// LastPoll is zero for a source never polled.
	LastPoll time.Time
	// Items counts the articles stored from the source.
	Items int
	// Failures counts the polls that failed in a row; LastError says why
	// the last one did, unless Blocked: then it failed because an address
	// was internal, and admins are shown only that.
	Failures  int
	LastError string
	Blocked   bool
	Paused    bool
	// Added is set for a source an admin added in the bot (removable
	// there); sources of the file are not.
	Added bool
}

// Sources lets admins see the polled sources and pause or resume them.
type Sources interface {
	// SourceStatuses lists the configured sources, in the file's order.
	SourceStatuses(ctx context.Context) ([]SourceStatus, error)
	// SetSourcePaused pauses or resumes a configured source; a name that is
	// not configured is an error wrapping content.ErrUnknownSource.
	SetSourcePaused(ctx context.Context, name string, paused bool) error
	// AddSource checks s like a source of the file, fetches it once and,
	// when it can be read, saves it and starts polling it at once; its
	// first poll stores without pushing. A refusal the admin can act on is
	// a *SourceRefusal; nothing is saved then.
	AddSource(ctx context.Context, s NewSource) (SourceCheck, error)
	// RemoveSource stops polling a source added in the bot and deletes it;
	// its articles stay. A source of the file is a *SourceRefusal wrapping
	// content.ErrSourceInFile; an unknown name wraps content.ErrUnknownSource.
	RemoveSource(ctx context.Context, name string) error
}

// maxSourceErrorRunes bounds a source's last error in the /sources list.
const maxSourceErrorRunes = 160

func (b *Bot) sourcesRoutes(rt *Router) {
	rt.Command("sources", b.adminOnly(b.handleSources))
	rt.Callback(callbackSources, b.adminOnly(b.handleSourceButton))
}

// handleSources lists the sources with their status, and a pause or resume
// button for each.
func (b *Bot) handleSources(ctx context.Context, r *Request) error {
	if r.Args != "" {
		return b.handleSourcesEdit(ctx, r)
	}
	text, kb, err := b.sourcesList(ctx, r.Lang)
	if err != nil {
		return err
	}
	if kb == nil {
		return b.reply(ctx, r, text, nil)
	}
	return b.reply(ctx, r, text, kb)
}

func (b *Bot) sourcesList(ctx context.Context, l Lang) (string, *tgbotapi.InlineKeyboardMarkup, error) {
	if b.sources == nil {
		return l.T(msgSourcesNone), nil, nil
	}
	list, err := b.sources.SourceStatuses(ctx)
	if err != nil {
		return "", nil, err
	}
	if len(list) == 0 {
		return l.T(msgSourcesNone) + "\n\n" + l.T(msgSourcesAddHint), nil, nil
	}
	lines := []string{l.T(msgSourcesHeader)}
	var rows [][]tgbotapi.InlineKeyboardButton
	for _, s := range list {
		lines = append(lines, sourceLine(l, s, b.zone))
		label, data := l.T(msgSourcePause, s.Name), callbackSources+":p:"+s.Name
		if s.Paused {
			label, data = l.T(msgSourceResume, s.Name), callbackSources+":r:"+s.Name
		}
		row := tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData(label, data))
		if s.Added {
			row = append(row, tgbotapi.NewInlineKeyboardButtonData(l.T(msgSourceDeleteButton, s.Name),
				callbackSources+":d:"+s.Name))
		}
		rows = append(rows, row)
	}
	lines = append(lines, l.T(msgSourcesAddHint))
	kb := tgbotapi.NewInlineKeyboardMarkup(rows...)
	return strings.Join(lines, "\n\n"), &kb, nil
}

// sourceLine renders one source: a status mark, the name, the kind, the
// number of articles, the last poll and, when failing, why.
func sourceLine(l Lang, s SourceStatus, zone *time.Location) string {
	mark := "✅"
	switch {
	case s.Paused:
		mark = "⏸"
	case s.Failures > 0:
		mark = "⚠️"
	case s.LastPoll.IsZero():
		mark = "🕓"
	}
	last := l.T(msgSourceNever)
	if !s.LastPoll.IsZero() {
		last = formatTime(s.LastPoll, zone)
	}
	line := l.N(msgSourceLine, s.Items, mark, escape(s.Name), escape(s.Kind), s.Items, last)
	if s.Paused {
		line += "\n" + l.T(msgSourcePausedNote)
	}
	if s.Failures > 0 {
		why := escape(truncate(s.LastError, maxSourceErrorRunes))
		if s.Blocked {
			why = l.T(msgSourceBlocked)
		}
		line += "\n" + l.N(msgSourceFailing, s.Failures, s.Failures, why)
	}
	return line
}

// handleSourceButton pauses ("src:p:<name>") or resumes ("src:r:<name>") a
// source, then shows the list again. Malformed data and names that are not
// configured change nothing.
func (b *Bot) handleSourceButton(ctx context.Context, r *Request) error {
	action, name, ok := strings.Cut(strings.TrimPrefix(r.Callback, callbackSources+":"), ":")
	if ok && name != "" && b.sources != nil && (action == "d" || action == "dy" || action == "dn") {
		return b.handleSourceDeleteButton(ctx, r, action, name)
	}
	if !ok || (action != "p" && action != "r") || name == "" || b.sources == nil {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	paused := action == "p"
	if err := b.sources.SetSourcePaused(ctx, name, paused); err != nil {
		if errors.Is(err, content.ErrUnknownSource) {
			return b.answer(ctx, r, r.Lang.T(msgStaleButton))
		}
		return err
	}
	b.log.Info("source paused by an admin", slog.String("source", name), slog.Bool("paused", paused),
		slog.Int64("admin", r.User.ID))
	notice, action := r.Lang.T(msgSourceResumed, name), content.AuditSourceResume
	if paused {
		notice, action = r.Lang.T(msgSourcePausedDone, name), content.AuditSourcePause
	}
	b.audit(ctx, r, action, name)
	if err := b.answer(ctx, r, notice); err != nil {
		return err
	}
	return b.refreshSources(ctx, r)
}

// refreshSources edits the message the button was on to show the list now.
func (b *Bot) refreshSources(ctx context.Context, r *Request) error {
	m := r.Update.CallbackQuery.Message
	if m == nil || m.Chat == nil {
		return nil
	}
	text, kb, err := b.sourcesList(ctx, r.Lang)
	if err != nil {
		return err
	}
	edit := tgbotapi.NewEditMessageText(m.Chat.ID, m.MessageID, text)
	edit.ReplyMarkup = kb // nil when no source is left: the buttons go
	edit.ParseMode = tgbotapi.ModeHTML
	return b.edit(ctx, m.Chat.ID, edit)
}

// AlertSourceFailing tells each admin (their user IDs are their private
// chats) that the named source keeps failing, with the last error; a cause
// wrapping ErrSourceBlocked is shown as "internal address blocked" and
// nothing more. The poller calls it once per run of failures, not at every
// poll. Each admin is written to in their language; one who cannot be
// reached does not stop the others.
func (b *Bot) AlertSourceFailing(ctx context.Context, admins []int64, name string, cause error) error {
	why := ""
	if cause != nil {
		why = escape(truncate(cause.Error(), maxSourceErrorRunes))
	}
	return b.alertAdmins(ctx, admins, func(l Lang) string {
		if errors.Is(cause, ErrSourceBlocked) {
			return l.T(msgSourceAlert, escape(name), l.T(msgSourceBlocked))
		}
		return l.T(msgSourceAlert, escape(name), why)
	})
}

// AlertSourceRecovered tells each admin that the named source works again.
func (b *Bot) AlertSourceRecovered(ctx context.Context, admins []int64, name string) error {
	return b.alertAdmins(ctx, admins, func(l Lang) string { return l.T(msgSourceRecovered, escape(name)) })
}

func (b *Bot) alertAdmins(ctx context.Context, admins []int64, text func(Lang) string) error {
	var errs []error
	for _, id := range admins {
		l := b.langOf(ctx, id)
		if err := b.replyText(ctx, id, text(l)); err != nil {
			b.log.Warn("admin alert not sent", slog.Int64("admin", id), slog.Any("err", err))
			errs = append(errs, fmt.Errorf("admin %d: %w", id, err))
		}
	}
	return errors.Join(errs...)
}
