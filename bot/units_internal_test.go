package bot

import (
	"fmt"
	"testing"
)

// Ensure that "/broadcast @unit text" is split into units and text,
// whatever separates them, and that other texts are left alone.
func TestUnitTargets(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"@hoang-tien Họp dân", "[hoang-tien] Họp dân true"},
		{"@Hoang-Tien,chi-bo-3 @chi-bo-3\nHọp\nchi bộ", "[hoang-tien chi-bo-3] Họp\nchi bộ true"},
		{"Họp @hoang-tien", "[] Họp @hoang-tien false"},
		{"@hoang-tien", "[hoang-tien]  true"},
	} {
		slugs, rest, ok := unitTargets(tc.in)
		if got := fmt.Sprint(slugs, " ", rest, " ", ok); got != tc.want {
			t.Errorf("unitTargets(%q)=%q, want %q", tc.in, got, tc.want)
		}
	}
}
