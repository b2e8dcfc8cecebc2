package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"time"
)

// buildInfo describes the running binary: the module's version, the VCS
// revision it was built from (with its commit time, and whether the tree
// had uncommitted changes) and the Go version. It reads what the Go
// toolchain records in the binary; go run and go test record no revision.
type buildInfo struct {
	Version   string
	Revision  string
	Committed time.Time
	Modified  bool
	GoVersion string
}

// readBuildInfo returns the running binary's buildInfo.
func readBuildInfo() buildInfo {
	bi := buildInfo{Version: "(unknown)", GoVersion: runtime.Version()}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return bi
	}
	if info.Main.Version != "" {
		bi.Version = info.Main.Version
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			bi.Revision = s.Value
		case "vcs.time":
			bi.Committed, _ = time.Parse(time.RFC3339, s.Value)
		case "vcs.modified":
			bi.Modified = s.Value == "true"
		}
	}
	return bi
}

// String renders bi for `newsbot version`, times in Vietnam time.
func (bi buildInfo) String() string {
	s := "newsbot " + bi.Version + "\n"
	switch {
	case bi.Revision == "":
		s += "revision: not recorded (built with go run or go test; go build in a git checkout records it)\n"
	default:
		s += "revision: " + bi.Revision
		if bi.Modified {
			s += " (with uncommitted changes)"
		}
		if !bi.Committed.IsZero() {
			s += ", committed " + vnTime(bi.Committed) + " (Vietnam time)"
		}
		s += "\n"
	}
	return s + fmt.Sprintf("%s %s/%s\n", bi.GoVersion, runtime.GOOS, runtime.GOARCH)
}

// version prints the binary's build information.
func (app *App) version(args []string) error {
	if len(args) > 0 && !isHelp(args[0]) {
		return fmt.Errorf("version takes no arguments, got %q: %w", args, errUsage)
	}
	if len(args) > 0 {
		fmt.Fprintln(app.Stderr, "Usage of newsbot version: prints the version, the VCS revision and the Go version of this binary.")
		return nil
	}
	fmt.Fprint(app.Stdout, readBuildInfo())
	return nil
}
