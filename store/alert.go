package store

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// Keyword alerts live in two buckets: alerts maps an alert's ID to its JSON
// content.Alert, alerts_by_chat lists each chat's alerts (chat key + alert
// ID → empty). The matching index (alertIndex) is rebuilt from them
// at Open and kept in step by AddAlert and DeleteAlert.
var (
	bucketAlerts       = []byte("alerts")
	bucketAlertsByChat = []byte("alerts_by_chat")
	// bucketJobAlerts, inside a job's bucket, maps a recipient's chat key to
	// the text of the alert that brought it the article.
	bucketJobAlerts = []byte("alerts")
)

// loadAlerts fills the matching index from the stored alerts. Only an
// unreadable record is an error.
func (db *DB) loadAlerts() error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAlerts)
		if b == nil {
			return nil // a read-only file not yet migrated
		}
		return b.ForEach(func(k, v []byte) error {
			var a content.Alert
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("alert %d: %w", binary.BigEndian.Uint64(k), err)
			}
			// An alert a later newsbot no longer accepts (stricter
			// rules) matches nothing but stays listed, so its owner can
			// delete it; it must not stop the bot from starting.
			_ = db.alerts.Add(a)
			return nil
		})
	})
}

// AddAlert saves text as a keyword alert of chatID and returns it. It fails,
// saving nothing, with an error wrapping content.ErrAlertEmpty or
// content.ErrAlertTooLong when text is not a valid alert,
// content.ErrTooManyAlerts when the chat already keeps
// content.MaxAlertsPerChat alerts, and content.ErrAlertDuplicate when it
// keeps one that matches the same articles. Articles published after
// AddAlert returns are matched against the alert.
func (db *DB) AddAlert(ctx context.Context, chatID int64, text string) (content.Alert, error) {
	q, err := content.ParseAlert(text)
	if err != nil {
		return content.Alert{}, fmt.Errorf("store: add alert of chat %d: %w", chatID, err)
	}
	a := content.Alert{ChatID: chatID, Text: strings.TrimSpace(text), Created: db.now()}
	err = db.update(ctx, func(tx *bolt.Tx) error {
		mine, err := chatAlerts(tx, chatID)
		if err != nil {
			return err
		}
		for _, m := range mine {
			if mq, err := content.ParseAlert(m.Text); err == nil && mq.Key() == q.Key() {
				return content.ErrAlertDuplicate
			}
		}
		if len(mine) >= content.MaxAlertsPerChat {
			return content.ErrTooManyAlerts
		}
		b := tx.Bucket(bucketAlerts)
		if a.ID, err = b.NextSequence(); err != nil {
			return err
		}
		v, err := json.Marshal(a)
		if err != nil {
			return err
		}
		if err := b.Put(u64(a.ID), v); err != nil {
			return err
		}
		return tx.Bucket(bucketAlertsByChat).Put(alertChatKey(chatID, a.ID), nil)
	})
	if err != nil {
		return content.Alert{}, fmt.Errorf("store: add alert of chat %d: %w", chatID, err)
	}
	if err := db.alerts.Add(a); err != nil { // cannot fail: the text parsed above
		return content.Alert{}, fmt.Errorf("store: index alert %d: %w", a.ID, err)
	}
	return a, nil
}

// Alerts returns chatID's alerts, oldest first (none is not an error).
func (db *DB) Alerts(ctx context.Context, chatID int64) ([]content.Alert, error) {
	var out []content.Alert
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		out, err = chatAlerts(tx, chatID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: alerts of chat %d: %w", chatID, err)
	}
	return out, nil
}

// deleteAlertTx deletes alert id of chatID from both alert buckets; the
// caller removes it from the matching index (db.alerts) once tx commits.
func deleteAlertTx(tx *bolt.Tx, chatID int64, id uint64) error {
	if err := tx.Bucket(bucketAlertsByChat).Delete(alertChatKey(chatID, id)); err != nil {
		return err
	}
	return tx.Bucket(bucketAlerts).Delete(u64(id))
}

// DeleteAlert deletes alert id of chatID and returns it. An alert that does
// not exist or belongs to another chat is left alone and reported with an
// error wrapping ErrNotFound. No article published after DeleteAlert
// returns is matched against the alert.
func (db *DB) DeleteAlert(ctx context.Context, chatID int64, id uint64) (content.Alert, error) {
	var a content.Alert
	err := db.update(ctx, func(tx *bolt.Tx) error {
		byChat := tx.Bucket(bucketAlertsByChat)
		key := alertChatKey(chatID, id)
		if byChat.Get(key) == nil {
			return ErrNotFound
		}
		var err error
		if a, err = getAlert(tx, id); err != nil {
			return err
		}
		return deleteAlertTx(tx, chatID, id)
	})
	if err != nil {
		return content.Alert{}, fmt.Errorf("store: delete alert %d of chat %d: %w", id, chatID, err)
	}
	db.alerts.Remove(id)
	return a, nil
}

// alertChatKey is the alerts_by_chat key of alert id of chatID.
func alertChatKey(chatID int64, id uint64) []byte {
	return append(chatKey(chatID), u64(id)...)
}

func getAlert(tx *bolt.Tx, id uint64) (content.Alert, error) {
	var a content.Alert
	v := tx.Bucket(bucketAlerts).Get(u64(id))
	if v == nil {
		return a, ErrNotFound
	}
	err := json.Unmarshal(v, &a)
	return a, err
}

// chatAlerts returns chatID's alerts in ID order, which is creation order.
func chatAlerts(tx *bolt.Tx, chatID int64) ([]content.Alert, error) {
	var out []content.Alert
	prefix := chatKey(chatID)
	c := tx.Bucket(bucketAlertsByChat).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		id := binary.BigEndian.Uint64(k[8:])
		a, err := getAlert(tx, id)
		if err != nil {
			return nil, fmt.Errorf("alert %d: %w", id, err)
		}
		out = append(out, a)
	}
	return out, nil
}

// alertRecipients adds to chats, the recipients an article already has by
// category, every subscriber with an alert matching a who wants it pushed
// at once, and returns the text of the alert that matched for each of them
// (for the line "🔔 Theo dõi: «…»" of their notice). queuedAt is when a was
// queued for the digest, zero when it was not (urgent, or addressed to
// units). The rule is content.Subscriber.WantsAlertPush: inactive
// subscribers get nothing, and a digest reader who wants a's category is
// left out when a is queued, since the digest lists it (no second copy); a
// digest reader who does not want the category is alerted at once. A person
// is listed once however many of their alerts match; createJob drops the
// duplicates with the category recipients.
func (db *DB) alertRecipients(tx *bolt.Tx, a content.Article, chats []int64, queuedAt time.Time) ([]int64, map[int64]string, error) {
	matches := db.alerts.Match(a)
	if len(matches) == 0 {
		return chats, nil, nil
	}
	alerted := make(map[int64]string, len(matches))
	for _, m := range matches {
		s, err := getSubscriber(tx, m.ChatID)
		if err == ErrNotFound {
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("subscriber %d: %w", m.ChatID, err)
		}
		// Alerts ride on the subscription (/unsubscribe stops them too),
		// and the digest already brings a to a reader who wants it.
		if !s.WantsAlertPush(a.Category, queuedAt) {
			continue
		}
		chats = append(chats, m.ChatID)
		alerted[m.ChatID] = m.Text
	}
	return chats, alerted, nil
}

// putJobAlerts records, in job's bucket, which alert brought the article to
// each of alerted. A zero job (nobody to notify) records nothing.
func putJobAlerts(tx *bolt.Tx, job content.Job, alerted map[int64]string) error {
	if job.ID == 0 || len(alerted) == 0 {
		return nil
	}
	jb := tx.Bucket(bucketJobs).Bucket(u64(job.ID))
	if jb == nil {
		return fmt.Errorf("job %d: %w", job.ID, ErrNotFound)
	}
	b, err := jb.CreateBucketIfNotExists(bucketJobAlerts)
	if err != nil {
		return err
	}
	// Put in key order, packed: a job for 20 000 people stays small and
	// quick to write.
	chats := slices.SortedFunc(maps.Keys(alerted), func(a, b int64) int { return cmp.Compare(uint64(a), uint64(b)) })
	b.FillPercent = 1
	for _, chat := range chats {
		if err := b.Put(chatKey(chat), []byte(alerted[chat])); err != nil {
			return err
		}
	}
	return nil
}

// jobAlert returns the text of the alert that brought job bucket jb's
// notice to chatID, "" when none did.
func jobAlert(jb *bolt.Bucket, chatID int64) string {
	b := jb.Bucket(bucketJobAlerts)
	if b == nil {
		return ""
	}
	return string(b.Get(chatKey(chatID)))
}
