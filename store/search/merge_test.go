package search

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
)

// tailState returns the tail's document count and the merge under way.
func tailState(t *testing.T, db *testDB) (n int, m tailMerge, merging bool) {
	t.Helper()
	err := db.bolt.View(func(tx *bolt.Tx) error {
		b, err := indexBuckets(tx)
		if err != nil {
			return err
		}
		n = b.tailCount()
		m, merging = b.tailMerge()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n, m, merging
}

// Ensure that a tail merge in steps keeps the index whole and searches
// ranking as an exhaustive evaluation after every step, while articles are
// added, deleted (merged in part) and updated between steps, and after the
// database is reopened in the middle of a merge.
func TestTailMergeInSteps(t *testing.T) {
	smallBlocks(t)
	defer func(k int) { mergeStepKeys = k }(mergeStepKeys)
	mergeStepKeys = 700
	articles := shortArticles(11, 260)
	queries := syntheticQueries(articles)
	path := filepath.Join(t.TempDir(), "newsbot.db")
	open := func() *testDB {
		db, err := openTestDB(path, true)
		if err != nil {
			t.Fatal(err)
		}
		db.tailMax = 100
		return db
	}
	db := open()
	defer func() { db.Close() }()
	ctx := context.Background()
	publish := func(as []content.Article) {
		t.Helper()
		if err := db.PublishArticles(ctx, as); err != nil {
			t.Fatal(err)
		}
	}
	publish(articles[:120])
	n, m, merging := tailState(t, db)
	if !merging || n != 120 || m.upTo != 100 || m.next != "" {
		t.Fatalf("after 120 articles: tail %d, merge %+v (%v), want 120 documents and a merge of docnums up to 100", n, m, merging)
	}
	steps := 0
	for {
		done, err := db.mergeTailStep(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if done {
			break
		}
		steps++
		checkIndexContent(t, db)
		compareWithReference(t, db, queries[:8])
		switch steps {
		case 1:
			// Added during the merge: stays in the tail.
			publish(articles[120:150])
		case 2:
			// Deleted, its terms partly merged.
			if err := db.DeleteArticle(ctx, articles[3].ID); err != nil {
				t.Fatal(err)
			}
		case 3:
			a := articles[7]
			a.Title = "Tin sửa: hội nghị cán bộ chủ chốt"
			if err := db.UpdateArticle(ctx, a); err != nil {
				t.Fatal(err)
			}
			db.Close()
			db = open()
		}
	}
	if steps < 4 {
		t.Fatalf("the merge took %d steps, want at least 4", steps)
	}
	n, _, merging = tailState(t, db)
	if merging || n != 51 {
		t.Fatalf("after the merge: tail %d (merging %v), want 51 documents (the 50 added during it and the update)", n, merging)
	}
	checkIndexContent(t, db)
	compareWithReference(t, db, queries)
	// A whole merge in one transaction (as an import does) finishes a
	// merge under way.
	publish(articles[150:])
	if _, _, merging := tailState(t, db); !merging {
		t.Fatal("no merge begun")
	}
	if _, err := db.mergeTailStep(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.MergeTail(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _, merging := tailState(t, db); merging || n != 0 {
		t.Fatalf("after MergeSearchTail: tail %d, merging %v", n, merging)
	}
	checkIndexContent(t, db)
	compareWithReference(t, db, queries)
}

// Ensure that the background merger finishes a merge begun by a
// publication, with no call from the caller.
func TestTailMergeInBackground(t *testing.T) {
	smallBlocks(t)
	articles := shortArticles(12, 130)
	db := openIndexedDB(t, articles, 100)
	deadline := time.Now().Add(30 * time.Second)
	for {
		n, _, merging := tailState(t, db)
		if !merging && n == 30 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("tail %d, merging %v: the merge did not end", n, merging)
		}
		db.merger.wg.Wait()
	}
	checkIndexContent(t, db)
	compareWithReference(t, db, syntheticQueries(articles))
}
