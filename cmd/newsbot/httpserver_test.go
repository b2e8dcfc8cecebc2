package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// metric reads one sample's value from a Prometheus text exposition.
func metric(t *testing.T, body, name string) float64 {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + ` (\S+)$`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s in metrics", name)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Ensure that /healthz reports the store and Telegram, and /metrics
// counts what the bot does.
func TestHealthAndMetrics(t *testing.T) {
	h := newHarness(t)
	h.httpAddr = make(chan net.Addr, 1)
	stop := h.start("--http", "127.0.0.1:0")
	defer stop()
	base := "http://" + (<-h.httpAddr).String()

	u := h.api.User(901, "vi")
	last := h.api.SendText(u, h.api.PrivateChat(u), "/start")
	h.waitText(u.ID, "Xin chào", 1)
	if err := h.api.WaitOffset(t.Context(), last+1); err != nil {
		t.Fatal(err)
	}
	code, body := get(t, base+"/healthz")
	var hz health
	if err := json.Unmarshal([]byte(body), &hz); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if code != 200 || hz.Status != "ok" || time.Since(hz.LastPoll) > time.Minute {
		t.Fatalf("healthz %d: %s", code, body)
	}
	_, before := get(t, base+"/metrics")
	last = h.api.SendText(u, h.api.PrivateChat(u), "/help")
	h.waitText(u.ID, "Hướng dẫn", 1)
	if err := h.api.WaitOffset(t.Context(), last+1); err != nil {
		t.Fatal(err)
	}
	_, after := get(t, base+"/metrics")
	for _, name := range []string{"newsbot_updates_handled_total", "newsbot_visits_total"} {
		if got, want := metric(t, after, name), metric(t, before, name)+1; got != want {
			t.Errorf("%s=%v, want %v", name, got, want)
		}
	}
	if metric(t, after, "newsbot_queue_depth") != 0 {
		t.Errorf("queue depth is not 0 with no push")
	}
}
