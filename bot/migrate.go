package bot

import (
	"context"
	"log/slog"
)

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
