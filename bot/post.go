package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// Limits of an article posted from the bot, in characters as Telegram
// counts them (UTF-16 units: an emoji counts two), so that the preview
// always fits one message.
const (
	maxPostTitleRunes = 200
	maxPostBodyRunes  = 3500
	// maxDrafts bounds the previews kept waiting for a category; the
	// oldest is forgotten first. draftTTL is how long one waits.
	maxDrafts = 100
	draftTTL  = 24 * time.Hour
)

// Posts publishes articles admins write in the bot.
type Posts interface {
	// PublishPost stores, indexes and pushes a like any other article, in
	// one transaction. With units (slugs) the push goes to every active
	// member of those units instead of the category's subscribers (owners
	// of matching keyword alerts get it either way); a slug that is not a
	// unit fails with an error wrapping content.ErrUnknownUnit and writes
	// nothing. It reports false (and writes nothing) when an article with
	// a's ID is already stored, and returns the push job (zero when nobody
	// receives a).
	PublishPost(ctx context.Context, a content.Article, units []string) (bool, content.Job, error)
}

// draft is an article waiting, under its preview, for an admin to choose
// its category.
type draft struct {
	title, body string
	// photo is the Telegram file_id of the picture, "" for none.
	photo string
	// doc is the document sent with the post, with its file_id; nil for
	// none.
	doc    *content.Attachment
	author string
	// made is when the draft was made: it is kept for draftTTL from then.
	made time.Time
	// units are the slugs the push is addressed to (nil: the category's
	// subscribers), names their names, for the notices to the admin.
	units, names []string
}

// drafts holds the previews of /post by (chat, preview message), each
// under the time its draft was made (see ttlMap).
type drafts = ttlMap[[2]int64, draft]

func (b *Bot) postRoutes(rt *Router) {
	rt.Command("post", b.adminOnly(b.handlePost))
	rt.Callback(callbackPost, b.adminOnly(b.handlePostButton))
}

// handlePost previews the article the admin wrote (the command's text, or
// the caption of the document or picture it came with, or the message it
// replies to, keeping that message's picture or document) under
// category buttons and Hủy. Nothing is stored until a category is chosen.
// Text that starts with "@slug[,slug]" addresses the push to those units
// (see unitTargets), and the preview says how many people they have.
func (b *Bot) handlePost(ctx context.Context, r *Request) error {
	m := r.Update.Message
	if m == nil {
		return nil
	}
	text := commandText(messageText(m))
	slugs, rest, toUnits := unitTargets(text)
	if toUnits {
		text = rest
	}
	d := m.Document
	photo := largestPhoto(m.Photo)
	if rep := m.ReplyToMessage; rep != nil && photo == "" && d == nil {
		if text == "" {
			text = rep.Text + rep.Caption
		}
		photo, d = largestPhoto(rep.Photo), rep.Document
	}
	doc, ok := postDocument(d)
	if !ok {
		return b.reply(ctx, r, r.Lang.T(msgPostDocRefused, escape(content.CleanFileName(d.FileName)), documentKinds()), nil)
	}
	title, body := splitPost(text)
	switch {
	case title == "":
		return b.reply(ctx, r, r.Lang.T(msgPostUsage), nil)
	case utf16Len(title) > maxPostTitleRunes:
		return b.reply(ctx, r, r.Lang.T(msgPostTitleTooLong, maxPostTitleRunes, utf16Len(title)), nil)
	case utf16Len(body) > maxPostBodyRunes:
		return b.reply(ctx, r, r.Lang.T(msgPostBodyTooLong, maxPostBodyRunes, utf16Len(body)), nil)
	}
	dr := draft{title: title, body: body, photo: photo, doc: doc, author: personName(r.User), made: b.now()}
	reach := 0
	if toUnits {
		var ok bool
		var err error
		if dr.units, dr.names, reach, ok, err = b.postUnits(ctx, r, slugs); err != nil || !ok {
			return err
		}
	}
	sent, err := b.sendPreview(ctx, r, dr, reach)
	if err != nil {
		return err
	}
	b.drafts.put(msgKey(r.ChatID, sent.MessageID), dr, dr.made)
	return nil
}

// sendPreview shows dr as its notice will look, with the buttons; when dr
// is addressed to units, a line above the title says to how many people
// (reach) it will go. A photo's caption is cut to fit (capCaption); the
// reach line, being first, always stays.
func (b *Bot) sendPreview(ctx context.Context, r *Request, dr draft, reach int) (tgbotapi.Message, error) {
	html := "<b>" + escape(dr.title) + "</b>"
	if len(dr.units) > 0 {
		// First, so that cutting a long text to a photo's caption keeps it.
		html = r.Lang.N(msgPostReach, reach, formatInt(int64(reach), r.Lang), escape(strings.Join(dr.names, ", "))) + "\n\n" + html
	}
	if dr.body != "" {
		html += "\n\n" + escape(dr.body)
	}
	if dr.doc != nil {
		html += "\n\n" + docCaption(*dr.doc)
	}
	html += "\n\n<i>" + r.Lang.T(msgPostChoose) + "</i>"
	var rows [][]tgbotapi.InlineKeyboardButton
	cats := content.Categories()
	for i := 0; i < len(cats); i += 2 {
		var row []tgbotapi.InlineKeyboardButton
		for _, c := range cats[i:min(i+2, len(cats))] {
			row = append(row, tgbotapi.NewInlineKeyboardButtonData(categoryName(r.Lang, c), callbackPost+":"+string(c)))
		}
		rows = append(rows, row)
	}
	rows = append(rows, tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData(r.Lang.T(msgBroadcastCancel), callbackPost+":cancel")))
	kb := tgbotapi.NewInlineKeyboardMarkup(rows...)
	if dr.photo != "" {
		p := tgbotapi.NewPhoto(r.ChatID, tgbotapi.FileID(dr.photo))
		p.Caption, p.ParseMode, p.ReplyMarkup = capCaption(html), tgbotapi.ModeHTML, kb
		return b.send(ctx, r.ChatID, p)
	}
	m := tgbotapi.NewMessage(r.ChatID, html)
	m.ParseMode, m.ReplyMarkup, m.DisableWebPagePreview = tgbotapi.ModeHTML, kb, true
	return b.send(ctx, r.ChatID, m)
}

// handlePostButton publishes the draft under the pressed preview in the
// chosen category ("post:<category>"), or drops it ("post:cancel"). The
// article's ID comes from the preview message, and taking the draft is the
// claim, so a second press, or a press after a restart, publishes nothing;
// forged data gets a polite notice and changes nothing. The buttons are
// removed once the article is stored: when storing fails, the draft is
// kept under buttons that still work, and the admin can press again.
func (b *Bot) handlePostButton(ctx context.Context, r *Request) error {
	m := r.Update.CallbackQuery.Message
	if m == nil || m.Chat == nil {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	choice := strings.TrimPrefix(r.Callback, callbackPost+":")
	cat := content.Category(choice)
	if choice != "cancel" && !cat.Valid() {
		return b.answer(ctx, r, r.Lang.T(msgStaleButton))
	}
	dr, ok := b.drafts.take(msgKey(m.Chat.ID, m.MessageID), b.now())
	if !ok {
		id := content.PostID(m.Chat.ID, m.MessageID)
		if _, found, err := b.findArticle(ctx, id); err != nil {
			return err
		} else if found {
			return b.answer(ctx, r, r.Lang.T(msgPostAlready))
		}
		return b.answer(ctx, r, r.Lang.T(msgPostExpired))
	}
	if choice == "cancel" {
		if err := b.editKeyboard(ctx, r, noButtons()); err != nil {
			b.drafts.put(msgKey(m.Chat.ID, m.MessageID), dr, dr.made) // the buttons are still there: let them work
			return err
		}
		return b.answer(ctx, r, r.Lang.T(msgPostDropped))
	}
	a := postArticle(dr, cat, content.PostID(m.Chat.ID, m.MessageID), b.now())
	created, job, err := b.store.PublishPost(ctx, a, dr.units)
	unitGone := errors.Is(err, content.ErrUnknownUnit) // deleted since the preview
	if err != nil && !unitGone {
		b.drafts.put(msgKey(m.Chat.ID, m.MessageID), dr, dr.made) // the buttons are still there: let the admin try again
		return err
	}
	// The draft is used up: its buttons go (left, they answer "already
	// published").
	if kerr := b.editKeyboard(ctx, r, noButtons()); kerr != nil {
		b.log.Warn("post: remove the preview's buttons", slog.String("article", a.ID), slog.Any("err", kerr))
	}
	if unitGone {
		return b.answer(ctx, r, r.Lang.T(msgPostUnitGone))
	}
	if !created {
		return b.answer(ctx, r, r.Lang.T(msgPostAlready))
	}
	units := strings.Join(dr.units, ",")
	detail := fmt.Sprintf("%s [%s] %s", a.ID, cat, a.Title)
	if units != "" {
		detail += " → " + units
	}
	b.audit(ctx, r, content.AuditPost, detail)
	b.log.Info("article posted", slog.String("article", a.ID), slog.String("category", string(cat)),
		slog.Int64("admin", r.User.ID), slog.Int("recipients", job.Total), slog.String("units", units))
	b.Notify()
	if units != "" {
		return b.answer(ctx, r, r.Lang.N(msgPostPublishedUnits, job.Total, categoryName(r.Lang, cat), job.Total, truncate(strings.Join(dr.names, ", "), 100)))
	}
	return b.answer(ctx, r, r.Lang.N(msgPostPublished, job.Total, categoryName(r.Lang, cat), job.Total))
}

// postArticle builds the article of draft dr: the body's first paragraph is
// its lead, the others its body.
func postArticle(dr draft, cat content.Category, id string, now time.Time) content.Article {
	a := content.Article{ID: id, Title: dr.title, Author: dr.author, Category: cat,
		Published: now, Source: content.SourceTelegram, Body: []string{}}
	for _, p := range strings.Split(dr.body, "\n") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if a.Lead == "" {
			a.Lead = p
		} else {
			a.Body = append(a.Body, p)
		}
	}
	if dr.photo != "" {
		a.Images = []content.Image{{Name: "telegram-photo.jpg", FileID: dr.photo}}
	}
	if dr.doc != nil {
		a.Attachments = []content.Attachment{*dr.doc}
	}
	return a
}

// postDocument is the attachment of a document an admin sent with /post,
// kept by its file_id (Telegram has it: nothing is uploaded), its name
// cleaned (content.CleanFileName); nil for none. A document is taken only
// when its name's extension is one of the accepted types'
// (content.DocumentMediaType), or, for a name without an extension, when
// its media type is (the name then takes that type's extension); ok is
// false for any other.
func postDocument(d *tgbotapi.Document) (att *content.Attachment, ok bool) {
	if d == nil || d.FileID == "" {
		return nil, true
	}
	name := content.CleanFileName(d.FileName)
	mt, ok := content.DocumentMediaType(name)
	if ext := content.DocumentExtension(d.MimeType); !ok && ext != "" && path.Ext(name) == "" {
		if strings.TrimSpace(d.FileName) == "" {
			name = "tai-lieu"
		}
		name += ext
		mt, ok = content.DocumentMediaType(name)
	}
	if !ok {
		return nil, false
	}
	return &content.Attachment{Name: name, FileID: d.FileID, MediaType: mt, Size: int64(d.FileSize)}, true
}

// documentKinds lists the accepted document types for a reply: "PDF, DOC,
// DOCX, XLS, XLSX, ODT, ZIP, RAR".
func documentKinds() string {
	exts := content.DocumentExtensions()
	kinds := make([]string, len(exts))
	for i, ext := range exts {
		kinds[i] = strings.ToUpper(strings.TrimPrefix(ext, "."))
	}
	return strings.Join(kinds, ", ")
}

// commandText returns a message's text after its command ("/post" or
// "/post@bot"), trimmed, uncapped (the router caps Args).
func commandText(text string) string {
	if !strings.HasPrefix(text, "/") {
		return strings.TrimSpace(text)
	}
	i := strings.IndexAny(text, " \n\t")
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(strings.ToValidUTF8(text[i:], "\uFFFD"))
}

// splitPost takes the title from the first non-empty line and the body from
// the rest.
func splitPost(text string) (title, body string) {
	text = strings.TrimSpace(text)
	title, body, _ = strings.Cut(text, "\n")
	return strings.TrimSpace(title), strings.TrimSpace(body)
}

// largestPhoto returns the file_id of the biggest size of a photo, "" for
// none.
func largestPhoto(sizes []tgbotapi.PhotoSize) string {
	best, area := "", -1
	for _, s := range sizes {
		if s.Width*s.Height > area {
			best, area = s.FileID, s.Width*s.Height
		}
	}
	return best
}

// personName is how a user is named in records: first and last name, else
// the username, capped.
func personName(u *tgbotapi.User) string {
	if u == nil {
		return ""
	}
	name := strings.TrimSpace(u.FirstName + " " + u.LastName)
	if name == "" {
		name = u.UserName
	}
	return capRunes(name, 64)
}

// capCaption shortens html to fit a photo's caption, cutting where no tag
// is open.
func capCaption(html string) string {
	if parts := splitHTML(html, maxCaptionLen); len(parts) > 0 {
		return parts[0]
	}
	return html
}
