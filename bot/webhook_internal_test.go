package bot

import (
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Ensure that an update refused because the queue was full, and accepted
// again on Telegram's retry, stays recognised as a duplicate for a full
// ring of later updates: evicting the slot of its released claim must not
// forget it.
func TestWebhookRetryAfterFullQueueStaysSeen(t *testing.T) {
	w := &WebhookServer{queue: make(chan tgbotapi.Update, 1), seen: map[int]int{}, ring: make([]int, webhookRecent)}
	enqueue := func(id int, want enqueueOutcome) {
		t.Helper()
		got := w.enqueue(tgbotapi.Update{UpdateID: id})
		if got != want {
			t.Fatalf("enqueue(%d) = %v, want %v", id, got, want)
		}
		if got == enqueued {
			<-w.queue // Run takes it
		}
	}
	w.queue <- tgbotapi.Update{UpdateID: 1} // the queue is full
	enqueue(5, enqueueFull)
	<-w.queue
	enqueue(5, enqueued) // Telegram's retry
	// Fill every other slot, evicting the released claim's.
	for i := range webhookRecent - 1 {
		enqueue(1000+i, enqueued)
	}
	enqueue(5, enqueueDuplicate) // still among the last accepted
	enqueue(2, enqueued)
	enqueue(2, enqueueDuplicate)
	w.stop()
	enqueue(3, enqueueStopped)
}
