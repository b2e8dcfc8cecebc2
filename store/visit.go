package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// Visit buckets:
//
//	visit_days:          day "2006-01-02" → visits (8 bytes) | people (8 bytes)
//	visit_day_people:    day | user ID    → nil (who came that day)
//	visit_months:        month "2006-01"  → people (8 bytes)
//	visit_month_people:  month | user ID  → nil
//	article_views:       month | article ID → views (8 bytes)
//
// and meta/visits_total, the all-time figure (a baseline may be set).
var (
	bucketVisitDays        = []byte("visit_days")
	bucketVisitDayPeople   = []byte("visit_day_people")
	bucketVisitMonths      = []byte("visit_months")
	bucketVisitMonthPeople = []byte("visit_month_people")
	bucketArticleViews     = []byte("article_views")
	keyVisitsTotal         = []byte("visits_total")
)

// CommitUpdates records, in one transaction, that every Telegram update below
// offset was handled, together with the visits those updates made. A batch
// whose offset is not beyond the stored one was committed before and is
// ignored, so a replayed update is never counted twice. Either way the
// in-flight records of the updates below offset (BeginUpdates) are deleted,
// each remembered as handled for a day (the webhook's duplicate check).
func (db *DB) CommitUpdates(ctx context.Context, offset int, v content.Visits) error {
	err := db.update(ctx, func(tx *bolt.Tx) error {
		if err := clearInFlight(tx, offset, db.now()); err != nil {
			return err
		}
		m := tx.Bucket(bucketMeta)
		if cur := m.Get(keyUpdateOffset); len(cur) == 8 && int(binary.BigEndian.Uint64(cur)) >= offset {
			return nil
		}
		if err := addVisits(tx, v); err != nil {
			return err
		}
		return m.Put(keyUpdateOffset, u64(uint64(offset)))
	})
	if err != nil {
		return fmt.Errorf("store: commit updates to offset %d: %w", offset, err)
	}
	return nil
}

func addVisits(tx *bolt.Tx, v content.Visits) error {
	var total int64
	for day, dv := range v.Days {
		newPeople, err := addPeople(tx, bucketVisitDayPeople, string(day), dv.People)
		if err != nil {
			return err
		}
		if err := addCounts(tx.Bucket(bucketVisitDays), []byte(day), dv.Visits, newPeople); err != nil {
			return err
		}
		month := string(day[:min(7, len(day))])
		newPeople, err = addPeople(tx, bucketVisitMonthPeople, month, dv.People)
		if err != nil {
			return err
		}
		if err := addCounts(tx.Bucket(bucketVisitMonths), []byte(month), newPeople); err != nil {
			return err
		}
		total += dv.Visits
	}
	for day, views := range v.Views {
		month := string(day[:min(7, len(day))])
		for id, n := range views {
			if err := addCounts(tx.Bucket(bucketArticleViews), []byte(month+id), n); err != nil {
				return err
			}
		}
	}
	return addCounts(tx.Bucket(bucketMeta), keyVisitsTotal, total)
}

// addPeople adds people to the set prefix|id and returns how many were new.
func addPeople(tx *bolt.Tx, bucket []byte, prefix string, people map[int64]struct{}) (int64, error) {
	b := tx.Bucket(bucket)
	var added int64
	for id := range people {
		k := append([]byte(prefix), u64(uint64(id))...)
		if b.Get(k) != nil {
			continue
		}
		if err := b.Put(k, nil); err != nil {
			return 0, err
		}
		added++
	}
	return added, nil
}

// addCounts adds deltas to the 8-byte counters stored one after another at key.
func addCounts(b *bolt.Bucket, key []byte, deltas ...int64) error {
	v := make([]byte, 8*len(deltas))
	copy(v, b.Get(key))
	for i, d := range deltas {
		n := int64(binary.BigEndian.Uint64(v[8*i:])) + d
		binary.BigEndian.PutUint64(v[8*i:], uint64(n))
	}
	return b.Put(key, v)
}

// VisitStats returns the five figures and distinct people for periods p.
func (db *DB) VisitStats(ctx context.Context, p content.Periods) (content.VisitStats, error) {
	var s content.VisitStats
	err := db.view(ctx, func(tx *bolt.Tx) error {
		from := min(p.Yesterday, p.WeekStart, p.MonthStart)
		days, err := visitDays(tx, from, p.Today)
		if err != nil {
			return err
		}
		s.Counter = content.Count(days, p, counter(tx.Bucket(bucketMeta).Get(keyVisitsTotal), 0))
		for _, d := range days {
			if d.Day == p.Today {
				s.PeopleToday = d.People
			}
		}
		s.PeopleMonth = counter(tx.Bucket(bucketVisitMonths).Get([]byte(p.Today[:7])), 0)
		return nil
	})
	if err != nil {
		return content.VisitStats{}, fmt.Errorf("store: visit stats: %w", err)
	}
	return s, nil
}

// VisitHistory returns each day from..to (inclusive) that had visits, in order.
func (db *DB) VisitHistory(ctx context.Context, from, to content.Day) ([]content.DayCount, error) {
	var out []content.DayCount
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		out, err = visitDays(tx, from, to)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: visit history %s..%s: %w", from, to, err)
	}
	return out, nil
}

func visitDays(tx *bolt.Tx, from, to content.Day) ([]content.DayCount, error) {
	var out []content.DayCount
	c := tx.Bucket(bucketVisitDays).Cursor()
	for k, v := c.Seek([]byte(from)); k != nil && string(k) <= string(to); k, v = c.Next() {
		if len(v) != 16 {
			return nil, fmt.Errorf("visit day %s: bad record", k)
		}
		out = append(out, content.DayCount{Day: content.Day(k), Visits: counter(v, 0), People: counter(v, 1)})
	}
	return out, nil
}

func counter(v []byte, i int) int64 {
	if len(v) < 8*(i+1) {
		return 0
	}
	return int64(binary.BigEndian.Uint64(v[8*i:]))
}

// SetVisitsTotal sets the all-time figure, so the bot's "Tất cả" can carry
// on the portal's series. Later visits add to it.
func (db *DB) SetVisitsTotal(ctx context.Context, n int64) error {
	if n < 0 {
		return fmt.Errorf("store: set visits total %d: must not be negative", n)
	}
	err := db.update(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keyVisitsTotal, u64(uint64(n)))
	})
	if err != nil {
		return fmt.Errorf("store: set visits total %d: %w", n, err)
	}
	return nil
}

// AdminStats returns subscribers, articles, the notices delivered by push
// jobs created since since, and the n most viewed articles of month
// ("2006-01"), deleted articles (DeleteArticle) left out.
func (db *DB) AdminStats(ctx context.Context, since time.Time, month string, n int) (content.AdminStats, error) {
	var s content.AdminStats
	err := db.view(ctx, func(tx *bolt.Tx) error {
		if err := eachSubscriber(tx, func(sub content.Subscriber) error {
			switch {
			case sub.Active():
				s.Active++
			case sub.Blocked:
				s.Blocked++
			default:
				s.Stopped++
			}
			return nil
		}); err != nil {
			return err
		}
		s.Articles = tx.Bucket(bucketArticles).Stats().KeyN
		var err error
		if s.PushesSent, err = pushesSince(tx, since); err != nil {
			return err
		}
		s.MostViewed, err = mostViewed(tx, month, n)
		return err
	})
	if err != nil {
		return content.AdminStats{}, fmt.Errorf("store: admin stats: %w", err)
	}
	return s, nil
}

// pushesSince adds up the notices sent by jobs created since t.
func pushesSince(tx *bolt.Tx, t time.Time) (int, error) {
	n := 0
	c := tx.Bucket(bucketJobs).Cursor()
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		if v != nil {
			continue // the sequence counter, not a job
		}
		_, job, err := jobBucket(tx, binary.BigEndian.Uint64(k))
		if err != nil {
			return 0, fmt.Errorf("job %x: %w", k, err)
		}
		if job.Created.Before(t) {
			break
		}
		n += job.Sent
	}
	return n, nil
}

func mostViewed(tx *bolt.Tx, month string, n int) ([]content.ArticleViews, error) {
	var out []content.ArticleViews
	{
		c := tx.Bucket(bucketArticleViews).Cursor()
		prefix := []byte(month)
		for k, v := c.Seek(prefix); k != nil && len(k) > len(prefix) && string(k[:len(prefix)]) == month; k, v = c.Next() {
			av := content.ArticleViews{ArticleID: string(k[len(prefix):]), Views: counter(v, 0)}
			if isDeleted(tx, av.ArticleID) {
				continue // taken back out (DeleteArticle)
			}
			if a, err := getArticle(tx, av.ArticleID); err == nil {
				av.Title = a.Title
			}
			out = append(out, av)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Views > out[j].Views })
	return out[:min(n, len(out))], nil
}
