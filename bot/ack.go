package bot

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// Receipts records and reports acknowledgements of the notices that ask for
// them (directives, broadcasts an admin marked).
type Receipts interface {
	// RecordAck records a.ChatID's acknowledgement of job jobID once and
	// reports whether this call recorded it. An unknown job or one that
	// asks for none is an error wrapping content.ErrNoReceipt; a chat that
	// was not sent it, content.ErrNotRecipient.
	RecordAck(ctx context.Context, jobID uint64, a content.Ack) (bool, error)
	// Receipts returns up to n notices asking for acknowledgement, newest first.
	Receipts(ctx context.Context, n int) ([]content.Receipt, error)
	// Receipt returns one with every recipient (errors as RecordAck's).
	Receipt(ctx context.Context, jobID uint64) (content.ReceiptDetail, error)
	// RemindUnacknowledged creates the one reminder job of notice jobID
	// for those who have not acknowledged it; errors wrap
	// content.ErrAlreadyReminded, content.ErrNobodyToRemind or
	// content.ErrNoReceipt.
	RemindUnacknowledged(ctx context.Context, jobID uint64, admin int64) (content.Job, error)
	// Job returns a push job; an unknown ID is an error.
	Job(ctx context.Context, id uint64) (content.Job, error)
}

func (b *Bot) ackRoutes(rt *Router) {
	rt.Callback(callbackAck, b.handleAck)
}

// ackData is the callback data of the "Đã nhận" button of job id: kind "j"
// (a push job: an article's or a broadcast) and the job's ID.
func ackData(id uint64) string { return callbackAck + ":j" + strconv.FormatUint(id, 10) }

// parseAckData returns the job an "ack:j<id>" button names; it accepts
// exactly what ackData writes.
func parseAckData(data string) (uint64, bool) {
	rest, ok := strings.CutPrefix(data, callbackAck+":j")
	if !ok || rest == "" || len(rest) > 20 || rest[0] < '1' || rest[0] > '9' {
		return 0, false // only the form ackData writes: no sign, no leading 0
	}
	id, err := strconv.ParseUint(rest, 10, 64)
	if err != nil {
		return 0, false
	}
	return id, true
}

// ackRow is the row of the "Đã nhận" button for job id.
func ackRow(l Lang, id uint64) []tgbotapi.InlineKeyboardButton {
	return tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData(l.T(msgAckButton), ackData(id)))
}

// withAck returns kb with the "Đã nhận" button of job id added as its last row.
func withAck(l Lang, kb tgbotapi.InlineKeyboardMarkup, id uint64) tgbotapi.InlineKeyboardMarkup {
	rows := append([][]tgbotapi.InlineKeyboardButton{}, kb.InlineKeyboard...)
	return tgbotapi.NewInlineKeyboardMarkup(append(rows, ackRow(l, id))...)
}

// handleAck records that the chat the button is in acknowledged the notice
// ("ack:j<job ID>"). The store checks that the job asks for acknowledgement
// and that the chat was one of its recipients; anything else (forged data,
// an unknown job, another chat) gets a polite notice and records nothing.
// Pressing again, or at once from two phones, counts once.
func (b *Bot) handleAck(ctx context.Context, r *Request) error {
	q := r.Update.CallbackQuery
	id, ok := parseAckData(r.Callback)
	if !ok || q.Message == nil || q.Message.Chat == nil || r.User == nil {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	recorded, err := b.store.RecordAck(ctx, id, content.Ack{ChatID: q.Message.Chat.ID, UserID: r.User.ID,
		Name: personName(r.User), At: b.now()})
	switch {
	case errors.Is(err, content.ErrNoReceipt), errors.Is(err, content.ErrNotRecipient):
		b.log.Info("acknowledgement refused", slog.Uint64("job", id), slog.Int64("chat_id", q.Message.Chat.ID),
			slog.Int64("user", r.User.ID), slog.Any("err", err))
		return b.answer(ctx, r, r.Lang.T(msgAckNotForYou))
	case err != nil:
		return err
	}
	if err := b.answer(ctx, r, r.Lang.T(map[bool]msg{true: msgAckRecorded, false: msgAckAlready}[recorded])); err != nil {
		return err
	}
	if q.Message.ReplyMarkup != nil {
		return b.editKeyboard(ctx, r, ackedKeyboard(r.Lang, *q.Message.ReplyMarkup, r.Callback))
	}
	return nil
}

// ackedKeyboard returns kb with its "Đã nhận" button (data) relabelled to
// show that it was received; the button still answers if pressed again.
func ackedKeyboard(l Lang, kb tgbotapi.InlineKeyboardMarkup, data string) tgbotapi.InlineKeyboardMarkup {
	out := tgbotapi.InlineKeyboardMarkup{InlineKeyboard: make([][]tgbotapi.InlineKeyboardButton, len(kb.InlineKeyboard))}
	for i, row := range kb.InlineKeyboard {
		out.InlineKeyboard[i] = append([]tgbotapi.InlineKeyboardButton{}, row...)
		for j, btn := range row {
			if btn.CallbackData != nil && *btn.CallbackData == data {
				out.InlineKeyboard[i][j].Text = l.T(msgAckDoneButton)
			}
		}
	}
	return out
}

// prepareReminder renders a reminder job's notice: the reminder line over
// the original notice's text (no picture), with the original's "Đã nhận"
// button, since that is what the recipients acknowledge.
func (b *Bot) prepareReminder(ctx context.Context, job content.Job) (*notice, error) {
	orig, err := b.store.Job(ctx, job.RemindOf)
	if err != nil {
		return nil, err
	}
	n := &notice{text: map[Lang][]part{}}
	var a *content.Article
	if orig.ArticleID != "" {
		art, err := b.store.Article(ctx, orig.ArticleID)
		if err != nil {
			return nil, err
		}
		a = &art
	}
	for _, l := range []Lang{Vietnamese, English} {
		body := b.identity.signed(escape(orig.Text))
		kb := tgbotapi.NewInlineKeyboardMarkup(ackRow(l, orig.ID))
		if a != nil {
			body = articleCard(*a, l, b.zone) + b.identity.pushFooter()
			kb = withAck(l, articleKeyboard(l, *a), orig.ID)
		}
		n.text[l] = textParts(l.T(msgAckReminder)+"\n\n"+body, kb)
	}
	return n, nil
}
