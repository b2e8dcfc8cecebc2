package content

import "testing"

// Ensure that Counted uses the singular for one and only for one.
func TestCounted(t *testing.T) {
	for n, want := range map[int]string{0: "0 articles", 1: "1 article", 2: "2 articles", 21: "21 articles", -1: "-1 article"} {
		if got := Counted(n, "article", "articles"); got != want {
			t.Errorf("Counted(%d) = %q, want %q", n, got, want)
		}
	}
}
