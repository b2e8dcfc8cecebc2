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

// Errors of the polled sources: adding, removing, pausing one. The source
// poller (content/source), the store and the bot's /sources return them,
// wrapped, so callers test with errors.Is and each becomes one answer.
var (
	// ErrSourceExists means the name is used already, by a source of the
	// sources file or one added in the bot; nothing is added.
	ErrSourceExists = errors.New("source name in use")
	// ErrUnknownSource means no source has that name; nothing changes.
	ErrUnknownSource = errors.New("unknown source")
	// ErrSourceInFile means the source is defined in the sources file,
	// which neither the poller nor the bot changes; it is not removed.
	ErrSourceInFile = errors.New("source defined in the sources file")
	// ErrTooManySources means as many sources as allowed are added in the
	// bot already; nothing is added.
	ErrTooManySources = errors.New("too many sources added in the bot")
)
