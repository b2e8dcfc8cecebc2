package bot

import (
	"context"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// maxCaptionLen is Telegram's limit on a photo's caption, in UTF-16 units.
const maxCaptionLen = 1024

// part is one message of a notice: a photo with an HTML caption, or an HTML
// text.
type part struct {
	// photo is the picture's URL, or its Telegram file_id when fileID is
	// set; empty for a text message.
	photo  string
	fileID bool
	html   string
	// markup goes with the message (the last part's buttons).
	markup any
	// plain is set once Telegram refused html: the part is sent as text.
	plain bool
}

// notice is what a job sends, rendered once per language.
type notice struct {
	// withPhoto holds the parts with the article's picture first; nil
	// when there is no picture to show.
	withPhoto map[Lang][]part
	// text holds the parts without a picture.
	text map[Lang][]part
	// card, keyboard and photo are an article's, kept to render the notice
	// again with a recipient's alert line (notice.partsFor).
	card     map[Lang]string
	keyboard map[Lang]tgbotapi.InlineKeyboardMarkup
	// photo is the picture's URL, or its Telegram file_id when photoFileID.
	photo       string
	photoFileID bool
	// docs are the documents sent after the card; nil for none (see jobRun.deliverDocuments).
	docs *docSet
}

// pictureParts is photoParts for the notice's own picture.
func (n *notice) pictureParts(card string, kb tgbotapi.InlineKeyboardMarkup) []part {
	ps := photoParts(n.photo, card, kb)
	ps[0].fileID = n.photoFileID
	return ps
}

// parts returns the parts to send in language l, the picture first when
// there is one and photo is set.
func (n *notice) parts(l Lang, photo bool) []part {
	if ps, ok := n.withPhoto[l]; ok && photo {
		return ps
	}
	return n.text[l]
}

// prepareNotice renders job's notice: for an article, its card (title, time,
// lead) with its buttons, under its first picture when that has a URL or a
// Telegram file_id; for a broadcast, the admin's text, escaped (it is plain
// text); for a reminder, see prepareReminder. A job that asks for
// acknowledgement gets the "Đã nhận" button, under its last message. An
// article's documents follow the card (planDocuments, deliverDocuments);
// the card says how many, and names (links) those it will not send.
func (b *Bot) prepareNotice(ctx context.Context, job content.Job) (*notice, error) {
	if job.Retract != nil {
		return nil, nil // a retraction sends no notice (jobRun.takeBack)
	}
	if job.Correct != nil {
		return b.prepareCorrection(ctx, job)
	}
	if job.RemindOf != 0 {
		return b.prepareReminder(ctx, job)
	}
	n := &notice{text: map[Lang][]part{}}
	if job.ArticleID == "" {
		for _, l := range []Lang{Vietnamese, English} {
			var markup any
			if job.Ack {
				markup = tgbotapi.NewInlineKeyboardMarkup(ackRow(l, job.ID))
			}
			n.text[l] = textParts(b.identity.signed(escape(job.Text)), markup)
		}
		return n, nil
	}
	a, err := b.store.Article(ctx, job.ArticleID)
	if err != nil {
		return nil, err
	}
	var send []docItem
	var named []docNote
	if len(a.Attachments) > 0 {
		send, named = b.planDocuments(ctx, a)
	}
	if len(send) > 0 {
		n.docs = newDocSet(a.ID, send)
	}
	for _, l := range []Lang{Vietnamese, English} {
		card, kb := articleCard(a, l, b.zone), articleKeyboard(l, a)
		if block := docBlock(l, len(send), named); block != "" {
			card += "\n\n" + block
		}
		card += b.identity.pushFooter()
		switch {
		case job.Ack && n.docs != nil:
			// The button goes under the last document (deliverDocuments).
			if n.docs.markup == nil {
				n.docs.markup, n.docs.fallback = map[Lang]any{}, map[Lang]any{}
			}
			n.docs.markup[l] = tgbotapi.NewInlineKeyboardMarkup(ackRow(l, job.ID))
			n.docs.fallback[l] = withAck(l, kb, job.ID)
		case job.Ack:
			kb = withAck(l, kb, job.ID)
		}
		n.keep(l, card, kb)
		n.text[l] = textParts(card, kb)
		if len(a.Images) > 0 && (a.Images[0].URL != "" || a.Images[0].FileID != "") {
			if n.withPhoto == nil {
				n.withPhoto = map[Lang][]part{}
			}
			img := a.Images[0]
			n.photo, n.photoFileID = img.URL, img.URL == "" // no URL: a picture an admin sent the bot
			if n.photoFileID {
				n.photo = img.FileID
			}
			n.withPhoto[l] = n.pictureParts(card, kb)
		}
	}
	return n, nil
}

// textParts splits html into messages under Telegram's limit; markup goes
// on the last one.
func textParts(html string, markup any) []part {
	var ps []part
	for _, s := range splitHTML(html, maxMessageLen) {
		ps = append(ps, part{html: s})
	}
	if len(ps) > 0 {
		ps[len(ps)-1].markup = markup
	}
	return ps
}

// photoParts puts the card under the picture as its caption; what does not
// fit in the caption follows as text. The buttons go on the last message.
func photoParts(url, card string, kb tgbotapi.InlineKeyboardMarkup) []part {
	caps := splitHTML(card, maxCaptionLen) // HTML is never shorter than its text
	if len(caps) == 0 {
		caps = []string{""}
	}
	ps := []part{{photo: url, html: caps[0]}}
	ps = append(ps, textParts(strings.Join(caps[1:], "\n"), nil)...)
	ps[len(ps)-1].markup = kb
	return ps
}
