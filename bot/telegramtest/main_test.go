package telegramtest

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that no test leaves a goroutine behind, such as a long
// poll the server failed to end on Close.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
