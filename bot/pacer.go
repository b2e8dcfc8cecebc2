package bot

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// pacer keeps the bot's messages to chats under Telegram's flood limits: a
// global rate for all chats together, one message a window per chat, and a few
// messages a window per group. Each limit is a token bucket
// (golang.org/x/time/rate) of burst 1, so messages under one limit are
// evenly spaced and never bunch up after a quiet spell; the spacing of a
// limit of n messages per window w is (w + jitter)/n, so that sends delayed
// by network jitter up to jitter cannot make Telegram count n+1 in any
// window. The global limit also counts the sends of the last second by when
// they really started and were answered (slidingWindow), which absorbs
// goroutines woken late and answers come late; its bucket then has burst 2,
// so that a late send is made up for and the rate holds on a busy machine.
//
// Every message the bot sends to a chat takes its turn here, in one of two
// lanes: the delivery worker's pushes (pushLane) and the messages to people
// outside it — replies, edits of the bot's messages, notices to admins
// (replyLane). A reply takes the first slot free under every limit: while
// a reply waits and its own chat's limits let it go, no push takes a slot,
// so a reply waits at most for the next slot and the push yields the slots
// replies use. A reply that must still wait for its own chat (a message to
// that chat was just sent) holds nobody back.
//
// A 429 answer pauses the whole pacer (Pause): nobody sends until the wait
// Telegram asked for is over.
//
// A pacer is safe for concurrent use. Sends to one chat must not be made
// concurrently (the delivery worker hands each recipient to one goroutine),
// or the per-chat spacing is only approximate.
type pacer struct {
	// now is the clock; time.Now but in tests.
	now func() time.Time
	// global is nil when the global rate is off.
	global *rate.Limiter
	// recent counts the sends of the last second (and jitter) by when they
	// really started; nil when the global rate is off or very high.
	recent *slidingWindow
	// chatEvery and groupEvery space the messages to one chat and to one
	// group; 0 turns the limit off.
	chatEvery, groupEvery time.Duration

	mu          sync.Mutex
	pausedUntil time.Time
	chats       map[int64]*chatPace
	// sweepAt is when idle chats are next dropped from chats.
	sweepAt time.Time
	// changed is closed and replaced when a send is answered, or a reply
	// starts waiting or takes its turn, to wake the waiters to look again.
	changed chan struct{}
	// replies are the turns of the reply lane now waiting.
	replies map[*turn]struct{}
	// pauses counts the pauses, for logs and tests.
	pauses int
}

// lane is how urgent a send is: a reply goes before a push.
type lane int

const (
	// pushLane is the delivery worker's: it takes only the slots no
	// waiting reply can use.
	pushLane lane = iota
	// replyLane is for messages to people outside the delivery worker.
	replyLane
)

// turn is one send waiting for the pacer.
type turn struct {
	chatID int64
	// group is set for a group chat (its own per-window count applies).
	group bool
	lane  lane
}

// chatPace holds one chat's limiters.
type chatPace struct {
	chat  *rate.Limiter
	group *rate.Limiter // nil for private chats
}

// paceLimits are a pacer's limits. A zero count or window turns that limit
// off.
type paceLimits struct {
	// PerSecond is the global limit, in messages per second.
	PerSecond float64
	// ChatWindow allows one message per chat per window.
	ChatWindow time.Duration
	// GroupCount messages are allowed per group per GroupWindow.
	GroupCount  int
	GroupWindow time.Duration
	// Jitter is added to every window.
	Jitter time.Duration
	// MaxFlight is how long the sliding window waits for a send's answer
	// (default 30s).
	MaxFlight time.Duration
}

// newPacer returns a pacer enforcing l.
func newPacer(l paceLimits) *pacer {
	p := &pacer{now: time.Now, chats: make(map[int64]*chatPace),
		changed: make(chan struct{}), replies: make(map[*turn]struct{})}
	if l.MaxFlight <= 0 {
		l.MaxFlight = 30 * time.Second
	}
	if l.PerSecond > 0 {
		p.recent = newSlidingWindow(int(l.PerSecond), l.Jitter, l.MaxFlight)
		// With the window counting the sends that really started, the
		// bucket may hold a second token: a send held up (by the window,
		// or a goroutine woken late) is made up for by the next one going
		// at once, instead of every later send slipping too.
		burst := 1
		if p.recent != nil {
			burst = 2
		}
		p.global = rate.NewLimiter(rate.Every(spacing(time.Second, l.Jitter, l.PerSecond)), burst)
	}
	if l.ChatWindow > 0 {
		p.chatEvery = spacing(l.ChatWindow, l.Jitter, 1)
	}
	if l.GroupCount > 0 && l.GroupWindow > 0 {
		p.groupEvery = spacing(l.GroupWindow, l.Jitter, float64(l.GroupCount))
	}
	return p
}

// spacing returns the interval between n-per-window events with jitter
// added to the window.
func spacing(window, jitter time.Duration, n float64) time.Duration {
	return max(time.Duration(float64(window+jitter)/n), 1)
}

// Pause stops every send for d from now (a 429's retry_after). Pauses do not
// shorten each other.
func (p *pacer) Pause(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if until := p.now().Add(d); until.After(p.pausedUntil) {
		p.pausedUntil = until
		p.pauses++
	}
}

// Wait blocks until a message may be sent to t's chat under every limit,
// and takes its turn: the caller must send at once, and call done when the
// answer came (or the request failed). A turn of the reply lane goes before
// every push (see pacer). It returns ctx's error when ctx ends first, and
// one wrapping context.DeadlineExceeded at once when a pause lasts beyond
// ctx's deadline.
func (p *pacer) Wait(ctx context.Context, t turn) (done func(), err error) {
	if t.lane == replyLane {
		p.queueReply(&t)
		defer p.dropReply(&t)
	}
	deadline, hasDeadline := ctx.Deadline()
	for {
		p.mu.Lock()
		done, d := p.takeLocked(&t, p.now())
		changed, pausedUntil := p.changed, p.pausedUntil
		p.mu.Unlock()
		if done != nil {
			return done, nil
		}
		if hasDeadline && pausedUntil.After(deadline) {
			return nil, fmt.Errorf("sends paused until after the deadline: %w", context.DeadlineExceeded)
		}
		if !sleepOrChange(ctx, d, changed) {
			return nil, ctx.Err()
		}
	}
}

// queueReply records that reply t waits for its turn, and wakes the pushes
// waiting so that they leave it the next slot.
func (p *pacer) queueReply(t *turn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.replies[t] = struct{}{}
	p.wakeLocked()
}

// dropReply forgets reply t (it took its turn, or gave up).
func (p *pacer) dropReply(t *turn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.replies, t)
}

// sleepOrChange waits d, or until changed is closed; it reports false when
// ctx ended first.
func sleepOrChange(ctx context.Context, d time.Duration, changed <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
	case <-changed:
	}
	return true
}

// wakeLocked wakes every waiter to look again. The caller holds p.mu.
func (p *pacer) wakeLocked() {
	close(p.changed)
	p.changed = make(chan struct{})
}

// idleWait is how long a waiter that has nothing to wait for but a change
// (a reply about to take the slot) sleeps before looking again anyway.
const idleWait = 50 * time.Millisecond

// takeLocked takes t's turn at now and returns the function that records
// its answer, unless a pause, the global limit, the sliding window, the
// chat's limits or a waiting reply forbid it now: then it returns how long
// to wait before trying again (sooner if woken). All limits are taken
// together or none. The caller holds p.mu.
func (p *pacer) takeLocked(t *turn, now time.Time) (done func(), wait time.Duration) {
	if now.Before(p.pausedUntil) {
		return nil, p.pausedUntil.Sub(now)
	}
	d := max(delayOf(p.global, now), p.recent.delay(now), p.chatDelayLocked(t.chatID, now))
	if d > 0 {
		return nil, d
	}
	if t.lane == pushLane && p.replyReadyLocked(now) {
		return nil, idleWait
	}
	if p.global != nil {
		p.global.AllowN(now, 1)
	}
	p.takeChatLocked(t.chatID, t.group, now)
	if t.lane == replyLane {
		// The pushes that left it the slot look again.
		delete(p.replies, t)
		p.wakeLocked()
	}
	if p.recent == nil {
		return func() {}, 0
	}
	slot := p.recent.add(now)
	return func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.recent.done(slot, now, p.now())
		p.wakeLocked()
	}, 0
}

// chatDelayLocked returns how long chatID's own limits hold a send at now.
// The caller holds p.mu.
func (p *pacer) chatDelayLocked(chatID int64, now time.Time) time.Duration {
	c := p.chats[chatID]
	if c == nil {
		return 0
	}
	return max(delayOf(c.chat, now), delayOf(c.group, now))
}

// replyReadyLocked reports whether a waiting reply's own chat lets it go at
// now: then the slot is the reply's. The caller holds p.mu.
func (p *pacer) replyReadyLocked(now time.Time) bool {
	for t := range p.replies {
		if p.chatDelayLocked(t.chatID, now) == 0 {
			return true
		}
	}
	return false
}

// delayOf returns how long until lim has a whole token; nil has no limit.
func delayOf(lim *rate.Limiter, now time.Time) time.Duration {
	if lim == nil {
		return 0
	}
	tokens := lim.TokensAt(now)
	if tokens >= 1 {
		return 0
	}
	// Rounded up, so that waiting the delay always suffices.
	return max(time.Duration(math.Ceil((1-tokens)/float64(lim.Limit())*float64(time.Second))), 1)
}

// takeChatLocked takes a turn of chatID's limiters at now, all or none. The
// caller holds p.mu.
func (p *pacer) takeChatLocked(chatID int64, group bool, now time.Time) bool {
	p.sweepLocked(now)
	c := p.chats[chatID]
	if c == nil {
		c = &chatPace{}
		if p.chatEvery > 0 {
			c.chat = rate.NewLimiter(rate.Every(p.chatEvery), 1)
		}
		if group && p.groupEvery > 0 {
			c.group = rate.NewLimiter(rate.Every(p.groupEvery), 1)
		}
		if c.chat == nil && c.group == nil {
			return true // no per-chat limits: nothing to remember
		}
		p.chats[chatID] = c
	}
	if group && c.group == nil && p.groupEvery > 0 {
		c.group = rate.NewLimiter(rate.Every(p.groupEvery), 1)
	}
	if delayOf(c.chat, now) > 0 || delayOf(c.group, now) > 0 {
		return false
	}
	for _, lim := range []*rate.Limiter{c.chat, c.group} {
		if lim != nil {
			lim.AllowN(now, 1)
		}
	}
	return true
}

// sweepLocked drops, every few seconds, the chats whose limiters are full
// again: they hold no state worth keeping, and a job for 100 000 chats must
// not keep 100 000 limiters. The caller holds p.mu.
func (p *pacer) sweepLocked(now time.Time) {
	if now.Before(p.sweepAt) {
		return
	}
	p.sweepAt = now.Add(max(p.chatEvery, p.groupEvery, time.Second))
	for id, c := range p.chats {
		if delayOf(c.chat, now) == 0 && delayOf(c.group, now) == 0 {
			delete(p.chats, id)
		}
	}
}
