package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// UploadFile is one file of a multipart request: the form field that
// carries it (such as "document", or the name an "attach://" value gives),
// the file name Telegram shows, and its bytes, read once.
type UploadFile struct {
	Field  string
	Name   string
	Reader io.Reader
}

// Upload calls method with params and files as multipart/form-data,
// streaming each file from its Reader as it is sent (a 50 MB document is
// never held in memory). Unlike tgbotapi's own upload, Telegram's refusal
// keeps its error_code (a 403 of a blocked chat, a 413 of a file too large,
// a 429 and its retry_after), as an *APIError; a failure to reach Telegram
// is a *TransportError. Neither ever carries the token. The caller closes
// its readers. Safe for concurrent use.
func (c *Client) Upload(ctx context.Context, method string, params tgbotapi.Params, files []UploadFile) (*tgbotapi.APIResponse, error) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		pw.CloseWithError(writeMultipart(mw, params, files))
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/bot"+c.token.Reveal()+"/"+method, pr)
	if err != nil {
		pr.CloseWithError(err)
		return nil, c.wrap(method, err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := ctxDoer{ctx: ctx, hc: c.http, token: c.token}.Do(req)
	pr.CloseWithError(io.ErrClosedPipe) // the writer stops, whatever happened
	if err != nil {
		return nil, c.wrap(method, err)
	}
	defer resp.Body.Close()
	var out tgbotapi.APIResponse
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&out); err != nil {
		return nil, &TransportError{Method: method, msg: fmt.Sprintf("%d answer not readable: %s", resp.StatusCode, c.redact(err.Error()))}
	}
	if !out.Ok {
		e := &APIError{Method: method, Code: out.ErrorCode, Description: out.Description}
		if out.Parameters != nil {
			e.RetryAfter, e.MigrateToChatID = out.Parameters.RetryAfter, out.Parameters.MigrateToChatID
		}
		return &out, e
	}
	return &out, nil
}

// writeMultipart writes params, then files, and closes the form.
func writeMultipart(mw *multipart.Writer, params tgbotapi.Params, files []UploadFile) error {
	for k, v := range params {
		if err := mw.WriteField(k, v); err != nil {
			return err
		}
	}
	for _, f := range files {
		part, err := mw.CreateFormFile(f.Field, f.Name)
		if err != nil {
			return err
		}
		if _, err := io.Copy(part, f.Reader); err != nil {
			return err
		}
	}
	return mw.Close()
}
