package store_test

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"newsbot/content"
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
