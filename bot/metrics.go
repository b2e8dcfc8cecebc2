package bot

import (
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the bot's Prometheus metrics. Create them with NewMetrics; the
// methods are safe for concurrent use.
type Metrics struct {
	updates       prometheus.Counter
	visits        prometheus.Counter
	sends         *prometheus.CounterVec
	sendLatency   prometheus.Histogram
	rateLimited   prometheus.Counter
	sourceFetches *prometheus.CounterVec
	dropped       prometheus.Counter
	skipped       *prometheus.CounterVec
	queueDepth    prometheus.Gauge
	panics        *prometheus.CounterVec
	repliesFailed prometheus.Counter
	lastPoll      atomic.Int64 // Unix nanoseconds of the last successful getUpdates
}

// NewMetrics creates the metrics and registers them with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		updates: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newsbot_updates_handled_total", Help: "Telegram updates handled."}),
		visits: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newsbot_visits_total", Help: "Interactions from people counted as visits."}),
		sends: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsbot_sends_total", Help: "Push deliveries by outcome (sent, blocked, failed)."}, []string{"outcome"}),
		sendLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "newsbot_send_duration_seconds", Help: "Time of one Bot API send call.",
			Buckets: prometheus.ExponentialBuckets(0.01, 2, 10)}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newsbot_telegram_429_total", Help: "Answers 429 Too Many Requests from Telegram."}),
		sourceFetches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsbot_source_fetches_total", Help: "Source fetches (polls) by outcome (ok, not_modified, blocked, failed)."},
			[]string{"outcome"}),
		dropped: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newsbot_updates_dropped_total", Help: "Updates dropped by the per-person rate limit."}),
		skipped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsbot_updates_skipped_total",
			Help: "Updates confirmed without being handled, by reason: unhandled (a shape the bot does not handle), " +
				"quarantined (in hand at two deaths of the process), redelivered (handled before the process died)."},
			[]string{"reason"}),
		queueDepth: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "newsbot_queue_depth", Help: "Push deliveries not yet made, over all open jobs, as the delivery worker last saw them."}),
		panics: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsbot_panics_total", Help: "Panics contained, by loop (update, handler, sources, inbox, deliver, digest, progress, backup)."},
			[]string{"loop"}),
		repliesFailed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newsbot_replies_failed_total", Help: "Messages to people outside pushes (replies, edits, notices) not sent after retries."}),
	}
	reg.MustRegister(m.updates, m.visits, m.sends, m.sendLatency, m.rateLimited, m.sourceFetches, m.dropped,
		m.skipped, m.queueDepth, m.panics, m.repliesFailed)
	return m
}

// LastPoll returns when getUpdates last succeeded (zero before the first).
func (m *Metrics) LastPoll() time.Time {
	n := m.lastPoll.Load()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

func (m *Metrics) polled(t time.Time) { m.lastPoll.Store(t.UnixNano()) }

// Sent records one delivery outcome and the duration of its send call.
func (m *Metrics) Sent(outcome string, took time.Duration) {
	m.sends.WithLabelValues(outcome).Inc()
	m.sendLatency.Observe(took.Seconds())
}

// Panicked counts one panic contained in loop; it is a guard.Counter, for
// the loops outside the bot too.
func (m *Metrics) Panicked(loop string) { m.panics.WithLabelValues(loop).Inc() }

// Source fetch outcomes, the values of newsbot_source_fetches_total's
// outcome label.
const (
	FetchOK          = "ok"           // the source answered and its items were read
	FetchNotModified = "not_modified" // the source answered 304 Not Modified
	FetchBlocked     = "blocked"      // the destination policy refused the address
	FetchFailed      = "failed"       // any other failure
)

// SourceFetched counts one poll of a source by outcome (FetchOK, …).
func (m *Metrics) SourceFetched(outcome string) { m.sourceFetches.WithLabelValues(outcome).Inc() }

// RateLimited records one 429 answer.
func (m *Metrics) RateLimited() { m.rateLimited.Inc() }

// replyFailed records a message to a person that could not be sent.
func (m *Metrics) replyFailed() { m.repliesFailed.Inc() }
