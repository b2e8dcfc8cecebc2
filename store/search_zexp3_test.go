package store

import (
	"context"
	"encoding/binary"
	"os"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func TestZTermStats(t *testing.T) {
	path := os.Getenv("EXP_DB")
	if path == "" {
		t.Skip()
	}
	db, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.readState(context.Background(), func(tx *bolt.Tx, s *searchState) error {
		b, _ := indexBuckets(tx)
		bounds := []int{1, 2, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 1 << 30}
		cnt := make([]int, len(bounds))
		post := make([]int, len(bounds))
		kinds := map[byte][2]int{}
		tot := 0
		b.terms.ForEach(func(k, v []byte) error {
			df, _ := binary.Uvarint(v)
			for i, bd := range bounds {
				if int(df) <= bd {
					cnt[i]++
					post[i] += int(df)
					break
				}
			}
			kk := kinds[k[0]]
			kk[0]++
			kk[1] += int(df)
			kinds[k[0]] = kk
			tot += int(df)
			return nil
		})
		for i, bd := range bounds {
			t.Logf("df<=%d: %d terms, %d postings", bd, cnt[i], post[i])
		}
		for k, v := range kinds {
			t.Logf("kind %c: %d terms %d postings", k, v[0], v[1])
		}
		t.Logf("total postings %d", tot)
		nb, by := 0, 0
		b.postings.ForEach(func(k, v []byte) error { nb++; by += len(v); return nil })
		t.Logf("blocks %d bytes %d", nb, by)
		return nil
	})
}
