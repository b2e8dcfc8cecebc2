package telegramtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
)

// maxBody bounds a request body: one upload at Telegram's limit
// (MaxUploadSize) and its other fields. A larger body, or a larger file, is
// answered 413 "Request Entity Too Large", as Telegram answers it.
const maxBody = MaxUploadSize + 1<<20

// File is a file uploaded in a multipart/form-data request.
type File struct {
	// Field is the form field that carried the file, such as "photo".
	Field string
	// FileName is the file name the client gave.
	FileName string
	// ContentType is the part's Content-Type header.
	ContentType string
	// Data is the file's content.
	Data []byte
}

// parseParams reads a request's parameters: the query string, then the body
// (form, multipart or JSON), whose values win. JSON values that are not
// strings (numbers, booleans, objects, arrays) are kept as their JSON text,
// which is how form-encoding clients send them; nulls are dropped.
func parseParams(w http.ResponseWriter, r *http.Request) (map[string]string, map[string]File, error) {
	params := make(map[string]string)
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			params[k] = v[0]
		}
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return params, nil, nil
	}
	mt, mp, err := mime.ParseMediaType(ct)
	if err != nil {
		return params, nil, nil
	}
	body := http.MaxBytesReader(w, r.Body, maxBody)
	switch mt {
	case "application/x-www-form-urlencoded":
		data, err := io.ReadAll(body)
		if err != nil {
			return params, nil, fmt.Errorf("can't read request body: %v", err)
		}
		vals, err := url.ParseQuery(string(data))
		if err != nil {
			return params, nil, errors.New("can't parse request parameters")
		}
		for k, v := range vals {
			if len(v) > 0 {
				params[k] = v[0]
			}
		}
	case "multipart/form-data":
		files, err := readMultipart(multipart.NewReader(body, mp["boundary"]), params)
		return params, files, err
	case "application/json":
		data, err := io.ReadAll(body)
		if err != nil {
			return params, nil, fmt.Errorf("can't read request body: %v", err)
		}
		if len(bytes.TrimSpace(data)) == 0 {
			return params, nil, nil
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(data, &obj); err != nil {
			return params, nil, errors.New("can't parse JSON object")
		}
		for k, raw := range obj {
			raw = bytes.TrimSpace(raw)
			switch {
			case string(raw) == "null":
			case raw[0] == '"':
				var s string
				if err := json.Unmarshal(raw, &s); err != nil {
					return params, nil, errors.New("can't parse JSON object")
				}
				params[k] = s
			default:
				params[k] = string(raw)
			}
		}
	}
	return params, nil, nil
}

// readMultipart stores a multipart body's plain fields in params and returns
// its files by field name.
func readMultipart(mr *multipart.Reader, params map[string]string) (map[string]File, error) {
	var files map[string]File
	var tooLarge *http.MaxBytesError
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return files, nil
		}
		if errors.As(err, &tooLarge) {
			return files, errTooLarge
		}
		if err != nil {
			return files, fmt.Errorf("can't parse multipart body: %v", err)
		}
		data, err := io.ReadAll(io.LimitReader(part, MaxUploadSize+1))
		if errors.As(err, &tooLarge) || len(data) > MaxUploadSize {
			return files, errTooLarge
		}
		if err != nil {
			return files, fmt.Errorf("can't read multipart body: %v", err)
		}
		field := part.FormName()
		if part.FileName() == "" {
			params[field] = string(data)
			continue
		}
		if files == nil {
			files = make(map[string]File)
		}
		files[field] = File{
			Field:       field,
			FileName:    part.FileName(),
			ContentType: part.Header.Get("Content-Type"),
			Data:        data,
		}
	}
}
