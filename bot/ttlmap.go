package bot

import (
	"sync"
	"time"
)

// ttlMap is a bounded map whose entries expire: each is kept for ttl after
// the time it was put at, and at most limit are kept, the oldest forgotten
// first when another is put. An expired entry is never returned, and is
// removed by the next put. A zero ttl means draftTTL and a zero limit
// maxDrafts, so the zero value is ready for the bot's previews and drafts.
// Safe for concurrent use.
type ttlMap[K comparable, V any] struct {
	ttl   time.Duration
	limit int

	mu sync.Mutex
	m  map[K]ttlEntry[V]
}

// ttlEntry is one value of a ttlMap and when it was put.
type ttlEntry[V any] struct {
	v    V
	made time.Time
}

// bounds returns the map's ttl and limit, with their defaults.
func (t *ttlMap[K, V]) bounds() (time.Duration, int) {
	ttl, limit := t.ttl, t.limit
	if ttl <= 0 {
		ttl = draftTTL
	}
	if limit <= 0 {
		limit = maxDrafts
	}
	return ttl, limit
}

// put keeps v under k, made at made, replacing any value there.
func (t *ttlMap[K, V]) put(k K, v V, made time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.putLocked(k, v, made)
}

// putNew keeps v under k, made at made, and reports true, unless k holds a
// value not expired at made (then it changes nothing and reports false).
func (t *ttlMap[K, V]) putNew(k K, v V, made time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.getLocked(k, made); ok {
		return false
	}
	t.putLocked(k, v, made)
	return true
}

// putLocked is put; the caller holds t.mu.
func (t *ttlMap[K, V]) putLocked(k K, v V, made time.Time) {
	if t.m == nil {
		t.m = map[K]ttlEntry[V]{}
	}
	delete(t.m, k) // a replaced value does not count against the limit
	t.makeRoomLocked(made)
	t.m[k] = ttlEntry[V]{v: v, made: made}
}

// get returns the value under k, if there is one not expired at now.
func (t *ttlMap[K, V]) get(k K, now time.Time) (V, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.getLocked(k, now)
}

// getLocked is get; the caller holds t.mu.
func (t *ttlMap[K, V]) getLocked(k K, now time.Time) (V, bool) {
	ttl, _ := t.bounds()
	e, ok := t.m[k]
	if !ok || now.Sub(e.made) > ttl {
		var zero V
		return zero, false
	}
	return e.v, true
}

// take removes the value under k and returns it, if it was not expired at
// now.
func (t *ttlMap[K, V]) take(k K, now time.Time) (V, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.getLocked(k, now)
	delete(t.m, k)
	return v, ok
}

// update replaces the value under k, if there is one not expired at now,
// by f of it, keeping when it was made, and returns the value it had. The
// read and the write are one step: no other call sees the value between.
func (t *ttlMap[K, V]) update(k K, now time.Time, f func(V) V) (V, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.getLocked(k, now)
	if ok {
		t.m[k] = ttlEntry[V]{v: f(v), made: t.m[k].made}
	}
	return v, ok
}

// drop removes the value under k, if any.
func (t *ttlMap[K, V]) drop(k K) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.m, k)
}

// size returns how many values are kept, expired ones included.
func (t *ttlMap[K, V]) size() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.m)
}

// makeRoomLocked readies the map for one more entry made at now: it drops
// the entries expired at now, then the oldest ones until fewer than the
// limit remain. The caller holds t.mu.
func (t *ttlMap[K, V]) makeRoomLocked(now time.Time) {
	ttl, limit := t.bounds()
	for k, e := range t.m {
		if now.Sub(e.made) > ttl {
			delete(t.m, k)
		}
	}
	for len(t.m) >= limit {
		var oldest K
		first := true
		for k, e := range t.m {
			if first || e.made.Before(t.m[oldest].made) {
				oldest, first = k, false
			}
		}
		delete(t.m, oldest)
	}
}

// msgKey is the key of a message: its chat and its ID.
func msgKey(chat int64, msg int) [2]int64 { return [2]int64{chat, int64(msg)} }
