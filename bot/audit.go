package bot

import (
	"context"
	"fmt"
	"strings"
)

// auditShown is how many entries /audit shows.
const auditShown = 20

func (b *Bot) auditRoutes(rt *Router) {
	rt.Command("audit", b.adminOnly(b.handleAudit))
}

// handleAudit shows the latest audit entries, newest first, in Vietnam
// time: when, who (by name when known) and what.
func (b *Bot) handleAudit(ctx context.Context, r *Request) error {
	entries, err := b.store.Audit(ctx, auditShown)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return b.reply(ctx, r, r.Lang.T(msgAuditEmpty), nil)
	}
	lines := []string{r.Lang.N(msgAuditHeader, len(entries), len(entries))}
	names := map[int64]string{}
	for _, e := range entries {
		who, ok := names[e.UserID]
		if !ok {
			who = r.Lang.T(msgAuditCLI)
			if e.UserID != 0 {
				who = b.personName(ctx, e.UserID)
			}
			names[e.UserID] = who
		}
		line := fmt.Sprintf("<code>%s</code> · %s · <b>%s</b>", formatTime(e.At, b.zone), who, escape(e.Action))
		if d := strings.TrimSpace(e.Detail); d != "" {
			line += " · " + escape(truncate(d, 120))
		}
		lines = append(lines, line)
	}
	return b.reply(ctx, r, strings.Join(lines, "\n"), nil)
}
