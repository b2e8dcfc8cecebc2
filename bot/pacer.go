package bot

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// pacer keeps the delivery worker under Telegram's flood limits: a global
// rate for all chats together, one message a window per chat, and a few
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
// A 429 answer pauses the whole pacer (Pause): nobody sends until the wait
// Telegram asked for is over.
//
// A pacer is safe for concurrent use. Sends to one chat must not be made
// concurrently (the delivery worker hands each recipient to one goroutine),
// or the per-chat spacing is only approximate.
type pacer struct {
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
	// answered is closed and replaced when a send is done, to wake those
	// waiting for the sliding window.
	answered chan struct{}
	// pauses counts the pauses, for logs and tests.
	pauses int
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
	p := &pacer{global: rate.NewLimiter(rate.Inf, 1), chats: make(map[int64]*chatPace), answered: make(chan struct{})}
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
	if until := time.Now().Add(d); until.After(p.pausedUntil) {
		p.pausedUntil = until
		p.pauses++
	}
}

// Pauses returns how many times Pause extended the pause.
func (p *pacer) Pauses() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pauses
}

// Wait blocks until a message may be sent to chatID (a group when group is
// set) under every limit, and takes its turn: the caller must send at once,
// and call done when the answer came (or the request failed). It returns
// ctx's error when ctx ends first.
func (p *pacer) Wait(ctx context.Context, chatID int64, group bool) (done func(), err error) {
	for {
		if err := p.waitPause(ctx); err != nil {
			return nil, err
		}
		if d := p.delay(chatID, time.Now()); d > 0 {
			if !p.sleep(ctx, d) {
				return nil, ctx.Err()
			}
			continue
		}
		if err := p.global.Wait(ctx); err != nil {
			return nil, err
		}
		// The global turn is ours. It may have come before the sliding
		// window allows a send (it counts sends by when they really started
		// and were answered): wait for the window while keeping the turn,
		// rather than go to the back of the queue. A pause begun meanwhile
		// drops the turn.
		for {
			done, d := p.take(chatID, group, time.Now())
			if done != nil {
				return done, nil
			}
			if d <= 0 {
				break // paused
			}
			if !p.sleep(ctx, d) {
				return nil, ctx.Err()
			}
		}
	}
}

// sleep waits d, or until a send is answered; it reports false when ctx
// ended first.
func (p *pacer) sleep(ctx context.Context, d time.Duration) bool {
	p.mu.Lock()
	answered := p.answered
	p.mu.Unlock()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
	case <-answered:
	}
	return true
}

// waitPause waits until no pause is in force.
func (p *pacer) waitPause(ctx context.Context) error {
	for {
		p.mu.Lock()
		d := time.Until(p.pausedUntil)
		p.mu.Unlock()
		if d <= 0 {
			return nil
		}
		if !waitCtx(ctx, d) {
			return ctx.Err()
		}
	}
}

// delay returns how long a send to chatID must wait for the sliding window
// and the chat's own limits.
func (p *pacer) delay(chatID int64, now time.Time) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	d := p.recent.delay(now)
	if c := p.chats[chatID]; c != nil {
		d = max(d, delayOf(c.chat, now), delayOf(c.group, now))
	}
	return d
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
	return time.Duration((1 - tokens) / float64(lim.Limit()) * float64(time.Second))
}

// take records a send to chatID starting at now and returns the function
// that records its answer, unless a pause, the sliding window or the chat's
// limits forbid it now: then it returns how long the window and the chat
// need, or 0 when paused.
func (p *pacer) take(chatID int64, group bool, now time.Time) (done func(), wait time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if now.Before(p.pausedUntil) {
		return nil, 0
	}
	if d := p.recent.delay(now); d > 0 {
		return nil, d
	}
	if !p.takeChatLocked(chatID, group, now) {
		c := p.chats[chatID]
		return nil, max(delayOf(c.chat, now), delayOf(c.group, now), time.Millisecond)
	}
	if p.recent == nil {
		return func() {}, 0
	}
	slot := p.recent.add(now)
	return func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.recent.done(slot, now, time.Now())
		close(p.answered)
		p.answered = make(chan struct{})
	}, 0
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
