package bot

import "testing"

// Ensure that an update released (the queue was full) and accepted again
// on Telegram's retry stays recognised as a duplicate for a full ring of
// later updates: evicting the slot of its released claim must not forget
// it.
func TestWebhookClaimAfterReleaseStaysSeen(t *testing.T) {
	w := &WebhookServer{seen: map[int]int{}, ring: make([]int, webhookRecent)}
	if !w.claim(5) {
		t.Fatal("first claim of 5 refused")
	}
	w.release(5)
	if !w.claim(5) {
		t.Fatal("claim of 5 after its release refused")
	}
	// Fill every other slot, evicting the released claim's.
	for i := range webhookRecent - 1 {
		if !w.claim(1000 + i) {
			t.Fatalf("claim of %d refused", 1000+i)
		}
	}
	if w.claim(5) {
		t.Fatal("5, still among the last accepted, was accepted again")
	}
	if !w.claim(1) || w.claim(1) {
		t.Fatal("a new update is not accepted exactly once")
	}
}
