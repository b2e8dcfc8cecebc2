package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// bucketUnits maps a unit's slug to its JSON content.Unit. Which units a
// person belongs to is in their subscriber record (Units).
var bucketUnits = []byte("units")

// PutUnit creates unit u or renames it. It fails with an error wrapping
// content.ErrBadUnit when u does not pass Check, or when it would be unit
// number content.MaxUnits+1.
func (db *DB) PutUnit(ctx context.Context, u content.Unit) error {
	if err := u.Check(); err != nil {
		return fmt.Errorf("store: put unit: %w", err)
	}
	err := db.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketUnits)
		if b.Get([]byte(u.Slug)) == nil && b.Stats().KeyN >= content.MaxUnits {
			return fmt.Errorf("%w: at most %d units", content.ErrBadUnit, content.MaxUnits)
		}
		v, err := json.Marshal(u)
		if err != nil {
			return err
		}
		return b.Put([]byte(u.Slug), v)
	})
	if err != nil {
		return fmt.Errorf("store: put unit %s: %w", u.Slug, err)
	}
	return nil
}

// DeleteUnit deletes the unit with this slug; people's membership of it is
// ignored from then on. An unknown slug is an error wrapping ErrNotFound.
func (db *DB) DeleteUnit(ctx context.Context, slug string) error {
	err := db.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketUnits)
		if b.Get([]byte(slug)) == nil {
			return ErrNotFound
		}
		return b.Delete([]byte(slug))
	})
	if err != nil {
		return fmt.Errorf("store: delete unit %s: %w", slug, err)
	}
	return nil
}

// Units returns every unit, by slug.
func (db *DB) Units(ctx context.Context) ([]content.Unit, error) {
	var out []content.Unit
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		out, err = allUnits(tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: units: %w", err)
	}
	return out, nil
}

func allUnits(tx *bolt.Tx) ([]content.Unit, error) {
	var out []content.Unit
	err := tx.Bucket(bucketUnits).ForEach(func(k, v []byte) error {
		var u content.Unit
		if err := json.Unmarshal(v, &u); err != nil {
			return fmt.Errorf("unit %s: %w", k, err)
		}
		out = append(out, u)
		return nil
	})
	return out, err
}

// UnitRecipients lists the active subscribers who belong to at least one
// of the units slugs, for a broadcast to those units.
func (db *DB) UnitRecipients(ctx context.Context, slugs []string) ([]int64, error) {
	var ids []int64
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		ids, err = unitMembers(tx, slugs)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: recipients of units %v: %w", slugs, err)
	}
	return ids, nil
}

// unitMembers lists the active subscribers who belong to at least one of
// the units slugs.
func unitMembers(tx *bolt.Tx, slugs []string) ([]int64, error) {
	var ids []int64
	err := eachActive(tx, func(s content.Subscriber) {
		if slices.ContainsFunc(s.Units, func(u string) bool { return slices.Contains(slugs, u) }) {
			ids = append(ids, s.ChatID)
		}
	})
	return ids, err
}

// AssignUnits puts the person or group chatID in the units slugs (assign)
// or takes it out of them (!assign), in one transaction, and returns its
// record as it is now; units that no longer exist are forgotten on the
// way. A slug that is not a unit is an error wrapping
// content.ErrUnknownUnit, a chat without a record one wrapping ErrNotFound;
// in both cases nothing changes.
func (db *DB) AssignUnits(ctx context.Context, chatID int64, slugs []string, assign bool) (content.Subscriber, error) {
	var s content.Subscriber
	err := db.update(ctx, func(tx *bolt.Tx) error {
		if err := checkUnits(tx, slugs); err != nil {
			return err
		}
		var err error
		if s, err = getSubscriber(tx, chatID); err != nil {
			return err
		}
		units := tx.Bucket(bucketUnits)
		kept := slices.DeleteFunc(slices.Clone(s.Units), func(u string) bool {
			return units.Get([]byte(u)) == nil || (!assign && slices.Contains(slugs, u))
		})
		for _, u := range slugs {
			if assign && !slices.Contains(kept, u) {
				kept = append(kept, u)
			}
		}
		s.Units = kept
		return putSubscriber(tx, s)
	})
	if err != nil {
		return content.Subscriber{}, fmt.Errorf("store: assign units of chat %d: %w", chatID, err)
	}
	return s, nil
}

// checkUnits returns an error wrapping content.ErrUnknownUnit, naming the
// first of slugs that is not a unit.
func checkUnits(tx *bolt.Tx, slugs []string) error {
	b := tx.Bucket(bucketUnits)
	for _, s := range slugs {
		if b.Get([]byte(s)) == nil {
			return fmt.Errorf("%w: %q", content.ErrUnknownUnit, s)
		}
	}
	return nil
}

// UnitCounts returns, for every unit, how many active subscribers belong to
// it, and how many active subscribers belong to none.
func (db *DB) UnitCounts(ctx context.Context) (counts []content.UnitCount, none int, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		units, err := allUnits(tx)
		if err != nil {
			return err
		}
		at := map[string]int{}
		for i, u := range units {
			at[u.Slug] = i
			counts = append(counts, content.UnitCount{Unit: u})
		}
		return eachActive(tx, func(s content.Subscriber) {
			in := false
			for _, slug := range s.Units {
				if i, ok := at[slug]; ok {
					counts[i].People++
					in = true
				}
			}
			if !in {
				none++
			}
		})
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: unit counts: %w", err)
	}
	return counts, none, nil
}

// eachActive calls fn with every active subscriber.
func eachActive(tx *bolt.Tx, fn func(content.Subscriber)) error {
	return eachSubscriber(tx, func(s content.Subscriber) error {
		if s.Active() {
			fn(s)
		}
		return nil
	})
}
