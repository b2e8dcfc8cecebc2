package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"newsbot/bot/telegramtest"
	"newsbot/content"
)

// e2ePDF is a minimal valid PDF.
var e2ePDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" +
	"trailer<</Root 1 0 R>>\n%%EOF\n")

// docPortal is a district portal publishing directives with their
// documents: a listing of pages at /van-ban/ (kind "html"), whose pages
// offer a "Tải về" link, and a feed at /rss whose items carry enclosures.
// /files/ serves the documents, counting each request; trang-loi.pdf is
// the portal's HTML "not found" page served as a PDF.
type docPortal struct {
	srv *httptest.Server

	mu      sync.Mutex
	listed  []string // page names listed at /van-ban/
	items   []string // RSS items
	fetches map[string]int
}

func newDocPortal(t *testing.T) *docPortal {
	t.Helper()
	p := &docPortal{listed: []string{"cu"}, fetches: map[string]int{}}
	page := func(title, doc string) string {
		return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>` + title + `</title></head><body>
<h1>` + title + `</h1>
<div class="noi-dung"><p>Ủy ban nhân dân huyện đề nghị các xã, thị trấn triển khai ngay các biện pháp phòng chống bão số 3, bảo đảm an toàn cho nhân dân trên địa bàn.</p>
<p>Các đơn vị báo cáo kết quả thực hiện về Văn phòng HĐND và UBND huyện trước ngày 20 để tổng hợp.</p></div>` + doc + `
</body></html>`
	}
	pages := map[string]string{
		"cu": page("Thông báo lịch tiếp công dân tháng 8", ""),
		"cv-112": page("Công văn số 112/UBND-VP về phòng chống bão số 3",
			`<div class="file-dinh-kem"><b>File đính kèm:</b> <a href="/files/cong-van-112.pdf">Tải về: Công văn số 112/UBND-VP</a></div>`),
		"cv-113": page("Công văn số 113/UBND-VP về lịch trực phòng chống lụt bão",
			`<div class="file-dinh-kem"><b>File đính kèm:</b> <a href="/files/trang-loi.pdf">Tải về: Công văn số 113/UBND-VP</a></div>`),
	}
	p.items = []string{p.item("Thông báo lịch tiếp công dân tháng 7", "tb-7", "")}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		defer p.mu.Unlock()
		switch path := r.URL.Path; {
		case path == "/van-ban/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<html><body><ul class="moi">`)
			for _, name := range p.listed {
				fmt.Fprintf(w, `<li><a href="/van-ban/%s.html">%s</a></li>`, name, name)
			}
			fmt.Fprint(w, `</ul></body></html>`)
		case strings.HasPrefix(path, "/van-ban/") && pages[strings.TrimSuffix(strings.TrimPrefix(path, "/van-ban/"), ".html")] != "":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, pages[strings.TrimSuffix(strings.TrimPrefix(path, "/van-ban/"), ".html")])
		case path == "/rss":
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			fmt.Fprint(w, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Văn bản</title><link>`+
				p.srv.URL+`/</link><description>Văn bản của huyện</description>`+strings.Join(p.items, "")+`</channel></rss>`)
		case path == "/files/cong-van-112.pdf", path == "/files/ke-hoach-45.pdf":
			p.fetches[path]++
			w.Header().Set("Content-Type", "application/pdf")
			_, _ = w.Write(e2ePDF)
		case path == "/files/trang-loi.pdf":
			p.fetches[path]++
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!DOCTYPE html><html><body>Không tìm thấy trang yêu cầu</body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(p.srv.Close)
	return p
}

// item is an RSS item published now, with an enclosure of the document at
// enclosure (a path on the portal) when it is not empty.
func (p *docPortal) item(title, guid, enclosure string) string {
	enc := ""
	if enclosure != "" {
		enc = `<enclosure url="` + p.srvURL() + enclosure + `" length="0" type="application/pdf"/>`
	}
	return `<item><title>` + title + `</title><link>https://huyen.example.vn/van-ban/` + guid + `.html</link><guid>` + guid +
		`</guid><pubDate>` + time.Now().Format(time.RFC1123Z) + `</pubDate><description>Đề nghị các xã triển khai ngay.</description>` +
		enc + `</item>`
}

// srvURL is the portal's URL ("" while the server is being made).
func (p *docPortal) srvURL() string {
	if p.srv == nil {
		return ""
	}
	return p.srv.URL
}

// publish lists the pages names on the listing and adds item to the feed.
func (p *docPortal) publish(item string, names ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.listed = append(p.listed, names...)
	p.items = append([]string{item}, p.items...)
}

func (p *docPortal) fetched(path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.fetches[path]
}

// Ensure that documents reach every subscribed cadre through the real
// wiring, each after its article's card, each uploaded once and sent by
// file_id to everyone else: (a) a portal page's "Tải về" link to a PDF,
// downloaded from the portal once; (d) a feed item's enclosure, the same;
// (c) an inbox export naming "Tệp đính kèm: cong-van.pdf" with the file
// beside it. And that (b) a portal's HTML page served for a ".pdf" link
// is never uploaded: the card announces the document, and a line after it
// says it could not be sent and links it, fetched once for all.
func TestEndToEndDocumentsReachCadres(t *testing.T) {
	h := newHarness(t)
	h.allowPrivate = nil // what operators run: only the sources file's allow_private
	p := newDocPortal(t)
	file := writeSources(t, h.dir, fmt.Sprintf(`
allow_private = ["127.0.0.1"]

[[source]]
name = "van-ban"
url = "%s/van-ban/"
kind = "html"
interval = "100ms"
  [source.selectors]
  list = "ul.moi a"
  body = "div.noi-dung"

[[source]]
name = "van-ban-rss"
url = "%s/rss"
kind = "rss"
interval = "100ms"
`, p.srv.URL, p.srv.URL))
	stop := h.start("--sources", file)
	defer func() { stop() }()
	var chats []tgbotapi.Chat
	for id := int64(501); id <= 503; id++ {
		u := h.api.User(id, "vi")
		chat := h.api.PrivateChat(u)
		h.api.SendText(u, chat, "/start")
		h.waitText(chat.ID, "Xin chào", 1)
		chats = append(chats, chat)
	}
	h.logs.waitCount(t, "first=true", 2) // what the portal listed before is stored, not pushed

	p.publish(p.item("Kế hoạch số 45/KH-UBND về diễn tập phòng thủ", "kh-45", "/files/ke-hoach-45.pdf"), "cv-112", "cv-113")
	h.dropFile("cong-van.pdf", e2ePDF)
	h.dropFile("vb-114.txt", []byte("Công văn số 114/UBND-VP về tiêm chủng\n\nĐăng lúc: "+
		time.Now().Add(-time.Hour).In(content.VietnamZone()).Format("15:04:05 02/01/2006")+" (GMT+7)\n\n"+
		"Đề nghị các xã triển khai tiêm chủng.\nTệp đính kèm: cong-van.pdf – Công văn số 114/UBND-VP\n"))

	type doc struct{ title, caption string }
	sent := []doc{
		{"Công văn số 112/UBND-VP về phòng chống bão số 3", "📎 Tải về: Công văn số 112/UBND-VP"}, // (a)
		{"Kế hoạch số 45/KH-UBND về diễn tập phòng thủ", "📎 ke-hoach-45.pdf"},                    // (d)
		{"Công văn số 114/UBND-VP về tiêm chủng", "📎 Công văn số 114/UBND-VP"},                   // (c)
	}
	const refused = "📎 trang-loi.pdf: không gửi được qua Telegram, bấm vào tên tệp để mở." // (b)
	for _, chat := range chats {
		for _, d := range sent {
			h.waitText(chat.ID, d.caption, 1)
		}
		h.waitText(chat.ID, "trang-loi.pdf</a>: không gửi được qua Telegram", 1)
	}
	stop()
	stop = func() {}

	if got, want := h.api.DocumentCounts(), (telegramtest.DocumentCounts{Uploads: 3, ByFileID: 3 * (len(chats) - 1)}); got != want {
		t.Errorf("documents %+v, want %+v: each uploaded once, then by file_id", got, want)
	}
	for _, path := range []string{"/files/cong-van-112.pdf", "/files/ke-hoach-45.pdf", "/files/trang-loi.pdf"} {
		if n := p.fetched(path); n != 1 {
			t.Errorf("%s fetched %d times from the portal, want once", path, n)
		}
	}
	for _, chat := range chats {
		ms := h.api.Messages(chat.ID)
		at := func(sub string, document bool) int {
			for i, m := range ms {
				if strings.Contains(m.Text+m.Caption, sub) && (m.Document != nil) == document {
					return i
				}
			}
			return -1
		}
		for _, d := range sent {
			card, sentDoc := at(d.title, false), at(d.caption, true)
			if card < 0 || sentDoc < card || !strings.Contains(ms[card].Text, "📎 Kèm 1 văn bản, gửi ngay sau tin này.") {
				t.Errorf("chat %d: %q: card at %d, document at %d; want the card announcing it, then the document", chat.ID, d.title, card, sentDoc)
			}
		}
		card, line := at("Công văn số 113/UBND-VP", false), at(refused, false)
		if card < 0 || line < card {
			t.Errorf("chat %d: the refused document's card at %d, its line at %d", chat.ID, card, line)
			continue
		}
		var links []string
		for _, e := range ms[line].Entities {
			if e.Type == "text_link" {
				links = append(links, e.URL)
			}
		}
		if len(links) != 1 || links[0] != p.srv.URL+"/files/trang-loi.pdf" {
			t.Errorf("chat %d: the refused document's line links %v", chat.ID, links)
		}
		if n := countContaining(textsTo(h.api.Calls(), chat.ID), "Thông báo lịch tiếp công dân"); n != 0 {
			t.Errorf("chat %d: what the portal listed before the bot started was pushed %d times", chat.ID, n)
		}
	}
}
