// Package search is newsbot's full-text search engine over the stored
// articles: the index format in bbolt (terms, posting blocks with impacts,
// the tail of recent documents), the index build (Build, Index.Reindex)
// and its upkeep within the caller's write transactions (Index.Add,
// Index.Remove, tail merges), query evaluation (BM25F with block-max
// pruning), ranking, and the in-memory state that queries use.
//
// It imports content, content/vi and bbolt, never store: store owns the
// transactions and the articles (read through Articles), and calls into
// this package.
package search
