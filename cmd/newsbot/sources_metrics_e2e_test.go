package main

import (
	"fmt"
	"net"
	"regexp"
	"strconv"
	"testing"
)

// fetchCount reads newsbot_source_fetches_total for outcome from a
// Prometheus text exposition: 0 before the first fetch of that outcome.
func fetchCount(t *testing.T, body, outcome string) float64 {
	t.Helper()
	name := `newsbot_source_fetches_total{outcome="` + outcome + `"}`
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + ` (\S+)$`).FindStringSubmatch(body)
	if m == nil {
		return 0
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Ensure that `newsbot run --sources --http` counts each poll of a source
// in newsbot_source_fetches_total by outcome: a feed that answers is "ok",
// one that answers 500 is "failed".
func TestEndToEndSourcePollsAreCounted(t *testing.T) {
	h := newHarness(t)
	h.createDB()
	p := newPortal(t)
	file := writeSources(t, h.dir, fmt.Sprintf(`
[[source]]
name = "portal"
url = "%s/rss"
kind = "rss"
interval = "100ms"
`, p.srv.URL))
	h.httpAddr = make(chan net.Addr, 1)
	stop := h.start("--sources", file, "--http", "127.0.0.1:0")
	defer stop()
	base := "http://" + (<-h.httpAddr).String()

	// A source's polls run one after the other, each counted before the
	// next starts: once the second is logged, the first is counted.
	h.logs.waitCount(t, `msg="source polled"`, 2)
	_, body := get(t, base+"/metrics")
	if ok, failed := fetchCount(t, body, "ok"), fetchCount(t, body, "failed"); ok < 1 || failed != 0 {
		t.Fatalf("after two good polls: ok=%v failed=%v, want ok ≥ 1 and failed 0", ok, failed)
	}
	p.setStatus(500)
	h.logs.waitCount(t, `msg="source poll failed"`, 2)
	_, body = get(t, base+"/metrics")
	if failed := fetchCount(t, body, "failed"); failed < 1 {
		t.Fatalf("after two failed polls: failed=%v, want ≥ 1\n%s", failed, body)
	}
}
