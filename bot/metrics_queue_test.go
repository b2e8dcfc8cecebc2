package bot_test

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
)

// gauge reads a gauge's value from reg, as a scrape would.
func gauge(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name && len(mf.GetMetric()) == 1 {
			return mf.GetMetric()[0].GetGauge().GetValue()
		}
	}
	t.Fatalf("no gauge %s", name)
	return 0
}

// waitGauge waits until the gauge reads want, polling with a deadline.
func waitGauge(t *testing.T, reg *prometheus.Registry, name string, want float64) {
	t.Helper()
	deadline := time.Now().Add(pushWait)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for gauge(t, reg, name) != want {
		if time.Now().After(deadline) {
			t.Fatalf("%s = %v, want %v", name, gauge(t, reg, name), want)
		}
		<-tick.C
	}
}

// Ensure that the delivery worker keeps the queue depth (recipients of
// open jobs not yet delivered to) in memory as it delivers: it counts a
// new job's recipients, goes down as outcomes are committed, and is 0 once
// the job is done.
func TestQueueDepthKeptByTheWorker(t *testing.T) {
	reg := prometheus.NewRegistry()
	o := fastDelivery()
	o.SendTimeout = pushWait
	e := newPushEnv(t, bot.Config{Delivery: o, Metrics: bot.NewMetrics(reg)})
	e.subscribe(people(1, 3, "vi")...)
	held, release := make(chan struct{}), make(chan struct{})
	released := false
	free := func() {
		if !released {
			released = true
			close(release)
		}
	}
	t.Cleanup(free)
	e.api.Intercept(func(method string, p map[string]string) *telegramtest.Reply {
		if isSend(method) && p["chat_id"] == "2" {
			select {
			case held <- struct{}{}:
			default:
			}
			<-release
		}
		return nil
	})
	if got := gauge(t, reg, "newsbot_queue_depth"); got != 0 {
		t.Fatalf("queue depth %v before any job", got)
	}
	e.run()
	job := e.publish(news("Hội nghị tổng kết năm 2025", ""))
	<-held
	waitGauge(t, reg, "newsbot_queue_depth", 1) // chats 1 and 3 committed, chat 2 held
	free()
	e.waitJob(job.ID)
	waitGauge(t, reg, "newsbot_queue_depth", 0)
}
