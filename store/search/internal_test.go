package search

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"maps"
	"math/bits"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/content/contenttest"
	"newsbot/content/vi"
)

// Ensure that the analyzer's pairs are vi.FoldedPairs', its syllables
// vi.Tokenize's, and its title terms the title's syllables.
func TestAnalyzerAgreesWithContent(t *testing.T) {
	articles := contenttest.SyntheticCorpus(50, 1)
	articles = append(articles, content.Article{Title: "Nghị quyết 12-NQ/TU, số 05/CT-UBND", Body: []string{"a-b 1/2/3 x", "Kỳ họp thứ 9 “dân vận”"}})
	for _, a := range articles {
		dt := analyzeArticle(&a)
		got := map[string][2]uint32{}
		for _, tf := range dt.terms {
			got[tf.key] = [2]uint32{tf.tfTitle, tf.tfText}
		}
		want := map[string][2]uint32{}
		lens := [2]uint32{}
		for f, text := range []string{a.Title, articleText(&a)} {
			toks := vi.Tokenize(text)
			for _, tok := range toks {
				if !tok.IsCompound() {
					lens[f]++
				}
				add := func(key string) {
					c := want[key]
					c[f]++
					want[key] = c
				}
				add("f" + tok.Folded)
				if tok.Term != tok.Folded {
					add("a" + tok.Term)
				}
				if f == 0 && !tok.IsCompound() {
					add("t" + tok.Folded)
				}
			}
			for _, p := range vi.FoldedPairs(toks) {
				c := want["p"+p]
				c[f]++
				want["p"+p] = c
			}
		}
		if lens != [2]uint32{dt.titleLen, dt.textLen} {
			t.Errorf("%q: lengths %d %d, want %v", a.Title, dt.titleLen, dt.textLen, lens)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%q: term %q: %v, want %v", a.Title, k, got[k], v)
			}
		}
		if len(got) != len(want) {
			var extra []string
			for k := range got {
				if _, ok := want[k]; !ok {
					extra = append(extra, k)
				}
			}
			slices.Sort(extra)
			t.Errorf("%q: extra terms %q", a.Title, extra)
		}
	}
}

// shortArticles returns n synthetic articles cut to their first two
// paragraphs, published over the last years, so that tests stay quick.
func shortArticles(seed int64, n int) []content.Article {
	out := make([]content.Article, n)
	for i := range out {
		a := contenttest.SyntheticArticle(seed, i)
		a.Body = a.Body[:min(2, len(a.Body))]
		out[i] = a
	}
	return out
}

// openIndexedDB returns a database holding articles, indexed with the tail
// merged every tailMax articles, in batches of one transaction each.
func openIndexedDB(t *testing.T, articles []content.Article, tailMax int) *testDB {
	t.Helper()
	db, err := openTestDB(filepath.Join(t.TempDir(), "newsbot.db"), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.tailMax = tailMax
	ctx := context.Background()
	for len(articles) > 0 {
		batch := articles[:min(97, len(articles))]
		articles = articles[len(batch):]
		err := db.Update(ctx, func(tx *bolt.Tx, d *Delta) error {
			for i := range batch {
				if _, err := putTestArticle(tx, &batch[i]); err != nil {
					return err
				}
				if err := db.Add(tx, d, &batch[i], nil); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return db
}

var testNow = time.Date(2026, 3, 12, 8, 5, 9, 0, content.VietnamZone())

// checkIndexContent checks that the index holds exactly the postings of
// the indexed articles, that every block's impacts bound its postings'
// and that the document frequencies are right.
func checkIndexContent(t *testing.T, db *testDB) {
	t.Helper()
	err := db.bolt.View(func(tx *bolt.Tx) error {
		b, err := indexBuckets(tx)
		if err != nil {
			return err
		}
		ref := decodeNormRef(b.meta.Get(keyNormRef))
		type tfs struct{ title, text uint32 }
		want := map[string]map[uint32]tfs{}
		lens := map[uint32]docRecord{}
		err = b.docs.ForEach(func(k, v []byte) error {
			r, err := decodeDocRecord(v)
			if err != nil {
				return err
			}
			doc := docFromKey(k)
			lens[doc] = r
			a, err := getTestArticle(tx, r.id)
			if err != nil {
				return err
			}
			for _, tf := range analyzeArticle(&a).terms {
				if want[tf.key] == nil {
					want[tf.key] = map[uint32]tfs{}
				}
				want[tf.key][doc] = tfs{tf.tfTitle, tf.tfText}
			}
			return nil
		})
		if err != nil {
			return err
		}
		got := map[string]map[uint32]tfs{}
		add := func(key string, p posting) {
			if got[key] == nil {
				got[key] = map[uint32]tfs{}
			}
			if _, dup := got[key][p.doc]; dup {
				t.Errorf("%q: docnum %d twice", key, p.doc)
			}
			got[key][p.doc] = tfs{p.tfTitle, p.tfText}
		}
		merged := map[string]int{}
		err = b.postings.ForEach(func(k, v []byte) error {
			i := bytes.IndexByte(k, 0)
			key, first := string(k[:i]), binary.BigEndian.Uint32(k[i+1:])
			ps, imp, err := decodeBlock(nil, first, v)
			if err != nil {
				return fmt.Errorf("%q@%d: %w", key, first, err)
			}
			if ps[0].doc != first {
				t.Errorf("%q: block key %d, first posting %d", key, first, ps[0].doc)
			}
			for _, p := range ps {
				add(key, p)
				merged[key]++
				if imp != nil {
					r := lens[p.doc]
					if q, bound := impactOf(p.tfTitle, p.tfText, r.titleLen, r.textLen, ref), imp[p.doc>>winShift-first>>winShift]; q > bound {
						t.Errorf("%q: docnum %d: impact %d above its window's %d", key, p.doc, q, bound)
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		m, _ := b.tailMerge()
		err = b.tail.ForEach(func(k, v []byte) error {
			doc := docFromKey(k)
			return decodeTailTerms(v, func(key []byte, tt, tb uint32) {
				if !m.merged(doc, key) {
					add(string(key), posting{doc, tt, tb})
				}
			})
		})
		if err != nil {
			return err
		}
		if len(got) != len(want) {
			t.Errorf("%d terms, want %d", len(got), len(want))
		}
		bad := 0
		for key, w := range want {
			if !maps.Equal(got[key], w) && bad < 5 {
				bad++
				t.Errorf("%q: postings %v, want %v", key, got[key], w)
			}
		}
		return b.terms.ForEach(func(k, v []byte) error {
			df, _ := binary.Uvarint(v)
			if int(df) != merged[string(k)] {
				t.Errorf("%q: df %d, want %d", k, df, merged[string(k)])
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// refSearch evaluates q exhaustively, as a reference: every posting scored
// into per-document arrays, every match ranked. It returns the total (for
// queries without phrases) and the page.
func refSearch(tx *bolt.Tx, s *searchState, q vi.Query, offset, limit int, now int64) (int, []candidate, error) {
	b, err := indexBuckets(tx)
	if err != nil {
		return 0, nil, err
	}
	p := planQuery(q)
	if p.unitMask == 0 {
		return 0, nil, nil
	}
	n := len(s.docs)
	acc := accs{make([]float32, n), make([]uint64, n)}
	mask, nAcc := make([]uint32, n), make([]int, n)
	// textTFs holds the text frequencies of each word list, by document;
	// ws the lists' weights (aboutQuery).
	// about[0] is for the pairs, about[1] for the words (aboutLists).
	var about [2]struct {
		textTFs [][]uint32
		held    [][]bool
		ws      []float32
	}
	ev := evaluator{b: b, s: s, c: b.postings.Cursor()}
	invT, invB := s.invNormTitle, s.invNormText
	for i := range p.lists {
		l := &p.lists[i]
		df, w := refListWeight(&ev, l)
		if df == 0 {
			continue
		}
		accented := map[uint32]bool{} // a word's completions count once
		var textTF []uint32
		var inTitle []bool
		if k := min(l.bit&p.unitMask, 1); l.tbit>>32 != 0 || k == 1 {
			a := &about[k]
			textTF, inTitle = make([]uint32, n), make([]bool, n)
			a.textTFs, a.held, a.ws = append(a.textTFs, textTF), append(a.held, inTitle), append(a.ws, w)
		}
		score := func(p posting) {
			if textTF != nil && p.tfTitle != 0 {
				textTF[p.doc] += p.tfText
				inTitle[p.doc] = true
			}
			acc.add(int(p.doc), w, l.tbit, p.tfTitle, p.tfText, invT[p.doc], invB[p.doc])
			mask[p.doc] |= l.bit
			if l.accent && !accented[p.doc] {
				accented[p.doc] = true
				nAcc[p.doc]++
			}
		}
		for _, k := range l.keys {
			prefix := blockPrefix(k)
			for bk, v := ev.c.Seek(prefix); bk != nil && bytes.HasPrefix(bk, prefix); bk, v = ev.c.Next() {
				ps, _, err := decodeBlock(nil, binary.BigEndian.Uint32(bk[len(prefix):]), v)
				if err != nil {
					return 0, nil, err
				}
				for _, p := range ps {
					score(p)
				}
			}
		}
		for _, k := range l.keys {
			for _, p := range s.tail[k] {
				score(p)
			}
		}
	}
	var cands []candidate
	for d := 1; d < n; d++ {
		m := mask[d]
		if m&p.reqMask != p.reqMask || bits.OnesCount32(m&p.unitMask) < p.need {
			continue
		}
		info := &s.docs[d]
		rp := rankPlan{units: p.unitMask, numbers: p.numMask}
		fresh := freshness(now, info.published)
		a := &about[0]
		if len(a.ws) == 0 {
			a = &about[1]
		}
		tfs, hs := make([]uint32, len(a.ws)), make([]bool, len(a.ws))
		for j := range a.ws {
			tfs[j], hs[j] = a.textTFs[j][d], a.held[j][d]
		}
		isAbout := aboutQuery(tfs, hs, a.ws, info.textLen)
		score := docScore(rp.docTier(acc.words[d], nAcc[d]), isAbout, acc, d, uint32(s.titleLen[d]), fresh)
		cands = append(cands, candidate{doc: uint32(d), score: score, rel: float64(acc.all[d]) * fresh, published: info.published, id: info.id})
	}
	sortCandidates(cands)
	k := offset + limit
	if len(p.phrases) > 0 {
		var good []candidate
		for _, c := range cands {
			if len(good) >= k {
				break
			}
			if _, ok, err := verifyPhrases(tx, testArticles{}, c.id, p.phrases); err != nil {
				return 0, nil, err
			} else if ok {
				good = append(good, c)
			}
		}
		cands = good
	}
	if offset >= len(cands) {
		return len(cands), nil, nil
	}
	return len(cands), cands[offset:min(k, len(cands))], nil
}

// compareWithReference checks that Search ranks as refSearch for queries.
func compareWithReference(t *testing.T, db *testDB, queries []string) {
	t.Helper()
	ctx := context.Background()
	now := testNow.Unix()
	pages := [][2]int{{0, 10}, {0, 1}, {3, 7}, {0, 60}, {25, 5}, {0, 0}}
	if raceEnabled {
		pages = [][2]int{{0, 10}, {25, 5}}
	}
	for _, qs := range queries {
		q := vi.ParseQuery(qs, 0)
		for _, pg := range pages {
			res, err := db.Search(ctx, q, pg[0], pg[1])
			if err != nil {
				t.Fatalf("%q: %v", qs, err)
			}
			var total int
			var want []candidate
			err = db.readState(ctx, func(tx *bolt.Tx, s *searchState) error {
				total, want, err = refSearch(tx, s, q, pg[0], pg[1], now)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(q.Phrases) == 0 && res.Total != total {
				t.Errorf("%q %v: total %d, want %d", qs, pg, res.Total, total)
			}
			ok := len(res.Hits) == len(want)
			for i := 0; ok && i < len(want); i++ {
				ok = res.Hits[i].Article.ID == want[i].id && res.Hits[i].Rank == want[i].score && res.Hits[i].Score == want[i].rel
			}
			if !ok {
				var got []string
				for _, h := range res.Hits {
					got = append(got, fmt.Sprintf("%s=%v/%v", h.Article.ID, h.Rank, h.Score))
				}
				var exp []string
				for _, c := range want {
					exp = append(exp, fmt.Sprintf("%s=%v/%v", c.id, c.score, c.rel))
				}
				t.Errorf("%q %v:\n got %v\nwant %v", qs, pg, got, exp)
			}
		}
	}
}

// syntheticQueries returns queries over the synthetic corpus: typical
// ones, and runs of words from titles.
func syntheticQueries(articles []content.Article) []string {
	qs := []string{"đảng", "tôm", "OCOP", "thuỷ", "dang ", "hoằng", "nông thôn mới", "dân vận khéo",
		"cải cách hành chính", "tiếp xúc cử tri xã Hoằng Tiến", "kế hoạch thu ngân sách năm 2024",
		"nong thon moi", "hội nghị trực tuy", "chuyển đổi s", "nông thôn m", "bảo hiểm y t",
		`"dân vận khéo"`, `"nông thôn mới" Hoằng Hải`, `"đời sống văn hoá"`, "12-NQ/TU", "57-NQ/T", "xyzzy", "a"}
	for i := 0; i < len(articles); i += max(1, len(articles)/25) {
		words := strings.Fields(articles[i].Title)
		from := i % max(1, len(words)-2)
		qs = append(qs, strings.Join(words[from:min(len(words), from+2+i%4)], " "))
	}
	return qs
}

// Ensure that the pruned evaluation ranks exactly as an exhaustive one,
// whatever path it takes, with the index in the tail, merged, with deleted
// documents and rebuilt; and that the index holds the right postings.
func TestSearchMatchesExhaustive(t *testing.T) {
	n := 1200
	if testing.Short() || raceEnabled {
		n = 400
	}
	articles := shortArticles(7, n)
	smallBlocks(t)
	// Frequencies past what a tf byte holds.
	for i, j := range []int{5, n / 2, n - 3} {
		a := &articles[j]
		a.Title = strings.Repeat("nông thôn ", 3+i) + a.Title
		a.Body = append(a.Body, strings.Repeat("dân vận khéo, ", 70+i*40))
		a.ID = a.DeriveID()
	}
	queries := syntheticQueries(articles)
	db := openIndexedDB(t, articles, 170)
	ctx := context.Background()
	// Delete every 7th article, in the main postings and in the tail, in
	// one transaction.
	err := db.Update(ctx, func(tx *bolt.Tx, d *Delta) error {
		for i := 0; i < len(articles); i += 7 {
			if err := db.removeTestArticle(tx, d, articles[i].ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	checkIndexContent(t, db)
	defer func(f, b, p int) { firstWindows, batchWindows, parallelWindows = f, b, p }(firstWindows, batchWindows, parallelWindows)
	for _, th := range [][3]int{{32, 128, 512}, {1, 2, 4}, {1 << 30, 0, 0}} {
		firstWindows, batchWindows, parallelWindows = th[0], th[1], th[2]
		t.Run(fmt.Sprintf("incremental/%v", th), func(t *testing.T) { compareWithReference(t, db, queries) })
	}
	if err := db.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	checkIndexContent(t, db)
	for _, th := range [][3]int{{32, 128, 512}, {1, 2, 4}} {
		firstWindows, batchWindows, parallelWindows = th[0], th[1], th[2]
		t.Run(fmt.Sprintf("rebuilt/%v", th), func(t *testing.T) { compareWithReference(t, db, queries) })
	}
}

// Ensure that posting blocks decode as encoded, and that a damaged block
// gives errCorruptIndex, never a panic, on every read path.
func TestBlockCodec(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := range 300 {
		n := 1 + r.IntN(300)
		gap := 1 + r.IntN(1+iter%40)
		ps := make([]posting, n)
		doc := uint32(1 + r.IntN(5000))
		for i := range ps {
			ps[i] = posting{doc, uint32(r.IntN(3)), uint32(1 + r.IntN(5))}
			if r.IntN(20) == 0 {
				ps[i].tfText = uint32(60 + r.IntN(1000))
			}
			if r.IntN(30) == 0 {
				ps[i].tfTitle = uint32(2 + r.IntN(10))
			}
			doc += uint32(1 + r.IntN(gap))
		}
		imp := make([]uint8, n)
		for i := range imp {
			imp[i] = uint8(1 + r.IntN(255))
		}
		v := encodeBlock(nil, ps, imp)
		got, gimp, err := decodeBlock(nil, ps[0].doc, v)
		if err != nil || !slices.Equal(got, ps) {
			t.Fatalf("round trip: %v", err)
		}
		if gimp != nil {
			for i, p := range ps {
				if gimp[p.doc>>winShift-ps[0].doc>>winShift] < imp[i] {
					t.Fatalf("impact of %d lost", p.doc)
				}
			}
		}
		// Damage: every read path errs or reads within bounds.
		n32 := doc + 64
		for range 20 {
			bad := slices.Clone(v)
			switch r.IntN(3) {
			case 0:
				bad[r.IntN(len(bad))] ^= byte(1 << r.IntN(8))
			case 1:
				bad = bad[:r.IntN(len(bad))]
			default:
				bad[r.IntN(len(bad))] = byte(r.IntN(256))
			}
			readAll(bad, ps[0].doc, n32)
		}
	}
}

// readAll runs every reader of blocks over v.
func readAll(v []byte, first, n uint32) {
	decodeBlock(nil, first, v)
	r, err := parseBlock(first, v)
	if err != nil || r.last >= n {
		return
	}
	nw := int(n+winDocs-1) >> winShift
	set := make([]uint64, nw)
	orBlockDocs(set, &r, nil)
	orBlockDocs(set, &r, set)
	inv := make([]float32, n)
	ub := make([]float32, nw)
	var table [256]float32
	keyBounds(ub, 1, &keyData{blocks: []blockRef{r}}, &table, inv, inv)
	var acc winAccs
	for w := r.first >> winShift; w <= r.last>>winShift; w++ {
		scoreBlockWindow(&r, w<<winShift, w<<winShift+winDocs-1, 1, 1, acc.accs(), inv, inv)
	}
	all := nw << winShift
	sc := &scratch{selW: make([]uint64, (nw+63)/64), acc: accs{make([]float32, all), make([]uint64, all)}}
	for i := range sc.selW {
		sc.selW[i] = ^uint64(0)
	}
	sr := searchRun{ctx: context.Background(), sc: sc, invT: inv, invB: inv}
	sr.scoreBlockSelected(&r, 0, uint32(nw-1), 1, 1)
}

// Ensure that an import by ImportArticles, whose tail outgrows the usual
// threshold before it is merged, indexes exactly what PublishArticles
// would, and that searches rank as an exhaustive one before and after the
// last merge.
func TestImportArticlesMatchesExhaustive(t *testing.T) {
	smallBlocks(t)
	articles := shortArticles(9, 400)
	queries := syntheticQueries(articles)
	db, err := openTestDB(filepath.Join(t.TempDir(), "newsbot.db"), false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.tailMax = 50
	ctx := context.Background()
	tailOf := func() (n int) {
		err := db.bolt.View(func(tx *bolt.Tx) error {
			b, err := indexBuckets(tx)
			n = b.tailCount()
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	maxTail, merged, prev := 0, false, 0
	for from := 0; from < len(articles); from += 97 {
		if err := db.ImportArticles(ctx, articles[from:min(from+97, len(articles))], 250); err != nil {
			t.Fatal(err)
		}
		n := tailOf()
		maxTail, merged, prev = max(maxTail, n), merged || n < prev, n
	}
	if maxTail <= db.tailMax || !merged {
		t.Fatalf("the tail held at most %d documents (merged: %v), want more than %d and a merge", maxTail, merged, db.tailMax)
	}
	if tailOf() == 0 {
		t.Fatal("the tail was merged after the last batch: nothing left for MergeSearchTail")
	}
	checkIndexContent(t, db)
	compareWithReference(t, db, queries)
	if err := db.MergeTail(ctx); err != nil {
		t.Fatal(err)
	}
	if n := tailOf(); n != 0 {
		t.Fatalf("tail holds %d documents after MergeSearchTail", n)
	}
	checkIndexContent(t, db)
	compareWithReference(t, db, queries)
}

// refListWeight expands l's completions when it has them and returns its
// document frequency, from search_terms (not from the blocks, as a search
// counts it), and its weight; df 0 when no document holds it.
func refListWeight(e *evaluator, l *qlist) (df int, w float32) {
	if l.dfs != nil {
		e.expand(l)
	}
	if l.dfs == nil {
		for _, k := range l.keys {
			n, _ := binary.Uvarint(e.b.terms.Get([]byte(k)))
			df += int(n) + len(e.s.tail[k])
		}
	} else {
		for _, d := range l.dfs {
			df += d
		}
	}
	if df == 0 {
		return 0, 0
	}
	return df, e.weight(l, df)
}

// smallBlocks makes posting blocks small until t ends, so that a test's
// few hundred articles make lists of many blocks.
func smallBlocks(t *testing.T) {
	n := postingBlockBytes
	t.Cleanup(func() { postingBlockBytes = n })
	postingBlockBytes = 256
}

// Ensure that anyIn agrees with a look at every position.
func TestAnyIn(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	set := make([]uint64, 4)
	for range 2000 {
		clear(set)
		for range rng.IntN(3) {
			d := rng.IntN(256)
			set[d>>6] |= 1 << (d & 63)
		}
		lo := uint32(rng.IntN(256))
		hi := lo + uint32(rng.IntN(256-int(lo)))
		want := false
		for d := lo; d <= hi; d++ {
			want = want || set[d>>6]>>(d&63)&1 != 0
		}
		if got := anyIn(set, lo, hi); got != want {
			t.Fatalf("anyIn(%x, %d, %d) = %v, want %v", set, lo, hi, got, want)
		}
	}
}
