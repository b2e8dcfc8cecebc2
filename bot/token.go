package bot

import "log/slog"

// Token is a Telegram bot token. It prints as a redaction in every format,
// log line and JSON document, so it cannot leak by accident; Reveal returns
// the secret for the one place that needs it.
type Token string

const redacted = "[REDACTED]"

// String returns a redaction, never the token.
func (Token) String() string { return redacted }

// GoString returns a redaction, never the token.
func (Token) GoString() string { return redacted }

// LogValue returns a redaction, never the token.
func (Token) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalText returns a redaction, never the token.
func (Token) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// Reveal returns the token itself.
func (t Token) Reveal() string { return string(t) }

// BotID returns the numeric bot ID, the part of the token before the colon,
// which is public; "" when the token has no such part.
func (t Token) BotID() string {
	for i := 0; i < len(t); i++ {
		if t[i] == ':' {
			return string(t[:i])
		}
	}
	return ""
}
