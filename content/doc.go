// Package content is newsbot's domain: articles (Article, Image, Attachment,
// Category), subscribers and the rules of who gets what (Subscriber, Unit,
// Membership, Invite), push jobs (Job), receipts, visits, alerts (Alert) and
// the audit trail (AuditEntry), with every sentinel error of the domain
// (ErrNotFound, ErrBadUnit, …), Vietnam time (VietnamZone), and the rules
// that read titles: category guessing (GuessCategory), urgency (IsUrgent)
// and what an alert matches (ParseAlert, AlertQuery).
//
// It owns no I/O: no files, network, database or Telegram. Of newsbot's
// packages it imports only content/vi, the Vietnamese text engine (store,
// bot, cmd/newsbot and the other sub-packages of content import content,
// never the reverse), and its production code does not import
// content/contenttest.
package content
