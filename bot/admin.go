package bot

import "context"

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
