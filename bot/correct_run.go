package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

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
// replies "Đính chính: <title>" to the first of them. The message IDs stay
// those on record, so a later retraction still finds them: when the
// corrected notice needs more messages than the chat has, the last one
// holds the rest, cut short with "…" where it does not fit (fitParts; the
// full text is behind the notice's "Đọc toàn văn" button); when it needs
// fewer, the messages left over are deleted, or, where Telegram will not
// delete them, reduced to the mark. An edit that changes nothing (done
// before a crash) and a message the person deleted count as done, so a chat
// handed out again is not edited twice. The outcome is OutcomeEdited, or as
// for a retraction (jobRun.undelivered).
func (r *jobRun) correctChat(ctx, gctx context.Context, rc content.Recipient) content.Delivery {
	t := &target{chatID: rc.ChatID, group: rc.Group || rc.ChatID < 0}
	if len(rc.Messages) == 0 {
		return content.Delivery{ChatID: rc.ChatID, Outcome: content.OutcomeFailed, Reason: "no message IDs on record"}
	}
	l := LangFor(rc.Lang)
	mark := "\n\n<i>" + l.T(msgCorrectedMark, r.correct.At.In(r.b.zone).Format("15:04")) + "</i>"
	parts := fitParts(r.notice.partsFor(l, true, rc.Alert), len(rc.Messages), mark)
	for i, id := range rc.Messages {
		wctx := gctx
		if i == 0 {
			wctx = ctx
		}
		var err error
		if i < len(parts) {
			err = r.editPart(wctx, gctx, t, id, parts[i], mark)
		} else {
			err = r.dropPart(gctx, t, id, mark)
		}
		if err != nil {
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

// fitParts fits a corrected notice's parts ps into the n messages a chat
// has, each with room for mark: the parts from the n-th on are joined into
// the last message (which takes the last part's buttons), and a part too
// long for its message (a caption of maxCaptionLen, a text of
// maxMessageLen, less the mark) is cut where splitHTML would cut it and
// ends with "…". ps is not changed.
func fitParts(ps []part, n int, mark string) []part {
	out := append([]part(nil), ps...)
	if n > 0 && len(out) > n {
		last := out[n-1]
		var html []string
		for _, p := range out[n-1:] {
			html = append(html, p.html)
		}
		last.html, last.markup = strings.Join(html, "\n"), out[len(out)-1].markup
		out = append(out[:n-1], last)
	}
	for i := range out {
		limit := maxMessageLen
		if out[i].photo != "" {
			limit = maxCaptionLen
		}
		if room := limit - utf16Len(mark); utf16Len(out[i].html) > room {
			if cut := splitHTML(out[i].html, room-1); len(cut) > 0 {
				out[i].html = cut[0] + "…"
			}
		}
	}
	return out
}

// dropPart takes away message id, left over when a corrected notice needs
// fewer messages than the chat has: it is deleted, or, where Telegram will
// not delete it (past 48 hours), edited down to mark alone.
func (r *jobRun) dropPart(ctx context.Context, t *target, id int, mark string) error {
	err := r.paced(ctx, ctx, t, false, func(c context.Context) error {
		return r.call(c, "deleteMessage", t.chatID, tgbotapi.Params{"message_id": strconv.Itoa(id)})
	}, nil)
	switch {
	case err == nil || apiSays(err, "message to delete not found"):
		return nil
	case takeBackFatal(err):
		return err
	}
	return r.editPart(ctx, ctx, t, id, part{}, strings.TrimSpace(mark))
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
