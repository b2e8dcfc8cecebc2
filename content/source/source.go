// Package source finds new articles by itself: it polls the portal's feeds
// (RSS 2.0, Atom, JSON Feed) and pages (a listing page and the article pages
// it links to), politely, and hands every article it finds to a Sink, once.
//
// The pieces:
//
//   - Config (ParseConfig, LoadConfig): the sources file (TOML), its
//     sources and category rules;
//   - Fetcher.Fetch: HTTP with conditional GET, a User-Agent naming the
//     bot, timeouts, a 5 MiB body limit, a bound on requests in flight,
//     and redirects followed by hand so that permanent ones move the
//     source; every connection is checked by the destination policy of
//     the netguard sub-package (internal addresses refused but for the
//     sources file's allow_private); Fetcher.Open: the same, with the
//     body read as it arrives (a Stream), for documents;
//   - Redact: URLs without their user info, for anything shown;
//   - decodeHTML, decodeXML: the body's charset (header, BOM, <meta>, XML
//     declaration) and its conversion to UTF-8 NFC;
//   - ParseFeed, ParseListing, ParseArticle: items (Item) from feeds,
//     listing and article pages;
//   - pageAttachments, feedAttachments: the documents an item offers
//     (links on its page, feed enclosures), as content.Attachment with
//     absolute URLs;
//   - ParseDate: the date forms Vietnamese portals print;
//   - Identity, CanonicalURL: an item's identity (GUID, canonical URL or
//     SHA-256) and the article ID derived from it;
//   - Rule, Classify: categories (and urgency) from words in the title or
//     section;
//   - Poller (Run, PollOnce, Add, Remove): the polling loop, first-poll
//     quiet, updates, backoff and the admins' alert;
//   - Poller.Check: one fetch of each source without writing anything.
//
// The package imports content, content/guard, content/source/netguard, content/vi and
// libraries only; it must not import store, bot, content/inbox or
// cmd/newsbot: newsbot's store and bot are reached through the Sink and
// StateStore interfaces.
package source

import (
	"context"
	"errors"
	"time"

	"newsbot/content"
)

// ErrNotStored is what Sink.Update returns when no article is stored under
// the ID it was given (the item duplicates an article stored under another
// ID, found by its source URL).
var ErrNotStored = errors.New("article not stored")

// PublishOptions say how Sink.Publish stores a new article.
type PublishOptions struct {
	// Push queues the article's notice to subscribers. Without it the article
	// is stored and searchable but nobody is notified (a source's first poll).
	Push bool
	// Urgent makes the notice ring even in quiet hours, on top of what the
	// title says (content.IsUrgent).
	Urgent bool
}

// Sink is where found articles go: newsbot's store, through the same publish
// path as the inbox. Implementations must be safe for concurrent use.
type Sink interface {
	// Known reports whether an article with this ID is stored.
	Known(ctx context.Context, id string) (bool, error)
	// Publish stores a new article (and its notice when opts.Push). It
	// reports false, writing nothing, when the article is already stored
	// under its ID or its source URL.
	Publish(ctx context.Context, a content.Article, opts PublishOptions) (created bool, err error)
	// Update replaces the article stored under a.ID when a differs from it,
	// re-indexing it, and never notifies anyone. A zero a.Published keeps
	// the stored time. It reports whether anything changed, and an error
	// wrapping ErrNotStored when nothing is stored under a.ID.
	Update(ctx context.Context, a content.Article) (changed bool, err error)
}

// State is what the poller remembers about one source between polls and
// restarts. The zero value is a source never polled.
type State struct {
	Name string
	// ConfiguredURL is the URL the sources file gave when URL was set; when
	// the file changes it, URL starts again from the file's.
	ConfiguredURL string
	// URL is where the source is fetched: the file's URL, or where a
	// permanent redirect (301, 308) moved it.
	URL string
	// ETag and LastModified are the validators of the last complete fetch,
	// sent back as If-None-Match and If-Modified-Since.
	ETag         string
	LastModified string
	// FirstPollDone is set once a poll stored what the source already
	// listed; from then on, new items are pushed.
	FirstPollDone bool
	FirstPollAt   time.Time
	// Backlog holds the keys of items listed at the first poll that could
	// not be stored then: when stored later they are not pushed either.
	Backlog     []string
	LastPoll    time.Time
	LastSuccess time.Time
	NextPoll    time.Time
	// Failures counts the polls that failed in a row.
	Failures  int
	LastError string
	// Blocked is set when the last poll failed because a destination was
	// refused (an error wrapping netguard.ErrBlocked); admins are then
	// told that, not LastError's details.
	Blocked bool
	// FailingNotified is set when the admins were told the source is
	// failing, so they are told once, not every poll.
	FailingNotified bool
	// Items counts the articles stored from this source; Pushed those of
	// them that were pushed.
	Items  int
	Pushed int
	// Paused sources are not polled. Only an admin changes it.
	Paused bool
}

// StateStore keeps each source's State. Implementations must be safe for
// concurrent use.
type StateStore interface {
	// SourceState returns the source's state; a source never stored gets
	// the zero State and no error.
	SourceState(ctx context.Context, name string) (State, error)
	// PutSourceState stores s under s.Name. It never changes the stored
	// Paused flag, which belongs to the admins.
	PutSourceState(ctx context.Context, s State) error
}
