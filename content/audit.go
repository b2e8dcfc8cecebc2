package content

import "time"

// AuditEntry is one admin action in the audit log: who did what, when.
type AuditEntry struct {
	// Seq orders the log; the store assigns it.
	Seq uint64    `json:"seq"`
	At  time.Time `json:"at"`
	// UserID is the admin's Telegram user ID; 0 for the command line.
	UserID int64 `json:"user_id,omitempty"`
	// Action names what was done, e.g. "broadcast", "admin.add", "job.cancel".
	Action string `json:"action"`
	// Detail says to what, in a few words (a job ID, a user ID, a title).
	Detail string `json:"detail,omitempty"`
}

// Audit actions recorded by the bot and the command line.
const (
	AuditAdminAdd     = "admin.add"
	AuditAdminRemove  = "admin.remove"
	AuditBroadcast    = "broadcast"
	AuditJobCancel    = "job.cancel"
	AuditSourcePause  = "source.pause"
	AuditSourceResume = "source.resume"
	AuditStatsTotal   = "stats.set-total"
	// Publishing from the bot and acknowledgement reminders.
	AuditPost          = "post"
	AuditReceiptRemind = "receipts.remind"
	// Sources added and removed in the bot (/sources add, /sources remove).
	AuditSourceAdd    = "source.add"
	AuditSourceRemove = "source.remove"
	// Units created, renamed or deleted (/units); people assigned to units
	// or taken out of them by an admin (/units assign, newsbot unit assign).
	AuditUnitPut      = "unit.put"
	AuditUnitDelete   = "unit.delete"
	AuditUnitAssign   = "unit.assign"
	AuditUnitUnassign = "unit.unassign"
)
