package content

import "errors"

// ErrNotFound means a requested record (article, subscriber, unit, alert,
// job…) does not exist. Stores wrap it, so callers test with errors.Is and
// tell "not there" from a failure they must report.
var ErrNotFound = errors.New("not found")

// ErrJobDone means a push job has already finished or been cancelled, so
// there is nothing left to cancel.
var ErrJobDone = errors.New("push job already finished or cancelled")
