//go:build !crashtest

package bot

// crashHook does nothing in the binary that ships. A build with the tag
// crashtest replaces it (crashhook_crashtest.go) so that crash tests can
// kill the process on a chosen update.
func crashHook(int) {}
