package bot

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// A push of an article with documents is its card, then the documents:
// one by sendDocument, 2-10 as an album (sendMediaGroup), more in albums of
// ten; one by one when the last must carry the acknowledgement button
// (albums take no buttons). Each document counts as one message against
// the pacer, and goes with the card's silence in quiet hours.
//
// Upload once: the first worker of a pass that needs a document without a
// file_id uploads it (docSet.claim makes it the only one); the file_id
// Telegram returns is committed to the store with the article
// (SetAttachmentFileIDs) before any other worker sends the document, and
// they send that file_id. A crash after that commit never uploads again:
// the next pass reads the file_id with the article.
//
// Crash-resume: the recipient is the unit of delivery. Its outcome,
// committed in batches, lists the messages of its card and of its
// documents (so a retraction deletes them all); a crash before that commit
// sends the recipient its whole notice again, card and documents, at most
// RepeatBound recipients as for every push, and by file_id. A clean stop
// lets a recipient whose card went out get its documents (StopGrace), so
// that it is not cut in two.

// maxWorkersFactor bounds how many times DeliveryOptions.Workers a push
// with documents runs.
const maxWorkersFactor = 4

// workersFactor is how many times DeliveryOptions.Workers send n's pushes:
// one for a notice without documents; with documents, one more for each
// request of documents, up to maxWorkersFactor. Each message to a chat
// waits a second after the one before (Telegram's limit per chat), so a
// worker holds a chat a second per document; more workers keep the global
// rate. The recipients handed out and not committed stay bounded by the
// slots (DeliveryOptions.RepeatBound), whatever the number of workers.
func (n *notice) workersFactor() int {
	if n == nil || n.docs == nil {
		return 1
	}
	requests := len(n.docs.items)
	if n.docs.markup == nil {
		requests = (requests + maxAlbum - 1) / maxAlbum
	}
	return min(1+requests, maxWorkersFactor)
}

// deliverDocuments sends the notice's documents to t, whose first cards
// messages (t.messages) are its card, and returns the chat's
// failure (blocked, failed after retries), errStopped, or nil. A document
// that cannot be sent (not readable, too large, refused: found out by the
// upload, after the card announced it) is logged and left out for the
// rest of the pass; the others still go, and then one more message names
// those left out, linking them when they have a URL (docNote.line), with
// the acknowledgement button when no document took it.
func (r *jobRun) deliverDocuments(ctx context.Context, t *target, l Lang, cards int) error {
	ds := r.notice.docs
	markup := ds.markup[l]
	sent := map[int]bool{}
	placed := markup == nil
	for range 3*len(ds.items) + 3 {
		todo := ds.todo(sent)
		if len(todo) == 0 {
			break
		}
		n := min(len(todo), maxAlbum)
		if markup != nil {
			n = 1
		}
		batch := todo[:n]
		var m any
		if n == len(todo) && len(ds.unsent(sent)) == 0 {
			m = markup // the last message, unless a line naming documents left out follows
		}
		res, err := r.sendBatch(ctx, t, batch, m)
		if err == nil {
			for _, i := range batch {
				sent[i] = true
			}
			t.messages = append(t.messages, res.messages...)
			placed = placed || m != nil
			continue
		}
		var de *docError
		switch {
		case errors.Is(err, errBatchSkipped):
			// todo leaves it out now.
		case errors.As(err, &de):
			for _, k := range de.indices {
				r.log.Warn("document not sent", slog.String("article", ds.articleID), slog.String("name", ds.name(batch[k])),
					slog.Int64("chat_id", t.chatID), slog.Any("err", de.err))
			}
		case apiSays(err, "wrong file identifier"):
			// sendBatch has forgotten them.
			r.log.Warn("Telegram does not know the documents' file_ids; uploading again", slog.String("article", ds.articleID), slog.Any("err", err))
		default:
			return err
		}
	}
	if notes := ds.unsent(sent); len(notes) > 0 {
		lines := make([]string, len(notes))
		for k, n := range notes {
			lines[k] = n.line(l)
		}
		p := part{html: strings.Join(lines, "\n")}
		if !placed {
			p.markup, placed = markup, true
		}
		if err := r.sendPart(ctx, ctx, t, &p); err != nil {
			return err
		}
	}
	if !placed && cards > 0 && cards <= len(t.messages) {
		return r.ackOnCard(ctx, t, t.messages[cards-1], ds.fallback[l])
	}
	return nil
}

// sendBatch sends the documents batch (indices into the docSet) to t in one
// request, uploading those without a file_id when it is this worker's turn
// (and storing their file_ids before anyone else sends them).
func (r *jobRun) sendBatch(ctx context.Context, t *target, batch []int, markup any) (docsSent, error) {
	ds := r.notice.docs
	items, upload, err := ds.claim(ctx, batch)
	if errors.Is(err, errBatchSkipped) {
		return docsSent{}, err
	}
	if err != nil {
		return docsSent{}, errStopped
	}
	var res docsSent
	if upload != nil {
		// Release even after a panic, so that the other workers go on.
		defer func() { ds.release(batch, res.fileIDs) }()
	}
	d := docSend{items: items, upload: upload, silent: t.silent, markup: markup}
	timeout := r.o.SendTimeout
	if d.uploads() {
		timeout = r.o.UploadTimeout
	}
	plain := func() bool {
		retry := !d.plain
		d.plain = true
		return retry
	}
	err = r.pacedN(ctx, ctx, t, len(items), true, func(c context.Context) error {
		c, cancel := context.WithTimeout(c, timeout)
		defer cancel()
		d.chatID = t.chatID
		var serr error
		res, serr = r.b.sendDocs(c, d)
		return serr
	}, plain)
	if err != nil {
		if apiSays(err, "wrong file identifier") {
			ds.forget(batch, items)
		}
		var de *docError
		if errors.As(err, &de) {
			// Before release: the workers waiting for this upload must
			// not try these documents again.
			for _, k := range de.indices {
				ds.setSkip(batch[k], de.err, de.size)
			}
		}
		res = docsSent{}
		return res, err
	}
	if upload != nil {
		r.b.keepFileIDs(ctx, r.notice.docs.articleID, items, upload, res, t.chatID)
	}
	return res, nil
}

// ackOnCard puts the acknowledgement button back on the card's last
// message id, when no document could carry it.
func (r *jobRun) ackOnCard(ctx context.Context, t *target, id int, kb any) error {
	if kb == nil {
		return nil
	}
	v, err := json.Marshal(kb)
	if err != nil {
		return err
	}
	err = r.paced(ctx, ctx, t, false, func(c context.Context) error {
		return r.call(c, "editMessageReplyMarkup", t.chatID, tgbotapi.Params{"message_id": strconv.Itoa(id), "reply_markup": string(v)})
	}, nil)
	if err != nil && !apiSays(err, "message is not modified") {
		return err
	}
	return nil
}
