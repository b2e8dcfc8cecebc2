package main

import (
	"context"
	"errors"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Ensure that --http binds to loopback by default (a bare port means
// 127.0.0.1) and refuses an address other machines reach unless
// --http-public is given.
func TestHTTPAddress(t *testing.T) {
	for _, tc := range []struct {
		addr, want string
		public     bool
		exposed    bool
		usage      bool
	}{
		{addr: ":9120", want: "127.0.0.1:9120"},
		{addr: "9120", want: "127.0.0.1:9120"},
		{addr: "127.0.0.1:9120", want: "127.0.0.1:9120"},
		{addr: "127.0.0.2:9120", want: "127.0.0.2:9120"},
		{addr: "localhost:9120", want: "localhost:9120"},
		{addr: "[::1]:9120", want: "[::1]:9120"},
		{addr: "[::ffff:127.0.0.1]:9120", want: "[::ffff:127.0.0.1]:9120"},
		{addr: "0.0.0.0:9120", usage: true},
		{addr: "[::]:9120", usage: true},
		{addr: "192.168.1.10:9120", usage: true},
		{addr: "[::ffff:10.0.0.1]:9120", usage: true},
		{addr: "monitor.example.vn:9120", usage: true},
		{addr: "0.0.0.0:9120", public: true, want: "0.0.0.0:9120", exposed: true},
		{addr: "192.168.1.10:9120", public: true, want: "192.168.1.10:9120", exposed: true},
		{addr: ":9120", public: true, want: "127.0.0.1:9120"},
		{addr: "127.0.0.1", usage: true},
		{addr: "127.0.0.1:http", usage: true},
		{addr: ":99999", usage: true},
	} {
		got, exposed, err := httpAddress(tc.addr, tc.public)
		switch {
		case tc.usage && !errors.Is(err, errUsage):
			t.Errorf("httpAddress(%q, %v) = %q, %v; want a usage error", tc.addr, tc.public, got, err)
		case !tc.usage && (err != nil || got != tc.want || exposed != tc.exposed):
			t.Errorf("httpAddress(%q, %v) = %q, %v, %v; want %q, %v", tc.addr, tc.public, got, exposed, err, tc.want, tc.exposed)
		}
	}
}

// Ensure that `newsbot run --http 0.0.0.0:PORT` refuses to start without
// --http-public and says how to proceed; that with NEWSBOT_HTTP_PUBLIC=1
// it serves and warns at start; and that a bare port listens on loopback.
func TestRunHTTPPublicOnlyWhenAsked(t *testing.T) {
	h := newHarness(t)
	if code := h.cli("run", "--api-url", h.api.URL(), "--http", "0.0.0.0:0"); code != 2 {
		t.Fatalf("exit %d, want 2 (usage)\n%s", code, h.logs.String())
	}
	if !strings.Contains(h.logs.String(), "--http-public") {
		t.Errorf("the refusal does not name --http-public:\n%s", h.logs.String())
	}

	h = newHarness(t)
	h.httpAddr = make(chan net.Addr, 1)
	stop := h.start("--http", ":0")
	if a := (<-h.httpAddr).(*net.TCPAddr); !a.IP.IsLoopback() {
		t.Errorf("--http :0 listens on %v, want loopback", a)
	}
	stop()
	if strings.Contains(h.logs.String(), "--http-public") {
		t.Errorf("a loopback address was warned about:\n%s", h.logs.String())
	}

	h = newHarness(t)
	h.env["NEWSBOT_HTTP_PUBLIC"] = "1"
	h.httpAddr = make(chan net.Addr, 1)
	stop = h.start("--http", "0.0.0.0:0")
	if a := (<-h.httpAddr).(*net.TCPAddr); !a.IP.IsUnspecified() {
		t.Errorf("--http 0.0.0.0:0 listens on %v", a)
	}
	stop()
	if !strings.Contains(h.logs.String(), "level=WARN") || !strings.Contains(h.logs.String(), "--http-public") {
		t.Errorf("no warning at start:\n%s", h.logs.String())
	}
}

// offsetStub is the observer's store: it counts the reads /healthz makes.
type offsetStub struct{ reads chan struct{} }

func (s offsetStub) UpdateOffset(context.Context) (int, error) {
	s.reads <- struct{}{}
	return 0, nil
}

// Ensure that a scrape of /metrics reads nothing from the store (the
// figures are kept in memory), while /healthz does check it; and that
// contained panics are counted by loop.
func TestMetricsScrapeDoesNotReadTheStore(t *testing.T) {
	st := offsetStub{reads: make(chan struct{}, 10)}
	o := newObserver(st, time.Now, time.Minute)
	srv := httptest.NewServer(o.handler())
	defer srv.Close()
	for range 3 {
		code, body := get(t, srv.URL+"/metrics")
		if code != 200 || metric(t, body, "newsbot_queue_depth") != 0 {
			t.Fatalf("/metrics %d:\n%.500s", code, body)
		}
	}
	if n := len(st.reads); n != 0 {
		t.Fatalf("3 scrapes read the store %d times", n)
	}
	get(t, srv.URL+"/healthz")
	if n := len(st.reads); n != 1 {
		t.Fatalf("/healthz read the store %d times, want 1", n)
	}
	o.metrics.Panicked("inbox") // as the inbox's guard.Counter does
	if _, body := get(t, srv.URL+"/metrics"); metric(t, body, `newsbot_panics_total{loop="inbox"}`) != 1 {
		t.Fatalf("a contained panic is not counted:\n%.500s", body)
	}
}
