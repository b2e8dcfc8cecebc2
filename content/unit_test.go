package content

import (
	"errors"
	"strings"
	"testing"
)

// Ensure that a unit with a slug too long is refused with ErrBadUnit.
func TestUnitCheck(t *testing.T) {
	if err := (Unit{Slug: strings.Repeat("a", MaxUnitSlugLen+1), Name: "x"}).Check(); !errors.Is(err, ErrBadUnit) {
		t.Errorf("a long slug: %v", err)
	}
}
