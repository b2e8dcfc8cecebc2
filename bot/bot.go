package bot

import (
	"context"
	"github.com/prometheus/client_golang/prometheus"
	"log/slog"
	"time"

	"newsbot/content"
	"newsbot/content/vi"
)

// Articles reads stored articles.
type Articles interface {
	// Latest returns up to n articles, newest first.
	Latest(ctx context.Context, n int) ([]content.Article, error)
	// Article returns one article; an unknown ID is an error.
	Article(ctx context.Context, id string) (content.Article, error)
}

// Subscribers records who receives pushes.
type Subscribers interface {
	// Subscribe records s as subscribed and reports whether it was not before.
	Subscribe(ctx context.Context, s content.Subscriber) (bool, error)
	// Unsubscribe stops pushes to chatID and reports whether it was subscribed.
	Unsubscribe(ctx context.Context, chatID int64) (bool, error)
	// Subscriber returns the chat's record; an unknown chat is an error.
	Subscriber(ctx context.Context, chatID int64) (content.Subscriber, error)
	// SetPreferences changes a known chat's record through update.
	SetPreferences(ctx context.Context, chatID int64, update func(*content.Subscriber)) (content.Subscriber, error)
}

// Offsets persists the Telegram update offset with the visits it covers,
// and the updates in flight until it covers them.
type Offsets interface {
	UpdateOffset(ctx context.Context) (int, error)
	// CommitUpdates records, in one transaction, that the updates below
	// offset were handled and the visits they made; a batch at or below the
	// stored offset is ignored.
	CommitUpdates(ctx context.Context, offset int, v content.Visits) error
	// BeginUpdates records the updates ids as in flight before their batch
	// is handled and returns what an earlier run left of each: how many
	// runs died with it in hand, whether it was handled.
	BeginUpdates(ctx context.Context, ids []int) (map[int]content.InFlight, error)
	// AdvanceUpdates records update handled as handled and update next as
	// in hand (-1: none), in one transaction.
	AdvanceUpdates(ctx context.Context, handled, next int) error
}

// AcceptedUpdates is the webhook's durable queue: the updates Telegram was
// answered 200 for and that are not yet handled.
type AcceptedUpdates interface {
	// AcceptUpdate stores body as update id unless that ID is waiting
	// already, and reports whether it stored it. When it returns nil the
	// update is on disk. Safe for concurrent use; concurrent calls may
	// share one transaction.
	AcceptUpdate(ctx context.Context, id int, body []byte) (bool, error)
	// AcceptedUpdates returns up to max waiting updates, lowest ID first.
	AcceptedUpdates(ctx context.Context, max int) ([]content.AcceptedUpdate, error)
	// AcceptedCount returns how many updates are waiting.
	AcceptedCount(ctx context.Context) (int, error)
	// CommitAccepted deletes the updates ids, adds the visits v they made
	// and raises the update offset to offset (never lowering it), in one
	// transaction; a batch none of whose ids is waiting is ignored.
	CommitAccepted(ctx context.Context, ids []int, offset int, v content.Visits) error
}

// Stats reads the figures /stats shows.
type Stats interface {
	VisitStats(ctx context.Context, p content.Periods) (content.VisitStats, error)
	VisitHistory(ctx context.Context, from, to content.Day) ([]content.DayCount, error)
	AdminStats(ctx context.Context, since time.Time, month string, n int) (content.AdminStats, error)
}

// Admins says who may use admin commands.
type Admins interface {
	IsAdmin(ctx context.Context, userID int64) (bool, error)
}

// Jobs is the durable queue of push jobs the delivery worker drains.
type Jobs interface {
	OpenJobs(ctx context.Context) ([]content.Job, error)
	PendingRecipients(ctx context.Context, jobID uint64, max int) ([]content.Recipient, error)
	// PendingRecipientsAfter pages through them: up to max after chat after
	// (0: from the start), in the same stable order.
	PendingRecipientsAfter(ctx context.Context, jobID uint64, after int64, max int) ([]content.Recipient, error)
	// RecordDeliveries commits a batch of outcomes; recording one twice is
	// harmless. The job it returns tells a worker when it was cancelled.
	RecordDeliveries(ctx context.Context, jobID uint64, ds []content.Delivery) (content.Job, error)
	// MigrateChat moves a group that became a supergroup to its new ID: its
	// subscriber record and its pending entries in open jobs.
	MigrateChat(ctx context.Context, oldID, newID int64) error
}

// Searcher finds articles by what people type.
type Searcher interface {
	// Search returns the page [offset, offset+limit) of the articles matching
	// q, best first; an empty query matches nothing.
	Search(ctx context.Context, q vi.Query, offset, limit int) (content.SearchResults, error)
}

// Store is everything the bot needs from storage.
type Store interface {
	Articles
	Searcher
	Subscribers
	Offsets
	AcceptedUpdates // the webhook's durable queue
	Jobs
	Stats
	Admins
	Auditor
	Broadcasts
	// Roles, closed mode and invites.
	Members
	Roll // /members: listing and removing members
	AdminRoster
	Posts
	Receipts
	Digests           // settings: the daily digest
	Related           // settings: "Các tin khác" under an article
	AlertKeeper       // keyword alerts
	Audiences         // audiences by unit
	Retractions       // taking articles and announcements back
	AttachmentFileIDs // the file_ids of uploaded documents
}

// Config wires a Bot. Client and Store are required.
type Config struct {
	Client *Client
	Store  Store
	Logger *slog.Logger
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Zone is where times are shown; default Vietnam time.
	Zone *time.Location
	// PollTimeout is the long-poll wait; default 50s. It must lie between
	// MinPollTimeout and MaxPollTimeout (newsbot run refuses other values).
	PollTimeout time.Duration
	// Lanes bounds how many chats are served at once; default 8. Updates of
	// one chat are always handled in order.
	Lanes int
	// SendRate is the global limit on messages to chats, pushes and replies
	// together, in messages per second; default 30.
	SendRate float64
	// Delivery tunes the delivery worker (pacing, retries, batches); the zero
	// value suits Telegram.
	Delivery DeliveryOptions
	// Sources backs /sources; nil when no sources are configured.
	Sources Sources
	// Documents opens articles' documents for their first upload; nil
	// sends only documents with a file_id and links the others.
	Documents DocumentSource
	// Metrics receives the bot's measurements; nil keeps them unregistered.
	Metrics *Metrics
	// Closed admits only members: newcomers' /start becomes a join request
	// for the admins to approve, or an invite link admits them
	// (Bot.closedStart).
	Closed bool
	// UnitsByAdmins is set when only admins place people in units (a units
	// file with self_service = false): /myunits then only shows a person's
	// units, and admins assign them with /units assign.
	UnitsByAdmins bool
	// RateLimit bounds how fast one person may send commands and press
	// buttons; the zero value gives the defaults.
	RateLimit RateLimit
	// Identity names whom the bot speaks for in /start, /help, pushes,
	// broadcasts and the digest; the zero value names no one.
	Identity Identity
}

// Bot serves Telegram updates and delivers push jobs. Create it with New; its
// methods are safe for concurrent use.
type Bot struct {
	client   *Client
	store    Store
	log      *slog.Logger
	now      func() time.Time
	zone     *time.Location
	poll     time.Duration
	lanes    int
	deliv    *delivery
	handler  HandlerFunc
	router   *Router
	wake     chan struct{}
	visits   visitBatch
	previews previews
	drafts   drafts
	// corrections keeps what /correct previews would do (pendingCorrection).
	corrections ttlMap[[2]int64, pendingCorrection]
	// unitPreviews keeps the units of /broadcast @unit previews.
	unitPreviews unitPreviews
	sources      Sources
	docs         DocumentSource
	// checks runs the test reads of /sources add.
	checks sourceChecks
	// progressEvery is how often Progress edits the progress messages.
	progressEvery time.Duration
	metrics       *Metrics
	closed        bool
	unitsByAdmins bool
	limiter       *rateLimiter
	// identity names whom the bot speaks for.
	identity Identity
}

// New returns a Bot ready to Poll and Deliver.
func New(cfg Config) *Bot {
	b := &Bot{
		client: cfg.Client,
		store:  cfg.Store,
		log:    cfg.Logger,
		now:    cfg.Now,
		zone:   cfg.Zone,
		poll:   cfg.PollTimeout,
		lanes:  cfg.Lanes,
		wake:   make(chan struct{}, 1),

		progressEvery: progressEvery,
	}
	b.sources = cfg.Sources
	b.docs = cfg.Documents
	b.closed = cfg.Closed
	b.unitsByAdmins = cfg.UnitsByAdmins
	b.identity = cfg.Identity
	if b.metrics = cfg.Metrics; b.metrics == nil {
		b.metrics = NewMetrics(prometheus.NewRegistry())
	}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	if b.now == nil {
		b.now = time.Now
	}
	if b.zone == nil {
		b.zone = content.VietnamZone()
	}
	if b.poll <= 0 {
		b.poll = 50 * time.Second
	}
	if b.lanes <= 0 {
		b.lanes = 8
	}
	b.deliv = newDelivery(cfg.SendRate, cfg.Delivery)
	if !cfg.RateLimit.Off {
		b.limiter = newRateLimiter(cfg.RateLimit)
	}
	b.router = b.routes()
	b.handler = b.router.Handler()
	return b
}

// routes registers every command family.
func (b *Bot) routes() *Router {
	rt := NewRouter(b.client.Self().UserName)
	rt.Use(b.recoverer, b.logging)
	rt.Use(b.migrations) // a group's move is never rate limited away
	rt.Use(b.rateLimit)
	rt.Use(b.language)
	rt.Use(b.membersOnly) // closed mode: non-members reach only /start and /help
	b.startRoutes(rt)
	b.subscribeRoutes(rt)
	b.latestRoutes(rt)
	b.searchRoutes(rt)
	b.statsRoutes(rt)
	b.articleRoutes(rt)
	b.settingsRoutes(rt)
	b.broadcastRoutes(rt)
	b.jobsRoutes(rt)
	b.retractRoutes(rt)
	b.correctRoutes(rt)
	b.sourcesRoutes(rt)
	b.memberRoutes(rt)
	b.directivesRoutes(rt)
	b.alertsRoutes(rt)
	b.unitsRoutes(rt)
	return rt
}
