package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/content/vi"
)

// bucketAudit holds the audit log: sequence number → JSON AuditEntry.
var bucketAudit = []byte("audit")

// maxAuditDetail caps an entry's detail, in runes; longer ones are cut.
const maxAuditDetail = 512

// AppendAudit adds e to the audit log, stamping its sequence number and, when
// e.At is zero, the store's clock. The time is stored in UTC, whatever zone
// the caller's clock uses (readers show it in Vietnam time). It returns the
// stored entry.
func (db *DB) AppendAudit(ctx context.Context, e content.AuditEntry) (content.AuditEntry, error) {
	if e.At.IsZero() {
		e.At = db.now()
	}
	e.At = e.At.UTC()
	if len(e.Detail) > maxAuditDetail { // bytes ≥ runes: a cheap pre-check
		e.Detail = vi.TruncateRunes(e.Detail, maxAuditDetail)
	}
	err := db.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAudit)
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		e.Seq = seq
		v, err := json.Marshal(e)
		if err != nil {
			return err
		}
		return b.Put(u64(seq), v)
	})
	if err != nil {
		return e, fmt.Errorf("store: append audit %s: %w", e.Action, err)
	}
	return e, nil
}

// Audit returns up to n entries of the audit log, newest first; n <= 0 means
// all of them. Times are in UTC, also those of entries written with another
// zone by an older newsbot.
func (db *DB) Audit(ctx context.Context, n int) ([]content.AuditEntry, error) {
	var out []content.AuditEntry
	err := db.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketAudit).Cursor()
		for k, v := c.Last(); k != nil && (n <= 0 || len(out) < n); k, v = c.Prev() {
			var e content.AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("entry %d: %w", binary.BigEndian.Uint64(k), err)
			}
			e.At = e.At.UTC()
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: audit: %w", err)
	}
	return out, nil
}
