package telegramtest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Telegram's limits on the documents a bot sends: 50 MB by upload, 20 MB
// when Telegram fetches an HTTP URL itself; 10 items in a media group.
const (
	MaxUploadSize   = 50 << 20
	MaxURLSize      = 20 << 20
	maxMediaGroup   = 10
	urlFetchTimeout = 10 * time.Second
)

// storedFile is a file the server has a file_id for.
type storedFile struct {
	// kind is "document" or "photo": Telegram refuses a file_id of one
	// kind sent as the other.
	kind   string
	unique string
	name   string
	mime   string
	size   int
}

// DocumentCounts says how the documents the server accepted (sendDocument
// and the documents of sendMediaGroup) were given: uploaded with the
// request, named by a file_id Telegram already has, or by an HTTP URL for
// Telegram to fetch.
type DocumentCounts struct {
	Uploads  int
	ByFileID int
	ByURL    int
}

// DocumentCounts returns how the accepted documents were given, so far.
func (s *Server) DocumentCounts() DocumentCounts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.docs
}

// registerFileLocked records a file under fileID. The caller holds s.mu.
func (s *Server) registerFileLocked(fileID string, f storedFile) {
	if s.files == nil {
		s.files = make(map[string]storedFile)
	}
	s.files[fileID] = f
}

// registerMessageFilesLocked records the files of a message a test sent
// the bot (a document, a photo), so that the bot may send them on by
// file_id, as Telegram allows. The caller holds s.mu.
func (s *Server) registerMessageFilesLocked(m *tgbotapi.Message) {
	if m == nil {
		return
	}
	if d := m.Document; d != nil && d.FileID != "" {
		s.registerFileLocked(d.FileID, storedFile{kind: "document", unique: d.FileUniqueID, name: d.FileName, mime: d.MimeType, size: d.FileSize})
	}
	for _, p := range m.Photo {
		if p.FileID != "" {
			s.registerFileLocked(p.FileID, storedFile{kind: "photo", unique: p.FileUniqueID, size: p.FileSize})
		}
	}
}

// newDocumentLocked stores a document Telegram has just received (uploaded
// or fetched) and returns it with its new file_id. The caller holds s.mu.
func (s *Server) newDocumentLocked(name, mimeType string, size int) tgbotapi.Document {
	s.nextID++
	n := s.nextID
	if mimeType == "" || mimeType == "application/octet-stream" {
		if t := mime.TypeByExtension(strings.ToLower(path.Ext(name))); t != "" {
			mimeType, _, _ = strings.Cut(t, ";")
		}
	}
	d := tgbotapi.Document{FileID: "BQACAgUAAxkDAAI" + strconv.Itoa(n), FileUniqueID: "AgAD" + strconv.Itoa(n),
		FileName: name, MimeType: mimeType, FileSize: size}
	s.registerFileLocked(d.FileID, storedFile{kind: "document", unique: d.FileUniqueID, name: name, mime: mimeType, size: size})
	return d
}

// fetched is a document Telegram fetched from an HTTP URL.
type fetched struct {
	name, mime string
	size       int
}

// fetchURL fetches a document by URL as Telegram does: at most MaxURLSize
// bytes within urlFetchTimeout, or 400 "failed to get HTTP URL content".
func fetchURL(ctx context.Context, raw string) (fetched, *Reply) {
	fail := badRequest("failed to get HTTP URL content")
	ctx, cancel := context.WithTimeout(ctx, urlFetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return fetched{}, badRequest("wrong file identifier/HTTP URL specified")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fetched{}, fail
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.ContentLength > MaxURLSize {
		return fetched{}, fail
	}
	n, err := io.Copy(io.Discard, io.LimitReader(resp.Body, MaxURLSize+1))
	if err != nil || n > MaxURLSize || n == 0 {
		return fetched{}, fail
	}
	ct, _, _ := strings.Cut(resp.Header.Get("Content-Type"), ";")
	return fetched{name: path.Base(req.URL.Path), mime: strings.TrimSpace(ct), size: int(n)}, nil
}

// documentInput is one document a send names, checked: uploaded, by
// file_id or by URL (fetched before the server's lock is taken).
type documentInput struct {
	in  mediaInput
	url fetched
}

// readDocument checks the document a sendDocument or media group item
// names, fetching it when it is a URL.
func readDocument(ctx context.Context, in mediaInput) (documentInput, *Reply) {
	d := documentInput{in: in}
	if in.url != "" {
		f, r := fetchURL(ctx, in.url)
		if r != nil {
			return d, r
		}
		d.url = f
	}
	return d, nil
}

// documentLocked returns the Document Telegram makes of d, counting how it
// was given; a file_id it does not know, or one of a photo, is refused as
// Telegram refuses it. The caller holds s.mu.
func (s *Server) documentLocked(d documentInput) (tgbotapi.Document, *Reply) {
	switch {
	case d.in.upload != nil:
		s.docs.Uploads++
		f := d.in.upload
		return s.newDocumentLocked(f.FileName, f.ContentType, len(f.Data)), nil
	case d.in.url != "":
		s.docs.ByURL++
		return s.newDocumentLocked(d.url.name, d.url.mime, d.url.size), nil
	}
	f, ok := s.files[d.in.fileID]
	switch {
	case !ok:
		return tgbotapi.Document{}, badRequest("wrong file identifier/HTTP URL specified")
	case f.kind != "document":
		return tgbotapi.Document{}, badRequest("can't use file of type Photo as Document")
	}
	s.docs.ByFileID++
	return tgbotapi.Document{FileID: d.in.fileID, FileUniqueID: f.unique, FileName: f.name, MimeType: f.mime, FileSize: f.size}, nil
}

// sendDocument sends a general file: uploaded as the multipart field
// "document" (or the field an "attach://" value names), a file_id, or an
// HTTP URL Telegram fetches (20 MB at most).
func sendDocument(s *Server, req *request) *Reply {
	p := req.params
	if strings.TrimSpace(p["chat_id"]) == "" {
		return badRequest("chat_id is empty")
	}
	in, r := readMediaInput(req, "document")
	if r != nil {
		return r
	}
	caption, ents, r := captionText(p)
	if r != nil {
		return r
	}
	markup, r := parseReplyMarkup(p["reply_markup"])
	if r != nil {
		return r
	}
	doc, r := readDocument(req.r.Context(), in)
	if r != nil {
		return r
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, replyTo, r := s.sendTargetLocked(p)
	if r != nil {
		return r
	}
	d, r := s.documentLocked(doc)
	if r != nil {
		return r
	}
	m := s.newBotMessageLocked(chat)
	m.Caption, m.CaptionEntities, m.ReplyMarkup, m.ReplyToMessage = caption, ents, markup, replyTo
	m.Document = &d
	s.storeMessageLocked(m, true)
	return okReply(m)
}

// inputMedia is one item of sendMediaGroup's media array.
type inputMedia struct {
	Type            string                   `json:"type"`
	Media           string                   `json:"media"`
	Caption         string                   `json:"caption"`
	ParseMode       string                   `json:"parse_mode"`
	CaptionEntities []tgbotapi.MessageEntity `json:"caption_entities"`
}

// mediaGroupSize returns how many items a sendMediaGroup's media parameter
// has (0 when it does not parse), the messages the group becomes.
func mediaGroupSize(raw string) int {
	var items []json.RawMessage
	if json.Unmarshal([]byte(raw), &items) != nil {
		return 0
	}
	return len(items)
}

// sendMediaGroup sends 2-10 documents as an album; each item's media is an
// "attach://<field>" upload, a file_id or a URL, with its own caption. The
// result is the array of messages, which share a media_group_id. Telegram
// takes no reply_markup on an album.
func sendMediaGroup(s *Server, req *request) *Reply {
	p := req.params
	if strings.TrimSpace(p["chat_id"]) == "" {
		return badRequest("chat_id is empty")
	}
	if strings.TrimSpace(p["media"]) == "" {
		return badRequest(`parameter "media" is required`)
	}
	var items []inputMedia
	if err := json.Unmarshal([]byte(p["media"]), &items); err != nil {
		return badRequest("can't parse media JSON object")
	}
	switch {
	case len(items) == 0:
		return badRequest("media to send are not specified")
	case len(items) > maxMediaGroup:
		return badRequest("too many messages to send as an album")
	}
	docs := make([]documentInput, len(items))
	captions := make([][2]any, len(items))
	for i, it := range items {
		if it.Type != "document" {
			if it.Type == "photo" || it.Type == "video" || it.Type == "audio" {
				return badRequest("document can't be mixed with other media types")
			}
			return badRequest("can't parse InputMedia: unsupported media type")
		}
		cp := map[string]string{"caption": it.Caption, "parse_mode": it.ParseMode}
		if len(it.CaptionEntities) > 0 {
			cp["caption_entities"] = string(compactJSON(it.CaptionEntities))
		}
		text, ents, r := captionText(cp)
		if r != nil {
			return r
		}
		captions[i] = [2]any{text, ents}
		in, r := readMediaInput(&request{params: map[string]string{"document": it.Media}, files: req.files}, "document")
		if r != nil {
			return r
		}
		if docs[i], r = readDocument(req.r.Context(), in); r != nil {
			return r
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, replyTo, r := s.sendTargetLocked(p)
	if r != nil {
		return r
	}
	for _, d := range docs { // refuse the whole album before storing any of it
		if d.in.fileID != "" {
			if f, ok := s.files[d.in.fileID]; !ok || f.kind != "document" {
				_, r := s.documentLocked(d)
				return r
			}
		}
	}
	s.nextID++
	group := "1300" + strconv.Itoa(s.nextID)
	out := make([]tgbotapi.Message, len(docs))
	for i, d := range docs {
		doc, _ := s.documentLocked(d)
		m := s.newBotMessageLocked(chat)
		m.MediaGroupID, m.ReplyToMessage, m.Document = group, replyTo, &doc
		m.Caption, _ = captions[i][0].(string)
		m.CaptionEntities, _ = captions[i][1].([]tgbotapi.MessageEntity)
		s.storeMessageLocked(m, true)
		out[i] = m
	}
	return okReply(out)
}

// SendDocument queues a Message update: from sends chat a document (name,
// data) with caption, which may start with a command such as "/post". The
// document gets a file_id the bot may send on. It returns the update_id and
// the document's file_id.
func (s *Server) SendDocument(from tgbotapi.User, chat tgbotapi.Chat, name string, data []byte, caption string) (int, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.newDocumentLocked(name, "", len(data))
	f, c := from, chat
	m := tgbotapi.Message{
		MessageID:       s.nextMessageIDLocked(chat.ID),
		From:            &f,
		Date:            int(time.Now().Unix()),
		Chat:            &c,
		Document:        &d,
		Caption:         caption,
		CaptionEntities: commandEntity(caption),
	}
	return s.addUpdateLocked(tgbotapi.Update{Message: &m}), d.FileID
}

// leanDocuments answers an accepted document send in lean mode (SetLean)
// with minimal messages carrying the document's file_id, counting them; it
// returns nil for a send that uploads a file or names a URL or a file_id
// the server does not know (the normal handling then answers it).
func (s *Server) leanDocuments(method string, params map[string]string, files map[string]File, id func() int) *Reply {
	if len(files) > 0 {
		return nil
	}
	var ids []string
	switch method {
	case "sendDocument":
		ids = []string{params["document"]}
	case "sendMediaGroup":
		var items []inputMedia
		if json.Unmarshal([]byte(params["media"]), &items) != nil || len(items) == 0 || len(items) > maxMediaGroup {
			return nil
		}
		for _, it := range items {
			ids = append(ids, it.Media)
		}
	default:
		return nil
	}
	s.mu.Lock()
	for _, fid := range ids {
		if f, ok := s.files[fid]; !ok || f.kind != "document" {
			s.mu.Unlock()
			return nil
		}
	}
	s.docs.ByFileID += len(ids)
	s.mu.Unlock()
	chat := params["chat_id"]
	msgs := make([]string, len(ids))
	for i, fid := range ids {
		msgs[i] = `{"message_id":` + strconv.Itoa(id()) + `,"date":` + strconv.FormatInt(time.Now().Unix(), 10) +
			`,"chat":{"id":` + chat + `,"type":"private"},"document":{"file_id":` + strconv.Quote(fid) + `,"file_unique_id":"lean"}}`
	}
	result := msgs[0]
	if method == "sendMediaGroup" {
		result = "[" + strings.Join(msgs, ",") + "]"
	}
	return &Reply{Status: http.StatusOK, Body: []byte(`{"ok":true,"result":` + result + `}`)}
}

// errTooLarge is why a request body over Telegram's upload limit is
// refused: 413 "Request Entity Too Large".
var errTooLarge = errors.New("Request Entity Too Large")
