package bot

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Identity is whom the bot speaks for: the district's (or commune's, or
// party committee's) own names, set by the operator. Every field is plain
// text (the bot escapes it) and optional; the zero value is neutral: no
// organisation is named anywhere.
type Identity struct {
	// Org is the organisation's name, e.g. "Trung tâm Văn hóa, Thông tin và
	// Thể thao huyện Hoằng Hóa". /start, /help and the digest's title name it.
	Org string
	// PortalName and PortalURL are the portal's name and address. /help
	// links to the portal; pushes end with its name (linked), or with Org
	// when there is no portal name.
	PortalName string
	PortalURL  string
	// Welcome is a paragraph /start adds to its greeting of newcomers.
	Welcome string
	// Signature is the line under every broadcast, e.g. "Ban Tuyên giáo
	// Huyện ủy"; none when empty.
	Signature string
}

// Identity's limits, in characters: short enough for a push's footer and a
// greeting.
const (
	maxIdentityName    = 200
	maxIdentityWelcome = 1000
)

// ErrBadIdentity is wrapped by Identity.Validate's errors.
var ErrBadIdentity = errors.New("bad identity")

// Validate reports, wrapping ErrBadIdentity, a field that is too long or a
// PortalURL that is not an absolute http or https address.
func (id Identity) Validate() error {
	for _, f := range []struct {
		name, value string
		max         int
	}{
		{"organisation name", id.Org, maxIdentityName},
		{"portal name", id.PortalName, maxIdentityName},
		{"portal URL", id.PortalURL, maxIdentityName},
		{"welcome", id.Welcome, maxIdentityWelcome},
		{"signature", id.Signature, maxIdentityName},
	} {
		if n := utf8.RuneCountInString(f.value); n > f.max {
			return fmt.Errorf("%s is %d characters long, at most %d fit: %w", f.name, n, f.max, ErrBadIdentity)
		}
		if !utf8.ValidString(f.value) {
			return fmt.Errorf("%s is not valid UTF-8: %w", f.name, ErrBadIdentity)
		}
	}
	if id.PortalURL != "" {
		u, err := url.Parse(id.PortalURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("portal URL %q: want an address such as https://hoanghoa.thanhhoa.gov.vn: %w", id.PortalURL, ErrBadIdentity)
		}
	}
	return nil
}

// welcome renders the greeting of a newcomer called name (not escaped).
func (id Identity) welcome(l Lang, name string) string {
	subscribed := l.T(msgWelcomeNews)
	if id.Org != "" {
		subscribed = l.T(msgWelcomeNewsOf, escape(id.Org))
	}
	extra := ""
	if w := strings.TrimSpace(id.Welcome); w != "" {
		extra = "\n" + escape(w) + "\n"
	}
	return l.T(msgWelcome, escape(name), subscribed, extra)
}

// helpHeader renders the lines /help starts with: the organisation in bold
// and a link to the portal; empty when neither is set.
func (id Identity) helpHeader(l Lang) string {
	var lines []string
	if id.Org != "" {
		lines = append(lines, "<b>"+escape(id.Org)+"</b>")
	}
	if p := id.portalLink(); p != "" {
		lines = append(lines, l.T(msgHelpPortal, p))
	}
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n\n"
}

// portalLink renders the portal's name linked to its URL, or whichever of
// the two is set; empty when neither is.
func (id Identity) portalLink() string {
	switch {
	case id.PortalName != "" && id.PortalURL != "":
		return fmt.Sprintf(`<a href="%s">%s</a>`, escape(id.PortalURL), escape(id.PortalName))
	case id.PortalName != "":
		return escape(id.PortalName)
	case id.PortalURL != "":
		return fmt.Sprintf(`<a href="%s">%s</a>`, escape(id.PortalURL), escape(id.PortalURL))
	}
	return ""
}

// pushFooter renders the line that ends an article's push: the portal
// (linked), or the organisation; empty when neither is set. It starts with
// the blank line that separates it from the card.
func (id Identity) pushFooter() string {
	who := id.portalLink()
	if who == "" && id.Org != "" {
		who = escape(id.Org)
	}
	if who == "" {
		return ""
	}
	return "\n\n— <i>" + who + "</i>"
}

// signed returns a broadcast's HTML body with the signature under it.
func (id Identity) signed(body string) string {
	if s := strings.TrimSpace(id.Signature); s != "" {
		return body + "\n\n— <i>" + escape(s) + "</i>"
	}
	return body
}

// digestHeader renders the digest's title for n articles.
func (id Identity) digestHeader(l Lang, n int) string {
	if id.Org != "" {
		return l.N(msgDigestHeadOf, n, escape(id.Org), n)
	}
	return l.N(msgDigestHeader, n, n)
}
