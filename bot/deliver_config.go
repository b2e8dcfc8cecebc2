package bot

import "time"

// Delivery defaults. Telegram's limits: about 30 messages a second to all
// chats together, one a second to one chat, 20 a minute to one group.
const (
	DefaultSendRate        = 30
	DefaultDeliveryWorkers = 8
	DefaultDeliveryBatch   = 50
)

// DeliveryOptions tune the delivery worker. The zero value means the
// defaults, which suit Telegram; tests and benchmarks against a fake Bot API
// shorten the waits.
type DeliveryOptions struct {
	// Workers is how many sends may be in flight at once, so that Telegram's
	// latency does not cap throughput; default 8. A push whose notice is
	// followed by documents runs up to 4 times as many (one more per
	// request of documents), as each chat then takes a second per message.
	Workers int
	// Batch is how many outcomes are committed in one transaction; default
	// 50. A crash repeats at most Batch+Workers notices (see RepeatBound).
	Batch int
	// CommitEvery also commits, on a ticker, whatever outcomes are waiting,
	// so progress shows at slow rates; default 1s.
	CommitEvery time.Duration

	// Unpaced turns every limit off (Config.SendRate included): for tests
	// and benchmarks against a fake server only.
	Unpaced bool
	// ChatWindow allows one message per chat per window; default 1s.
	ChatWindow time.Duration
	// GroupCount messages per GroupWindow are allowed to one group;
	// default 20 a minute.
	GroupCount  int
	GroupWindow time.Duration
	// Jitter widens every window so that sends delayed by the network by up
	// to this much still keep within Telegram's counts; default 25ms,
	// negative for none. (With SendRate 30 the worker sends at most 30
	// messages in any 1.025s: 29.3 a second.)
	Jitter time.Duration

	// Attempts bounds the tries of one message, a push or a reply, after
	// transient failures (5xx answers, timeouts, broken connections);
	// default 5. A 429 is not a failed try: every send pauses and the
	// message is sent again (a reply only within its update's deadline).
	Attempts int
	// FloodWaits bounds the 429s one message may get before it counts as
	// failed; default 20.
	FloodWaits int
	// RetryBase is the wait after the first transient failure, doubled after
	// each one up to RetryMax, with random jitter (half to all of it);
	// defaults 1s and 30s.
	RetryBase, RetryMax time.Duration
	// SendTimeout bounds one request to Telegram; default 30s.
	SendTimeout time.Duration
	// UploadTimeout bounds one request that uploads documents (up to 50
	// MB each); default 10 minutes.
	UploadTimeout time.Duration
	// StopGrace is how long a clean stop lets the messages in flight finish
	// (their outcomes are then committed); default 5s.
	StopGrace time.Duration
}

// withDefaults fills in the zero fields.
func (o DeliveryOptions) withDefaults() DeliveryOptions {
	def := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	defInt := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defInt(&o.Workers, DefaultDeliveryWorkers)
	defInt(&o.Batch, DefaultDeliveryBatch)
	def(&o.CommitEvery, time.Second)
	def(&o.ChatWindow, time.Second)
	defInt(&o.GroupCount, 20)
	def(&o.GroupWindow, time.Minute)
	if o.Jitter == 0 {
		o.Jitter = 25 * time.Millisecond
	}
	o.Jitter = max(o.Jitter, 0)
	defInt(&o.Attempts, 5)
	defInt(&o.FloodWaits, 20)
	def(&o.RetryBase, time.Second)
	def(&o.RetryMax, 30*time.Second)
	def(&o.SendTimeout, 30*time.Second)
	def(&o.UploadTimeout, 10*time.Minute)
	def(&o.StopGrace, 5*time.Second)
	return o
}

// RepeatBound is the most recipients a crash can make the worker send a
// notice to twice, with these options (defaults filled in): the outcomes of
// at most Batch+Workers recipients are ever uncommitted, because the worker
// hands out no more recipients until a commit makes room.
func (o DeliveryOptions) RepeatBound() int {
	o = o.withDefaults()
	return o.Batch + o.Workers
}

// paceLimits returns the pacer's limits for a global rate of perSecond.
func (o DeliveryOptions) paceLimits(perSecond float64) paceLimits {
	if o.Unpaced {
		return paceLimits{}
	}
	return paceLimits{PerSecond: perSecond, ChatWindow: o.ChatWindow,
		GroupCount: o.GroupCount, GroupWindow: o.GroupWindow, Jitter: o.Jitter,
		MaxFlight: o.SendTimeout + time.Second}
}
