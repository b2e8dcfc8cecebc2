package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"newsbot/content"
	"newsbot/content/guard"
	"newsbot/store"
)

// Backup file names sort by time: newsbot-20260312-070000.db.
const (
	backupPattern = "newsbot-*.db"
	backupLayout  = "20060102-150405"
)

// backup: `newsbot backup OUT` copies the database while the bot is stopped.
func (app *App) backup(ctx context.Context, args []string) error {
	var c common
	fs := app.flags("backup", &c)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("backup: name the file to write, e.g. newsbot backup /var/backups/newsbot.db: %w", errUsage)
	}
	db, err := app.openDB(c, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	info, err := store.CheckBackup(fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, "Backup written to %s: %s, %s, schema %d.\n", fs.Arg(0),
		content.Counted(info.Articles, "article", "articles"), content.Counted(info.Subscribers, "chat", "chats"), info.SchemaVersion)
	return nil
}

// restore: `newsbot restore BACKUP` checks a copy of the backup made
// beside the database, keeps the current database under a new name, and
// puts the copy in its place (store.Restore: a complete database is at
// --db at every instant). The bot must be stopped (the database lock says
// whether it is). --db may name a file that does not exist yet: restoring
// is how a lost database comes back.
func (app *App) restore(ctx context.Context, args []string) error {
	var c common
	fs := app.flags("restore", &c)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("restore: name the backup file: %w", errUsage)
	}
	src := fs.Arg(0)
	res, err := store.Restore(ctx, src, c.db, app.Now())
	if err != nil {
		return err
	}
	if res.Kept != "" {
		fmt.Fprintf(app.Stdout, "The current database was kept as %s.\n", res.Kept)
	}
	fmt.Fprintf(app.Stdout, "Restored %s to %s: %s, %s, schema %d. Start the bot again.\n", src, c.db,
		content.Counted(res.Info.Articles, "article", "articles"), content.Counted(res.Info.Subscribers, "chat", "chats"), res.Info.SchemaVersion)
	return nil
}

// backupLoop writes an online backup into dir once a day (at start when
// today's is missing, then whenever the day turns), keeping the newest keep.
// A failed backup, a panic too (counted with count), is logged and tried
// again an hour later.
func backupLoop(ctx context.Context, db *store.DB, dir string, keep int, now func() time.Time, log *slog.Logger, count guard.Counter) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("backup dir: %w", err)
	}
	last := ""
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if day := now().In(content.VietnamZone()).Format("20060102"); day != last {
			var path string
			err := guard.Do(log, count, "backup", func() (err error) {
				path, err = dailyBackup(ctx, db, dir, keep, now())
				return err
			})
			switch {
			case err != nil:
				log.Error("backup failed", slog.String("dir", dir), slog.Any("err", err))
			case path != "":
				log.Info("backup written", slog.String("path", path))
				last = day
			default:
				last = day
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// dailyBackup writes today's backup into dir unless one is there, and
// keeps the newest keep. It returns the path written, "" when today's
// backup already existed.
func dailyBackup(ctx context.Context, db *store.DB, dir string, keep int, now time.Time) (string, error) {
	now = now.In(content.VietnamZone())
	day := now.Format("20060102")
	if existing, _ := filepath.Glob(filepath.Join(dir, "newsbot-"+day+"-*.db")); len(existing) > 0 {
		return "", nil
	}
	path := filepath.Join(dir, "newsbot-"+now.Format(backupLayout)+".db")
	if err := db.Backup(ctx, path); err != nil {
		return "", err
	}
	if _, err := store.CheckBackup(path); err != nil {
		return "", err
	}
	return path, store.PruneBackups(dir, backupPattern, keep)
}
