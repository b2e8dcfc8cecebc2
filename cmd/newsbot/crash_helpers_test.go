package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/store"
)

// buildNewsbot builds the real binary into a temporary folder of t.
func buildNewsbot(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "newsbot")
	if out, err := exec.Command("go", "build", "-o", path, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return path
}

// seedSubscribers creates n private chats, from first on, in the database
// at path, before any newsbot process opens it.
func seedSubscribers(t testing.TB, path string, first int64, n int) []int64 {
	t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	subs := make([]content.Subscriber, n)
	ids := make([]int64, n)
	for i := range subs {
		ids[i] = first + int64(i)
		subs[i] = content.Subscriber{ChatID: ids[i], Lang: "vi"}
	}
	if _, err := db.SubscribeMany(context.Background(), subs); err != nil {
		t.Fatal(err)
	}
	return ids
}

// proc is a `newsbot run` process.
type proc struct {
	t    testing.TB
	cmd  *exec.Cmd
	logs *syncBuffer
	done chan struct{}
	err  error
}

// startProc runs the binary with args against api, the token in the
// environment.
func startProc(t testing.TB, bin string, api *telegramtest.Server, args ...string) *proc {
	t.Helper()
	p := &proc{t: t, logs: newSyncBuffer(), done: make(chan struct{})}
	all := append([]string{"run", "--api-url", api.URL()}, args...)
	p.cmd = exec.Command(bin, all...)
	p.cmd.Env = []string{"TELEGRAM_BOT_TOKEN=" + api.Token(), "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// waitDelivered waits until api accepted n messages; it fails if the
// process exits first.
func (p *proc) waitDelivered(api *telegramtest.Server, n int, timeout time.Duration) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	go func() {
		select {
		case <-p.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	if err := api.WaitDelivered(ctx, n); err != nil {
		p.t.Fatalf("%d of %d messages accepted (%v); process exited: %v; logs:\n%s",
			api.DeliveredCount(), n, err, p.exited(), p.logs.String())
	}
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// kill ends the process with SIGKILL, as a crash or an OOM kill would.
func (p *proc) kill() {
	p.t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		p.t.Fatal(err)
	}
	<-p.done
}

// stop ends the process with SIGTERM and checks it exits cleanly.
func (p *proc) stop(timeout time.Duration) {
	p.t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		p.t.Fatal(err)
	}
	select {
	case <-p.done:
	case <-time.After(timeout):
		p.t.Fatalf("newsbot did not stop within %v:\n%s", timeout, p.logs.String())
	}
	if p.err != nil {
		p.t.Fatalf("newsbot exited with %v:\n%s", p.err, p.logs.String())
	}
}

// peakRSS returns the process's peak resident set size, once it exited.
func (p *proc) peakRSS() int64 {
	ru, ok := p.cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	return ru.Maxrss * 1024 // kilobytes on Linux
}
