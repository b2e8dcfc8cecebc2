package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// Digest readers (content.Subscriber.Digest) get no message per article;
// each article that is pushed and not urgent is queued instead in
// articles_by_arrival, keyed by when it was stored, and the daily digest run
// lists to each reader the queued articles of its window.
var (
	bucketArrivals = []byte("articles_by_arrival")
	keyDigestLast  = []byte("digest_last")
)

// arrivalKeep is how long queued articles are kept after the run that
// covered them started, a margin for a run still being delivered.
const arrivalKeep = 7 * 24 * time.Hour

// pruneArrivals drops the queued articles that arrived before t.
func pruneArrivals(tx *bolt.Tx, t time.Time) error {
	c := tx.Bucket(bucketArrivals).Cursor()
	end := arrivalKey(t, "")
	for k, _ := c.First(); k != nil && string(k) < string(end); k, _ = c.First() {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

// maxDigestArticles bounds the articles DigestArticles returns.
const maxDigestArticles = 100

// pushRecipients lists the chats that get a's notice now and, unless it is
// urgent (everyone gets it at once), queues a for the digest readers, with
// now as its arrival time. It reports whether it queued a.
func pushRecipients(tx *bolt.Tx, a content.Article, urgent bool, now time.Time) (chats []int64, queued bool, err error) {
	if !urgent {
		if err := tx.Bucket(bucketArrivals).Put(arrivalKey(now, a.ID), nil); err != nil {
			return nil, false, err
		}
	}
	chats, err = recipientsFor(tx, a.Category, urgent)
	return chats, !urgent, err
}

// arrivalKey sorts by arrival time to the nanosecond, then ID.
func arrivalKey(t time.Time, id string) []byte {
	k := make([]byte, 8, 8+len(id))
	binary.BigEndian.PutUint64(k, uint64(t.UnixNano())+1<<63)
	return append(k, id...)
}

// StartDigest starts the digest run due at due, unless one started at or
// after due already: in one transaction it records until as the last run's
// time and creates a push job (content.Job.Digest set) for the digest
// readers with at least one article in their window (see
// content.Subscriber.InDigest), arrivals from the previous run's time to
// until. Because the job and the run's time commit together, a crash never
// loses a run, and a restart never starts one twice. It returns the job (a
// zero Job when nobody has anything to read) and whether a run started.
func (db *DB) StartDigest(ctx context.Context, due, until time.Time) (content.Job, bool, error) {
	var job content.Job
	started := false
	err := db.update(ctx, func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		var last time.Time
		if v := meta.Get(keyDigestLast); v != nil {
			if err := last.UnmarshalBinary(v); err != nil {
				return fmt.Errorf("last digest time: %w", err)
			}
		}
		if !last.IsZero() && !last.Before(due) {
			return nil
		}
		run := content.DigestRun{From: last, Until: until}
		chats, err := digestReaders(tx, run)
		if err != nil {
			return err
		}
		if job, err = createJob(tx, content.Job{Digest: &run, Created: until}, chats); err != nil {
			return err
		}
		v, err := until.MarshalBinary()
		if err != nil {
			return err
		}
		started = true
		if err := pruneArrivals(tx, last.Add(-arrivalKeep)); err != nil {
			return err
		}
		return meta.Put(keyDigestLast, v)
	})
	if err != nil {
		return content.Job{}, false, fmt.Errorf("store: start digest due %s: %w", due.Format(time.RFC3339), err)
	}
	return job, started, nil
}

// digestReaders lists the chats with something to read in run.
func digestReaders(tx *bolt.Tx, run content.DigestRun) ([]int64, error) {
	queued, err := arrivals(tx, run.From, run.Until, 0)
	if err != nil || len(queued) == 0 {
		return nil, err
	}
	var ids []int64
	err = eachSubscriber(tx, func(s content.Subscriber) error {
		if len(digestOf(s, run, queued, 1)) > 0 {
			ids = append(ids, s.ChatID)
		}
		return nil
	})
	return ids, err
}

// arrival is one queued article.
type arrival struct {
	at time.Time
	a  content.Article
}

// arrivals returns the queued articles that arrived in [from, until),
// oldest first; max > 0 keeps the newest max. Articles deleted since are
// left out.
func arrivals(tx *bolt.Tx, from, until time.Time, max int) ([]arrival, error) {
	var out []arrival
	c := tx.Bucket(bucketArrivals).Cursor()
	end := arrivalKey(until, "")
	for k, _ := c.Seek(arrivalKey(from, "")); k != nil && string(k) < string(end); k, _ = c.Next() {
		a, err := getArticle(tx, string(k[8:]))
		if err == ErrNotFound {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("article %s: %w", k[8:], err)
		}
		at := time.Unix(0, int64(binary.BigEndian.Uint64(k[:8])-1<<63))
		out = append(out, arrival{at: at, a: a})
		if max > 0 && len(out) > max {
			out = out[1:]
		}
	}
	return out, nil
}

// digestOf returns the articles of queued in s's digest of run, newest
// first, at most max (max <= 0: all).
func digestOf(s content.Subscriber, run content.DigestRun, queued []arrival, max int) []content.Article {
	var out []content.Article
	for i := len(queued) - 1; i >= 0 && (max <= 0 || len(out) < max); i-- {
		if q := queued[i]; s.InDigest(run, q.a.Category, q.at) {
			out = append(out, q.a)
		}
	}
	return out
}

// DigestArticles returns what chatID's digest of job jobID lists: the
// articles of its window that it wants, newest first, at most 100. It
// returns none for a chat with nothing to read (it changed its categories
// since the run started) and an error wrapping ErrNotFound for an unknown
// job or chat, or a job that is not a digest.
func (db *DB) DigestArticles(ctx context.Context, jobID uint64, chatID int64) ([]content.Article, error) {
	var out []content.Article
	err := db.view(ctx, func(tx *bolt.Tx) error {
		_, job, err := jobBucket(tx, jobID)
		if err != nil {
			return err
		}
		if job.Digest == nil {
			return ErrNotFound
		}
		s, err := getSubscriber(tx, chatID)
		if err != nil {
			return err
		}
		from, ok := s.DigestFrom(*job.Digest)
		if !ok {
			return nil
		}
		queued, err := arrivals(tx, from, job.Digest.Until, 0)
		if err != nil {
			return err
		}
		out = digestOf(s, *job.Digest, queued, maxDigestArticles)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: digest of job %d for chat %d: %w", jobID, chatID, err)
	}
	return out, nil
}
