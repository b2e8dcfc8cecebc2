package content

import "time"

// DefaultPushMaxAge is how old an article may be and still be pushed when
// it is found: the sources' push_max_age, the inbox's and `newsbot import`'s
// default. An older one is stored quietly (listed, searchable, not pushed):
// old articles are not news.
const DefaultPushMaxAge = 72 * time.Hour

// TooOldToPush reports whether an article published at published is older
// than maxAge at now, and so is to be stored without a push. maxAge 0 (or
// less) means no limit, and a zero published time (undated) is never too
// old.
func TooOldToPush(published, now time.Time, maxAge time.Duration) bool {
	return maxAge > 0 && !published.IsZero() && now.Sub(published) > maxAge
}
