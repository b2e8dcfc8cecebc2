package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/store/search"
)

// Errors returned by the store. Compare with errors.Is.
var (
	// ErrLocked means another process (usually a running newsbot) holds the
	// database file open.
	ErrLocked = errors.New("database is in use by another newsbot (stop it first, or use another --db)")
	// ErrNotFound means the requested record does not exist. It is
	// content.ErrNotFound, so packages that see only content can test for it.
	ErrNotFound = content.ErrNotFound
	// ErrSchemaTooNew means the file was written by a newer newsbot.
	ErrSchemaTooNew = errors.New("database was written by a newer newsbot")
)

// Options tune Open. The zero value is usable.
type Options struct {
	// LockTimeout bounds the wait for another process's lock; default 1s.
	LockTimeout time.Duration
	// ReadOnly opens the file without taking the writer's lock (for CLI
	// commands that only read); several readers may share the file.
	ReadOnly bool
	// Now is the clock; default time.Now.
	Now func() time.Time
	// MustExist makes Open fail, with an error wrapping fs.ErrNotExist,
	// when there is no file at the path, instead of creating one. (A
	// ReadOnly open never creates the file either.)
	MustExist bool
}

// batchDelay is how long a write made with bbolt's DB.Batch (AcceptUpdate,
// AdvanceUpdates) waits for others to share its transaction. bbolt's default, 10 ms, costs a
// lone write as much as two syncs here; while one batch commits, the next
// gathers the writes arriving meanwhile anyway.
const batchDelay = time.Millisecond

// DB is an open newsbot database.
type DB struct {
	bolt *bolt.DB
	now  func() time.Time
	// search is the full-text index of the articles, written in the
	// transactions that write them.
	search *search.Index
	// alerts is the keyword alerts' matching index (DB.AddAlert), loaded at
	// Open.
	alerts *alertIndex
}

// Open opens (creating if needed, with mode 0600, unless opts.MustExist or
// opts.ReadOnly) the database at path and migrates its schema. If another
// process holds the file it fails within LockTimeout with an error wrapping
// ErrLocked; a missing file it may not create is an error wrapping
// fs.ErrNotExist. A file that Restore puts at path while Open waits for
// the lock of the one it replaces is the one opened.
func Open(path string, opts Options) (*DB, error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	b, err := openFile(path, opts)
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("store: open %s: %w", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	b.MaxBatchDelay = batchDelay
	db := &DB{bolt: b, now: opts.Now, search: search.New(b, storedArticles{}, search.Options{})}
	db.alerts = newAlertIndex()
	if !opts.ReadOnly {
		if err := db.migrate(); err != nil {
			b.Close()
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
		if err := db.rewriteArticleRecords(); err != nil {
			b.Close()
			return nil, fmt.Errorf("store: open %s: rewrite the articles stored as JSON: %w", path, err)
		}
		if err := db.loadAlerts(); err != nil {
			b.Close()
			return nil, fmt.Errorf("store: open %s: load alerts: %w", path, err)
		}
		// A tail merge that a crash or Close interrupted goes on.
		db.search.Resume()
	}
	return db, nil
}

// Close releases the file. It waits for running transactions to finish,
// and for the step of the search index's tail merge under way, if any
// (the merge goes on at the next Open).
func (db *DB) Close() error {
	db.search.Close()
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Path returns the database file's path.
func (db *DB) Path() string { return db.bolt.Path() }

// view runs fn in a read transaction after checking ctx.
func (db *DB) view(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.bolt.View(fn)
}

// update runs fn in a write transaction after checking ctx.
func (db *DB) update(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.bolt.Update(fn)
}

// batch runs fn in a write transaction it may share with concurrent
// callers (bbolt's Batch): one commit for all. fn may run more than once,
// so it must be idempotent; its error fails only its caller.
func (db *DB) batch(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.bolt.Batch(fn)
}

// clone copies b out of bbolt's memory-mapped pages.
func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}
