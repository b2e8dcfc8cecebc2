package source

import (
	"net/url"
	"strings"
)

// Redact returns raw without the user info ("user:password@") of its
// authority: the form of a URL for logs, errors, the audit log and
// anything shown in Telegram. The fetch itself uses the URL as configured
// (user info becomes Basic authentication). A string that does not parse
// as a URL loses everything from the start of its authority to the last
// '@' before its path ends, so a malformed URL cannot carry a password into
// a message either. Redact never fails.
func Redact(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		if u.User == nil {
			return raw
		}
		u.User = nil
		return u.String()
	}
	start := 0
	if i := strings.Index(raw, "//"); i >= 0 && !strings.Contains(raw[:i], "@") {
		start = i + 2
	}
	rest := raw[start:]
	if end := strings.IndexAny(rest, "?#"); end >= 0 {
		rest = rest[:end]
	}
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		return raw[:start] + raw[start+at+1:]
	}
	return raw
}
