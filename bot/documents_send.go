package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// errNoDocumentSource means a document has no file_id and the bot was
// given no DocumentSource to open it with.
var errNoDocumentSource = errors.New("no way to open the document")

// docsSent is what Telegram answered a send of documents with: the IDs of
// the messages it made and the file_id of each document, in order.
type docsSent struct {
	messages []int
	fileIDs  []string
}

// docSend is one request sending documents to a chat: sendDocument for
// one, sendMediaGroup (an album) for several.
type docSend struct {
	chatID int64
	items  []docItem
	// upload marks the items whose bytes go with the request (opened
	// through the DocumentSource); the others are sent by file_id. nil:
	// none.
	upload []bool
	silent bool
	// markup goes under a lone document; albums take none.
	markup any
	// plain sends the captions as plain text (their HTML was refused).
	plain bool
}

// uploads reports whether the request carries files.
func (d docSend) uploads() bool {
	for _, u := range d.upload {
		if u {
			return true
		}
	}
	return false
}

// sendDocs makes request d. A document that cannot be opened, is too
// large (by its size, a read, or Telegram's 413) or of a refused type
// fails it with a *docError naming the items; other failures are the
// Client's (*APIError, *TransportError).
func (b *Bot) sendDocs(ctx context.Context, d docSend) (docsSent, error) {
	params := tgbotapi.Params{"chat_id": strconv.FormatInt(d.chatID, 10)}
	if d.silent {
		params["disable_notification"] = "true"
	}
	caption := func(html string) (string, string) {
		if d.plain {
			return plainText(html), ""
		}
		return html, tgbotapi.ModeHTML
	}
	files, readers, err := b.openUploads(ctx, d)
	defer func() {
		for _, r := range readers {
			_ = r.rc.Close()
		}
	}()
	if err != nil {
		return docsSent{}, err
	}
	method := "sendDocument"
	if len(d.items) == 1 {
		text, mode := caption(d.items[0].caption)
		params["caption"] = text
		params.AddNonEmpty("parse_mode", mode)
		if len(files) == 0 {
			params["document"] = d.items[0].att.FileID
		}
		if d.markup != nil {
			v, err := json.Marshal(d.markup)
			if err != nil {
				return docsSent{}, fmt.Errorf("telegram: sendDocument: markup: %w", err)
			}
			params["reply_markup"] = string(v)
		}
	} else {
		method = "sendMediaGroup"
		media := make([]map[string]string, len(d.items))
		for k, it := range d.items {
			text, mode := caption(it.caption)
			m := map[string]string{"type": "document", "media": it.att.FileID, "caption": text}
			if mode != "" {
				m["parse_mode"] = mode
			}
			if d.upload != nil && d.upload[k] {
				m["media"] = "attach://" + uploadField(k)
			}
			media[k] = m
		}
		v, _ := json.Marshal(media)
		params["media"] = string(v)
	}
	var resp *tgbotapi.APIResponse
	if len(files) > 0 {
		resp, err = b.client.Upload(ctx, method, params, files)
	} else {
		resp, err = b.client.Call(ctx, method, params)
	}
	if err != nil {
		return docsSent{}, uploadFailure(d, readers, err)
	}
	return readDocsSent(resp)
}

// uploadField is the multipart field of item k of an album.
func uploadField(k int) string { return "doc" + strconv.Itoa(k) }

// openedDoc is a document opened for upload, with the first error a read
// of it met.
type openedDoc struct {
	index int
	rc    io.ReadCloser
	mu    sync.Mutex
	err   error
}

func (o *openedDoc) Read(p []byte) (int, error) {
	n, err := o.rc.Read(p)
	if err != nil && err != io.EOF {
		o.mu.Lock()
		if o.err == nil {
			o.err = err
		}
		o.mu.Unlock()
	}
	return n, err
}

func (o *openedDoc) readErr() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.err
}

// openUploads opens the items d uploads. On an error it returns the ones
// it opened, for the caller to close, and a *docError.
func (b *Bot) openUploads(ctx context.Context, d docSend) ([]UploadFile, []*openedDoc, error) {
	var files []UploadFile
	var opened []*openedDoc
	for k, it := range d.items {
		if d.upload == nil || !d.upload[k] {
			continue
		}
		if b.docs == nil {
			return nil, opened, &docError{indices: []int{k}, err: errNoDocumentSource}
		}
		rc, size, err := b.docs.OpenDocument(ctx, it.att)
		if err != nil {
			return nil, opened, &docError{indices: []int{k}, err: err, size: max(size, 0)}
		}
		o := &openedDoc{index: k, rc: rc}
		opened = append(opened, o)
		if size > content.MaxDocumentUpload {
			return nil, opened, &docError{indices: []int{k}, err: fmt.Errorf("%w: %d bytes", content.ErrDocumentTooLarge, size), size: size}
		}
		field := "document"
		if len(d.items) > 1 {
			field = uploadField(k)
		}
		files = append(files, UploadFile{Field: field, Name: it.att.Name, Reader: o})
	}
	return files, opened, nil
}

// uploadFailure tells a document's fault from the chat's or Telegram's:
// a read that failed as too large or refused, or a 413, is a *docError of
// the uploaded items; anything else is err.
func uploadFailure(d docSend, readers []*openedDoc, err error) error {
	for _, o := range readers {
		if rerr := o.readErr(); errors.Is(rerr, content.ErrDocumentTooLarge) || errors.Is(rerr, content.ErrDocumentRefused) {
			return &docError{indices: []int{o.index}, err: rerr}
		}
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.Code == http.StatusRequestEntityTooLarge {
		var idx []int
		for k, u := range d.upload {
			if u {
				idx = append(idx, k)
			}
		}
		return &docError{indices: idx, err: fmt.Errorf("%w: %w", content.ErrDocumentTooLarge, err)}
	}
	return err
}

// readDocsSent reads the message (sendDocument) or messages
// (sendMediaGroup) Telegram answered with. An answer it cannot read is no
// error: the documents went out; their IDs are just not known.
func readDocsSent(resp *tgbotapi.APIResponse) (docsSent, error) {
	type sentDoc struct {
		MessageID int `json:"message_id"`
		Document  *struct {
			FileID string `json:"file_id"`
		} `json:"document"`
	}
	var many []sentDoc
	if err := json.Unmarshal(resp.Result, &many); err != nil {
		var one sentDoc
		if json.Unmarshal(resp.Result, &one) != nil {
			return docsSent{}, nil
		}
		many = []sentDoc{one}
	}
	var out docsSent
	for _, m := range many {
		if m.MessageID != 0 {
			out.messages = append(out.messages, m.MessageID)
		}
		id := ""
		if m.Document != nil {
			id = m.Document.FileID
		}
		out.fileIDs = append(out.fileIDs, id)
	}
	return out, nil
}
