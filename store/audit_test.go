package store_test

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/store"
)

func TestAuditNewestFirstWithSequence(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	for i, a := range []string{content.AuditAdminAdd, content.AuditBroadcast, content.AuditJobCancel} {
		e, err := db.AppendAudit(ctx, content.AuditEntry{UserID: 7, Action: a, Detail: strings.Repeat("ồ", 1000)})
		if err != nil {
			t.Fatal(err)
		}
		if e.Seq != uint64(i+1) || e.At.IsZero() {
			t.Fatalf("entry %d stored as %+v", i, e)
		}
		if n := utf8.RuneCountInString(e.Detail); n != 512 || !utf8.ValidString(e.Detail) {
			t.Fatalf("detail kept %d runes (valid %v), want 512", n, utf8.ValidString(e.Detail))
		}
	}
	got, err := db.Audit(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Action != content.AuditJobCancel || got[1].Action != content.AuditBroadcast {
		t.Fatalf("Audit(2) = %+v", got)
	}
	all, err := db.Audit(ctx, 0)
	if err != nil || len(all) != 3 {
		t.Fatalf("Audit(0) = %d entries, %v", len(all), err)
	}
}

// Ensure that audit times are stored and returned in UTC whatever zone the
// clock or the caller uses (`newsbot audit --json` promises UTC), at the
// same instant, and that an entry an older newsbot stored with another zone
// comes back in UTC too.
func TestAuditTimesInUTC(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "newsbot.db")
	pacific := time.FixedZone("PST", -8*3600)
	clock := time.Date(2026, 11, 26, 15, 49, 52, 0, pacific) // 23:49:52Z
	db, err := store.Open(path, store.Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	stamped, err := db.AppendAudit(ctx, content.AuditEntry{Action: content.AuditAdminAdd, Detail: "1"})
	if err != nil {
		t.Fatal(err)
	}
	given := time.Date(2026, 11, 27, 6, 50, 0, 0, content.VietnamZone())
	if _, err := db.AppendAudit(ctx, content.AuditEntry{At: given, Action: content.AuditAdminAdd, Detail: "2"}); err != nil {
		t.Fatal(err)
	}
	if stamped.At.Location() != time.UTC || !stamped.At.Equal(clock) {
		t.Errorf("AppendAudit returned %v, want %v in UTC", stamped.At, clock)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// What is on disk, and an entry written by an older newsbot in
	// Vietnam time.
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	var stored []string
	err = b.Update(func(tx *bolt.Tx) error {
		bk := tx.Bucket([]byte("audit"))
		if err := bk.ForEach(func(_, v []byte) error {
			var raw struct {
				At string `json:"at"`
			}
			if err := json.Unmarshal(v, &raw); err != nil {
				return err
			}
			stored = append(stored, raw.At)
			return nil
		}); err != nil {
			return err
		}
		seq, err := bk.NextSequence()
		if err != nil {
			return err
		}
		return bk.Put(binary.BigEndian.AppendUint64(nil, seq),
			fmt.Appendf(nil, `{"seq":%d,"at":"2026-11-27T07:00:00+07:00","action":"admin.add","detail":"3"}`, seq))
	})
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"2026-11-26T23:49:52Z", "2026-11-26T23:50:00Z"}; !slices.Equal(stored, want) {
		t.Errorf("stored times %q, want %q", stored, want)
	}

	db, err = store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.Audit(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Time{time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), given, clock}
	if len(got) != len(want) {
		t.Fatalf("Audit returned %d entries, want %d", len(got), len(want))
	}
	for i, e := range got {
		if e.At.Location() != time.UTC || !e.At.Equal(want[i]) {
			t.Errorf("entry %s: at %v, want %v in UTC", e.Detail, e.At, want[i])
		}
	}
}
