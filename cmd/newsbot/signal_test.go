package main

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/store"
)

// Ensure that a second SIGINT ends the process at once while the first one's
// clean stop still waits for a send in flight.
func TestSecondSignalExitsAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildNewsbot(t)
	api := telegramtest.New(t, canaryToken)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) }) // runs before the server closes
	sending := make(chan struct{}, 1)
	api.Intercept(func(method string, _ map[string]string) *telegramtest.Reply {
		if method == "sendMessage" || method == "sendPhoto" {
			select {
			case sending <- struct{}{}:
			default:
			}
			<-release // the send hangs until the test ends
		}
		return nil
	})
	dbPath := filepath.Join(t.TempDir(), "newsbot.db")
	seedSubscribers(t, dbPath, 1, 3)
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := content.Article{Title: "Thông báo", Body: []string{"Nội dung."}, Category: content.CategoryAnnouncement, Published: time.Now()}
	if _, err := db.PublishArticle(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	db.Close()

	p := startProc(t, bin, api, "--db", dbPath)
	select {
	case <-sending:
	case <-time.After(wait):
		t.Fatalf("no send began:\n%s", p.logs.String())
	}
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	p.logs.waitFor(t, "signal again to exit at once")
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.done:
	case <-time.After(wait):
		t.Fatalf("the second signal did not end the process:\n%s", p.logs.String())
	}
	var exit *exec.ExitError
	if !errors.As(p.err, &exit) {
		t.Fatalf("process ended with %v, want killed by the second signal:\n%s", p.err, p.logs.String())
	}
	if ws, ok := exit.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGINT {
		t.Fatalf("process ended with %v, want killed by SIGINT:\n%s", p.err, p.logs.String())
	}
}
