package content

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
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
	Slug string `json:"slug" toml:"slug"`
	// Name is what people see: "Xã Hoằng Tiến".
	Name string `json:"name" toml:"name"`
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

// UnitsFile is what a units file says: the units, and who places people in
// them.
type UnitsFile struct {
	Units []Unit
	// SelfService is true (the default) when people pick their own units
	// in /myunits; false when only admins assign them (/units assign,
	// newsbot unit assign) and /myunits only shows them.
	SelfService bool
}

// ParseUnits reads a units file (TOML):
//
//	self_service = false   # optional; default true
//
//	[[units]]
//	slug = "hoang-tien"
//	name = "Xã Hoằng Tiến"
//
// Every unit must pass Check, slugs must be unique, and there may be at
// most MaxUnits. Names are trimmed. A unit's error names its [[units]]
// table's line; a TOML error wraps the TOML library's, which has its own.
func ParseUnits(r io.Reader) (UnitsFile, error) {
	var f struct {
		SelfService *bool  `toml:"self_service"`
		Units       []Unit `toml:"units"`
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return UnitsFile{}, fmt.Errorf("units file: %w", err)
	}
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		return UnitsFile{}, fmt.Errorf("units file: %w", err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		return UnitsFile{}, fmt.Errorf("units file: unknown key %s: expected self_service, and slug and name in each [[units]] table", un[0])
	}
	lines := tableLines(string(data), "[[units]]")
	unitAt := func(i int) string {
		if i < len(lines) {
			return fmt.Sprintf("unit %d (line %d)", i+1, lines[i])
		}
		return fmt.Sprintf("unit %d", i+1)
	}
	if len(f.Units) > MaxUnits {
		return UnitsFile{}, fmt.Errorf("units file: %d units, at most %d", len(f.Units), MaxUnits)
	}
	seen := map[string]bool{}
	for i := range f.Units {
		u := &f.Units[i]
		u.Name = strings.TrimSpace(u.Name)
		if err := u.Check(); err != nil {
			return UnitsFile{}, fmt.Errorf("units file, %s: %w", unitAt(i), err)
		}
		if seen[u.Slug] {
			return UnitsFile{}, fmt.Errorf("units file, %s: unit %s defined twice: expected each slug once", unitAt(i), u.Slug)
		}
		seen[u.Slug] = true
	}
	return UnitsFile{Units: f.Units, SelfService: f.SelfService == nil || *f.SelfService}, nil
}

// tableLines returns the 1-based line numbers of the lines of a TOML text
// that open a table with header (such as "[[units]]"), in order.
func tableLines(text, header string) []int {
	var lines []int
	for i, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), header) {
			lines = append(lines, i+1)
		}
	}
	return lines
}

// UnitCount is how many active subscribers belong to a unit.
type UnitCount struct {
	Unit   Unit
	People int
}
