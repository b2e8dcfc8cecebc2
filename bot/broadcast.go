package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
	"newsbot/content/guard"
)

// Broadcast bounds.
const (
	// maxBroadcastRunes is the longest notice, in characters as Telegram
	// counts them (UTF-16 units: an emoji counts two).
	maxBroadcastRunes = 3500
	progressEvery     = 3 * time.Second
	// progressJobs is how many of the latest jobs Progress follows.
	progressJobs = 20
	// progressWindow is how long after its creation a job's progress
	// message is still kept up to date.
	progressWindow = 24 * time.Hour
)

// Broadcasts creates and follows admins' broadcasts.
type Broadcasts interface {
	// BroadcastRecipients lists the active chats ("" category: all of them).
	BroadcastRecipients(ctx context.Context, c content.Category) ([]int64, error)
	// CreateBroadcast stores job for chats and returns it with its ID.
	CreateBroadcast(ctx context.Context, job content.Job, chats []int64) (content.Job, error)
	CancelJob(ctx context.Context, id uint64) (content.Job, error)
	// RecentJobs returns up to n jobs, newest first.
	RecentJobs(ctx context.Context, n int) ([]content.Job, error)
}

// previews remembers the broadcast previews the bot sent in this run, by
// (chat, message), each for draftTTL and at most maxDrafts of them (the
// oldest is forgotten first), with the callback data of their Gửi buttons,
// and which of them were confirmed. Gửi works only on a preview it knows
// and only with that preview's own data, so the button on any other
// message, or another kind of Gửi on a preview (forged data), sends
// nothing, and only once on each. Safe for concurrent use.
type previews struct {
	m ttlMap[[2]int64, previewState]
}

// previewState is one preview's record: the callback data of its Gửi
// buttons, and whether its broadcast was claimed.
type previewState struct {
	sends   []string
	claimed bool
}

// claimOutcome is what claiming a preview found.
type claimOutcome int

const (
	// previewClaimed: the preview was known and not claimed; now it is.
	previewClaimed claimOutcome = iota
	// previewUnknown: never sent in this run, forgotten, or older than
	// draftTTL.
	previewUnknown
	// previewTaken: claimed before.
	previewTaken
	// previewMismatch: known, but the button pressed is not one of its
	// Gửi buttons (forged data: another kind of broadcast).
	previewMismatch
)

// put records the preview (chat, msg) sent at now, whose Gửi buttons carry
// the callback data sends.
func (p *previews) put(chat int64, msg int, sends []string, now time.Time) {
	p.m.put(msgKey(chat, msg), previewState{sends: sends}, now)
}

// claim claims the preview (chat, msg) at now for the button data, if it
// is known, not older than draftTTL, data is one of its Gửi buttons' and
// it is not claimed yet.
func (p *previews) claim(chat int64, msg int, data string, now time.Time) claimOutcome {
	v, ok := p.m.update(msgKey(chat, msg), now, func(v previewState) previewState {
		if slices.Contains(v.sends, data) {
			v.claimed = true
		}
		return v
	})
	switch {
	case !ok:
		return previewUnknown
	case !slices.Contains(v.sends, data):
		return previewMismatch
	case v.claimed:
		return previewTaken
	}
	return previewClaimed
}

// release undoes, at now, a claim of the preview (chat, msg) whose
// broadcast could not be started, so that it can be confirmed again.
func (p *previews) release(chat int64, msg int, now time.Time) {
	p.m.update(msgKey(chat, msg), now, func(v previewState) previewState {
		v.claimed = false
		return v
	})
}

// drop forgets the preview (chat, msg): it was cancelled.
func (p *previews) drop(chat int64, msg int) {
	p.m.drop(msgKey(chat, msg))
}

// hasButton reports whether m carries a button with callback data data:
// whether the bot sent it with that button.
func hasButton(m *tgbotapi.Message, data string) bool {
	if m.ReplyMarkup == nil {
		return false
	}
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData != nil && *b.CallbackData == data {
				return true
			}
		}
	}
	return false
}

// The callback data of a broadcast preview's buttons (callbackBroadcast).
const (
	broadcastSendData    = callbackBroadcast + ":send"
	broadcastSendAckData = callbackBroadcast + ":sendack"
	broadcastCancelData  = callbackBroadcast + ":cancel"
)

func (b *Bot) broadcastRoutes(rt *Router) {
	rt.Command("broadcast", b.adminOnly(b.handleBroadcast))
	rt.Callback(callbackBroadcast, b.adminOnly(b.handleBroadcastButton))
}

// handleBroadcast shows an admin the notice as it will be sent, with the
// number of recipients and Gửi / Hủy buttons. The text is the command
// message's whole text after the command (not the router's capped Args)
// and any "@unit" targets, or, when that is empty, the text of the message
// the command replies to ("/broadcast @unit" as a reply sends it to the
// unit). A notice over maxBroadcastRunes
// characters (as Telegram counts them) is refused, saying by how much;
// nothing is ever cut.
func (b *Bot) handleBroadcast(ctx context.Context, r *Request) error {
	m := r.Update.Message
	if m == nil {
		return nil
	}
	// "/broadcast @unit text": audiences (Audiences). The units come from
	// the command; the text, when the command has none, from the message
	// it replies to, as with /post.
	text := commandText(m.Text)
	slugs, rest, toUnits := unitTargets(text)
	if toUnits {
		text = rest
	}
	if text == "" && m.ReplyToMessage != nil {
		text = strings.TrimSpace(m.ReplyToMessage.Text + m.ReplyToMessage.Caption)
	}
	if text == "" {
		return b.reply(ctx, r, r.Lang.T(msgBroadcastUsage), nil)
	}
	if n := utf16Len(text); n > maxBroadcastRunes {
		return b.reply(ctx, r, r.Lang.T(msgBroadcastTooLong, maxBroadcastRunes, n, n-maxBroadcastRunes), nil)
	}
	if toUnits {
		return b.previewUnitBroadcast(ctx, r, slugs, text)
	}
	chats, err := b.store.BroadcastRecipients(ctx, "")
	if err != nil {
		return err
	}
	if err := b.reply(ctx, r, r.Lang.N(msgBroadcastPreview, len(chats), formatInt(int64(len(chats)), r.Lang)), nil); err != nil {
		return err
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgBroadcastSend), broadcastSendData),
		tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgBroadcastCancel), broadcastCancelData)),
		tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgBroadcastSendAck), broadcastSendAckData)))
	preview := tgbotapi.NewMessage(r.ChatID, text) // plain text: exactly what people will get
	preview.ReplyMarkup = kb
	sent, err := b.send(ctx, r.ChatID, preview)
	if err != nil {
		return fmt.Errorf("broadcast preview: %w", err)
	}
	b.previews.put(r.ChatID, sent.MessageID, []string{broadcastSendData, broadcastSendAckData}, b.now())
	return nil
}

// handleBroadcastButton confirms ("b:send"; "b:sendack" also asks the
// recipients to acknowledge it) or drops ("b:cancel") the preview the
// button is on. The notice is the preview's own text, so the button data
// carries nothing a forger could change, and only a preview the bot
// remembers sending can be confirmed (see startBroadcast).
func (b *Bot) handleBroadcastButton(ctx context.Context, r *Request) error {
	m := r.Update.CallbackQuery.Message
	if m == nil || m.Chat == nil || strings.TrimSpace(m.Text) == "" {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	switch r.Callback {
	case broadcastCancelData:
		if err := b.editKeyboard(ctx, r, noButtons()); err != nil {
			return err
		}
		b.previews.drop(m.Chat.ID, m.MessageID)
		return b.answer(ctx, r, r.Lang.T(msgBroadcastDropped))
	case broadcastSendData, broadcastSendAckData:
	default:
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	everyone := func(ctx context.Context) ([]int64, error) { return b.store.BroadcastRecipients(ctx, "") }
	return b.startBroadcast(ctx, r, m, r.Callback == broadcastSendAckData, everyone, nil)
}

// startBroadcast sends the confirmed preview m (its own text) once. A
// message the bot does not remember sending as a preview (see previews)
// sends nothing: one that carries the pressed button is a preview from
// before a restart or over draftTTL old, and the admin is asked to send
// /broadcast again; any other gets the stale-button answer, as does a
// press whose data is not one of the preview's own Gửi buttons (a forged
// b:send on a unit preview, or u:send:<id> on one to everyone). Otherwise it
// claims the preview, reads the recipients, posts the progress message,
// creates the job and then removes the preview's buttons. Should any step
// before the job exists fail, the claim is released (and a progress
// message already posted deleted), so that Gửi works again; once the job
// exists a second press answers that it was sent (and removes the buttons
// if that failed the first time). units names the audience (nil:
// everyone) for the audit log.
func (b *Bot) startBroadcast(ctx context.Context, r *Request, m *tgbotapi.Message, ack bool,
	recipients func(context.Context) ([]int64, error), units []string) error {
	switch b.previews.claim(m.Chat.ID, m.MessageID, r.Callback, b.now()) {
	case previewUnknown:
		if hasButton(m, r.Callback) {
			return b.answer(ctx, r, r.Lang.T(msgBroadcastExpired))
		}
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	case previewMismatch:
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	case previewTaken:
		// Its job exists (a chat's presses are handled in order): the
		// buttons left are ones that could not be removed then.
		if err := b.editKeyboard(ctx, r, noButtons()); err != nil {
			b.log.Warn("broadcast: remove the preview's buttons", slog.Any("err", err))
		}
		return b.answer(ctx, r, r.Lang.T(msgBroadcastAlready))
	}
	job, err := b.createBroadcast(ctx, r, m, ack, recipients)
	if err != nil {
		b.previews.release(m.Chat.ID, m.MessageID, b.now())
		return err
	}
	if err := b.editKeyboard(ctx, r, noButtons()); err != nil {
		// The job runs; its preview keeps buttons that answer "already sent".
		b.log.Warn("broadcast: remove the preview's buttons", slog.Uint64("job", job.ID), slog.Any("err", err))
	}
	detail, audience := fmt.Sprintf("#%d, %s", job.ID, content.Counted(job.Total, "recipient", "recipients")), strings.Join(units, ",")
	if audience != "" {
		detail += ", units " + audience
	}
	b.audit(ctx, r, content.AuditBroadcast, detail)
	b.log.Info("broadcast started", slog.Uint64("job", job.ID), slog.Int64("admin", r.User.ID),
		slog.Int("recipients", job.Total), slog.String("units", audience))
	b.Notify()
	return b.answer(ctx, r, r.Lang.T(msgBroadcastStarted))
}

// createBroadcast reads the recipients, posts the progress message under
// the preview m and stores the job of m's text. When storing fails, the
// progress message is deleted (best effort).
func (b *Bot) createBroadcast(ctx context.Context, r *Request, m *tgbotapi.Message, ack bool,
	recipients func(context.Context) ([]int64, error)) (content.Job, error) {
	chats, err := recipients(ctx)
	if err != nil {
		return content.Job{}, fmt.Errorf("broadcast recipients: %w", err)
	}
	progress, err := b.send(ctx, m.Chat.ID, tgbotapi.NewMessage(m.Chat.ID, r.Lang.T(msgBroadcastStarting)))
	if err != nil {
		return content.Job{}, fmt.Errorf("broadcast progress message: %w", err)
	}
	job, err := b.store.CreateBroadcast(ctx, content.Job{
		Text: m.Text, CreatedBy: r.User.ID, Created: b.now(), Urgent: content.IsUrgent(m.Text),
		ProgressChatID: m.Chat.ID, ProgressMessageID: progress.MessageID, ProgressLang: string(r.Lang), Ack: ack,
	}, chats)
	if err != nil {
		if _, derr := b.client.Request(ctx, tgbotapi.NewDeleteMessage(m.Chat.ID, progress.MessageID)); derr != nil {
			b.log.Warn("broadcast: delete the progress message", slog.Any("err", derr))
		}
		return content.Job{}, err
	}
	return job, nil
}

// progressShown is what Progress shows of a job: the text of its progress
// message, and the language it is written in.
type progressShown struct {
	lang Lang
	text string
}

// Progress keeps each broadcast's progress message up to date until ctx is
// done: a bar, sent/total, blocked, failed and the time left, edited every
// few seconds while the job runs, then a final report, all in the language
// of the admin who started it.
func (b *Bot) Progress(ctx context.Context) error {
	var shown map[uint64]progressShown
	t := time.NewTicker(b.progressEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		guard.Do(b.log, b.metrics.Panicked, "progress", func() error { // the next tick tries again
			shown = b.showProgress(ctx, shown)
			return nil
		})
	}
}

// showProgress edits the progress message of each of the progressJobs
// latest jobs that has one, is not older than progressWindow, and whose
// text differs from what shown (by job ID) says it shows. It returns what
// is shown now, for the jobs listed only: a job no longer among the latest
// is forgotten, so the map stays as small as the list. When the jobs
// cannot be listed, it returns shown unchanged. A job's language, once
// known (see progressLang), stays with it in the map.
func (b *Bot) showProgress(ctx context.Context, shown map[uint64]progressShown) map[uint64]progressShown {
	jobs, err := b.store.RecentJobs(ctx, progressJobs)
	if err != nil {
		if ctx.Err() == nil {
			b.log.Warn("progress: list jobs", slog.Any("err", err))
		}
		return shown
	}
	next := make(map[uint64]progressShown, len(jobs))
	for _, j := range jobs {
		if j.ProgressMessageID == 0 || b.now().Sub(j.Created) > progressWindow {
			continue
		}
		s, ok := shown[j.ID]
		if !ok {
			if s.lang, err = b.progressLang(ctx, j); err != nil {
				b.log.Warn("progress: language", slog.Uint64("job", j.ID), slog.Any("err", err))
				continue
			}
		}
		if text := progressText(s.lang, j, b.now()); text != s.text {
			edit := tgbotapi.NewEditMessageText(j.ProgressChatID, j.ProgressMessageID, text)
			if err := b.edit(ctx, j.ProgressChatID, edit); err == nil { // a failure is logged by edit
				s.text = text
			}
		}
		next[j.ID] = s
	}
	return next
}

// progressLang returns the language of job j's progress message: the one
// recorded with the job, else (a job stored without it) the language of the
// admin who created it, as their subscriber record says; Vietnamese when
// there is none.
func (b *Bot) progressLang(ctx context.Context, j content.Job) (Lang, error) {
	if j.ProgressLang != "" {
		return LangFor(j.ProgressLang), nil
	}
	if j.CreatedBy == 0 {
		return Vietnamese, nil
	}
	s, err := b.store.Subscriber(ctx, j.CreatedBy)
	switch {
	case errors.Is(err, content.ErrNotFound):
		return Vietnamese, nil
	case err != nil:
		return "", fmt.Errorf("language of admin %d: %w", j.CreatedBy, err)
	}
	return LangFor(s.Language()), nil
}

// progressText renders a job's progress, or its final report when done.
func progressText(l Lang, j content.Job, now time.Time) string {
	done := j.Sent + j.Blocked + j.Failed
	if j.Cancelled {
		return l.T(msgJobCancelledReport, j.ID, j.Sent, j.Total, j.Blocked, j.Failed)
	}
	if j.Done {
		return l.T(msgJobReport, j.ID, j.Sent, j.Total, j.Blocked, j.Failed, now.Sub(j.Created).Round(time.Second))
	}
	eta := "…"
	if elapsed := now.Sub(j.Created); done > 0 && elapsed > 0 {
		left := time.Duration(float64(elapsed) / float64(done) * float64(j.Total-done))
		eta = left.Round(time.Second).String()
	}
	return l.T(msgJobProgress, j.ID, progressBar(done, j.Total), done, j.Total, j.Blocked, j.Failed, eta)
}

// progressBar draws done/total as ten blocks.
func progressBar(done, total int) string {
	n := 10
	if total > 0 {
		n = done * 10 / total
	}
	return strings.Repeat("▰", n) + strings.Repeat("▱", 10-n)
}
