package store

import (
	"cmp"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// withPending runs fn on a fresh pending set inside one write transaction.
func withPending(t *testing.T, fn func(p pendingSet)) {
	t.Helper()
	b, err := bolt.Open(filepath.Join(t.TempDir(), "p.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.Update(func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucket([]byte("pending"))
		if err != nil {
			return err
		}
		fn(pendingSet{bk})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// members lists the set through each, checking the order.
func members(t *testing.T, p pendingSet, after int64) []int64 {
	t.Helper()
	var out []int64
	p.each(after, func(c int64) bool { out = append(out, c); return true })
	if !slices.IsSortedFunc(out, func(a, b int64) int { return cmp.Compare(uint64(a), uint64(b)) }) {
		t.Fatalf("each(%d) out of key order: %v", after, out)
	}
	return out
}

// Ensure that the packed set behaves as a set of chats in key order under
// random adds and removes, packed by fill or written as older newsbots did,
// one key per chat.
func TestPendingSetMatchesModel(t *testing.T) {
	for _, packed := range []bool{true, false} {
		testPendingSet(t, packed)
	}
}

func testPendingSet(t *testing.T, packed bool) {
	rng := rand.New(rand.NewPCG(1, 2))
	withPending(t, func(p pendingSet) {
		model := map[int64]bool{}
		var chats []int64
		for len(chats) < 2000 {
			c := rng.Int64N(20000) - 5000
			if c != 0 && !model[c] {
				model[c] = true
				chats = append(chats, c)
			}
		}
		slices.SortFunc(chats, func(a, b int64) int { return cmp.Compare(uint64(a), uint64(b)) })
		if packed {
			if err := p.fill(chats); err != nil {
				t.Fatal(err)
			}
		} else {
			for _, c := range chats {
				if err := p.b.Put(chatKey(c), nil); err != nil {
					t.Fatal(err)
				}
			}
		}
		for range 3000 {
			c := rng.Int64N(21000) - 5500
			if c == 0 {
				continue
			}
			if rng.IntN(2) == 0 {
				was, err := p.remove(c)
				if err != nil || was != model[c] {
					t.Fatalf("remove(%d) = %v, %v; model says %v", c, was, err, model[c])
				}
				delete(model, c)
			} else {
				if err := p.add(c); err != nil {
					t.Fatal(err)
				}
				model[c] = true
			}
			if p.has(c) != model[c] {
				t.Fatalf("has(%d) = %v after the change, want %v", c, p.has(c), model[c])
			}
		}
		got := members(t, p, 0)
		if len(got) != len(model) {
			t.Fatalf("%d members, model has %d", len(got), len(model))
		}
		for _, c := range got {
			if !model[c] {
				t.Fatalf("%d listed, not in the model", c)
			}
		}
		for range 50 {
			after := got[rng.IntN(len(got))]
			rest := members(t, p, after)
			i := slices.Index(got, after)
			if !slices.Equal(rest, got[i+1:]) {
				t.Fatalf("each(%d) = %d chats, want the %d after it", after, len(rest), len(got)-i-1)
			}
		}
		for _, c := range got {
			if _, err := p.remove(c); err != nil {
				t.Fatal(err)
			}
		}
		if !p.empty() {
			t.Fatalf("not empty after removing every member: %v", members(t, p, 0))
		}
	})
}

// Ensure that a chat not present is neither found nor removed, and that
// each stops when told.
func TestPendingSetEdges(t *testing.T) {
	withPending(t, func(p pendingSet) {
		if p.has(5) || !p.empty() {
			t.Fatal("an empty set has members")
		}
		if was, err := p.remove(5); was || err != nil {
			t.Fatalf("remove from empty = %v, %v", was, err)
		}
		if err := p.fill([]int64{2, 4, 6, -8}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []int64{1, 3, 7, -9} {
			if p.has(c) {
				t.Fatalf("has(%d)", c)
			}
		}
		n := 0
		p.each(0, func(int64) bool { n++; return n < 2 })
		if n != 2 {
			t.Fatalf("each went on after false: %d calls", n)
		}
		if err := p.add(1); err != nil {
			t.Fatal(err)
		}
		if got := members(t, p, 0); !slices.Equal(got, []int64{1, 2, 4, 6, -8}) {
			t.Fatalf("members %v", got)
		}
		if got := members(t, p, -8); len(got) != 0 {
			t.Fatalf("after the last: %v", got)
		}
	})
}
