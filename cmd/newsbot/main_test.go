package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

// tokenSecret returns the part of a token after the bot ID, which must never
// be shown.
func tokenSecret(token string) string {
	_, secret, _ := strings.Cut(token, ":")
	return secret
}

// TestMain runs the package's tests with everything they print (test logs,
// failure messages with the bot's logs in them, anything written to the
// process's stdout and stderr) passed through a scanner, and fails the run
// when the canary token's secret appears anywhere in it.
func TestMain(m *testing.M) {
	os.Exit(scanOutput(func() int { return runCheckingLeaks(m) }, tokenSecret(canaryToken)))
}

// scanOutput runs run with os.Stdout and os.Stderr going through pipes that
// copy to the real ones and look for secret; it returns run's status, or 1
// when secret was seen.
func scanOutput(run func() int, secret string) int {
	realOut, realErr := os.Stdout, os.Stderr
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := false
	pipe := func(dst *os.File) *os.File {
		r, w, err := os.Pipe()
		if err != nil {
			fmt.Fprintln(realErr, "canary scan:", err)
			os.Exit(2)
		}
		wg.Go(func() {
			if copyScanning(dst, r, secret) {
				mu.Lock()
				seen = true
				mu.Unlock()
			}
			r.Close()
		})
		return w
	}
	outW, errW := pipe(realOut), pipe(realErr)
	os.Stdout, os.Stderr = outW, errW
	code := run()
	os.Stdout, os.Stderr = realOut, realErr
	outW.Close()
	errW.Close()
	wg.Wait()
	if seen {
		fmt.Fprintln(realErr, "FAIL: the canary bot token appeared in the test output")
		return 1
	}
	return code
}

// copyScanning copies r to w and reports whether secret occurred in the
// stream, also across the boundary of two reads.
func copyScanning(w io.Writer, r io.Reader, secret string) bool {
	found := false
	var tail []byte
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			_, _ = w.Write(buf[:n])
			window := append(tail, buf[:n]...)
			if bytes.Contains(window, []byte(secret)) {
				found = true
			}
			keep := min(len(window), len(secret))
			tail = append([]byte(nil), window[len(window)-keep:]...)
		}
		if err != nil {
			return found
		}
	}
}

// Ensure that the scanner finds the secret even when it is split between
// two writes, and lets clean output through.
func TestCopyScanningFindsSplitSecret(t *testing.T) {
	secret := tokenSecret(canaryToken)
	pr, pw := io.Pipe()
	go func() {
		fmt.Fprint(pw, "log line token="+secret[:7])
		fmt.Fprint(pw, secret[7:]+" end")
		pw.Close()
	}()
	var out bytes.Buffer
	if !copyScanning(&out, pr, secret) {
		t.Fatal("a secret split across writes was missed")
	}
	if !strings.HasSuffix(out.String(), " end") {
		t.Fatalf("output not copied: %q", out.String())
	}
	if copyScanning(io.Discard, strings.NewReader("clean "+canaryToken[:9]), secret) {
		t.Fatal("the bot ID alone was reported")
	}
}

// runCheckingLeaks runs the tests and fails them when any left a goroutine
// running.
func runCheckingLeaks(m *testing.M) int {
	code := m.Run()
	if code == 0 {
		if err := goleak.Find(goleak.IgnoreAnyFunction("newsbot/cmd/newsbot.copyScanning")); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			return 1
		}
	}
	return code
}
