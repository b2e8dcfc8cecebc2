// Package store keeps newsbot's state in one bbolt file: articles and their
// documents, subscribers, admins, members and invites, units, push jobs and
// receipts, visits, alerts, the audit trail, sources' state, backups and
// restore, the Telegram update offset, and the full-text search index over
// articles; in memory, the index that matches each new article against every
// keyword alert (alertIndex). The schema has a version and append-only migrations
// (SchemaVersion, migrations).
//
// A DB is safe for concurrent use. Public methods open their own
// transaction; private helpers take a *bbolt.Tx. Values returned never alias
// bbolt memory; methods return content's concrete types.
//
// The search index's engine is package store/search (search.Index): the
// writes of articles call it within their own transaction, and DB.Search
// and DB.Reindex delegate to it.
//
// It imports content, content/vi, content/safefile and store/search only; it
// must not import bot, content/source, content/inbox or cmd/newsbot.
package store
