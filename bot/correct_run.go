package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// prepareCorrection renders the notice a correction edits the messages
// into: the corrected article's notice as its first push job sent it, with
// that job's buttons (an acknowledgement button keeps naming that job).
func (b *Bot) prepareCorrection(ctx context.Context, job content.Job) (*notice, error) {
	c := job.Correct
	if len(c.Jobs) == 0 {
		return &notice{text: map[Lang][]part{}}, nil
	}
	push, err := b.store.Job(ctx, c.Jobs[0])
	if err != nil {
		return nil, fmt.Errorf("correction of job %d: %w", c.Jobs[0], err)
	}
	push.ArticleID = c.ArticleID
	return b.prepareNotice(ctx, push)
}

// correctChat edits the messages rc.Messages in rc's chat into the
// corrected notice, part for part (a picture's caption with
// editMessageCaption, a text with editMessageText), each marked with the
// time of the correction and keeping its buttons; with Renotify it then
// replies "Đính chính: <title>" to the first of them. An edit that changes
// nothing (done before a crash) and a message the person deleted count as
// done, so a chat handed out again is not edited twice. Parts beyond the
// messages there are (a correction made the text longer) are not sent. The
// outcome is OutcomeEdited, or as for a retraction (jobRun.undelivered).
func (r *jobRun) correctChat(ctx, gctx context.Context, rc content.Recipient) content.Delivery {
	t := &target{chatID: rc.ChatID, group: rc.Group || rc.ChatID < 0}
	if len(rc.Messages) == 0 {
		return content.Delivery{ChatID: rc.ChatID, Outcome: content.OutcomeFailed, Reason: "no message IDs on record"}
	}
	l := LangFor(rc.Lang)
	parts := r.notice.partsFor(l, true, rc.Alert)
	mark := "\n\n<i>" + l.T(msgCorrectedMark, r.correct.At.In(r.b.zone).Format("15:04")) + "</i>"
	for i, id := range rc.Messages {
		if i >= len(parts) {
			break
		}
		wctx := gctx
		if i == 0 {
			wctx = ctx
		}
		if err := r.editPart(wctx, gctx, t, id, parts[i], mark); err != nil {
			return r.undelivered(t, err, "notice not corrected")
		}
	}
	if r.correct.Renotify {
		title := escape(truncate(r.correct.Title, maxTitleRunes))
		err := r.paced(gctx, gctx, t, false, func(c context.Context) error {
			return r.call(c, "sendMessage", t.chatID, tgbotapi.Params{"text": l.T(msgCorrectionNotice, title),
				"parse_mode": tgbotapi.ModeHTML, "reply_to_message_id": strconv.Itoa(rc.Messages[0]),
				"allow_sending_without_reply": "true"})
		}, nil)
		if err != nil {
			return r.undelivered(t, err, "notice not corrected")
		}
	}
	r.b.metrics.Sent(content.OutcomeEdited.String(), t.took)
	return content.Delivery{ChatID: rc.ChatID, Outcome: content.OutcomeEdited}
}

// editPart edits message id in t's chat into p with mark appended. A
// message that is a picture where p is text, or the other way round (the
// picture was refused when it was sent), is edited the other way.
func (r *jobRun) editPart(wctx, sendCtx context.Context, t *target, id int, p part, mark string) error {
	method, field := "editMessageText", "text"
	if p.photo != "" {
		method, field = "editMessageCaption", "caption"
	}
	params := func() tgbotapi.Params {
		ps := tgbotapi.Params{"message_id": strconv.Itoa(id), field: p.html + mark, "parse_mode": tgbotapi.ModeHTML}
		if method == "editMessageText" {
			ps["disable_web_page_preview"] = "true"
		}
		if p.markup != nil {
			if v, err := json.Marshal(p.markup); err == nil {
				ps["reply_markup"] = string(v)
			}
		}
		return ps
	}
	var err error
	for range 2 {
		err = r.paced(wctx, sendCtx, t, false, func(c context.Context) error {
			return r.call(c, method, t.chatID, params())
		}, nil)
		switch {
		case apiSays(err, "there is no caption in the message to edit"):
			method, field = "editMessageText", "text"
			continue
		case apiSays(err, "there is no text in the message to edit"):
			method, field = "editMessageCaption", "caption"
			continue
		}
		break
	}
	if err == nil || apiSays(err, "message is not modified") || apiSays(err, "message to edit not found") {
		return nil
	}
	return fmt.Errorf("message %d could not be edited: %w", id, err)
}
