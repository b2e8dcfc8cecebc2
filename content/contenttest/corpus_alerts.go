package contenttest

import (
	"math/rand/v2"
	"time"

	"newsbot/content"
	"newsbot/content/vi"
)

// SyntheticAlerts returns n synthetic keyword alerts owned by people chats
// (chat IDs 1..people), for benchmarks and load tests. Their texts are
// phrases of the synthetic corpus's vocabulary — communes, agencies,
// programmes, document kinds — as people would follow them: as written,
// quoted, without diacritics, or two phrases together. IDs run from 1 to n;
// the result depends only on n, people and seed.
func SyntheticAlerts(n, people int, seed int64) []content.Alert {
	if n <= 0 || people <= 0 {
		return nil
	}
	v := synthVocabulary()
	var pool []synthPhrase
	for _, c := range []synthClass{v.subjects, v.objects, v.complements, v.units, v.documents} {
		pool = append(pool, c.phrases...)
	}
	pool = append(pool, v.communes...)
	r := rand.New(rand.NewPCG(splitMix64(uint64(seed)), 0x2545f4914f6cdd1d))
	pick := func() string {
		p := pool[r.IntN(len(pool))]
		if r.IntN(4) == 0 {
			return p.alt
		}
		return p.text
	}
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, content.VietnamZone())
	out := make([]content.Alert, 0, n)
	for len(out) < n {
		var text string
		switch r.IntN(5) {
		case 0, 1:
			text = pick()
		case 2:
			text = `"` + pick() + `"`
		case 3:
			text = vi.Fold(pick())
		default:
			text = pick() + " " + pick()
		}
		if _, err := content.ParseAlert(text); err != nil {
			continue
		}
		id := uint64(len(out) + 1)
		out = append(out, content.Alert{ID: id, ChatID: int64(1 + r.IntN(people)), Text: text,
			Created: created.Add(time.Duration(id) * time.Second)})
	}
	return out
}
