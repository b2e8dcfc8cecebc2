package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"newsbot/bot"
)

// health is what /healthz answers.
type health struct {
	Status   string    `json:"status"`
	Store    string    `json:"store"`
	Telegram string    `json:"telegram"`
	LastPoll time.Time `json:"last_poll,omitzero"`
}

// observer serves /healthz and /metrics for the running bot. /metrics
// reads only figures kept in memory (bot.Metrics, Go's runtime): a scrape
// never reads the database.
type observer struct {
	store    offsetReader
	metrics  *bot.Metrics
	registry *prometheus.Registry
	now      func() time.Time
	// stale is how old the last successful poll may be before Telegram
	// counts as unreachable.
	stale time.Duration
}

// offsetReader is the read /healthz makes to check the store
// (*store.DB.UpdateOffset).
type offsetReader interface {
	UpdateOffset(ctx context.Context) (int, error)
}

// newObserver registers the metrics of the bot on a fresh registry, with
// Go's runtime metrics; healthz checks st.
func newObserver(st offsetReader, now func() time.Time, pollTimeout time.Duration) *observer {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return &observer{store: st, metrics: bot.NewMetrics(reg), registry: reg, now: now, stale: pollTimeout + time.Minute}
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
	if _, err := o.store.UpdateOffset(r.Context()); err != nil {
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

// httpAddress checks --http's address and returns the one to listen on:
// a bare port (":9120" or "9120") means 127.0.0.1, that port; "localhost"
// and loopback addresses are accepted. Any other host (0.0.0.0, a LAN
// address, a name) makes /healthz and /metrics, which ask for no password,
// reachable from other machines: it is a usage error unless public is set
// (--http-public), and then exposed is true and the caller warns.
func httpAddress(addr string, public bool) (listen string, exposed bool, err error) {
	if isPort(addr) {
		addr = ":" + addr
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil || !isPort(port) {
		return "", false, fmt.Errorf("--http %q: want [HOST]:PORT, e.g. 127.0.0.1:9120 or :9120: %w", addr, errUsage)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	listen = net.JoinHostPort(host, port)
	if isLoopback(host) {
		return listen, false, nil
	}
	if !public {
		return "", false, fmt.Errorf("--http %s would serve /healthz and /metrics, which ask for no password, to other machines: "+
			"use 127.0.0.1:%s (or just :%s) and a reverse proxy or firewall, or give --http-public (env NEWSBOT_HTTP_PUBLIC=1) "+
			"if that is what you want: %w", listen, port, port, errUsage)
	}
	return listen, true, nil
}

// isPort reports a decimal port number.
func isPort(s string) bool {
	n, err := strconv.ParseUint(s, 10, 16)
	return err == nil && s == strconv.FormatUint(n, 10)
}

// isLoopback reports "localhost" or a loopback address (IPv4-mapped
// included); a zone is ignored.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
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
