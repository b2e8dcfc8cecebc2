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
	// photo is the picture's URL; empty for a text message.
	photo string
	html  string
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
	// again with a recipient's alert line (alerts_notice.go).
	card     map[Lang]string
	keyboard map[Lang]tgbotapi.InlineKeyboardMarkup
	photo    string
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
// lead) with its buttons, under its first picture when that has a URL; for a
// broadcast, the admin's text, escaped (it is plain text).
func (b *Bot) prepareNotice(ctx context.Context, job content.Job) (*notice, error) {
	n := &notice{text: map[Lang][]part{}}
	if job.ArticleID == "" {
		ps := textParts(escape(job.Text), nil)
		for _, l := range []Lang{Vietnamese, English} {
			n.text[l] = ps
		}
		return n, nil
	}
	a, err := b.store.Article(ctx, job.ArticleID)
	if err != nil {
		return nil, err
	}
	for _, l := range []Lang{Vietnamese, English} {
		card, kb := articleCard(a, l, b.zone), articleKeyboard(l, a)
		n.keep(l, card, kb)
		n.text[l] = textParts(card, kb)
		if len(a.Images) > 0 && a.Images[0].URL != "" {
			if n.withPhoto == nil {
				n.withPhoto = map[Lang][]part{}
			}
			n.withPhoto[l], n.photo = photoParts(a.Images[0].URL, card, kb), a.Images[0].URL
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
