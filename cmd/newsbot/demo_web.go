package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"html"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/content"
)

// handler serves the demo page, its pictures and its small JSON API:
//
//	GET  /api/chat?as=cadre|admin  the person's chat as it now shows
//	POST /api/send     as, text    the person sends a message
//	POST /api/press    as, id, data the person presses a button
//	POST /api/publish              the next sample article is published
func (d *demoChat) handler() http.Handler {
	mux := http.NewServeMux()
	web, _ := fs.Sub(demoFiles, "demo/web")
	mux.Handle("GET /", http.FileServerFS(web))
	mux.HandleFunc("GET /media/{name}", func(w http.ResponseWriter, r *http.Request) {
		name := path.Base(r.PathValue("name"))
		if strings.HasSuffix(name, ".txt") {
			http.NotFound(w, r)
			return
		}
		http.ServeFileFS(w, r, demoFiles, "demo/samples/publish/"+name)
	})
	mux.HandleFunc("GET /api/chat", d.serveChat)
	mux.HandleFunc("POST /api/send", func(w http.ResponseWriter, r *http.Request) {
		u, ok := d.person(r)
		text := strings.TrimSpace(r.FormValue("text"))
		if !ok || text == "" || len(text) > 4096 {
			http.Error(w, "want as=cadre|admin and a text of 1 to 4096 bytes", http.StatusBadRequest)
			return
		}
		d.api.SendText(u, d.api.PrivateChat(u), text)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /api/press", func(w http.ResponseWriter, r *http.Request) {
		u, ok := d.person(r)
		id, err := strconv.Atoi(r.FormValue("id"))
		data := r.FormValue("data")
		if !ok || err != nil || data == "" {
			http.Error(w, "want as=cadre|admin, a message id and the button's data", http.StatusBadRequest)
			return
		}
		q := d.api.CallbackQuery(u, d.api.PrivateChat(u), id, data)
		d.mu.Lock()
		d.queries[q.ID] = r.FormValue("as")
		d.mu.Unlock()
		d.api.AddUpdate(tgbotapi.Update{CallbackQuery: &q})
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /api/publish", func(w http.ResponseWriter, r *http.Request) {
		title, err := d.publishNext(r.Context())
		switch {
		case errors.Is(err, errNoSamples):
			writeJSON(w, map[string]string{"error": "Đã đăng hết các bài mẫu."})
		case err != nil:
			http.Error(w, err.Error(), http.StatusInternalServerError)
		default:
			writeJSON(w, map[string]string{"title": title})
		}
	})
	return mux
}

// person returns the demo person the request's "as" names.
func (d *demoChat) person(r *http.Request) (tgbotapi.User, bool) {
	return demoPerson(r.FormValue("as"))
}

// demoMessage is one message as the page shows it.
type demoMessage struct {
	ID      int            `json:"id"`
	Mine    bool           `json:"mine"`
	HTML    string         `json:"html"`
	Photo   string         `json:"photo,omitempty"`
	Time    string         `json:"time"`
	Edited  bool           `json:"edited,omitempty"`
	Buttons [][]demoButton `json:"buttons,omitempty"`
}

// demoButton is an inline keyboard button: Data for a callback, URL for a link.
type demoButton struct {
	Text string `json:"text"`
	Data string `json:"data,omitempty"`
	URL  string `json:"url,omitempty"`
}

// serveChat lists the person's chat: every message with its current text
// and buttons, the answers to their button presses (toasts), and the
// bot's visit counter.
func (d *demoChat) serveChat(w http.ResponseWriter, r *http.Request) {
	as := r.FormValue("as")
	u, ok := d.person(r)
	if !ok {
		http.Error(w, "want as=cadre|admin", http.StatusBadRequest)
		return
	}
	calls := d.api.Calls()
	chatID := strconv.FormatInt(u.ID, 10)
	var photos []string // the pictures sent to this chat, in order
	toasts := []string{}
	d.mu.Lock()
	for _, c := range calls {
		switch {
		case c.Method == "sendPhoto" && c.Status == http.StatusOK && c.Params["chat_id"] == chatID:
			photos = append(photos, c.Params["photo"])
		case c.Method == "answerCallbackQuery" && c.Params["text"] != "" && d.queries[c.Params["callback_query_id"]] == as:
			toasts = append(toasts, c.Params["text"])
		}
	}
	d.mu.Unlock()
	zone := content.VietnamZone()
	out := struct {
		Messages []demoMessage `json:"messages"`
		Toasts   []string      `json:"toasts"`
		Visits   int64         `json:"visits"`
	}{Messages: []demoMessage{}, Toasts: toasts, Visits: d.visits(r)}
	for _, m := range d.api.Messages(u.ID) {
		dm := demoMessage{ID: m.MessageID, Mine: m.From != nil && m.From.ID == u.ID,
			Time: time.Unix(int64(m.Date), 0).In(zone).Format("15:04"), Edited: m.EditDate != 0}
		if len(m.Photo) > 0 {
			if len(photos) > 0 {
				dm.Photo = localMedia(photos[0])
				photos = photos[1:]
			}
			dm.HTML = renderEntities(m.Caption, m.CaptionEntities)
		} else {
			dm.HTML = renderEntities(m.Text, m.Entities)
		}
		if m.ReplyMarkup != nil {
			for _, row := range m.ReplyMarkup.InlineKeyboard {
				var br []demoButton
				for _, b := range row {
					db := demoButton{Text: b.Text}
					if b.CallbackData != nil {
						db.Data = *b.CallbackData
					}
					if b.URL != nil {
						db.URL = *b.URL
					}
					br = append(br, db)
				}
				dm.Buttons = append(dm.Buttons, br)
			}
		}
		out.Messages = append(out.Messages, dm)
	}
	writeJSON(w, out)
}

// localMedia turns a picture URL of the demo's own into a path on the page,
// so the page works under whatever address the browser used.
func localMedia(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || !strings.HasPrefix(u.Path, "/media/") {
		return ""
	}
	return u.Path
}

// visits reads the bot's visit counter from its /metrics; 0 when it cannot.
func (d *demoChat) visits(r *http.Request) int64 {
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, d.metrics, nil)
	if err != nil {
		return 0
	}
	resp, err := d.client.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "newsbot_visits_total "); ok {
			f, _ := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return int64(f)
		}
	}
	return 0
}

// writeJSON writes v as the JSON answer.
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(v)
}

// renderEntities turns a message's text and Telegram entities (offsets in
// UTF-16 units) into HTML for the page; the text is escaped and entities
// that Telegram nests are nested.
func renderEntities(text string, ents []tgbotapi.MessageEntity) string {
	units := utf16.Encode([]rune(text))
	ents = slices.Clone(ents)
	slices.SortStableFunc(ents, func(a, b tgbotapi.MessageEntity) int {
		if a.Offset != b.Offset {
			return a.Offset - b.Offset
		}
		return b.Length - a.Length
	})
	type opened struct {
		end   int
		close string
	}
	var b strings.Builder
	var open []opened
	next := 0
	for i := 0; i <= len(units); i++ {
		for len(open) > 0 && (open[len(open)-1].end <= i || i == len(units)) {
			b.WriteString(open[len(open)-1].close)
			open = open[:len(open)-1]
		}
		if i == len(units) {
			break
		}
		for next < len(ents) && ents[next].Offset <= i {
			e := ents[next]
			next++
			if e.Length <= 0 || e.Offset < i {
				continue
			}
			o, c := entityTags(e, units)
			b.WriteString(o)
			open = append(open, opened{end: e.Offset + e.Length, close: c})
		}
		n := 1
		if utf16.IsSurrogate(rune(units[i])) && i+1 < len(units) {
			n = 2
		}
		b.WriteString(html.EscapeString(string(utf16.Decode(units[i : i+n]))))
		i += n - 1
	}
	return b.String()
}

// entityTags returns the HTML that opens and closes entity e on the page.
func entityTags(e tgbotapi.MessageEntity, units []uint16) (string, string) {
	var tag string
	switch e.Type {
	case "bold":
		tag = "b"
	case "italic":
		tag = "i"
	case "underline":
		tag = "u"
	case "strikethrough":
		tag = "s"
	case "code":
		tag = "code"
	case "pre":
		tag = "pre"
	case "blockquote", "expandable_blockquote":
		tag = "blockquote"
	case "spoiler":
		return `<span class="spoiler">`, "</span>"
	case "text_link", "url":
		href := e.URL
		if e.Type == "url" {
			href = string(utf16.Decode(units[e.Offset:min(e.Offset+e.Length, len(units))]))
		}
		if !strings.HasPrefix(href, "http://") && !strings.HasPrefix(href, "https://") {
			return "<span>", "</span>"
		}
		return `<a href="` + html.EscapeString(href) + `" target="_blank" rel="noopener noreferrer">`, "</a>"
	default:
		return "<span>", "</span>"
	}
	return "<" + tag + ">", "</" + tag + ">"
}
