package bot

import (
	"context"
	"log/slog"
	"strconv"
	"strings"

	"newsbot/content"
)

func (b *Bot) startRoutes(rt *Router) {
	rt.Command("start", b.handleStart)
	rt.Command("help", b.handleHelp)
	rt.Unknown(b.handleUnknown)
	rt.Text(b.handleText)
	rt.StaleCallback(b.handleStaleButton)
}

// handleStaleButton answers a press of a button the bot no longer knows.
func (b *Bot) handleStaleButton(ctx context.Context, r *Request) error {
	return b.answer(ctx, r, r.Lang.T(msgStaleButton))
}

// handleStart greets the person and subscribes the chat. A deep link
// (t.me/<bot>?start=<payload>) then opens the screen it names: "latest",
// "search_<words>" (words joined by "_"), or "a_<article ID>".
// In closed mode, people who are not members go through closedStart first.
func (b *Bot) handleStart(ctx context.Context, r *Request) error {
	s := subscriberOf(r)
	if b.closed {
		if handled, err := b.closedStart(ctx, r, &s); handled || err != nil {
			return err
		}
	}
	newly, err := b.store.Subscribe(ctx, s)
	if err != nil {
		return err
	}
	b.logFirstAdminHint(ctx, r)
	name := greetingName(r)
	text := r.Lang.T(msgWelcomeBack, escape(name))
	if newly {
		text = b.identity.welcome(r.Lang, name)
	}
	deep, ok := b.deepLink(r)
	if !ok {
		return b.reply(ctx, r, text, nil)
	}
	if newly {
		if err := b.reply(ctx, r, text, nil); err != nil {
			return err
		}
	}
	return deep(ctx, r)
}

// deepLink returns the handler a /start payload asks for, with r's
// arguments rewritten for it.
func (b *Bot) deepLink(r *Request) (HandlerFunc, bool) {
	payload := r.Args
	switch {
	case payload == "latest":
		r.Args = ""
		return b.handleLatest, true
	case strings.HasPrefix(payload, "search_"):
		r.Args = strings.ReplaceAll(strings.TrimPrefix(payload, "search_"), "_", " ")
		return b.handleSearch, true
	case strings.HasPrefix(payload, "a_"):
		id := strings.TrimPrefix(payload, "a_")
		return func(ctx context.Context, r *Request) error {
			a, ok, err := b.findArticle(ctx, id)
			if err != nil || !ok {
				if err == nil {
					err = b.reply(ctx, r, r.Lang.T(msgArticleGone), nil)
				}
				return err
			}
			return b.sendFull(ctx, r, a)
		}, true
	}
	return nil, false
}

// greetingName is what the greeting calls the sender: their first name, or
// a friendly word when Telegram gave none. Not escaped.
func greetingName(r *Request) string {
	if r.User != nil && strings.TrimSpace(r.User.FirstName) != "" {
		return capRunes(r.User.FirstName, 64)
	}
	return r.Lang.T(msgSomeone)
}

// handleHelp lists the commands; admins also get theirs.
func (b *Bot) handleHelp(ctx context.Context, r *Request) error {
	text := b.identity.helpHeader(r.Lang) + r.Lang.T(msgHelp, escape(b.client.Self().UserName))
	if r.User != nil {
		admin, err := b.store.IsAdmin(ctx, r.User.ID)
		if err != nil {
			return err
		}
		if admin {
			text += r.Lang.T(msgHelpAdmin)
		}
	}
	return b.reply(ctx, r, text, nil)
}

func (b *Bot) handleUnknown(ctx context.Context, r *Request) error {
	return b.reply(ctx, r, r.Lang.T(msgUnknownCommand, escape(capRunes(r.Command, 32))), nil)
}

// handleText answers plain messages in private chats with a pointer to the
// commands; in groups the bot stays quiet unless addressed by a command.
func (b *Bot) handleText(ctx context.Context, r *Request) error {
	if r.ChatType != "private" {
		return nil
	}
	return b.reply(ctx, r, r.Lang.T(msgNotACommand), nil)
}

// subscriberOf describes the request's chat as a subscriber.
func subscriberOf(r *Request) content.Subscriber {
	s := content.Subscriber{ChatID: r.ChatID, Lang: string(r.Lang), Group: isGroup(r.ChatType)}
	if u := r.User; u != nil {
		s.UserID, s.Username = u.ID, u.UserName
		s.Name = strings.TrimSpace(u.FirstName + " " + u.LastName)
		s.Lang = u.LanguageCode
	}
	if m := r.Update.Message; m != nil && m.Chat != nil && m.Chat.Title != "" {
		s.Name = m.Chat.Title
	}
	return s
}

// logFirstAdminHint tells the operator, in the log, how to make the person
// who sent /start an admin, as long as the bot has none: the operator of a
// new bot learns their own Telegram ID by writing to it. A failure to read
// the admins only skips the hint.
func (b *Bot) logFirstAdminHint(ctx context.Context, r *Request) {
	if r.User == nil || r.ChatType != "private" {
		return
	}
	admins, err := b.store.AdminIDs(ctx)
	if err != nil || len(admins) > 0 {
		return
	}
	b.log.Info("no admin yet; to make this person the first admin, stop the bot and run: newsbot admin add "+strconv.FormatInt(r.User.ID, 10),
		slog.Int64("user_id", r.User.ID), slog.String("name", greetingName(r)))
}
