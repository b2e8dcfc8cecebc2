package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/BurntSushi/toml"

	"newsbot/content"
)

// unitsFile is what a units file says: the units, and who places people in
// them.
type unitsFile struct {
	Units []content.Unit
	// SelfService is true (the default) when people pick their own units
	// in /myunits; false when only admins assign them (/units assign,
	// newsbot unit assign) and /myunits only shows them.
	SelfService bool
}

// unitEntry is one [[units]] table of a units file.
type unitEntry struct {
	Slug string `toml:"slug"`
	Name string `toml:"name"`
}

// parseUnits reads a units file (TOML):
//
//	self_service = false   # optional; default true
//
//	[[units]]
//	slug = "hoang-tien"
//	name = "Xã Hoằng Tiến"
//
// Every unit must pass content.Unit.Check, slugs must be unique, and there
// may be at most content.MaxUnits. Names are trimmed. A unit's error names
// its [[units]] table's line; a TOML error wraps the TOML library's, which
// has its own.
func parseUnits(r io.Reader) (unitsFile, error) {
	var f struct {
		SelfService *bool       `toml:"self_service"`
		Units       []unitEntry `toml:"units"`
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return unitsFile{}, fmt.Errorf("units file: %w", err)
	}
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		return unitsFile{}, fmt.Errorf("units file: %w", err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		return unitsFile{}, fmt.Errorf("units file: unknown key %s: expected self_service, and slug and name in each [[units]] table", un[0])
	}
	lines := tableLines(string(data), "[[units]]")
	unitAt := func(i int) string {
		if i < len(lines) {
			return fmt.Sprintf("unit %d (line %d)", i+1, lines[i])
		}
		return fmt.Sprintf("unit %d", i+1)
	}
	if len(f.Units) > content.MaxUnits {
		return unitsFile{}, fmt.Errorf("units file: %d units, at most %d", len(f.Units), content.MaxUnits)
	}
	units := make([]content.Unit, len(f.Units))
	seen := map[string]bool{}
	for i, e := range f.Units {
		u := content.Unit{Slug: e.Slug, Name: strings.TrimSpace(e.Name)}
		if err := u.Check(); err != nil {
			return unitsFile{}, fmt.Errorf("units file, %s: %w", unitAt(i), err)
		}
		if seen[u.Slug] {
			return unitsFile{}, fmt.Errorf("units file, %s: unit %s defined twice: expected each slug once", unitAt(i), u.Slug)
		}
		seen[u.Slug] = true
		units[i] = u
	}
	return unitsFile{Units: units, SelfService: f.SelfService == nil || *f.SelfService}, nil
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
