package content

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Bounds of units.
const (
	MaxUnitSlugLen  = 32
	MaxUnitNameRune = 64
	// MaxUnits bounds how many units a district defines (they are buttons).
	MaxUnits = 60
)

// ErrBadUnit means a unit's slug or name is not acceptable.
var ErrBadUnit = errors.New("bad unit")

// ErrUnknownUnit means an article or notice was addressed to a unit that is
// not defined (any more).
var ErrUnknownUnit = errors.New("no such unit")

// Unit is an audience an admin can address: a commune or town, a party
// cell, a department. People pick theirs in /myunits.
type Unit struct {
	// Slug names the unit in commands and buttons: "hoang-tien".
	Slug string `json:"slug"`
	// Name is what people see: "Xã Hoằng Tiến".
	Name string `json:"name"`
}

// Check returns an error wrapping ErrBadUnit unless the slug is 1 to
// MaxUnitSlugLen characters of a–z, 0–9 and '-', and the name, trimmed, 1 to
// MaxUnitNameRune runes.
func (u Unit) Check() error {
	if !ValidUnitSlug(u.Slug) {
		return fmt.Errorf("%w: slug %q: use 1 to %d of a-z, 0-9 and -", ErrBadUnit, u.Slug, MaxUnitSlugLen)
	}
	n := utf8.RuneCountInString(strings.TrimSpace(u.Name))
	if n == 0 || n > MaxUnitNameRune || !utf8.ValidString(u.Name) {
		return fmt.Errorf("%w: unit %s: the name must have 1 to %d characters", ErrBadUnit, u.Slug, MaxUnitNameRune)
	}
	return nil
}

// ValidUnitSlug reports whether s can be a unit's slug.
func ValidUnitSlug(s string) bool {
	if s == "" || len(s) > MaxUnitSlugLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// UnitCount is how many active subscribers belong to a unit.
type UnitCount struct {
	Unit   Unit
	People int
}
