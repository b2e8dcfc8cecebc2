package bot

import (
	"context"
)

// updateAccepter stores accepted updates: the part of AcceptedUpdates that
// ServeHTTP uses.
type updateAccepter interface {
	AcceptUpdate(ctx context.Context, id int, body []byte) (bool, error)
}

// acceptOutcome is what became of an update handed to accept.
type acceptOutcome int

const (
	// accepted: the update is stored and Run will handle it.
	accepted acceptOutcome = iota
	// acceptDuplicate: the update was accepted before (it is stored, or
	// was handled lately); nothing was written.
	acceptDuplicate
	// acceptBacklog: webhookBacklog accepted updates are waiting.
	acceptBacklog
	// acceptFailed: storing it failed (or the request ended first).
	acceptFailed
	// acceptStopped: Run has stopped taking updates.
	acceptStopped
)

// accept stores update id, whose JSON is body, in the accepted-updates
// queue unless Run has stopped, it is not new (see claimLocked), or the
// backlog is full; it returns once the update is on disk. A second
// delivery of an update being stored waits for that write: it is a
// duplicate if the write succeeded and is stored itself otherwise. Many
// accepts at once share the store's transactions. The error is the store's
// when the outcome is acceptFailed. The check of stopped and the count of
// writes under way happen under w.mu, so nothing is stored once stop has
// returned.
func (w *WebhookServer) accept(ctx context.Context, id int, body []byte) (acceptOutcome, error) {
	for {
		w.mu.Lock()
		if w.stopped {
			w.mu.Unlock()
			return acceptStopped, nil
		}
		if done, ok := w.writing[id]; ok {
			w.mu.Unlock()
			select {
			case <-done:
				continue
			case <-ctx.Done():
				return acceptFailed, ctx.Err()
			}
		}
		if !w.claimLocked(id) {
			w.mu.Unlock()
			return acceptDuplicate, nil
		}
		if w.waiting >= webhookBacklog {
			w.releaseLocked(id)
			w.mu.Unlock()
			return acceptBacklog, nil
		}
		w.waiting++
		done := make(chan struct{})
		w.writing[id] = done
		w.writes.Add(1)
		w.mu.Unlock()
		return w.write(ctx, id, body, done)
	}
}

// write stores update id, claimed by accept, and settles the claim: kept
// when stored, released when the write failed. It closes done and wakes
// Run.
func (w *WebhookServer) write(ctx context.Context, id int, body []byte, done chan struct{}) (acceptOutcome, error) {
	defer w.writes.Done()
	stored, err := w.queue.AcceptUpdate(ctx, id, body)
	w.mu.Lock()
	delete(w.writing, id)
	if err != nil {
		w.releaseLocked(id)
	}
	if !stored {
		w.waiting-- // not written: failed, or stored already (counted at start)
	}
	w.mu.Unlock()
	close(done)
	switch {
	case err != nil:
		return acceptFailed, err
	case !stored:
		return acceptDuplicate, nil
	}
	select {
	case w.wake <- struct{}{}:
	default: // Run has a wake-up pending
	}
	return accepted, nil
}

// handled records that Run committed n accepted updates.
func (w *WebhookServer) handled(n int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.waiting -= n
}

// stop makes ServeHTTP refuse updates from now on, and waits until the
// updates being stored are written (or have failed).
func (w *WebhookServer) stop() {
	w.mu.Lock()
	w.stopped = true
	w.mu.Unlock()
	w.writes.Wait()
}

// claimLocked reports whether update id is new (not among the
// webhookRecent IDs accepted last; the store knows the others) and marks it
// accepted. An ID below the highest accepted is new when it was not
// accepted: Telegram retries out of order. The caller holds w.mu.
func (w *WebhookServer) claimLocked(id int) bool {
	if id < 0 {
		return false
	}
	if _, dup := w.seen[id]; dup {
		return false
	}
	if old := w.ring[w.next]; old != 0 {
		delete(w.seen, old)
	}
	w.ring[w.next] = id
	w.seen[id] = w.next
	w.next = (w.next + 1) % len(w.ring)
	return true
}

// releaseLocked forgets an update that could not be stored, freeing its
// slot so that the slot's eviction cannot forget a later claim of the same
// ID. The caller holds w.mu.
func (w *WebhookServer) releaseLocked(id int) {
	if slot, ok := w.seen[id]; ok {
		w.ring[slot] = 0
		delete(w.seen, id)
	}
}
