// Package content is newsbot's domain: articles (Article, Image, Attachment,
// Category), subscribers and the rules of who gets what (Subscriber, Unit,
// Membership, Invite), push jobs (Job), receipts, visits, alerts (Alert) and
// the audit trail (AuditEntry), with every sentinel error of the domain
// (ErrNotFound, ErrBadUnit, …) and Vietnam time (VietnamZone). It also
// holds, for now, the analysis of Vietnamese text (Normalize, Tokenize,
// ParseQuery, Snippet, GuessCategory) and the alert matching index
// (AlertIndex).
//
// It owns no I/O: no files, network, database or Telegram. It imports none
// of newsbot's other packages (store, bot, cmd/newsbot and the sub-packages
// of content all import it, never the reverse), and its production code does
// not import content/contenttest.
package content
