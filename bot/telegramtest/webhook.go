package telegramtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// webhookState is the webhook setting; the Server's mutex guards it.
type webhookState struct {
	url            string
	secret         string
	maxConnections int
	allowed        []string
}

// Webhook describes the webhook the bot registered, as a test sees it.
type Webhook struct {
	URL            string
	SecretToken    string
	MaxConnections int
	AllowedUpdates []string
}

// Webhook returns the webhook the bot set, and false when none is set.
func (s *Server) Webhook() (Webhook, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.webhook
	if w.url == "" {
		return Webhook{}, false
	}
	return Webhook{URL: w.url, SecretToken: w.secret, MaxConnections: w.maxConnections,
		AllowedUpdates: append([]string(nil), w.allowed...)}, true
}

// webhookActiveLocked reports whether a webhook is set; getUpdates then
// fails with 409 Conflict, as on Telegram. The caller holds s.mu.
func (s *Server) webhookActiveLocked() bool { return s.webhook.url != "" }

// errWebhookActive is Telegram's answer to getUpdates while a webhook is set.
func errWebhookActive() *Reply {
	return ErrorReply(http.StatusConflict,
		"Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
}

// okDescribed is a successful true result with a description, the way
// setWebhook and deleteWebhook answer.
func okDescribed(description string) *Reply {
	return &Reply{Status: http.StatusOK, Body: envelope{OK: true, Result: json.RawMessage("true"), Description: description}}
}

// setWebhook checks a webhook the way Telegram does (an HTTPS URL on port
// 443, 80, 88 or 8443; a secret_token of 1-256 characters A-Z, a-z, 0-9,
// _ and -; max_connections 1-100) and records it. An empty url removes it.
func setWebhook(s *Server, req *request) *Reply {
	p := req.params
	raw := strings.TrimSpace(p["url"])
	if raw == "" {
		return deleteWebhook(s, req)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return badRequest("bad webhook: Failed to resolve host: Name or service not known")
	}
	if u.Scheme != "https" {
		return badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	switch u.Port() {
	case "", "443", "80", "88", "8443":
	default:
		return badRequest("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
	}
	secret := p["secret_token"]
	if len(secret) > 256 || strings.IndexFunc(secret, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
	}) >= 0 {
		return badRequest("secret token contains unallowed characters")
	}
	maxConn := 40
	if v := p["max_connections"]; v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return badRequest("bad webhook: max_connections must be between 1 and 100")
		}
		maxConn = n
	}
	allowed, set, r := allowedParam(p["allowed_updates"])
	if r != nil {
		return r
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w := webhookState{url: raw, secret: secret, maxConnections: maxConn}
	if set {
		s.updates.allowed = allowed
	}
	for k := range s.updates.allowed {
		w.allowed = append(w.allowed, k)
	}
	if p["drop_pending_updates"] == "true" {
		s.updates.pending = nil
	}
	s.webhook = w
	s.notifyLocked()
	return okDescribed("Webhook was set")
}

// deleteWebhook removes the webhook, so getUpdates works again.
func deleteWebhook(s *Server, req *request) *Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	if req.params["drop_pending_updates"] == "true" {
		s.updates.pending = nil
	}
	if !s.webhookActiveLocked() {
		return okDescribed("Webhook is already deleted")
	}
	s.webhook = webhookState{}
	s.notifyLocked()
	return okDescribed("Webhook was deleted")
}

// getWebhookInfo reports the webhook (an empty url when none is set).
func getWebhookInfo(s *Server, _ *request) *Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := map[string]any{"url": s.webhook.url, "has_custom_certificate": false,
		"pending_update_count": len(s.updates.pending)}
	if s.webhookActiveLocked() {
		info["max_connections"] = s.webhook.maxConnections
		if len(s.webhook.allowed) > 0 {
			info["allowed_updates"] = s.webhook.allowed
		}
	}
	return okReply(info)
}
