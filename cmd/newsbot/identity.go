package main

import (
	"flag"
	"fmt"
	"strings"

	"newsbot/bot"
	"newsbot/content/vi"
)

// identityFlags registers on fs the flags that name whom the bot speaks
// for, each defaulting to its environment variable, and returns a function
// that gives the identity once fs is parsed, or an error (wrapping
// bot.ErrBadIdentity) for a portal URL that is not http(s) or a text too
// long. All empty (the default) is the
// neutral identity: no organisation named.
func identityFlags(app *App, fs *flag.FlagSet) func() (bot.Identity, error) {
	var id bot.Identity
	fs.StringVar(&id.Org, "org-name", app.Env("NEWSBOT_ORG_NAME"), "the organisation's name, shown in /start, /help, the digest and under pushes (env NEWSBOT_ORG_NAME)")
	fs.StringVar(&id.PortalName, "portal-name", app.Env("NEWSBOT_PORTAL_NAME"), "the portal's name, shown in /help and under pushes (env NEWSBOT_PORTAL_NAME)")
	fs.StringVar(&id.PortalURL, "portal-url", app.Env("NEWSBOT_PORTAL_URL"), "the portal's address, linked from /help and pushes (env NEWSBOT_PORTAL_URL)")
	fs.StringVar(&id.Welcome, "welcome", app.Env("NEWSBOT_WELCOME"), "a paragraph added to the greeting of newcomers (env NEWSBOT_WELCOME)")
	fs.StringVar(&id.Signature, "signature", app.Env("NEWSBOT_SIGNATURE"), "the line under every broadcast (env NEWSBOT_SIGNATURE)")
	return func() (bot.Identity, error) {
		id.Org, id.PortalName, id.PortalURL = strings.TrimSpace(id.Org), strings.TrimSpace(id.PortalName), strings.TrimSpace(id.PortalURL)
		id.Welcome, id.Signature = strings.TrimSpace(id.Welcome), strings.TrimSpace(id.Signature)
		if err := id.Validate(); err != nil {
			return bot.Identity{}, fmt.Errorf("identity (--org-name, --portal-name, --portal-url, --welcome, --signature): %w", err)
		}
		return id, nil
	}
}

// checkIdentity is the doctor's line on the identity: what people will
// see, or how to name the organisation when nothing is set; a note when a
// text writes the other tone style than the bot's (hoá for hóa).
func checkIdentity(id bot.Identity, err error) check {
	if err != nil {
		return check{false, "identity", err.Error()}
	}
	if id == (bot.Identity{}) {
		return check{true, "identity", "neutral: no organisation is named; set --org-name, --portal-name, --portal-url, --welcome, --signature (or NEWSBOT_ORG_NAME, …) to make the bot your district's"}
	}
	var parts []string
	for _, f := range []struct{ what, v string }{
		{"organisation", id.Org}, {"portal", id.PortalName}, {"portal URL", id.PortalURL},
		{"welcome", id.Welcome}, {"signature", id.Signature},
	} {
		if f.v != "" {
			parts = append(parts, fmt.Sprintf("%s %q", f.what, f.v))
		}
	}
	detail := strings.Join(parts, "; ")
	if slips := vi.NewStyleTones(strings.Join([]string{id.Org, id.PortalName, id.Welcome, id.Signature}, "\n")); len(slips) > 0 {
		detail += fmt.Sprintf(" (note: %q place the tone mark in the new style, while the bot writes the portal's: hóa, thủy, ủy)", slips)
	}
	return check{true, "identity", detail}
}
