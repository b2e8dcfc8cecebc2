//go:build !crashtest

package bot

// crashHook does nothing in the binary that ships. A build with the tag
// crashtest replaces it with one that kills the process on a chosen
// update, for the crash tests.
func crashHook(int) {}
