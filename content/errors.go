package content

import "errors"

// ErrNotFound means a requested record (article, subscriber, unit, alert,
// job…) does not exist. Stores wrap it, so callers test with errors.Is and
// tell "not there" from a failure they must report.
var ErrNotFound = errors.New("not found")

// ErrJobDone means a push job has already finished or been cancelled, so
// there is nothing left to cancel.
var ErrJobDone = errors.New("push job already finished or cancelled")

// ErrDocumentTooLarge means an attachment is larger than Telegram takes
// (50 MB by upload, 20 MB by URL) or than a download may be; it is linked
// instead of sent.
var ErrDocumentTooLarge = errors.New("document too large to send")

// ErrDocumentRefused means an attachment's name or first bytes are not one
// of the document types newsbot sends (PDF, DOC, DOCX, XLS, XLSX, ODT, ZIP,
// RAR), e.g. an HTML page served as ".pdf".
var ErrDocumentRefused = errors.New("not an accepted document type")
