package bot_test

import (
	"context"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsbot/bot"
	"newsbot/bot/telegramtest"
	"newsbot/content"
)

// Ensure that replies and a push share Telegram's budget, replies first:
// against a server enforcing Telegram's limits (30 a second, one a second
// per chat, 20 a minute per group), a push to 2 000 chats while 20 people
// send 2 commands a second between them, through getUpdates and the poll
// loop, gets no 429, every command is answered, the replies' p99 is at
// most 1 s and the push keeps 27 messages a second or more. It takes about
// 75 seconds: run it with NEWSBOT_LONG=1 go test ./bot -run LongRepliesDuringPush -v.
func TestLongRepliesDuringPush(t *testing.T) {
	if os.Getenv("NEWSBOT_LONG") == "" {
		t.Skip("takes ~75s; set NEWSBOT_LONG=1 to run")
	}
	const (
		n        = 2000
		asking   = 20
		every    = 500 * time.Millisecond // 2 commands a second
		pushText = "Thông báo: họp chi bộ lúc 14:00 chiều nay tại hội trường."
	)
	e := newPushEnv(t, bot.Config{SendRate: bot.DefaultSendRate, PollTimeout: time.Second}) // Telegram's limits
	ctx := context.Background()
	for i := range 5 { // for /latest to list; published before anyone subscribed, so pushed to nobody
		if _, err := e.db.PublishArticle(ctx, news(strings.Repeat("Tin huyện ", i+1), "")); err != nil {
			t.Fatal(err)
		}
	}
	subs := people(1, n-150, "vi")
	for i := range 150 {
		subs = append(subs, content.Subscriber{ChatID: -int64(1000 + i), Group: true, Lang: "vi"})
	}
	e.subscribe(subs...)
	e.api.EnforceLimits(telegramtest.TelegramLimits())
	e.run()
	startPolling(t, e.bot)

	job := e.broadcast(pushText, chatIDs(subs))
	type command struct {
		chat int64
		at   time.Time
	}
	var commands []command
	texts := []string{"/latest", "/help", "/latest 3", "/alerts"}
	tick := time.NewTicker(every)
	defer tick.Stop()
	deadline := time.Now().Add(200 * time.Second)
	for i := 0; ; i++ {
		j, err := e.db.Job(ctx, job.ID)
		if err != nil {
			t.Fatal(err)
		}
		if j.Done {
			if j.Sent != n {
				t.Fatalf("%s", describeJob(j))
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("push not done in 200s: %s", describeJob(j))
		}
		// Subscribers too, spread over the list: each gets the push at its
		// own moment of the run, as people who talk to the bot would.
		u := e.api.User(int64(50+90*(i%asking)), "vi")
		commands = append(commands, command{chat: u.ID, at: time.Now()})
		e.api.SendText(u, e.api.PrivateChat(u), texts[i%len(texts)])
		<-tick.C
	}

	// Every command answered: as many replies to each person as commands.
	want := map[int64]int{}
	for _, c := range commands {
		want[c.chat]++
	}
	replies := func() map[int64][]time.Time {
		out := map[int64][]time.Time{}
		for _, c := range e.api.Calls() {
			if c.Method == "sendMessage" && c.Status == 200 && want[parseChat(c)] > 0 && !strings.Contains(c.Params["text"], pushText) {
				out[parseChat(c)] = append(out[parseChat(c)], c.At)
			}
		}
		return out
	}
	var got map[int64][]time.Time
	for answered := time.Now().Add(30 * time.Second); ; {
		got = replies()
		all := true
		for chat, k := range want {
			all = all && len(got[chat]) >= k
		}
		if all {
			break
		}
		if time.Now().After(answered) {
			t.Fatalf("not every command was answered within 30s: want %v, got %d chats answered", want, len(got))
		}
		e.waitDelivered(e.api.DeliveredCount() + 1)
	}

	// Each person's replies, in order, answer their commands in order.
	var lat []time.Duration
	next := map[int64]int{}
	for _, c := range commands {
		at := got[c.chat][next[c.chat]]
		next[c.chat]++
		lat = append(lat, at.Sub(c.at))
	}
	slices.Sort(lat)
	p50, p99 := quantile(lat, 0.50), quantile(lat, 0.99)

	var push, all []time.Time
	for _, c := range e.api.Calls() {
		if c.Method == "sendMessage" && c.Status == 200 {
			all = append(all, c.At)
			if strings.Contains(c.Params["text"], pushText) {
				push = append(push, c.At)
			}
		}
	}
	first, last := push[0], push[len(push)-1]
	rate := float64(len(push)-1) / last.Sub(first).Seconds()
	during := 0
	for _, at := range all {
		if !at.Before(first) && !at.After(last) {
			during++
		}
	}
	t.Logf("all messages during the push: %.2f a second", float64(during-1)/last.Sub(first).Seconds())
	tooMany := e.api.TooManyAnswers()
	t.Logf("push: %d messages at %.2f a second; %d commands from %d people answered: p50 %v, p99 %v, max %v; 429s: %d",
		len(push), rate, len(commands), len(want), p50.Round(time.Millisecond), p99.Round(time.Millisecond),
		lat[len(lat)-1].Round(time.Millisecond), len(tooMany))
	for _, tm := range tooMany {
		t.Logf("429 at %s for chat %d (%s limit)", tm.At.Format("15:04:05.000"), tm.ChatID, tm.Limit)
	}
	if len(tooMany) > 0 {
		t.Errorf("%d answers 429, want none", len(tooMany))
	}
	if p99 > time.Second {
		t.Errorf("replies' p99 %v, want at most 1s", p99)
	}
	if rate < 27 {
		t.Errorf("push at %.2f messages a second, want at least 27", rate)
	}
}

// parseChat returns a call's chat_id, or 0.
func parseChat(c telegramtest.Call) int64 {
	id, _ := strconv.ParseInt(c.Params["chat_id"], 10, 64)
	return id
}

// quantile returns the q-quantile of sorted durations (nearest rank).
func quantile(sorted []time.Duration, q float64) time.Duration {
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(i, 0)]
}
