package store

import (
	"context"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/store/search"
)

// Publication is one article for ImportArticles, with its options.
type Publication struct {
	Article content.Article
	Options PublishOptions
}

// BatchPublished says what ImportArticles did with one Publication.
type BatchPublished struct {
	Published
	// Err, when not nil, says why this article was refused (it names a
	// unit that does not exist: it wraps content.ErrUnknownUnit); nothing
	// of it was written, and the batch's other articles were published.
	Err error
}

// ImportBatch is a batch of publications with their articles' search terms
// analysed, ready for ImportArticles (AnalyzeBatch).
type ImportBatch struct {
	ps       []Publication
	articles []content.Article // ps' articles, each with its ID
	// terms is the articles' analysis, inverted too for ImportArticles.
	terms *search.Batch
}

// AnalyzeBatch prepares ps for ImportArticles: it gives each article
// without an ID its derived one and analyses its search terms, on all CPUs
// (GOMAXPROCS), one analyser per CPU, then groups the batch's postings by
// term for the merge. Analysis is most of the CPU that storing an article
// takes; AnalyzeBatch touches no database, so an import analyses the next
// batch while one is stored. It is safe to call from many goroutines.
func AnalyzeBatch(ps []Publication) *ImportBatch {
	return analyzePublications(ps, true)
}

// analyzePublications is AnalyzeBatch; invert says whether the batch is
// for ImportArticles, which needs its terms inverted too.
func analyzePublications(ps []Publication, invert bool) *ImportBatch {
	articles := make([]content.Article, len(ps))
	for i, p := range ps {
		articles[i] = p.Article
		if articles[i].ID == "" {
			articles[i].ID = articles[i].DeriveID()
		}
	}
	return &ImportBatch{ps: ps, articles: articles, terms: search.AnalyzeBatch(articles, invert)}
}

// ImportArticles is PublishArticleWith for one batch of a long import,
// analysed beforehand by AnalyzeBatch (b is not changed): one write
// transaction (one fsync) stores them all, with their search index entries
// and, for those not Quiet, their push jobs. It returns one result per
// publication, in order. An article already stored, or earlier in the same
// batch (same ID or source URL), is reported with Created false; an article
// refused on its own (see BatchPublished.Err) does not fail the others. Any
// other error fails the whole batch: nothing is written, and the error is
// returned. An empty batch writes nothing. The search
// index's tail (its recently added documents, searched apart from the main
// postings) is merged into the main postings only when, at the end of the
// batch's transaction, it holds at least mergeAt documents, and then once.
// A merge finds and rewrites the last posting block of every term the tail
// holds, dirtying pages all over the index, so an import with a mergeAt of
// many thousands merges a few times instead of once every thousand
// articles, and writes each page fewer times. A mergeAt below the usual
// threshold counts as the usual threshold. Searches find the same
// articles, with the same scores, whatever the tail's size. After the last
// batch, MergeSearchTail leaves the index as small and quick to load as
// usual. The DB keeps the batches imported since the last merge, grouped
// by term (about 12 bytes a posting), and a merge takes the postings from
// there rather than decoding the tail again, as long as the tail holds
// exactly their documents (anything else written to the index meanwhile
// makes the merge read the tail). Calls are serialised.
func (db *DB) ImportArticles(ctx context.Context, b *ImportBatch, mergeAt int) ([]BatchPublished, error) {
	return db.publishArticles(ctx, b, max(mergeAt, 1))
}

// MergeSearchTail merges the search index's tail into the main postings,
// in one write transaction; it does nothing when the tail is empty. An
// import by ImportArticles calls it at the end.
func (db *DB) MergeSearchTail(ctx context.Context) error {
	if err := db.search.MergeTail(ctx); err != nil {
		return fmt.Errorf("store: merge the search tail: %w", err)
	}
	return nil
}

// publishArticles stores batch in one write transaction; with mergeAt not
// 0, the tail is merged only at the end of the transaction, when it holds
// mergeAt documents (ImportArticles).
func (db *DB) publishArticles(ctx context.Context, batch *ImportBatch, mergeAt int) ([]BatchPublished, error) {
	ps, articles := batch.ps, batch.articles
	if len(ps) == 0 {
		return nil, ctx.Err()
	}
	out := make([]BatchPublished, len(ps))
	publish := func(tx *bolt.Tx, d *search.Delta) error {
		for i, p := range ps {
			a := articles[i]
			res, err := db.publishTx(tx, d, a, p.Options, batch.terms.Terms(i))
			switch {
			case errors.Is(err, content.ErrUnknownUnit): // refused before any write
				out[i] = BatchPublished{Published: Published{Article: a}, Err: fmt.Errorf("store: publish article %s: %w", a.ID, err)}
			case err != nil:
				return fmt.Errorf("article %s: %w", a.ID, err)
			default:
				out[i] = BatchPublished{Published: res}
			}
		}
		return nil
	}
	var err error
	if mergeAt == 0 {
		err = db.search.Update(ctx, publish)
	} else {
		err = db.search.Import(ctx, batch.terms, mergeAt, func(tx *bolt.Tx, d *search.Delta) ([]bool, error) {
			if err := publish(tx, d); err != nil {
				return nil, err
			}
			indexed := make([]bool, len(out))
			for i, r := range out {
				indexed[i] = r.Created && r.Err == nil
			}
			return indexed, nil
		})
	}
	if err != nil {
		return nil, fmt.Errorf("store: publish %d articles: %w", len(ps), err)
	}
	return out, nil
}
