package bot

import (
	"context"
	"log/slog"

	"newsbot/content"
)

// Auditor keeps the audit log of admin actions.
type Auditor interface {
	// AppendAudit records e, stamping its sequence number (and time, if
	// zero); the time is kept in UTC, and /audit shows it in Vietnam time.
	AppendAudit(ctx context.Context, e content.AuditEntry) (content.AuditEntry, error)
	// Audit returns up to n entries, newest first.
	Audit(ctx context.Context, n int) ([]content.AuditEntry, error)
}

// audit records that r's sender did action to detail. The action has already
// happened, so a failure to record it is logged, not returned.
func (b *Bot) audit(ctx context.Context, r *Request, action, detail string) {
	e := content.AuditEntry{At: b.now(), Action: action, Detail: detail}
	if r.User != nil {
		e.UserID = r.User.ID
	}
	if _, err := b.store.AppendAudit(ctx, e); err != nil {
		b.log.Error("audit log", slog.String("action", action), slog.Int64("user", e.UserID), slog.Any("err", err))
	}
}
