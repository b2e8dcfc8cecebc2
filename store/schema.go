package store

import (
	"context"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"newsbot/store/search"
)

// Bucket names. Each bucket family has its own file.
var (
	bucketMeta         = []byte("meta")
	bucketArticles     = []byte("articles")
	bucketArticlesTime = []byte("articles_by_time")
	bucketArticlesURL  = []byte("articles_by_url")
	bucketSubscribers  = []byte("subscribers")
	bucketAdmins       = []byte("admins")
	bucketJobs         = []byte("jobs")
	bucketJobsOpen     = []byte("jobs_open")
	// The search index's buckets (search_*) are package search's.
	keySchemaVersion = []byte("schema_version")
	keyUpdateOffset  = []byte("update_offset")
)

// migrations[i] brings a database from schema version i to i+1. Append only;
// never edit a migration that has shipped.
var migrations = []func(tx *bolt.Tx) error{
	createBuckets(bucketMeta, bucketArticles, bucketArticlesTime, bucketArticlesURL,
		bucketSubscribers, bucketAdmins, bucketJobs, bucketJobsOpen),
	// 2: the full-text search index, built from the articles already stored.
	func(tx *bolt.Tx) error { return search.Build(context.Background(), tx, storedArticles{}) },
	// 3: visit counting (DB.CommitUpdates, DB.VisitStats).
	createBuckets(bucketVisitDays, bucketVisitDayPeople, bucketVisitMonths, bucketVisitMonthPeople, bucketArticleViews),
	// 4: the state of each polled source (SourceState).
	createBuckets(bucketSources),
	// 5: the audit log of admin actions (DB.AppendAudit).
	createBuckets(bucketAudit),
	// 6: closed mode's join requests (DB.RequestJoin) and invite links (DB.CreateInvite).
	createBuckets(bucketJoinRequests, bucketInvites, bucketInviteCodes),
	// 7: acknowledgements of directives and reminders (DB.RecordAck).
	createBuckets(bucketAcks, bucketReminders),
	// 8: articles queued for the daily digest (DB.StartDigest).
	createBuckets(bucketArrivals),
	// 9: keyword alerts (DB.AddAlert) and audiences (DB.PutUnit).
	createBuckets(bucketAlerts, bucketAlertsByChat, bucketUnits),
	// 10: sources added by admins in the bot (AddedSource).
	createBuckets(bucketSourcesAdded),
	// 11: the articles taken back out (DB.DeleteArticle).
	createBuckets(bucketArticlesDeleted),
	// 12: the updates in flight, for the poison quarantine (DB.BeginUpdates).
	createBuckets(bucketInFlight),
	// 13: updates the webhook accepted and has not yet handled (DB.AcceptUpdate).
	createBuckets(bucketAccepted),
	// 14: the updates handled lately, the webhook's duplicate check (isHandled).
	createBuckets(bucketHandled),
	// 15: articles stored as binary records (encodeArticle), not JSON;
	// Open rewrites those stored before.
	startRecordRewrite,
	// 16: the search index rebuilt in format 3, with title terms.
	func(tx *bolt.Tx) error { return search.Build(context.Background(), tx, storedArticles{}) },
}

// SchemaVersion is the schema this newsbot writes.
func SchemaVersion() int { return len(migrations) }

func createBuckets(names ...[]byte) func(tx *bolt.Tx) error {
	return func(tx *bolt.Tx) error {
		for _, n := range names {
			if _, err := tx.CreateBucketIfNotExists(n); err != nil {
				return fmt.Errorf("create bucket %s: %w", n, err)
			}
		}
		return nil
	}
}

// migrate runs the migrations the file has not seen, in one transaction.
func (db *DB) migrate() error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		v := 0
		if meta := tx.Bucket(bucketMeta); meta != nil {
			if b := meta.Get(keySchemaVersion); len(b) == 8 {
				v = int(binary.BigEndian.Uint64(b))
			}
		}
		if v > len(migrations) {
			return fmt.Errorf("schema version %d, this newsbot knows up to %d: %w", v, len(migrations), ErrSchemaTooNew)
		}
		for ; v < len(migrations); v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("migrate schema to version %d: %w", v+1, err)
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchemaVersion, u64(uint64(v)))
	})
}

// StoredSchemaVersion returns the schema version recorded in the file.
func (db *DB) StoredSchemaVersion() (int, error) {
	v := 0
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bucketMeta); meta != nil {
			if b := meta.Get(keySchemaVersion); len(b) == 8 {
				v = int(binary.BigEndian.Uint64(b))
			}
		}
		return nil
	})
	return v, err
}

func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

// chatKey encodes a chat ID (negative for groups) as an 8-byte key.
func chatKey(id int64) []byte { return u64(uint64(id)) }

func chatFromKey(k []byte) int64 { return int64(binary.BigEndian.Uint64(k)) }
