package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// Reasons of a SourceRefusal.
var (
	// ErrSourceInvalid: the name, URL, kind or category breaks the rules
	// of the sources file.
	ErrSourceInvalid = errors.New("invalid source")
	// ErrSourceUnreadable: the one fetch before saving failed or found no
	// article.
	ErrSourceUnreadable = errors.New("source cannot be read")
	// ErrSourceBlocked: the source's address, or one it led to (a
	// redirect, a link), is internal and not allowed; the admin is told
	// only that, never what was found there. Also the cause
	// AlertSourceFailing is given for such a failure.
	ErrSourceBlocked = errors.New("internal address blocked")
	// ErrSourceEmpty: the source could be read but listed no article.
	ErrSourceEmpty = errors.New("source lists no article")
)

// SourceRefusal is an error of AddSource or RemoveSource that the admin
// can act on: Reason is one of the sentinels above or of the domain
// (content.ErrSourceExists, content.ErrSourceInFile,
// content.ErrTooManySources: then Detail is the limit, in digits), Detail
// says why in a few words (shown escaped).
type SourceRefusal struct {
	Reason error
	Detail string
}

func (e *SourceRefusal) Error() string { return e.Reason.Error() + ": " + e.Detail }
func (e *SourceRefusal) Unwrap() error { return e.Reason }

// NewSource is a source an admin asks to add with /sources add.
type NewSource struct {
	Name, URL string
	// Kind and Category are as typed; empty for the defaults.
	Kind, Category string
	// By is the admin's user ID.
	By int64
}

// SourceCheck is what the fetch before saving found.
type SourceCheck struct {
	// URL is the source's URL without its user info: what the log and the
	// audit log may show.
	URL    string
	Kind   string
	Found  int
	Titles []string // the first few, in the source's order
}

// Bounds of /sources add's answer.
const (
	maxSourceCheckTitles = 3
	maxSourceTitleRunes  = 120
	maxSourceDetailRunes = 300
)

// handleSourcesEdit handles "/sources add NAME URL [kind] [category]" and
// "/sources remove NAME"; anything else gets the usage.
func (b *Bot) handleSourcesEdit(ctx context.Context, r *Request) error {
	f := strings.Fields(r.Args)
	if b.sources == nil {
		return b.reply(ctx, r, r.Lang.T(msgSourcesNone), nil)
	}
	switch {
	case strings.EqualFold(f[0], "add") && len(f) >= 3 && len(f) <= 5:
		ns, ok := parseNewSource(f[1:])
		if !ok {
			break
		}
		ns.By = r.User.ID
		return b.addSource(ctx, r, ns)
	case strings.EqualFold(f[0], "remove") && len(f) == 2:
		return b.removeSource(ctx, r, strings.ToLower(f[1]))
	}
	return b.reply(ctx, r, r.Lang.T(msgSourcesUsage), nil)
}

// parseNewSource reads NAME URL and then, in any order, at most one kind
// and one category (a category is a known slug; anything else is a kind,
// checked later).
func parseNewSource(f []string) (NewSource, bool) {
	ns := NewSource{Name: strings.ToLower(f[0]), URL: f[1]}
	for _, w := range f[2:] {
		w = strings.ToLower(w)
		if content.Category(w).Valid() {
			if ns.Category != "" {
				return ns, false
			}
			ns.Category = w
			continue
		}
		if ns.Kind != "" {
			return ns, false
		}
		ns.Kind = w
	}
	return ns, true
}

// addSource answers "/sources add" at once with msgSourceChecking and
// reads the source in the background (sourceChecks): the backend's
// AddSource checks, reads and saves it, and the admin then gets what the
// read found or why nothing was saved. While maxSourceChecks reads run it
// answers msgSourceChecksBusy and starts none.
func (b *Bot) addSource(ctx context.Context, r *Request, ns NewSource) error {
	chatID, lang := r.ChatID, r.Lang
	started := b.checks.start(func(ctx context.Context) {
		text := b.checkSource(ctx, r, ns)
		if ctx.Err() != nil {
			// Stopping or out of time: the answer still goes, briefly.
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), sourceCheckReplyTimeout)
			defer cancel()
		}
		if err := b.replyText(ctx, chatID, text); err != nil {
			b.log.Warn("the result of /sources add not delivered", slog.String("source", ns.Name),
				slog.Int64("chat", chatID), slog.Any("err", err))
		}
	})
	if !started {
		return b.reply(ctx, r, lang.T(msgSourceChecksBusy), nil)
	}
	return b.reply(ctx, r, lang.T(msgSourceChecking), nil)
}

// checkSource adds ns through the backend within ctx and returns the
// answer for the admin: what the test read found, the refusal, or, when
// the bot stopped the read (StopSourceChecks) or the backend failed, that
// nothing was saved. It logs and audits a source added.
func (b *Bot) checkSource(ctx context.Context, r *Request, ns NewSource) string {
	res, err := b.sources.AddSource(ctx, ns)
	if err != nil && errors.Is(ctx.Err(), context.Canceled) {
		b.log.Warn("/sources add cut short: the bot is stopping", slog.String("source", ns.Name), slog.Any("err", err))
		return r.Lang.T(msgSourceCheckStopped)
	}
	if text, ok := sourceRefusalText(r.Lang, ns.Name, err); ok {
		return text
	}
	if err != nil {
		b.log.Error("/sources add failed", slog.String("source", ns.Name), slog.Any("err", err))
		return r.Lang.T(msgInternalError)
	}
	b.log.Info("source added by an admin", slog.String("source", ns.Name), slog.String("url", res.URL),
		slog.Int64("admin", r.User.ID))
	b.audit(context.WithoutCancel(ctx), r, content.AuditSourceAdd, fmt.Sprintf("%s %s (%s)", ns.Name, res.URL, res.Kind))
	var titles []string
	for i, t := range res.Titles {
		if i == maxSourceCheckTitles {
			break
		}
		titles = append(titles, "• "+escape(truncate(t, maxSourceTitleRunes)))
	}
	return r.Lang.N(msgSourceAdded, res.Found, escape(ns.Name), escape(res.Kind), res.Found, strings.Join(titles, "\n"))
}

// removeSource handles "/sources remove NAME" (name lowered): the backend
// removes the source added in the bot; the admin is answered that it was
// removed (logged and audited by sourceRemoved), or why not (unknown, the
// file's) without anything changing. Other backend errors are returned.
func (b *Bot) removeSource(ctx context.Context, r *Request, name string) error {
	err := b.sources.RemoveSource(ctx, name)
	if text, ok := sourceRefusalText(r.Lang, name, err); ok {
		return b.reply(ctx, r, text, nil)
	}
	if err != nil {
		return err
	}
	b.sourceRemoved(ctx, r, name)
	return b.reply(ctx, r, r.Lang.T(msgSourceRemoved, escape(name)), nil)
}

// sourceRemoved logs and audits (content.AuditSourceRemove) that the admin
// of r removed the source name; the caller answers the admin.
func (b *Bot) sourceRemoved(ctx context.Context, r *Request, name string) {
	b.log.Info("source removed by an admin", slog.String("source", name), slog.Int64("admin", r.User.ID))
	b.audit(ctx, r, content.AuditSourceRemove, name)
}

// sourceRefusalText is the answer to a refused add or remove; ok is false
// for other errors (and nil).
func sourceRefusalText(l Lang, name string, err error) (string, bool) {
	var ref *SourceRefusal
	switch {
	case errors.Is(err, content.ErrUnknownSource):
		return l.T(msgSourceUnknown, escape(truncate(name, 40))), true
	case !errors.As(err, &ref):
		return "", false
	}
	detail := escape(truncate(ref.Detail, maxSourceDetailRunes))
	switch {
	case errors.Is(ref.Reason, content.ErrSourceExists):
		return l.T(msgSourceExists, escape(name)), true
	case errors.Is(ref.Reason, content.ErrSourceInFile):
		return l.T(msgSourceInFile, escape(name)), true
	case errors.Is(ref.Reason, ErrSourceEmpty):
		return l.T(msgSourceEmpty), true
	case errors.Is(ref.Reason, content.ErrTooManySources):
		return l.T(msgSourcesFull, detail), true
	case errors.Is(ref.Reason, ErrSourceBlocked):
		return l.T(msgSourceAddBlocked), true
	case errors.Is(ref.Reason, ErrSourceUnreadable):
		return l.T(msgSourceUnreadable, detail), true
	default:
		return l.T(msgSourceInvalid, detail), true
	}
}

// handleSourceDeleteButton handles the 🗑 button of a source added in the
// bot ("src:d:<name>": asks to confirm), the confirmation ("src:dy:<name>":
// removes it) and keeping it ("src:dn:<name>": shows the list again).
// A name that is not a source added in the bot changes nothing.
func (b *Bot) handleSourceDeleteButton(ctx context.Context, r *Request, action, name string) error {
	switch action {
	case "dn":
		if err := b.answer(ctx, r, ""); err != nil {
			return err
		}
		return b.refreshSources(ctx, r)
	case "dy":
		err := b.sources.RemoveSource(ctx, name)
		if errors.Is(err, content.ErrUnknownSource) || errors.Is(err, content.ErrSourceInFile) {
			return b.answer(ctx, r, r.Lang.T(msgStaleButton))
		}
		if err != nil {
			return err
		}
		b.sourceRemoved(ctx, r, name)
		if err := b.answer(ctx, r, r.Lang.T(msgSourceRemoved, name)); err != nil {
			return err
		}
		return b.refreshSources(ctx, r)
	}
	list, err := b.sources.SourceStatuses(ctx)
	if err != nil {
		return err
	}
	added := false
	for _, s := range list {
		added = added || (s.Name == name && s.Added)
	}
	m := r.Update.CallbackQuery.Message
	if !added || m == nil || m.Chat == nil {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	if err := b.answer(ctx, r, ""); err != nil {
		return err
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgSourceDeleteYes), callbackSources+":dy:"+name),
		tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgSourceDeleteNo), callbackSources+":dn:"+name)))
	edit := tgbotapi.NewEditMessageTextAndMarkup(m.Chat.ID, m.MessageID, r.Lang.T(msgSourceDeleteAsk, escape(name)), kb)
	edit.ParseMode = tgbotapi.ModeHTML
	return b.edit(ctx, m.Chat.ID, edit)
}
