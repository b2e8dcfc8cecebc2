package bot

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Rate limit defaults: a person may send a burst of 20 commands or presses,
// then one a second; the "too fast" notice is sent at most once a minute;
// up to 10 000 people are remembered at once.
const (
	DefaultRatePerSecond = 1.0
	DefaultRateBurst     = 20
	DefaultRateNotice    = time.Minute
	DefaultRateMaxUsers  = 10_000
)

// RateLimit tunes the per-person limit on updates (commands, messages,
// button presses, inline queries). The zero value gives the defaults above.
type RateLimit struct {
	// PerSecond is the sustained rate allowed to one person.
	PerSecond float64
	// Burst is how many updates a person may send at once.
	Burst int
	// NoticeEvery is the window in which the "too fast" notice is sent at
	// most once to a person.
	NoticeEvery time.Duration
	// MaxUsers bounds how many people's limiters are kept; idle ones are
	// evicted first, then the least recently seen.
	MaxUsers int
	// Off disables the limit (for load tests).
	Off bool
}

func (c RateLimit) withDefaults() RateLimit {
	if c.PerSecond <= 0 {
		c.PerSecond = DefaultRatePerSecond
	}
	if c.Burst <= 0 {
		c.Burst = DefaultRateBurst
	}
	if c.NoticeEvery <= 0 {
		c.NoticeEvery = DefaultRateNotice
	}
	if c.MaxUsers <= 0 {
		c.MaxUsers = DefaultRateMaxUsers
	}
	return c
}

// personLimit is one person's token bucket and when they were last told off.
type personLimit struct {
	lim         *rate.Limiter
	seen        time.Time
	noticed     time.Time
	noticedOnce bool
}

// rateLimiter keeps one token bucket per person in a bounded map. It never
// waits: an update over the limit is refused at once, so one person's flood
// costs the others nothing. Safe for concurrent use.
type rateLimiter struct {
	cfg RateLimit
	// idle is how long a bucket takes to fill up again; a bucket idle that
	// long is the same as a new one and may be evicted.
	idle time.Duration

	mu     sync.Mutex
	people map[int64]*personLimit
}

func newRateLimiter(cfg RateLimit) *rateLimiter {
	cfg = cfg.withDefaults()
	idle := time.Duration(float64(cfg.Burst) / cfg.PerSecond * float64(time.Second))
	return &rateLimiter{cfg: cfg, idle: idle, people: make(map[int64]*personLimit)}
}

// allow reports whether person may be served at now, and, when not, whether
// they should be told so (the first refusal in each notice window).
func (l *rateLimiter) allow(person int64, now time.Time) (ok, notice bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.people[person]
	if p == nil {
		l.makeRoomLocked(now)
		p = &personLimit{lim: rate.NewLimiter(rate.Limit(l.cfg.PerSecond), l.cfg.Burst)}
		l.people[person] = p
	}
	p.seen = now
	if p.lim.AllowN(now, 1) {
		return true, false
	}
	if p.noticedOnce && now.Sub(p.noticed) < l.cfg.NoticeEvery {
		return false, false
	}
	p.noticed, p.noticedOnce = now, true
	return false, true
}

// makeRoomLocked evicts entries when the map is full: every idle one, or
// else the least recently seen. The caller holds l.mu.
func (l *rateLimiter) makeRoomLocked(now time.Time) {
	if len(l.people) < l.cfg.MaxUsers {
		return
	}
	var oldestID int64
	var oldest time.Time
	first := true
	for id, p := range l.people {
		if now.Sub(p.seen) >= l.idle && now.Sub(p.noticed) >= l.cfg.NoticeEvery {
			delete(l.people, id)
			continue
		}
		if first || p.seen.Before(oldest) {
			oldestID, oldest, first = id, p.seen, false
		}
	}
	if len(l.people) >= l.cfg.MaxUsers {
		delete(l.people, oldestID)
	}
}

// size returns how many people are tracked.
func (l *rateLimiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.people)
}
