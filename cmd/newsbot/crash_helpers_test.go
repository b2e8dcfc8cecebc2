package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"newsbot/bot/telegramtest"
	"newsbot/content"
	"newsbot/store"
)

// buildNewsbot builds the real binary into a temporary folder of t, with
// the build tags given (such as crashtest, for crash hooks).
func buildNewsbot(t testing.TB, tags ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "newsbot")
	args := []string{"build", "-o", path}
	if len(tags) > 0 {
		args = append(args, "-tags", strings.Join(tags, ","))
	}
	if out, err := exec.Command("go", append(args, ".")...).CombinedOutput(); err != nil {
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

// crashRunArgs are the flags the crash tests run `newsbot run` with on the
// database at db, before any of their own.
func crashRunArgs(db string, more ...string) []string {
	return append([]string{"--db", db, "--poll-timeout", "1s", "--send-rate", "300", "--log-level", "debug"}, more...)
}

// killPoints draws, from a seed it logs (so that a failure can be
// replayed), one kill point in each range [low, low+spread) of ranges
// (pairs low, spread): after how many of the unit (accepted messages,
// edits…) each run of the binary is killed.
func killPoints(t testing.TB, unit string, ranges ...int) []int {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 1))
	var kills []int
	for i := 0; i+1 < len(ranges); i += 2 {
		kills = append(kills, ranges[i]+rng.IntN(ranges[i+1]))
	}
	t.Logf("seed %d: kills after %v %s", seed, kills, unit)
	return kills
}

// startProc runs the binary with args against api, the token in the
// environment.
func startProc(t testing.TB, bin string, api *telegramtest.Server, args ...string) *proc {
	t.Helper()
	return startProcEnv(t, bin, api, nil, args...)
}

// startProcEnv is startProc with env ("NAME=value") added to the
// environment.
func startProcEnv(t testing.TB, bin string, api *telegramtest.Server, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{t: t, logs: newSyncBuffer(), done: make(chan struct{})}
	all := append([]string{"run", "--api-url", api.URL()}, args...)
	p.cmd = exec.Command(bin, all...)
	p.cmd.Env = append([]string{"TELEGRAM_BOT_TOKEN=" + api.Token(), "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}, env...)
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
		if secret := tokenSecret(api.Token()); strings.Contains(p.logs.String(), secret) {
			t.Errorf("the bot token appeared in the process's output")
		}
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

// waitExit waits until the process exits on its own and returns how it
// ended; it fails the test after timeout.
func (p *proc) waitExit(timeout time.Duration) error {
	p.t.Helper()
	select {
	case <-p.done:
		return p.err
	case <-time.After(timeout):
		p.t.Fatalf("newsbot still running after %v:\n%s", timeout, p.logs.String())
		return nil
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

// memorySampler tracks a process's memory from /proc/PID/status, sampled
// every 20ms until stop is called: the kernel's high-water mark of its
// resident set (VmHWM, which covers the time between samples too), and the
// peaks seen of its anonymous (RssAnon: Go heap, stacks, runtime) and
// file-backed (RssFile: the executable and the database pages mapped in)
// parts. (getrusage's ru_maxrss of a child is no use here: it includes the
// parent's resident set at the time of the fork.)
type memorySampler struct {
	mu                    sync.Mutex
	hwmKB, anonKB, fileKB int64
	stopc                 chan struct{}
	done                  chan struct{}
}

func sampleMemory(pid int) *memorySampler {
	m := &memorySampler{stopc: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(m.done)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			if data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid)); err == nil {
				m.mu.Lock()
				for _, line := range strings.Split(string(data), "\n") {
					for _, f := range []struct {
						name string
						to   *int64
					}{{"VmHWM:", &m.hwmKB}, {"RssAnon:", &m.anonKB}, {"RssFile:", &m.fileKB}} {
						var kb int64
						if _, err := fmt.Sscanf(line, f.name+" %d kB", &kb); err == nil {
							*f.to = max(*f.to, kb)
						}
					}
				}
				m.mu.Unlock()
			}
			select {
			case <-m.stopc:
				return
			case <-tick.C:
			}
		}
	}()
	return m
}

// stop ends the sampling and returns the peaks, in bytes. Call it before
// the process exits, as /proc then forgets it.
func (m *memorySampler) stop() (hwm, anon, file int64) {
	close(m.stopc)
	<-m.done
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hwmKB << 10, m.anonKB << 10, m.fileKB << 10
}
