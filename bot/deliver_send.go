package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// maxMigrations bounds how many times one recipient may be moved to a new
// chat ID while its notice is sent.
const maxMigrations = 2

// target is the chat a recipient's notice is going to; a migration changes
// it.
type target struct {
	chatID int64
	group  bool
	// silent sends without sound (quiet hours).
	silent     bool
	migrations int
	// took is how long the last request took, for the metrics.
	took time.Duration
	// messages are the IDs of the messages sent to chatID so far, in
	// order; a migration starts them again in the new chat.
	messages []int
	// sent is the date Telegram gave the first of them.
	sent time.Time
}

// deliver sends the notice to rc and returns its outcome, OutcomePending
// when the run is stopping before the first message went out. ctx bounds
// the waits before the first message; gctx, which outlives ctx by
// StopGrace, bounds the rest, so a clean stop does not cut a notice in two.
// The outcome's ChatID is where the notice went (a migrated group's new ID).
func (r *jobRun) deliver(ctx, gctx context.Context, rc content.Recipient) content.Delivery {
	if r.stopped() {
		return content.Delivery{ChatID: rc.ChatID}
	}
	if r.retract != nil {
		return r.takeBack(ctx, gctx, rc)
	}
	if r.correct != nil {
		return r.correctChat(ctx, gctx, rc)
	}
	l := LangFor(rc.Lang)
	t := &target{chatID: rc.ChatID, group: rc.Group || rc.ChatID < 0,
		silent: !r.urgent && rc.Quiet.Contains(r.b.now(), r.b.zone)}
	parts := r.notice.partsFor(l, true, rc.Alert)
	if r.digest {
		ps, err := r.b.digestParts(ctx, r.id, rc.ChatID, l)
		if err != nil || len(ps) == 0 {
			return r.emptyDigest(ctx, rc.ChatID, err)
		}
		parts = ps
	}
	var err error
	for i := 0; i < len(parts); i++ {
		wctx := gctx
		if i == 0 {
			wctx = ctx
		}
		p := parts[i]
		err = r.sendPart(wctx, gctx, t, &p)
		if err != nil && i == 0 && p.photo != "" && photoRefused(err) {
			r.b.log.Warn("push picture refused; sending text", slog.Uint64("job", r.id),
				slog.Int64("chat_id", t.chatID), slog.Any("err", err))
			parts, i = r.notice.partsFor(l, false, rc.Alert), -1
			continue
		}
		if err != nil {
			break
		}
	}
	if err == nil && !r.digest && r.notice.docs != nil {
		err = r.deliverDocuments(gctx, t, l, len(t.messages))
	}
	return r.outcome(t, err)
}

// emptyDigest is the outcome for a digest recipient with nothing to read
// (sent: there is nothing to send) or whose digest could not be read.
func (r *jobRun) emptyDigest(ctx context.Context, chatID int64, err error) content.Delivery {
	switch {
	case err == nil:
		return content.Delivery{ChatID: chatID, Outcome: content.OutcomeSent}
	case ctx.Err() != nil:
		return content.Delivery{ChatID: chatID}
	}
	r.b.log.Warn("digest not readable", slog.Uint64("job", r.id), slog.Int64("chat_id", chatID), slog.Any("err", err))
	return content.Delivery{ChatID: chatID, Outcome: content.OutcomeFailed, Reason: err.Error()}
}

// outcome turns the result of a delivery into what is recorded.
func (r *jobRun) outcome(t *target, err error) content.Delivery {
	if err != nil {
		return r.undelivered(t, err, "push not delivered")
	}
	r.b.metrics.Sent(content.OutcomeSent.String(), t.took)
	return content.Delivery{ChatID: t.chatID, Outcome: content.OutcomeSent, Messages: t.messages, Sent: t.sent}
}

// undelivered is what is recorded for a chat whose send, edit or deletion
// ended with err: nothing (pending) when the run is stopping, or when the
// token was refused (the job is halted); otherwise blocked or failed with
// err as the reason, counted and logged as what.
func (r *jobRun) undelivered(t *target, err error, what string) content.Delivery {
	d := content.Delivery{ChatID: t.chatID}
	switch {
	case errors.Is(err, errStopped):
		return d
	case badToken(err):
		r.halt(fmt.Errorf("%w: %w", errBadToken, err))
		return d
	case unreachable(err):
		d.Outcome, d.Reason = content.OutcomeBlocked, err.Error()
	default:
		d.Outcome, d.Reason = content.OutcomeFailed, err.Error()
	}
	r.b.metrics.Sent(d.Outcome.String(), t.took)
	r.b.log.Warn(what, slog.Uint64("job", r.id), slog.Int64("chat_id", t.chatID),
		slog.String("outcome", d.Outcome.String()), slog.Any("err", err))
	return d
}

// photoRefused reports whether Telegram refused a picture itself (a URL it
// could not fetch, a wrong type), not the chat.
func photoRefused(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Code == 400 && !unreachable(err) &&
		migratedTo(err) == 0 && !isParseError(err)
}

// sendPart sends one message to t, waiting its turn under the pacer each
// time. A 429 pauses the whole pacer and the message goes again; a migrated
// group is moved in the store and the message goes to its new ID; refused
// markup is sent again as plain text; transient failures are retried after
// a growing, jittered wait, Attempts times in all. wctx bounds the
// waits, sendCtx the requests; when either ends it returns errStopped.
func (r *jobRun) sendPart(wctx, sendCtx context.Context, t *target, p *part) error {
	plain := func() bool {
		retry := !p.plain
		p.plain = true
		return retry
	}
	return r.paced(wctx, sendCtx, t, true, func(ctx context.Context) error { return r.sendOnce(ctx, t, p) }, plain)
}

// paced makes the request call makes to t, as sendPart describes, waiting
// its turn under the pacer each time; follow says whether a migrated group
// is followed to its new ID (a send) or the migration returned as an error
// (an edit or deletion, whose message IDs mean nothing in the new chat);
// plain, when a request's markup was refused, says whether to try again
// (having made it plain text).
func (r *jobRun) paced(wctx, sendCtx context.Context, t *target, follow bool, call func(context.Context) error, plain func() bool) error {
	return r.pacedN(wctx, sendCtx, t, 1, follow, call, plain)
}

// pacedN is paced for a request that makes n messages (an album of n
// documents): it takes n turns of the pacer before each try.
func (r *jobRun) pacedN(wctx, sendCtx context.Context, t *target, n int, follow bool, call func(context.Context) error, plain func() bool) error {
	o, pace := r.o, r.b.deliv.pace
	failures, floods := 0, 0
	for {
		dones, err := r.turns(wctx, t, n)
		if err != nil {
			return errStopped
		}
		start := time.Now()
		err = call(sendCtx)
		for _, done := range dones {
			done()
		}
		t.took = time.Since(start)
		if err == nil {
			return nil
		}
		if sendCtx.Err() != nil {
			return errStopped
		}
		if wait, ok := floodWait(err); ok {
			pace.Pause(wait)
			r.b.metrics.RateLimited()
			floods++
			r.b.log.Warn("flood control: all sends paused", slog.Uint64("job", r.id), slog.Int64("chat_id", t.chatID),
				slog.Duration("for", wait), slog.Int("waits", floods))
			if floods >= o.FloodWaits {
				return fmt.Errorf("gave up after %d flood waits: %w", floods, err)
			}
			continue
		}
		if to := migratedTo(err); to != 0 {
			if !follow || t.migrations >= maxMigrations {
				return err
			}
			if merr := r.b.store.MigrateChat(sendCtx, t.chatID, to); merr != nil {
				return fmt.Errorf("chat %d became %d but could not be moved: %w", t.chatID, to, merr)
			}
			r.b.log.Info("group became a supergroup; sending there", slog.Int64("chat_id", t.chatID), slog.Int64("new_chat_id", to))
			r.markReached(to)
			t.chatID, t.group, t.messages, t.sent = to, true, nil, time.Time{}
			t.migrations++
			continue
		}
		if isParseError(err) && plain != nil && plain() {
			continue
		}
		if !transient(err) {
			return err
		}
		failures++
		if failures >= o.Attempts {
			return fmt.Errorf("gave up after %d tries: %w", failures, err)
		}
		if !waitCtx(wctx, backoff(failures, o.RetryBase, o.RetryMax)) {
			return errStopped
		}
	}
}

// turns takes n turns of the pacer for t's chat, one after another; when
// ctx ends first it gives back those it took (as answered) and returns
// ctx's error.
func (r *jobRun) turns(ctx context.Context, t *target, n int) ([]func(), error) {
	dones := make([]func(), 0, n)
	for range max(n, 1) {
		done, err := r.b.deliv.pace.Wait(ctx, turn{chatID: t.chatID, group: t.group, lane: pushLane})
		if err != nil {
			for _, d := range dones {
				d()
			}
			return nil, err
		}
		dones = append(dones, done)
	}
	return dones, nil
}

// sendOnce makes one request for p to t, bounded by SendTimeout, and
// remembers the ID of the message it made in t.
func (r *jobRun) sendOnce(ctx context.Context, t *target, p *part) error {
	ctx, cancel := context.WithTimeout(ctx, r.o.SendTimeout)
	defer cancel()
	resp, err := r.b.client.Request(ctx, p.message(t))
	if err != nil {
		return err
	}
	if id, date := sentMessageID(resp); id != 0 {
		if len(t.messages) == 0 && date > 0 {
			t.sent = time.Unix(date, 0).UTC()
		}
		t.messages = append(t.messages, id)
	}
	return nil
}

// sentMessageID is the message_id and date of the Message a send method
// returned; 0 when the answer does not carry them. The message went out
// either way, so an answer it cannot read is no reason to send it again.
func sentMessageID(resp *tgbotapi.APIResponse) (id int, date int64) {
	var m struct {
		MessageID int   `json:"message_id"`
		Date      int64 `json:"date"`
	}
	if resp == nil || json.Unmarshal(resp.Result, &m) != nil {
		return 0, 0
	}
	return m.MessageID, m.Date
}

// message builds the request for p to t.
func (p *part) message(t *target) tgbotapi.Chattable {
	text, mode := p.html, tgbotapi.ModeHTML
	if p.plain {
		text, mode = plainText(p.html), ""
	}
	if p.photo != "" {
		var file tgbotapi.RequestFileData = tgbotapi.FileURL(p.photo)
		if p.fileID {
			file = tgbotapi.FileID(p.photo)
		}
		m := tgbotapi.NewPhoto(t.chatID, file)
		m.Caption, m.ParseMode, m.DisableNotification = text, mode, t.silent
		if p.markup != nil {
			m.ReplyMarkup = p.markup
		}
		return m
	}
	m := tgbotapi.NewMessage(t.chatID, text)
	m.ParseMode, m.DisableNotification, m.DisableWebPagePreview = mode, t.silent, true
	if p.markup != nil {
		m.ReplyMarkup = p.markup
	}
	return m
}
