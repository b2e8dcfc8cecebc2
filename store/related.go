package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/content/vi"
)

// relatedPairs caps the title word pairs Related searches for.
const relatedPairs = 12

// relatedScan caps the newest articles Related looks through to fill up
// with articles of the same category.
const relatedScan = 200

// Related returns up to n articles related to the article id, most related
// first, never the article itself: those that share the most, and the
// rarest, adjacent word pairs of its title (each pair searched as a quoted
// phrase, the hits' relevance (SearchHit.Score, never the ranking tier)
// summed; ties go to the newer article), then, to
// fill up, the newest of its category. It returns fewer when the store has
// fewer, and an error wrapping ErrNotFound for an unknown id.
func (db *DB) Related(ctx context.Context, id string, n int) ([]content.Article, error) {
	a, err := db.Article(ctx, id)
	if err != nil {
		return nil, err
	}
	if n <= 0 {
		return nil, nil
	}
	type scored struct {
		a     content.Article
		score float64
	}
	byID := map[string]*scored{}
	for _, q := range titlePairs(a.Title) {
		res, err := db.Search(ctx, q, 0, n+1)
		if err != nil {
			return nil, fmt.Errorf("store: related to %s: %w", id, err)
		}
		for _, h := range res.Hits {
			if h.Article.ID == id {
				continue
			}
			if s := byID[h.Article.ID]; s != nil {
				s.score += h.Score
			} else {
				byID[h.Article.ID] = &scored{a: h.Article, score: h.Score}
			}
		}
	}
	var all []*scored
	for _, s := range byID {
		all = append(all, s)
	}
	slices.SortFunc(all, func(x, y *scored) int {
		if c := cmp.Compare(y.score, x.score); c != 0 {
			return c
		}
		if c := y.a.Published.Compare(x.a.Published); c != 0 {
			return c
		}
		return cmp.Compare(x.a.ID, y.a.ID)
	})
	out := make([]content.Article, 0, n)
	seen := map[string]bool{id: true}
	for _, s := range all[:min(n, len(all))] {
		out = append(out, s.a)
		seen[s.a.ID] = true
	}
	if len(out) == n {
		return out, nil
	}
	err = db.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketArticlesTime).Cursor()
		k, _ := c.Last()
		for i := 0; k != nil && i < relatedScan && len(out) < n; k, _ = c.Prev() {
			i++
			other := string(k[8:])
			if seen[other] {
				continue
			}
			b, err := getArticle(tx, other)
			if err != nil {
				return fmt.Errorf("article %s: %w", other, err)
			}
			if b.Category == a.Category {
				out = append(out, b)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: related to %s: %w", id, err)
	}
	return out, nil
}

// titlePairs returns the distinct adjacent syllable pairs of title, each as
// a quoted-phrase query, at most relatedPairs.
func titlePairs(title string) []vi.Query {
	var syl []vi.Token
	for _, t := range vi.Tokenize(title) {
		if !t.IsCompound() {
			syl = append(syl, t)
		}
	}
	var out []vi.Query
	seen := map[string]bool{}
	for i := 0; i+1 < len(syl) && len(out) < relatedPairs; i++ {
		if syl[i+1].Pos != syl[i].Pos+1 {
			continue
		}
		p := `"` + syl[i].Term + " " + syl[i+1].Term + `" `
		if seen[p] {
			continue
		}
		seen[p] = true
		out = append(out, vi.ParseQuery(p, 0))
	}
	return out
}
