package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// A job's delivered bucket maps each chat with an outcome to one value:
//
//	sent:            0x01, uvarint(n), varint(id₁), varint(id₂−id₁), …[, varint(date−created)]
//	blocked, failed: outcome byte, the reason's UTF-8 text
//
// A sent value lists the IDs of the messages the notice became in the chat
// (content.Delivery.Messages), the first in full and each later one as the
// step from the one before (zig-zag varints, as encoding/binary writes
// them): a notice's messages are sent one after another, so each step is
// small and one byte. Then, when known, the date Telegram gave the first
// message (content.Delivery.Sent), in seconds after the job was created:
// a push reaches its chats within minutes or hours of it, so 2 or 3 bytes.
// A sent value of the outcome byte alone (recorded before message IDs were
// kept, or when Telegram's answer did not say) has no messages; one
// without the date (recorded before dates were kept) has no date. A
// message of ID 1 000 000 sent 20 minutes into its push costs 1 + 1 + 3 + 2
// bytes; each further part of the same notice about 1 more.

// maxDeliveredMessages bounds the message IDs kept for one recipient: a
// notice is a handful of messages (a picture, a text cut in parts) and the
// documents that follow it. Values written under the earlier bound (16)
// decode under this one.
const maxDeliveredMessages = 40

// encodeDelivery is the delivered bucket's value for d, an outcome of a job
// created at created.
func encodeDelivery(d content.Delivery, created time.Time) []byte {
	if d.Outcome != content.OutcomeSent {
		return append([]byte{byte(d.Outcome)}, d.Reason...)
	}
	ids := d.Messages[:min(len(d.Messages), maxDeliveredMessages)]
	if len(ids) == 0 {
		return []byte{byte(d.Outcome)}
	}
	v := make([]byte, 0, 2+binary.MaxVarintLen32+len(ids)+4)
	v = append(v, byte(d.Outcome))
	v = binary.AppendUvarint(v, uint64(len(ids)))
	prev := 0
	for _, id := range ids {
		v = binary.AppendVarint(v, int64(id-prev))
		prev = id
	}
	if !d.Sent.IsZero() {
		v = binary.AppendVarint(v, d.Sent.Unix()-created.Unix())
	}
	return v
}

// errBadDelivery means a delivered value could not be decoded.
var errBadDelivery = errors.New("malformed delivery record")

// decodeDelivery reads a delivered bucket's value for chatID in a job
// created at created.
func decodeDelivery(chatID int64, v []byte, created time.Time) (content.Delivery, error) {
	if len(v) == 0 {
		return content.Delivery{}, fmt.Errorf("chat %d: %w: empty", chatID, errBadDelivery)
	}
	d := content.Delivery{ChatID: chatID, Outcome: content.Outcome(v[0])}
	if d.Outcome != content.OutcomeSent {
		d.Reason = string(v[1:])
		return d, nil
	}
	rest := v[1:]
	if len(rest) == 0 {
		return d, nil
	}
	n, k := binary.Uvarint(rest)
	if k <= 0 || n > maxDeliveredMessages {
		return content.Delivery{}, fmt.Errorf("chat %d: %w: count", chatID, errBadDelivery)
	}
	rest = rest[k:]
	d.Messages = make([]int, 0, n)
	prev := int64(0)
	for range n {
		step, k := binary.Varint(rest)
		if k <= 0 {
			return content.Delivery{}, fmt.Errorf("chat %d: %w: message ID", chatID, errBadDelivery)
		}
		rest, prev = rest[k:], prev+step
		d.Messages = append(d.Messages, int(prev))
	}
	if len(rest) != 0 && n > 0 {
		secs, k := binary.Varint(rest)
		if k <= 0 {
			return content.Delivery{}, fmt.Errorf("chat %d: %w: date", chatID, errBadDelivery)
		}
		rest, d.Sent = rest[k:], time.Unix(created.Unix()+secs, 0).UTC()
	}
	if len(rest) != 0 {
		return content.Delivery{}, fmt.Errorf("chat %d: %w: trailing bytes", chatID, errBadDelivery)
	}
	return d, nil
}

// Deliveries returns up to max of job id's recorded outcomes, in chat ID
// order after chat after (0: from the start; the order of chatKey, in which
// negative group IDs come after every person's), each with the messages
// the notice became when it was sent. Pending recipients are not listed. An
// unknown job is an error wrapping ErrNotFound. Safe for concurrent use.
func (db *DB) Deliveries(ctx context.Context, id uint64, after int64, max int) ([]content.Delivery, error) {
	var out []content.Delivery
	err := db.view(ctx, func(tx *bolt.Tx) error {
		jb, job, err := jobBucket(tx, id)
		if err != nil {
			return err
		}
		c := jb.Bucket(bucketDelivered).Cursor()
		k, v := c.First()
		if after != 0 {
			k, v = c.Seek(chatKey(after))
			if k != nil && chatFromKey(k) == after {
				k, v = c.Next()
			}
		}
		for ; k != nil && len(out) < max; k, v = c.Next() {
			d, err := decodeDelivery(chatFromKey(k), v, job.Created)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: deliveries of job %d: %w", id, err)
	}
	return out, nil
}
