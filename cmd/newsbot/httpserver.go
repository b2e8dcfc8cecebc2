package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"newsbot/bot"
	"newsbot/store"
)

// health is what /healthz answers.
type health struct {
	Status   string    `json:"status"`
	Store    string    `json:"store"`
	Telegram string    `json:"telegram"`
	LastPoll time.Time `json:"last_poll,omitzero"`
}

// observer serves /healthz and /metrics for the running bot.
type observer struct {
	db       *store.DB
	metrics  *bot.Metrics
	registry *prometheus.Registry
	now      func() time.Time
	// stale is how old the last successful poll may be before Telegram
	// counts as unreachable.
	stale time.Duration
}

// newObserver registers the metrics of the bot and the store on a fresh
// registry, with Go's runtime metrics.
func newObserver(db *store.DB, now func() time.Time, pollTimeout time.Duration) *observer {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	o := &observer{db: db, metrics: bot.NewMetrics(reg), registry: reg, now: now, stale: pollTimeout + time.Minute}
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "newsbot_queue_depth", Help: "Push deliveries not yet made, over all open jobs.",
	}, o.queueDepth))
	return o
}

func (o *observer) queueDepth() float64 {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	jobs, err := o.db.OpenJobs(ctx)
	if err != nil {
		return -1
	}
	n := 0
	for _, j := range jobs {
		n += j.Pending()
	}
	return float64(n)
}

func (o *observer) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", o.healthz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(o.registry, promhttp.HandlerOpts{}))
	return mux
}

// healthz answers 200 when the store reads and Telegram answered a poll
// recently, 503 otherwise, with the details as JSON.
func (o *observer) healthz(w http.ResponseWriter, r *http.Request) {
	h := health{Status: "ok", Store: "ok", Telegram: "ok", LastPoll: o.metrics.LastPoll()}
	if _, err := o.db.UpdateOffset(r.Context()); err != nil {
		h.Status, h.Store = "failing", err.Error()
	}
	switch {
	case h.LastPoll.IsZero():
		h.Status, h.Telegram = "failing", "no successful poll yet"
	case o.now().Sub(h.LastPoll) > o.stale:
		h.Status, h.Telegram = "failing", fmt.Sprintf("last successful poll %s ago", o.now().Sub(h.LastPoll).Round(time.Second))
	}
	w.Header().Set("Content-Type", "application/json")
	if h.Status != "ok" {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	json.NewEncoder(w).Encode(h)
}

// serve listens on addr until ctx is done, then shuts down gracefully.
func (o *observer) serve(ctx context.Context, addr string, log *slog.Logger, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("--http %s: %w", addr, err)
	}
	if ready != nil {
		ready(ln.Addr())
	}
	srv := &http.Server{Handler: o.handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	log.Info("serving health and metrics", slog.String("addr", ln.Addr().String()))
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
