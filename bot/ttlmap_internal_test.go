package bot

import (
	"sync"
	"testing"
	"time"
)

// Ensure that a ttlMap returns only values not older than its ttl, keeps at
// most limit of them (the oldest forgotten first, and any expired), hands
// a taken value once, keeps a value got or updated, and refuses putNew on
// a key in use; and that it is safe for concurrent use (under -race).
func TestTTLMap(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	var m ttlMap[int, string]
	if ttl, limit := m.bounds(); ttl != draftTTL || limit != maxDrafts {
		t.Fatalf("zero value bounds %v, %d; want draftTTL, maxDrafts", ttl, limit)
	}

	m = ttlMap[int, string]{ttl: time.Hour, limit: 3}
	for i := range 5 {
		m.put(i, "v", t0.Add(time.Duration(i)*time.Minute))
	}
	if n := m.size(); n != 3 {
		t.Fatalf("%d values kept, want the limit 3", n)
	}
	if _, ok := m.get(1, t0); ok {
		t.Fatal("a value past the limit was kept")
	}
	m.put(4, "w", t0.Add(5*time.Minute)) // replacing evicts nothing
	if v, ok := m.get(2, t0.Add(5*time.Minute)); !ok || v != "v" {
		t.Fatalf("get(2) = %q %v after replacing 4", v, ok)
	}
	if v, ok := m.get(4, t0.Add(5*time.Minute)); !ok || v != "w" {
		t.Fatalf("get(4) = %q %v, want the replacement", v, ok)
	}
	if _, ok := m.get(2, t0.Add(2*time.Minute+time.Hour+time.Second)); ok {
		t.Fatal("a value older than ttl was returned")
	}

	if m.putNew(3, "x", t0.Add(6*time.Minute)) {
		t.Fatal("putNew replaced a value in use")
	}
	if !m.putNew(3, "x", t0.Add(2*time.Hour)) {
		t.Fatal("putNew refused the key of an expired value")
	}
	if n := m.size(); n != 1 {
		t.Fatalf("%d values kept after ttl, want only the new one", n)
	}

	old, ok := m.update(3, t0.Add(2*time.Hour), func(v string) string { return v + "y" })
	if !ok || old != "x" {
		t.Fatalf("update returned %q %v, want the old value", old, ok)
	}
	if _, ok := m.update(9, t0.Add(2*time.Hour), func(v string) string { return v }); ok {
		t.Fatal("update of a missing key reported a value")
	}
	if v, ok := m.take(3, t0.Add(2*time.Hour)); !ok || v != "xy" {
		t.Fatalf("take = %q %v, want the updated value", v, ok)
	}
	if _, ok := m.take(3, t0.Add(2*time.Hour)); ok {
		t.Fatal("a value was taken twice")
	}
	m.put(5, "z", t0)
	if _, ok := m.take(5, t0.Add(time.Hour+time.Second)); ok {
		t.Fatal("an expired value was taken")
	}
	m.put(6, "z", t0)
	m.drop(6)
	if _, ok := m.get(6, t0); ok {
		t.Fatal("a dropped value was returned")
	}

	var c ttlMap[int, int]
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				k := g*1000 + i
				c.put(k, i, t0)
				c.update(k, t0, func(v int) int { return v + 1 })
				c.get(k, t0)
				c.take(k, t0)
			}
		})
	}
	wg.Wait()
	if n := c.size(); n != 0 {
		t.Fatalf("%d values left, want none", n)
	}
}
