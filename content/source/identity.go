package source

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"newsbot/content"
)

// trackingParams are query parameters that only say where a click came
// from; CanonicalURL drops them. Parameters starting with "utm_" go too.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "mc_cid": true, "mc_eid": true, "igshid": true, "_ga": true,
	"_gl": true, "_hsenc": true, "_hsmi": true, "mkt_tok": true, "zarsrc": true, "ref_src": true,
}

// CanonicalURL returns raw, resolved against base when relative (base may be
// nil), in the form identities use: scheme and host in lower case, the
// default port, user info and fragment dropped, tracking parameters
// (utm_*, fbclid, gclid, … see trackingParams) removed with the other
// parameters kept in order, and an empty path written "/". Only http and
// https URLs with a host are accepted.
func CanonicalURL(raw string, base *url.URL) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", errors.New("empty URL")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", errors.New("not an absolute http(s) URL: " + raw)
	}
	host := strings.ToLower(u.Host)
	if (u.Scheme == "http" && strings.HasSuffix(host, ":80")) || (u.Scheme == "https" && strings.HasSuffix(host, ":443")) {
		host = host[:strings.LastIndexByte(host, ':')]
	}
	u.Host, u.User, u.Fragment, u.RawFragment = host, nil, "", ""
	u.RawQuery = stripTracking(u.RawQuery)
	u.ForceQuery = false
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	out := u.String()
	if v, err := url.Parse(out); err != nil || v.Hostname() == "" {
		return "", errors.New("not a valid URL: " + raw)
	}
	return out, nil
}

// stripTracking removes tracking parameters from a raw query, keeping the
// others in order, each re-encoded in one canonical form (a parameter that
// cannot be decoded is taken literally).
func stripTracking(q string) string {
	if q == "" {
		return ""
	}
	var kept []string
	for _, part := range strings.Split(q, "&") {
		rk, rv, hasValue := strings.Cut(part, "=")
		k, v := queryUnescape(rk), queryUnescape(rv)
		lk := strings.ToLower(k)
		if k == "" || strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
			continue
		}
		p := url.QueryEscape(k)
		if hasValue {
			p += "=" + url.QueryEscape(v)
		}
		kept = append(kept, p)
	}
	return strings.Join(kept, "&")
}

func queryUnescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// Identity says what makes an item the same item from one poll to the next.
type Identity struct {
	// Kind is "guid", "url" or "hash".
	Kind string
	// Key is the GUID (prefixed with the source's name), the canonical URL,
	// or the hex SHA-256 of the title and date.
	Key string
}

// identify returns the identity of an item of source: its feed GUID, else
// its canonical URL, else the SHA-256 of its title (NFC) and date. GUIDs
// are scoped by the source's name, since feeds often number their items.
func identify(source string, it Item) Identity {
	if g := strings.TrimSpace(it.GUID); g != "" {
		return Identity{Kind: "guid", Key: source + "\x00" + g}
	}
	if it.Link != "" {
		return Identity{Kind: "url", Key: it.Link}
	}
	date := ""
	if !it.Published.IsZero() {
		date = it.Published.UTC().Format(time.RFC3339)
	}
	sum := sha256.Sum256([]byte(norm.NFC.String(strings.TrimSpace(it.Title)) + "\x00" + date))
	return Identity{Kind: "hash", Key: hex.EncodeToString(sum[:])}
}

// ArticleID returns the article ID of the identity. A URL identity gets
// the ID content.Article.DeriveID gives an article with that SourceURL, so
// an article imported from a file with the same link is the same article.
func (id Identity) ArticleID() string {
	if id.Kind == "url" {
		a := content.Article{SourceURL: id.Key}
		return a.DeriveID()
	}
	return articleID(id.Kind + "\x00" + id.Key)
}

// articleID is content's ID form: 120 bits of SHA-256 in lower-case base32.
func articleID(s string) string {
	sum := sha256.Sum256([]byte(norm.NFC.String(s)))
	return strings.ToLower(base32.StdEncoding.EncodeToString(sum[:15]))
}
