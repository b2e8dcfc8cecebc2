package bot

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Which calls spend Telegram's send budget: every call that puts a message
// in a chat or changes one — sendMessage, sendPhoto and the other sends,
// editMessageText, editMessageCaption, editMessageReplyMarkup — counts
// against the 30 a second overall and the per-chat and per-group limits,
// whether the delivery worker or a reply makes it, so both take their turn
// from the one pacer (Bot.send and Bot.edit here, jobRun.sendPart for
// pushes). answerCallbackQuery and answerInlineQuery put no message in a
// chat and are not counted by Telegram's message limits; deleteMessage,
// setMyCommands and the webhook calls neither: those go straight to the
// Client.

// send sends a message to chatID (sendMessage, sendPhoto, …) that is not a
// push — a reply, a preview, a notice to an admin — in the pacer's reply
// lane, and returns the message sent. See sendPaced for the retries and
// what a failure leaves behind.
func (b *Bot) send(ctx context.Context, chatID int64, ch tgbotapi.Chattable) (tgbotapi.Message, error) {
	resp, err := b.sendPaced(ctx, chatID, ch)
	if err != nil {
		return tgbotapi.Message{}, err
	}
	return messageOf(methodOf(ch), resp)
}

// edit changes a message of the bot in chatID (editMessageText,
// editMessageReplyMarkup, …) in the pacer's reply lane. An edit that would
// change nothing ("message is not modified") is not an error.
func (b *Bot) edit(ctx context.Context, chatID int64, ch tgbotapi.Chattable) error {
	_, err := b.sendPaced(ctx, chatID, ch)
	if isNotModified(err) {
		return nil
	}
	return err
}

// sendPaced makes the request ch to chatID when the pacer gives the reply
// lane its turn. A 429 pauses the whole pacer for its retry_after (pushes
// too) and the request goes again; a 5xx or a broken connection is tried
// again after a growing wait (DeliveryOptions.Attempts, RetryBase,
// RetryMax); both only while ctx's deadline leaves time for the wait — the
// update's (handleTimeout), or handleTimeout from now when ctx has none.
// A request that finally fails is logged at warn with the chat and the
// error and counted (newsbot_replies_failed_total), except markup Telegram
// cannot parse (the caller sends it again as plain text) and an edit that
// changes nothing.
func (b *Bot) sendPaced(ctx context.Context, chatID int64, ch tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, handleTimeout)
		defer cancel()
	}
	resp, err := b.pacedTries(ctx, chatID, ch)
	if err != nil && !isParseError(err) && !isNotModified(err) {
		b.metrics.replyFailed()
		b.log.LogAttrs(ctx, slog.LevelWarn, "message to a chat not sent", slog.Int64("chat_id", chatID),
			slog.String("method", methodOf(ch)), slog.Any("err", err))
	}
	return resp, err
}

// pacedTries is sendPaced's loop of tries.
func (b *Bot) pacedTries(ctx context.Context, chatID int64, ch tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	return b.pacedReply(ctx, chatID, 1, methodOf(ch), func(c context.Context) (*tgbotapi.APIResponse, error) {
		return b.client.Request(c, ch)
	})
}

// pacedReply makes the request call makes (method, for errors), which puts
// n messages in chatID (an album of n documents), with sendPaced's turns
// in the reply lane, n of them before each try, and its retries.
func (b *Bot) pacedReply(ctx context.Context, chatID int64, n int, method string, call func(context.Context) (*tgbotapi.APIResponse, error)) (*tgbotapi.APIResponse, error) {
	o, pace := b.deliv.opts, b.deliv.pace
	failures, floods := 0, 0
	for {
		dones := make([]func(), 0, n)
		var err error
		for range max(n, 1) {
			var done func()
			if done, err = pace.Wait(ctx, turn{chatID: chatID, group: chatID < 0, lane: replyLane}); err != nil {
				break
			}
			dones = append(dones, done)
		}
		if err != nil {
			for _, done := range dones {
				done()
			}
			return nil, fmt.Errorf("telegram: %s: no turn to send: %w", method, err)
		}
		resp, err := call(ctx)
		for _, done := range dones {
			done()
		}
		if err == nil {
			return resp, nil
		}
		if ctx.Err() != nil {
			return resp, err
		}
		if wait, ok := floodWait(err); ok {
			pace.Pause(wait)
			b.metrics.RateLimited()
			floods++
			b.log.LogAttrs(ctx, slog.LevelWarn, "flood control: all sends paused", slog.Int64("chat_id", chatID),
				slog.Duration("for", wait), slog.Int("waits", floods))
			if floods >= o.FloodWaits || !leavesTime(ctx, wait) {
				return resp, err
			}
			continue
		}
		if !transient(err) {
			return resp, err
		}
		failures++
		wait := backoff(failures, o.RetryBase, o.RetryMax)
		if failures >= o.Attempts || !leavesTime(ctx, wait) || !waitCtx(ctx, wait) {
			return resp, err
		}
	}
}

// leavesTime reports whether ctx's deadline, if any, is more than wait away.
func leavesTime(ctx context.Context, wait time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > wait
}
