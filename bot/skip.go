package bot

import (
	"context"
	"log/slog"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// Why an update is confirmed without being handled: the reason label of
// newsbot_updates_skipped_total.
const (
	// skipUnhandled: a shape the bot does not handle (a reaction, a
	// business message, a message without a chat, a command for another
	// bot, an update that does not decode).
	skipUnhandled = "unhandled"
	// skipQuarantined: in hand at content.PoisonDeaths deaths.
	skipQuarantined = "quarantined"
	// skipRedelivered: handled before the process died, handed over again
	// because its offset was not committed.
	skipRedelivered = "redelivered"
)

// skip counts u as skipped for reason and logs it at debug, with its ID and
// type, never its content.
func (b *Bot) skip(ctx context.Context, u tgbotapi.Update, reason string) {
	b.metrics.skipped.WithLabelValues(reason).Inc()
	b.log.LogAttrs(ctx, slog.LevelDebug, "update skipped", slog.Int("update_id", u.UpdateID),
		slog.String("type", updateType(u)), slog.String("reason", reason))
}

// quarantine skips u, which was in hand when the process died f.Deaths
// times: it logs u's ID and type (never its content) and tells the admins.
// The caller records u handled, so this happens once.
func (b *Bot) quarantine(ctx context.Context, u tgbotapi.Update, f content.InFlight) {
	b.metrics.skipped.WithLabelValues(skipQuarantined).Inc()
	kind := updateType(u)
	b.log.LogAttrs(ctx, slog.LevelError, "update quarantined: the process died while handling it; skipped",
		slog.Int("update_id", u.UpdateID), slog.String("type", kind), slog.Int("deaths", f.Deaths))
	ctx, cancel := context.WithTimeout(ctx, handleTimeout)
	defer cancel()
	admins, err := b.store.AdminIDs(ctx)
	if err != nil {
		b.log.Error("quarantined update: list admins", slog.Any("err", err))
		return
	}
	if len(admins) == 0 {
		b.log.Warn("quarantined update but no admins to tell: add one with `newsbot admin add`",
			slog.Int("update_id", u.UpdateID))
	}
	_ = b.alertAdmins(ctx, admins, func(l Lang) string { return l.T(msgUpdateQuarantined, u.UpdateID, kind) })
}

// updateType names u's type as Telegram does ("message", "callback_query",
// ...); "other" for a type tgbotapi does not know or an update that did not
// decode.
func updateType(u tgbotapi.Update) string {
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"message", u.Message != nil},
		{"edited_message", u.EditedMessage != nil},
		{"channel_post", u.ChannelPost != nil},
		{"edited_channel_post", u.EditedChannelPost != nil},
		{"inline_query", u.InlineQuery != nil},
		{"chosen_inline_result", u.ChosenInlineResult != nil},
		{"callback_query", u.CallbackQuery != nil},
		{"shipping_query", u.ShippingQuery != nil},
		{"pre_checkout_query", u.PreCheckoutQuery != nil},
		{"poll", u.Poll != nil},
		{"poll_answer", u.PollAnswer != nil},
		{"my_chat_member", u.MyChatMember != nil},
		{"chat_member", u.ChatMember != nil},
		{"chat_join_request", u.ChatJoinRequest != nil},
	} {
		if f.set {
			return f.name
		}
	}
	return "other"
}
