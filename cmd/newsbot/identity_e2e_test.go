package main

import (
	"strings"
	"testing"
)

// Ensure that the identity set in the environment reaches people through
// `newsbot run` (greeting and /help), that the doctor reports it (and the
// neutral default), and that a portal URL that is not http(s) stops run and
// the doctor alike with a message naming the flag.
func TestIdentityFromEnvironment(t *testing.T) {
	h := newHarness(t)
	h.env["TELEGRAM_API_URL"] = h.api.URL()
	h.cli("doctor")
	if !strings.Contains(h.out.String(), "✔ identity: neutral: no organisation is named") {
		t.Errorf("the doctor does not report the neutral identity:\n%s", h.out.String())
	}

	h.env["NEWSBOT_ORG_NAME"] = "Huyện ủy Hoằng Hóa"
	h.env["NEWSBOT_PORTAL_NAME"] = "Cổng thông tin huyện"
	h.env["NEWSBOT_PORTAL_URL"] = "https://hoanghoa.example.vn"
	h.env["NEWSBOT_WELCOME"] = "Kênh tin chính thức."
	h.env["NEWSBOT_SIGNATURE"] = "Văn phòng Huyện uỷ"
	h.out = newSyncBuffer()
	h.cli("doctor")
	for _, want := range []string{`✔ identity: organisation "Huyện ủy Hoằng Hóa"`, `portal URL "https://hoanghoa.example.vn"`, `["uỷ"]`} {
		if !strings.Contains(h.out.String(), want) {
			t.Errorf("the doctor's report lacks %q:\n%s", want, h.out.String())
		}
	}

	u := h.api.User(501, "vi")
	chat := h.api.PrivateChat(u)
	stop := h.start()
	h.api.SendText(u, chat, "/start")
	h.waitText(chat.ID, "Bạn đã đăng ký nhận tin của Huyện ủy Hoằng Hóa.\n\nKênh tin chính thức.", 1)
	h.api.SendText(u, chat, "/help")
	h.waitText(chat.ID, `🌐 Cổng thông tin: <a href="https://hoanghoa.example.vn">Cổng thông tin huyện</a>`, 1)
	stop()

	h.env["NEWSBOT_PORTAL_URL"] = "hoanghoa.example.vn"
	h.out = newSyncBuffer()
	if code := h.cli("doctor"); code != 1 || !strings.Contains(h.out.String(), "✘ identity: identity (--org-name, --portal-name, --portal-url") {
		t.Errorf("doctor with a bad portal URL (exit %d):\n%s", code, h.out.String())
	}
	h.logs = newSyncBuffer()
	if code := h.cli("run", "--api-url", h.api.URL()); code != 2 || !strings.Contains(h.logs.String(), `portal URL "hoanghoa.example.vn": want an address such as https://`) {
		t.Errorf("run with a bad portal URL (exit %d):\n%s", code, h.logs.String())
	}
}
