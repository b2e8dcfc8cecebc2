package main

import (
	"fmt"
	"strings"
)

// envBool reads a yes/no environment variable: "" is false; 1, true, yes,
// on are true; 0, false, no, off are false; anything else is an error.
func envBool(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "0", "false", "no", "off":
		return false, nil
	case "1", "true", "yes", "on":
		return true, nil
	}
	return false, fmt.Errorf("%q is not a yes/no value (use 1 or 0): %w", v, errUsage)
}
