package content

// SearchHit is one article found by a search. Score is its relevance
// (BM25F times a freshness factor; higher is better; scores compare only
// within one search). Rank is what the hits are ordered by: the ranking
// rules first (a title holding every query word, a number of the query in
// the title, the accents typed), then Score; it is for ordering only, and
// its size means nothing to a person.
type SearchHit struct {
	Article Article
	Score   float64
	Rank    float64
}

// SearchResults is one page of a search.
type SearchResults struct {
	// Total is the number of matching articles. It is exact for queries
	// without quoted phrases. With phrases, candidates are verified lazily,
	// best first, only as far as the requested page needs: Total then counts
	// the verified matches plus the candidates not yet verified (those that
	// hold every adjacent pair of each phrase), so it is an upper bound that
	// may shrink as later pages are requested.
	Total int
	// Hits is the requested page, best first.
	Hits []SearchHit
}
