package main

import (
	"newsbot/content/source"
	"newsbot/content/source/document"
	"newsbot/content/source/netguard"
)

// newDocumentSource returns what gives the bot the bytes of articles'
// documents (document.Fetcher, whose OpenDocument is the bot's
// DocumentSource method): a file the inbox or `newsbot import` stored, or
// a source's link, downloaded politely with the sources' allow_private
// (cfg, as App.sourceConfig gives it), checked by type and first bytes,
// and bounded to Telegram's 50 MB.
func newDocumentSource(cfg source.Config) *document.Fetcher {
	allow, _ := netguard.NewPolicy(cfg.AllowPrivate) // checked by ParseConfig; a bad entry is skipped
	return document.NewFetcher(document.Options{Allow: allow})
}
