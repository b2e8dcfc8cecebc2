package telegramtest

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// fatalRecorder is a testing.TB whose Fatalf records the message and ends
// the goroutine, as t.Fatalf does.
type fatalRecorder struct {
	testing.TB
	mu  sync.Mutex
	msg string
}

// Helper does nothing.
func (f *fatalRecorder) Helper() {}

// Fatalf records the message and ends the calling goroutine.
func (f *fatalRecorder) Fatalf(format string, args ...any) {
	f.mu.Lock()
	f.msg = fmt.Sprintf(format, args...)
	f.mu.Unlock()
	runtime.Goexit()
}

func TestWaitCallsTimeoutListsCalls(t *testing.T) {
	srv, bot := newBot(t)
	if _, err := bot.Send(tgbotapi.NewMessage(3, "xin chào")); err != nil {
		t.Fatal(err)
	}
	rec := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.WaitCalls(rec, 20*time.Millisecond, func(calls []Call) bool { return len(calls) > 5 })
	}()
	<-done
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, want := range []string{"condition not met within 20ms", "1. ", "getMe", `sendMessage chat_id="3" entities="null" text="xin chào" -> 200`} {
		if !strings.Contains(rec.msg, want) {
			t.Errorf("failure message lacks %q:\n%s", want, rec.msg)
		}
	}
}

func TestWaitCallsConcurrentSends(t *testing.T) {
	srv, bot := newBot(t)
	const n = 20
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if _, err := bot.Send(tgbotapi.NewMessage(int64(100+i%4), fmt.Sprint("tin ", i))); err != nil {
				t.Error(err)
			}
		})
	}
	calls := srv.WaitCalls(t, wait, func(calls []Call) bool {
		total := 0
		for chat := int64(100); chat < 104; chat++ {
			total += len(SentTo(calls, chat))
		}
		return total == n
	})
	wg.Wait()
	if len(calls) != n+1 {
		t.Fatalf("got %d calls, want %d", len(calls), n+1)
	}
	for chat := int64(100); chat < 104; chat++ {
		msgs := srv.Messages(chat)
		if len(msgs) != n/4 {
			t.Fatalf("chat %d has %d messages", chat, len(msgs))
		}
		for i, m := range msgs {
			if m.MessageID != i+1 {
				t.Fatalf("chat %d message IDs not 1..%d: %+v", chat, n/4, msgs)
			}
		}
	}
}

func TestWaitCallsFailsOnClosedServer(t *testing.T) {
	srv := New(t, testToken)
	srv.Close()
	rec := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.WaitCalls(rec, time.Hour, func(calls []Call) bool { return len(calls) > 0 })
	}()
	<-done
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if !strings.Contains(rec.msg, "server is closed") {
		t.Fatalf("message = %q", rec.msg)
	}
}
