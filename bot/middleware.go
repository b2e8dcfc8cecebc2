package bot

import (
	"context"
	"log/slog"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content/guard"
)

// Every middleware of the router is here. Bot.routes chains them for every
// update in this order: recoverer, logging, migrations, rateLimit,
// language, membersOnly; adminOnly wraps single routes.

// recoverer turns a handler's panic into an error (see contain), so one bad
// update never stops the bot and the person still gets an apology.
func (b *Bot) recoverer(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, r *Request) error {
		return b.contain("handler", func() error { return next(ctx, r) })
	}
}

// contain runs f under guard.Do: a panic in it is logged with its stack,
// counted in newsbot_panics_total under what, and returned as
// guard.ErrPanic. It is the bot's one way to recover from a panic: the
// update path (HandleBatch, HandleUpdate), the handlers' middleware and the
// bot's loops go through it. A panic in a goroutine f starts is not
// contained.
func (b *Bot) contain(what string, f func() error) error {
	return guard.Do(b.log, b.metrics.Panicked, what, f)
}

// logging logs each handled update with its outcome and duration.
func (b *Bot) logging(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, r *Request) error {
		start := time.Now()
		err := next(ctx, r)
		attrs := []slog.Attr{
			slog.Int("update_id", r.Update.UpdateID),
			slog.Int64("chat_id", r.ChatID),
			slog.String("command", r.Command),
			slog.Duration("took", time.Since(start)),
		}
		if err != nil {
			b.log.LogAttrs(ctx, slog.LevelError, "update failed", append(attrs, slog.Any("err", err))...)
			return err
		}
		b.log.LogAttrs(ctx, slog.LevelDebug, "update handled", attrs...)
		return nil
	}
}

// migrations moves a group's record when Telegram says it became a
// supergroup: the service message in the old group carries
// migrate_to_chat_id, the first one in the new supergroup
// migrate_from_chat_id. Either moves the subscriber (and its pending
// notices) to the new ID; the other is then harmless. Such messages get no
// reply and go no further.
func (b *Bot) migrations(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, r *Request) error {
		m := r.Update.Message
		if m == nil || m.Chat == nil || (m.MigrateToChatID == 0 && m.MigrateFromChatID == 0) {
			return next(ctx, r)
		}
		from, to := m.Chat.ID, m.MigrateToChatID
		if to == 0 {
			from, to = m.MigrateFromChatID, m.Chat.ID
		}
		if from == to {
			return nil
		}
		if err := b.store.MigrateChat(ctx, from, to); err != nil {
			return err
		}
		b.log.Info("group became a supergroup", slog.Int64("chat_id", from), slog.Int64("new_chat_id", to))
		return nil
	}
}

// rateLimit is the middleware that drops a person's updates over the limit
// without effect (they are not even counted as visits). The first refused update of each notice window gets a
// polite "too fast": a reply in the chat, or a notice on the button; inline
// queries are dropped silently. Updates without a sender pass.
func (b *Bot) rateLimit(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, r *Request) error {
		if b.limiter == nil || r.User == nil {
			return next(ctx, r)
		}
		ok, notice := b.limiter.allow(r.User.ID, b.now())
		if ok {
			return next(ctx, r)
		}
		r.dropped = true
		b.metrics.dropped.Inc()
		if !notice {
			return nil
		}
		b.log.LogAttrs(ctx, slog.LevelWarn, "rate limited", slog.Int64("user", r.User.ID),
			slog.Int("update_id", r.Update.UpdateID))
		switch {
		case r.Callback != "":
			return b.answer(ctx, r, r.Lang.T(msgTooFast))
		case r.Update.Message != nil && r.ChatID != 0:
			return b.replyText(ctx, r.ChatID, r.Lang.T(msgTooFast))
		}
		return nil
	}
}

// language makes the chat's language choice (/settings) the language of
// every reply, over the one Telegram reports. It costs one read of the
// chat's record; a chat without a record or a choice keeps Telegram's.
func (b *Bot) language(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, r *Request) error {
		id := r.ChatID
		if id == 0 && r.User != nil {
			id = r.User.ID // inline queries: the person's private chat
		}
		if id != 0 {
			if s, err := b.store.Subscriber(ctx, id); err == nil && s.LangChoice != "" {
				r.Lang = LangFor(s.LangChoice)
			}
		}
		return next(ctx, r)
	}
}

// membersOnly is closed mode's gate: people who are neither members nor
// admins reach only /start and /help; every other command, button and
// inline query gets a polite refusal and does nothing. In a group, members
// are served only once an admin subscribed or approved the group
// (allowedIn). In open mode it lets everything through.
func (b *Bot) membersOnly(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, r *Request) error {
		if !b.closed || r.Command == "start" || r.Command == "help" {
			return next(ctx, r)
		}
		if r.User == nil { // channel posts and the like: nobody to admit
			return nil
		}
		ok, err := b.allowedIn(ctx, r)
		if err != nil {
			return err
		}
		if ok {
			return next(ctx, r)
		}
		refusal := msgMembersOnly
		if isGroup(r.ChatType) {
			if member, err := b.allowed(ctx, r.User.ID); err != nil {
				return err
			} else if member {
				refusal = msgGroupNotApproved
			}
		}
		switch {
		case r.Callback != "":
			return b.answer(ctx, r, r.Lang.T(refusal))
		case r.Update.InlineQuery != nil:
			_, err := b.client.Request(ctx, tgbotapi.InlineConfig{InlineQueryID: r.Update.InlineQuery.ID,
				Results: []any{}, IsPersonal: true})
			return err
		case r.Command == "" && r.ChatType != "private":
			return nil // people talking in a group are not talking to the bot
		}
		return b.reply(ctx, r, r.Lang.T(refusal), nil)
	}
}

// allowedIn reports whether r may be served in closed mode: its sender is
// an admin; or a member, asking in a private chat, in an approved group, or
// by an inline query from outside any group (Telegram does not say which
// group an inline query comes from, so none is answered there).
func (b *Bot) allowedIn(ctx context.Context, r *Request) (bool, error) {
	if admin, err := b.store.IsAdmin(ctx, r.User.ID); err != nil || admin {
		return admin, err
	}
	if member, err := b.store.IsMember(ctx, r.User.ID); err != nil || !member {
		return false, err
	}
	if iq := r.Update.InlineQuery; iq != nil {
		return !isGroup(iq.ChatType) && iq.ChatType != "channel", nil
	}
	if !isGroup(r.ChatType) {
		return true, nil
	}
	return b.groupApproved(ctx, r.ChatID)
}

// adminOnly lets admins through to next; everyone else gets a polite
// refusal (a reply to a command, a notice for a button) and nothing happens.
func (b *Bot) adminOnly(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, r *Request) error {
		ok := false
		if r.User != nil {
			var err error
			if ok, err = b.store.IsAdmin(ctx, r.User.ID); err != nil {
				return err
			}
		}
		if ok {
			return next(ctx, r)
		}
		if r.Callback != "" {
			return b.answer(ctx, r, r.Lang.T(msgAdminOnly))
		}
		return b.reply(ctx, r, r.Lang.T(msgAdminOnly), nil)
	}
}
