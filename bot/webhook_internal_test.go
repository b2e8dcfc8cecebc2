package bot

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"
)

// memQueue stores accepted updates in memory. When gate is set, each
// AcceptUpdate sends its ID on gate and waits for the error it must
// return (nil: store the update).
type memQueue struct {
	gate    chan int
	release chan error

	mu     sync.Mutex
	stored map[int][]byte
}

func (q *memQueue) has(id int) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	_, ok := q.stored[id]
	return ok
}

func (q *memQueue) AcceptUpdate(_ context.Context, id int, body []byte) (bool, error) {
	if q.gate != nil {
		q.gate <- id
		if err := <-q.release; err != nil {
			return false, err
		}
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, ok := q.stored[id]; ok {
		return false, nil
	}
	q.stored[id] = body
	return true, nil
}

var errWrite = errors.New("disk full")

// acceptIs checks what accept makes of update id.
func acceptIs(t *testing.T, w *WebhookServer, id int, want acceptOutcome) {
	t.Helper()
	if got, _ := w.accept(context.Background(), id, []byte(`{}`)); got != want {
		t.Fatalf("accept(%d) = %v, want %v", id, got, want)
	}
}

// Ensure that an update refused because the backlog was full, and accepted
// on Telegram's retry, stays recognised as a duplicate for a full ring of
// later updates (evicting the slot of its released claim must not forget
// it), and that updates the store knows (handled, or stored by an earlier
// run) are duplicates that take no room in the backlog.
func TestWebhookAcceptDedupesAndBoundsTheBacklog(t *testing.T) {
	q := &memQueue{stored: map[int][]byte{4: nil, 9: nil}}
	w := newWebhookServer(q, webhookBacklog) // the backlog is full
	acceptIs(t, w, 7, acceptBacklog)
	w.handled(1)
	acceptIs(t, w, 4, acceptDuplicate) // handled by an earlier run
	acceptIs(t, w, 9, acceptDuplicate) // stored before the start
	acceptIs(t, w, 7, accepted)        // Telegram's retry
	acceptIs(t, w, 8, acceptBacklog)
	w.handled(webhookBacklog)
	// Fill every other slot, evicting the released claim's; Run handles
	// each as it comes.
	for i := range webhookRecent - 1 {
		acceptIs(t, w, 1000+i, accepted)
		w.handled(1)
	}
	acceptIs(t, w, 7, acceptDuplicate)    // still among the last accepted
	if len(q.stored) != 2+webhookRecent { // 4 and 9 from before, 7, and the ring's others
		t.Fatalf("%d updates stored, want %d", len(q.stored), 2+webhookRecent)
	}
	w.stop()
	acceptIs(t, w, 3, acceptStopped)
}

// Ensure that a second delivery of an update whose first is being stored
// waits for that write (here until its request ends) instead of being
// answered 200 for an update not yet on disk, and that after the first
// write failed, a delivery stores the update itself.
func TestWebhookRedeliveryWaitsForTheWrite(t *testing.T) {
	q := &memQueue{stored: map[int][]byte{}, gate: make(chan int), release: make(chan error)}
	w := newWebhookServer(q, 0)
	first := make(chan acceptOutcome, 1)
	go func() { o, _ := w.accept(context.Background(), 42, []byte(`{}`)); first <- o }()
	<-q.gate // the first write is under way
	gone, cancel := context.WithCancel(context.Background())
	cancel() // the second request ends while it waits
	if got, err := w.accept(gone, 42, []byte(`{}`)); got != acceptFailed || !errors.Is(err, context.Canceled) {
		t.Fatalf("second delivery during the write: %v, %v; want it to wait (and fail with its request)", got, err)
	}
	q.release <- errWrite
	if got := <-first; got != acceptFailed {
		t.Fatalf("first delivery: %v, want %v", got, acceptFailed)
	}
	third := make(chan acceptOutcome, 1)
	go func() { o, _ := w.accept(context.Background(), 42, []byte(`{}`)); third <- o }()
	if id := <-q.gate; id != 42 { // the retry writes it
		t.Fatalf("wrote %d, want 42", id)
	}
	q.release <- nil
	if got := <-third; got != accepted {
		t.Fatalf("the retry: %v, want %v", got, accepted)
	}
	if !q.has(42) {
		t.Fatal("update 42 is not stored")
	}
	acceptIs(t, w, 42, acceptDuplicate)
}

// Ensure that stop returns only once the write under way is done, so that
// Run, which handles what is stored after stop, misses nothing.
func TestWebhookStopWaitsForTheWrite(t *testing.T) {
	q := &memQueue{stored: map[int][]byte{}, gate: make(chan int), release: make(chan error)}
	w := newWebhookServer(q, 0)
	first := make(chan acceptOutcome, 1)
	go func() { o, _ := w.accept(context.Background(), 42, []byte(`{}`)); first <- o }()
	<-q.gate
	stopped := make(chan bool, 1)
	go func() { w.stop(); stopped <- q.has(42) }()
	for deadline := time.Now().Add(10 * time.Second); ; {
		w.mu.Lock()
		begun := w.stopped
		w.mu.Unlock()
		if begun {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("stop did not begin")
		}
		runtime.Gosched()
	}
	q.release <- nil
	if stored := <-stopped; !stored {
		t.Fatal("stop returned before the write under way was done")
	}
	if got := <-first; got != accepted {
		t.Fatalf("first delivery: %v, want %v", got, accepted)
	}
}
