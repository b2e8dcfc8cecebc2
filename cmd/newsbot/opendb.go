package main

import (
	"errors"
	"fmt"
	"io/fs"

	"newsbot/store"
)

// openDB opens the database named by c.db for a command that works on an
// existing one. Only `run` and `import` create the database (they call
// store.Open themselves); here a missing file, or a missing folder, is an
// error that says so and how to name another, and nothing is created, so a
// mistyped --db cannot start an empty database beside the real one.
// opts.Now defaults to the App's clock.
func (app *App) openDB(c common, opts store.Options) (*store.DB, error) {
	opts.MustExist = true
	if opts.Now == nil {
		opts.Now = app.Now
	}
	db, err := store.Open(c.db, opts)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no database at %s; `newsbot run` creates it; --db or NEWSBOT_DB names another", c.db)
	}
	return db, err
}
