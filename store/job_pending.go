package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// pendingChunk is how many recipients one entry of a pending set packs.
const pendingChunk = 256

// pendingSet is the set of a job's recipients not yet tried, in the job's
// pending bucket. An entry is either one chat (its 8-byte chat key, empty
// value: what older newsbots wrote) or a chunk of up to about pendingChunk
// chats (keyed by its first chat's key, the value their keys sorted and
// concatenated). Entries never overlap: every chat in an entry sorts before
// the next entry's key. Packing keeps a job for 100 000 chats at 800 KB on
// disk and, more to the point, in the memory of the transaction that
// creates it, which one bbolt key per chat would multiply by ten.
type pendingSet struct{ b *bolt.Bucket }

// fill stores chats, sorted in key order and without duplicates, into an
// empty set.
func (p pendingSet) fill(chats []int64) error {
	p.b.FillPercent = 1 // entries are appended in key order
	for i := 0; i < len(chats); i += pendingChunk {
		part := chats[i:min(i+pendingChunk, len(chats))]
		v := make([]byte, 0, 8*len(part))
		for _, c := range part {
			v = append(v, chatKey(c)...)
		}
		if err := p.b.Put(chatKey(part[0]), v); err != nil {
			return err
		}
	}
	return nil
}

// empty reports whether nothing is pending.
func (p pendingSet) empty() bool {
	k, _ := p.b.Cursor().First()
	return k == nil
}

// entryFor returns the entry that holds key or would: the last one whose key
// is not after it (nil when there is none). The returned slices are bbolt's.
func (p pendingSet) entryFor(key []byte) (k, v []byte) {
	c := p.b.Cursor()
	k, v = c.Seek(key)
	if k != nil && bytes.Equal(k, key) {
		return k, v
	}
	if k == nil {
		return c.Last()
	}
	return c.Prev()
}

// find returns where key is in a chunk's value, and whether it is there.
func find(chunk, key []byte) (int, bool) {
	n := len(chunk) / 8
	lo, hi := 0, n
	for lo < hi {
		m := (lo + hi) / 2
		if bytes.Compare(chunk[8*m:8*m+8], key) < 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < n && bytes.Equal(chunk[8*lo:8*lo+8], key)
}

// has reports whether chatID is pending.
func (p pendingSet) has(chatID int64) bool {
	key := chatKey(chatID)
	k, v := p.entryFor(key)
	if k == nil {
		return false
	}
	if len(v) == 0 {
		return bytes.Equal(k, key)
	}
	_, ok := find(v, key)
	return ok
}

// remove takes chatID out of the set and reports whether it was there.
func (p pendingSet) remove(chatID int64) (bool, error) {
	key := chatKey(chatID)
	k, v := p.entryFor(key)
	if k == nil {
		return false, nil
	}
	if len(v) == 0 {
		if !bytes.Equal(k, key) {
			return false, nil
		}
		return true, p.b.Delete(key)
	}
	i, ok := find(v, key)
	if !ok {
		return false, nil
	}
	rest := make([]byte, 0, len(v)-8)
	rest = append(append(rest, v[:8*i]...), v[8*i+8:]...)
	if i == 0 { // the entry's key changes
		if err := p.b.Delete(clone(k)); err != nil {
			return false, err
		}
		if len(rest) == 0 {
			return true, nil
		}
		return true, p.b.Put(rest[:8], rest)
	}
	return true, p.b.Put(clone(k), rest)
}

// add puts chatID into the set: into the chunk before it when there is one
// (entries must not overlap), else as an entry of its own.
func (p pendingSet) add(chatID int64) error {
	key := chatKey(chatID)
	k, v := p.entryFor(key)
	if k == nil || len(v) == 0 {
		if k != nil && bytes.Equal(k, key) {
			return nil
		}
		return p.b.Put(key, []byte{})
	}
	i, ok := find(v, key)
	if ok {
		return nil
	}
	grown := make([]byte, 0, len(v)+8)
	grown = append(append(append(grown, v[:8*i]...), key...), v[8*i:]...)
	return p.b.Put(clone(k), grown)
}

// each calls fn with the pending chats that come after chat after in key
// order (after 0: all of them), in that order, until fn returns false.
func (p pendingSet) each(after int64, fn func(chatID int64) bool) {
	from := chatKey(after)
	c := p.b.Cursor()
	k, v := c.First()
	if after != 0 {
		if ek, _ := p.entryFor(from); ek != nil {
			k, v = c.Seek(ek)
		}
	}
	for ; k != nil; k, v = c.Next() {
		if len(v) == 0 {
			v = k
		}
		for i := 0; i+8 <= len(v); i += 8 {
			e := v[i : i+8]
			if after != 0 && bytes.Compare(e, from) <= 0 {
				continue
			}
			if !fn(chatFromKey(e)) {
				return
			}
		}
	}
}
