package store

// SetSearchTailMax sets how many added articles the search index keeps in
// its tail before merging them into the main postings.
func SetSearchTailMax(db *DB, n int) { db.tailMax = max(1, n) }
