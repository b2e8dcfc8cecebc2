package main

import (
	"testing"

	"newsbot/content"
)

// Ensure that each recipient state gets its word, in the order /receipts
// uses when several flags are set.
func TestReceiptStatus(t *testing.T) {
	for _, tc := range []struct {
		e    content.ReceiptEntry
		want string
	}{
		{content.ReceiptEntry{Acked: true, Left: true}, "acknowledged"},
		{content.ReceiptEntry{Unreachable: true, Left: true}, "unreachable"},
		{content.ReceiptEntry{NotSent: true, Left: true}, "not sent"},
		{content.ReceiptEntry{Left: true}, "left"},
		{content.ReceiptEntry{}, "pending"},
	} {
		if got := receiptStatus(tc.e); got != tc.want {
			t.Errorf("receiptStatus(%+v) = %q, want %q", tc.e, got, tc.want)
		}
	}
}
