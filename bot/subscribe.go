package bot

import "context"

func (b *Bot) subscribeRoutes(rt *Router) {
	rt.Command("subscribe", b.handleSubscribe)
	rt.Command("unsubscribe", b.handleUnsubscribe)
}

func (b *Bot) handleSubscribe(ctx context.Context, r *Request) error {
	newly, err := b.store.Subscribe(ctx, subscriberOf(r))
	if err != nil {
		return err
	}
	if !newly {
		return b.reply(ctx, r, r.Lang.T(msgAlreadySub), nil)
	}
	return b.reply(ctx, r, r.Lang.T(msgSubscribed), nil)
}

func (b *Bot) handleUnsubscribe(ctx context.Context, r *Request) error {
	was, err := b.store.Unsubscribe(ctx, r.ChatID)
	if err != nil {
		return err
	}
	if !was {
		return b.reply(ctx, r, r.Lang.T(msgNotSubscribed), nil)
	}
	return b.reply(ctx, r, r.Lang.T(msgUnsubscribed), nil)
}
