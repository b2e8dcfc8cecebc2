package bot

import (
	"context"
	"errors"
	"testing"
	"time"

	"newsbot/content/contenttest"
)

// laneClock is a pacer under Telegram's limits whose clock the test moves.
type laneClock struct {
	t     *testing.T
	p     *pacer
	clock *contenttest.Clock
}

func newLaneClock(t *testing.T) *laneClock {
	c := &laneClock{t: t, clock: contenttest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))}
	c.p = newPacer(paceLimits{PerSecond: 30, ChatWindow: time.Second, GroupCount: 20, GroupWindow: time.Minute,
		Jitter: 25 * time.Millisecond, MaxFlight: 5 * time.Second})
	c.p.now = c.clock.Now
	return c
}

// try tries turn t at the clock's time; it reports whether t was taken (the
// send answered at once) and how long it must wait if not.
func (c *laneClock) try(t *turn) (bool, time.Duration) {
	c.p.mu.Lock()
	done, wait := c.p.takeLocked(t, c.clock.Now())
	c.p.mu.Unlock()
	if done == nil {
		return false, wait
	}
	done()
	return true, 0
}

// drain takes pushes to new chats from chat on until the global limit
// refuses one, and returns the next chat and how long until the next slot.
func (c *laneClock) drain(chat int64) (int64, time.Duration) {
	for {
		ok, wait := c.try(&turn{chatID: chat, lane: pushLane})
		if !ok {
			return chat, wait
		}
		chat++
	}
}

// slot is the global limit's spacing: (1s + 25ms)/30.
const slot = 1025 * time.Millisecond / 30

// Ensure that a reply waiting while the push keeps every slot busy gets the
// very next slot, that the push yields it, and that the push goes on at
// the slot after.
func TestPacerReplyTakesTheNextSlot(t *testing.T) {
	c := newLaneClock(t)
	chat, wait := c.drain(1)
	if chat != 3 || wait <= 0 || wait > slot {
		t.Fatalf("after %d pushes the next slot is in %v, want 2 pushes (burst) then at most %v", chat-1, wait, slot)
	}
	reply := &turn{chatID: 9001, lane: replyLane}
	c.p.queueReply(reply)
	if ok, w := c.try(reply); ok || w != wait {
		t.Fatalf("reply before the slot: taken %v, wait %v, want to wait %v", ok, w, wait)
	}
	c.clock.Advance(wait)
	if ok, _ := c.try(&turn{chatID: chat, lane: pushLane}); ok {
		t.Fatal("a push took the slot a waiting reply could use")
	}
	if ok, w := c.try(reply); !ok {
		t.Fatalf("reply at the slot refused, wait %v", w)
	}
	c.p.dropReply(reply)
	if ok, w := c.try(&turn{chatID: chat, lane: pushLane}); ok || w <= 0 || w > slot {
		t.Fatalf("push right after the reply: taken %v, wait %v; want the slot after (at most %v)", ok, w, slot)
	}
	c.clock.Advance(slot)
	if ok, w := c.try(&turn{chatID: chat, lane: pushLane}); !ok {
		t.Fatalf("push at the slot after the reply refused, wait %v", w)
	}
}

// Ensure that a reply still held by its own chat's limit (a message to that
// chat just went) holds no push back, and goes once its chat allows.
func TestPacerReplyHeldByItsChatHoldsNobody(t *testing.T) {
	c := newLaneClock(t)
	if ok, _ := c.try(&turn{chatID: 7, lane: pushLane}); !ok {
		t.Fatal("first push refused")
	}
	reply := &turn{chatID: 7, lane: replyLane}
	c.p.queueReply(reply)
	ok, chatWait := c.try(reply)
	if ok || chatWait < time.Second {
		t.Fatalf("a reply 0s after a push to its chat: taken %v, wait %v; want at least 1s", ok, chatWait)
	}
	start := c.clock.Now()
	next := int64(100)
	for range 20 {
		c.clock.Advance(slot)
		if ok, w := c.try(&turn{chatID: next, lane: pushLane}); !ok {
			t.Fatalf("push at +%v refused (wait %v) while the reply waits for its own chat", c.clock.Now().Sub(start), w)
		}
		next++
	}
	c.clock.Set(start.Add(chatWait))
	if ok, _ := c.try(&turn{chatID: next, lane: pushLane}); ok {
		t.Fatal("a push took the slot once the reply's chat allowed it")
	}
	if ok, w := c.try(reply); !ok {
		t.Fatalf("reply refused once its chat allows it, wait %v", w)
	}
}

// Ensure that a pause (a 429's retry_after) holds replies as it holds
// pushes, and that a reply goes first when it ends.
func TestPacerPauseHoldsReplies(t *testing.T) {
	c := newLaneClock(t)
	c.p.Pause(2 * time.Second)
	reply := &turn{chatID: 5, lane: replyLane}
	c.p.queueReply(reply)
	if ok, w := c.try(reply); ok || w != 2*time.Second {
		t.Fatalf("reply during a 2s pause: taken %v, wait %v", ok, w)
	}
	c.clock.Advance(2 * time.Second)
	if ok, _ := c.try(&turn{chatID: 6, lane: pushLane}); ok {
		t.Fatal("a push went before the waiting reply when the pause ended")
	}
	if ok, w := c.try(reply); !ok {
		t.Fatalf("reply refused after the pause, wait %v", w)
	}
}

// Ensure that a reply taking its turn wakes the waiters, and that a reply
// that took its turn or gave up no longer holds pushes back.
func TestPacerReplyWakesAndLeaves(t *testing.T) {
	c := newLaneClock(t)
	c.p.mu.Lock()
	before := c.p.changed
	c.p.mu.Unlock()
	reply := &turn{chatID: 5, lane: replyLane}
	c.p.queueReply(reply)
	select {
	case <-before:
	default:
		t.Fatal("a reply queued without waking the pushes")
	}
	c.p.dropReply(reply) // gave up (its update's deadline passed)
	if ok, w := c.try(&turn{chatID: 6, lane: pushLane}); !ok {
		t.Fatalf("a push refused after the reply gave up, wait %v", w)
	}
}

// Ensure that a turn whose deadline falls within a pause gives up at once
// instead of holding its goroutine until the deadline.
func TestPacerGivesUpWhenAPauseOutlastsTheDeadline(t *testing.T) {
	p := newPacer(paceLimits{PerSecond: 30})
	p.Pause(time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	_, err := p.Wait(ctx, turn{chatID: 5, lane: replyLane})
	if !errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
		t.Fatalf("Wait = %v with the context still live (%v), want a deadline error at once", err, ctx.Err())
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.replies) != 0 {
		t.Fatalf("%d replies still waiting after giving up", len(p.replies))
	}
}
