package store_test

import (
	"context"
	"os"
	"testing"

	"newsbot/content"
	"newsbot/store"
)

func BenchmarkZOne(b *testing.B) {
	path := benchDB(b)
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	q := content.ParseQuery(os.Getenv("Q"), 0)
	ctx := context.Background()
	res, _ := db.Search(ctx, q, 0, 10)
	b.Logf("total %d", res.Total)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := db.Search(ctx, q, 0, 10); err != nil {
			b.Fatal(err)
		}
	}
}
