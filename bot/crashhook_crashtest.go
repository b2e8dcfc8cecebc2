//go:build crashtest

package bot

import (
	"os"
	"strconv"
	"syscall"
)

// crashHook kills the process with SIGKILL, as an out-of-memory kill would,
// when it is about to handle the update whose ID is in the environment
// variable NEWSBOT_TEST_CRASH_UPDATE. It exists only in binaries built with
// the tag crashtest, for crash tests; the binary that ships has a crashHook
// that does nothing and reads no variable.
func crashHook(id int) {
	want, err := strconv.Atoi(os.Getenv("NEWSBOT_TEST_CRASH_UPDATE"))
	if err == nil && want == id {
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // the signal is on its way
	}
}
