package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// maxDeleteBatch is the most message IDs one deleteMessages call may name
// (Bot API 7.0).
const maxDeleteBatch = 100

// takeBack retracts the messages rc.Messages in rc's chat, the delivery
// worker's counterpart of deliver for a retraction job. A message whose
// date on record (rc.Sent) is past Telegram's 48 hours for deleting
// (pastDeleteWindow) is edited at once into the short notice that the
// article was taken back: asking Telegram to delete it would cost a request
// under the same limits only to be refused. The others are deleted with
// deleteMessages, up to maxDeleteBatch at a time; where Telegram refuses a
// batch, one by one with deleteMessage, and a message Telegram will not
// delete (a date not on record, or a clock that differs from Telegram's) is
// edited into the notice (at once when the batch was refused as past the
// 48 hours). A message already gone counts as deleted, and a notice already
// in place as replaced, so a recipient handed out again after a crash is
// taken back once.
//
// The outcome is OutcomeDeleted when every message was deleted,
// OutcomeReplaced when the rest were replaced, OutcomeBlocked for a chat
// that cannot be reached, OutcomeFailed otherwise (a migrated group among
// them: its message IDs mean nothing in the new chat), and OutcomePending
// when the run stops before the chat was done (it is tried again; what was
// done is then found done). Every request waits its turn under the same
// pacer as pushes.
func (r *jobRun) takeBack(ctx, gctx context.Context, rc content.Recipient) content.Delivery {
	t := &target{chatID: rc.ChatID, group: rc.Group || rc.ChatID < 0}
	d := content.Delivery{ChatID: rc.ChatID}
	if len(rc.Messages) == 0 {
		d.Outcome, d.Reason = content.OutcomeFailed, "no message IDs on record"
		return d
	}
	now := r.b.now()
	var fresh, old []int
	for i, id := range rc.Messages {
		if i < len(rc.Sent) && pastDeleteWindow(rc.Sent[i], now) {
			old = append(old, id)
		} else {
			fresh = append(fresh, id)
		}
	}
	// The first request waits under ctx, so a stopping run leaves the chat
	// untouched; once begun, the chat is finished under gctx.
	wctx := ctx
	next := func() context.Context {
		c := wctx
		wctx = gctx
		return c
	}
	l := LangFor(rc.Lang)
	replaced := false
	for i := 0; i < len(fresh); i += maxDeleteBatch {
		batch := fresh[i:min(i+maxDeleteBatch, len(fresh))]
		err := r.paced(next(), gctx, t, false, func(c context.Context) error {
			return r.call(c, "deleteMessages", t.chatID, tgbotapi.Params{"message_ids": idList(batch)})
		}, nil)
		if err != nil && !takeBackFatal(err) {
			// Telegram refused the batch: past its 48 hours (a notice's
			// messages were sent together, so all of them are), each is
			// replaced at once; for another reason (an API without
			// deleteMessages), each is deleted, or else replaced, alone.
			tooOld := apiSays(err, "can't be deleted")
			for _, id := range batch {
				var rep bool
				if rep, err = r.takeBackOne(gctx, gctx, t, id, l, tooOld); err != nil {
					break
				}
				replaced = replaced || rep
			}
		}
		if err != nil {
			return r.undelivered(t, err, "notice not taken back")
		}
	}
	for _, id := range old {
		rep, err := r.takeBackOne(next(), gctx, t, id, l, true)
		if err != nil {
			return r.undelivered(t, err, "notice not taken back")
		}
		replaced = replaced || rep
	}
	d.Outcome = content.OutcomeDeleted
	if replaced {
		d.Outcome = content.OutcomeReplaced
	}
	r.b.metrics.Sent(d.Outcome.String(), t.took)
	return d
}

// Telegram lets a bot delete a message for deleteWindow after the date it
// gave it; takeBack edits a message dated more than deleteWindow+deleteSlack
// ago without asking to delete it first. The slack allows for a clock that
// runs ahead of Telegram's: a message it misjudges is tried as before.
const (
	deleteWindow = 48 * time.Hour
	deleteSlack  = 10 * time.Minute
)

// pastDeleteWindow reports whether a message Telegram dated sent (the zero
// time: not known) is, at now, surely too old for Telegram to delete.
func pastDeleteWindow(sent, now time.Time) bool {
	return !sent.IsZero() && now.Sub(sent) > deleteWindow+deleteSlack
}

// mostRequestsFirst orders a page of a retraction's or correction's
// recipients so that the chats needing the most requests come first: a
// chat takes one request a second, and handed out last such a chat would
// leave the job waiting on it alone at its end. The order is otherwise
// kept.
func (r *jobRun) mostRequestsFirst(rs []content.Recipient) {
	now := r.b.now()
	cost := func(rc content.Recipient) int {
		if r.retract == nil {
			return len(rc.Messages) // a correction edits each
		}
		old := 0
		for i := range rc.Messages {
			if i < len(rc.Sent) && pastDeleteWindow(rc.Sent[i], now) {
				old++
			}
		}
		fresh := len(rc.Messages) - old
		return old + (fresh+maxDeleteBatch-1)/maxDeleteBatch
	}
	costs := make(map[int64]int, len(rs))
	for _, rc := range rs {
		costs[rc.ChatID] = cost(rc)
	}
	slices.SortStableFunc(rs, func(a, b content.Recipient) int { return costs[b.ChatID] - costs[a.ChatID] })
}

// takeBackFatal reports whether err ends the chat's retraction at once:
// the run is stopping, the token or the chat is no good, the group moved.
func takeBackFatal(err error) bool {
	return errors.Is(err, errStopped) || badToken(err) || unreachable(err) || migratedTo(err) != 0 || transient(err)
}

// takeBackOne deletes message id in t's chat, or replaces it by the notice
// when Telegram will not delete it (at once when tooOld); it reports
// whether it replaced it. Its first request waits its turn under wctx, the
// rest under ctx, which bounds the requests themselves.
func (r *jobRun) takeBackOne(wctx, ctx context.Context, t *target, id int, l Lang, tooOld bool) (bool, error) {
	if !tooOld {
		err := r.paced(wctx, ctx, t, false, func(c context.Context) error {
			return r.call(c, "deleteMessage", t.chatID, tgbotapi.Params{"message_id": strconv.Itoa(id)})
		}, nil)
		if err == nil || apiSays(err, "message to delete not found") {
			return false, nil
		}
		if takeBackFatal(err) {
			return false, err
		}
		wctx = ctx
	}
	var err error
	text := r.b.retractedNotice(l, r.retract)
	method, field := "editMessageText", "text"
	for range 2 {
		err = r.paced(wctx, ctx, t, false, func(c context.Context) error {
			return r.call(c, method, t.chatID, tgbotapi.Params{"message_id": strconv.Itoa(id), field: text})
		}, nil)
		wctx = ctx
		if apiSays(err, "there is no text in the message to edit") {
			method, field = "editMessageCaption", "caption" // a picture
			continue
		}
		break
	}
	switch {
	case err == nil || apiSays(err, "message is not modified"):
		return true, nil
	case apiSays(err, "message to edit not found"):
		return false, nil // deleted in the chat meanwhile
	}
	return false, fmt.Errorf("message %d could not be deleted or replaced: %w", id, err)
}

// call makes one raw request of method to chatID, bounded by SendTimeout.
func (r *jobRun) call(ctx context.Context, method string, chatID int64, p tgbotapi.Params) error {
	ctx, cancel := context.WithTimeout(ctx, r.o.SendTimeout)
	defer cancel()
	p["chat_id"] = strconv.FormatInt(chatID, 10)
	_, err := r.b.client.Call(ctx, method, p)
	return err
}

// apiSays reports whether err is a Telegram error whose description
// contains s.
func apiSays(err error, s string) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && strings.Contains(apiErr.Description, s)
}

// idList is message IDs as the JSON array deleteMessages takes.
func idList(ids []int) string {
	v, _ := json.Marshal(ids)
	return string(v)
}

// retractedNotice is the text a message that could not be deleted becomes:
// when r was confirmed, in Vietnam time.
func (b *Bot) retractedNotice(l Lang, r *content.Retraction) string {
	key := msgRetractedArticle
	if r.ArticleID == "" {
		key = msgRetractedBroadcast
	}
	return l.T(key, formatTime(r.At, b.zone))
}
