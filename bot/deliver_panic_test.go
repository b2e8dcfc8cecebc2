package bot_test

import (
	"context"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/store"
)

// panickingMigrate is a store whose MigrateChat panics, as any bug on a
// recipient's path might.
type panickingMigrate struct{ *store.DB }

func (panickingMigrate) MigrateChat(context.Context, int64, int64) error {
	panic("bug on the migration path")
}

// counter reads a counter's value with the given loop label from reg.
func counter(t *testing.T, reg *prometheus.Registry, name, loop string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "loop" && l.GetValue() == loop {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}

// Ensure that a panic while delivering to one recipient marks that
// recipient failed, is counted, and neither stops the job nor the worker:
// the other recipients get the notice, and the next job is delivered.
func TestDeliveryPanicFailsOneRecipient(t *testing.T) {
	reg := prometheus.NewRegistry()
	e := newPushEnvWrapped(t, bot.Config{Delivery: fastDelivery(), Metrics: bot.NewMetrics(reg)},
		func(db *store.DB) bot.Store { return panickingMigrate{db} })
	e.subscribe(people(1, 3, "vi")...)
	e.api.Intercept(func(method string, p map[string]string) *telegramtest.Reply {
		if isSend(method) && p["chat_id"] == "2" {
			return telegramtest.MigrateReply(-1002)
		}
		return nil
	})
	e.run()
	job := e.waitJob(e.publish(news("Hội nghị tổng kết năm 2025", "")).ID)
	if job.Sent != 2 || job.Failed != 1 {
		t.Fatalf("%s, want 2 sent and 1 failed", describeJob(job))
	}
	if got := counter(t, reg, "newsbot_panics_total", "deliver"); got != 1 {
		t.Fatalf("newsbot_panics_total{loop=deliver} = %v, want 1", got)
	}
	next := e.waitJob(e.publish(news("Lễ khai giảng năm học mới", "")).ID)
	if next.Sent != 2 || e.api.DeliveredTo(1) != 2 || e.api.DeliveredTo(3) != 2 {
		t.Fatalf("the next job: %s; chat 1 got %d, chat 3 got %d", describeJob(next), e.api.DeliveredTo(1), e.api.DeliveredTo(3))
	}
}

// panickingLatest is a store whose Latest panics, as a bug behind /latest
// might.
type panickingLatest struct{ *store.DB }

func (panickingLatest) Latest(context.Context, int) ([]content.Article, error) {
	panic("bug behind /latest")
}

// Ensure that a handler's panic is contained and counted, the person is
// told something went wrong, and the bot keeps serving: /help is answered
// after it.
func TestHandlerPanicBotKeepsServing(t *testing.T) {
	reg := prometheus.NewRegistry()
	e := newPushEnvWrapped(t, bot.Config{PollTimeout: time.Second, Metrics: bot.NewMetrics(reg)},
		func(db *store.DB) bot.Store { return panickingLatest{db} })
	startPolling(t, e.bot)
	u := e.api.User(700, "vi")
	chat := e.api.PrivateChat(u)
	e.api.SendText(u, chat, "/latest")
	e.api.SendText(u, chat, "/help")
	e.api.WaitCalls(t, pushWait, func(calls []telegramtest.Call) bool {
		return count(textsSent(calls, chat.ID), "Hướng dẫn") == 1
	})
	if got := counter(t, reg, "newsbot_panics_total", "handler"); got != 1 {
		t.Fatalf("newsbot_panics_total{loop=handler} = %v, want 1", got)
	}
	if n := count(textsSent(e.api.Calls(), chat.ID), "sự cố"); n != 1 {
		t.Errorf("the person was told of the failure %d times, want once:\n%q", n, textsSent(e.api.Calls(), chat.ID))
	}
}
