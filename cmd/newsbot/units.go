package main

import (
	"context"
	"fmt"
	"os"

	"newsbot/content"
	"newsbot/store"
)

// loadUnits reads the units file (--units) and saves every unit in it, so
// the file's units exist (with the file's names) whenever newsbot runs.
// Units added with /units stay; none is deleted. An empty path does nothing.
func loadUnits(ctx context.Context, path string, db *store.DB) (int, error) {
	if path == "" {
		return 0, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("units file: %w", err)
	}
	defer f.Close()
	units, err := content.ParseUnits(f)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	for _, u := range units {
		if err := db.PutUnit(ctx, u); err != nil {
			return 0, fmt.Errorf("%s: %w", path, err)
		}
	}
	return len(units), nil
}
