package store

import (
	"cmp"
	"slices"
	"sync"
	"unicode/utf8"

	"newsbot/content"
	"newsbot/content/vi"
)

// alertIndex holds every alert in memory, indexed so that matching an
// article checks only the alerts that can match it. Each alert is filed
// under one "anchor" term, one the article must contain; an article looks
// up the alerts filed under its distinct terms and checks only those. The
// words of all alerts are numbered once (a dictionary), so checking a
// candidate costs a few array reads, no hashing.
//
// An alertIndex is safe for concurrent use. It does no I/O: the store keeps
// it in step with the alerts it persists.
type alertIndex struct {
	mu sync.RWMutex
	// byID finds an alert's text and place.
	byID map[uint64]alertRef
	// ids numbers every term of the alerts; terms is its inverse. Numbers
	// are not reused: the dictionary grows with the distinct words ever
	// followed, which a district's vocabulary bounds.
	ids   map[alertTerm]int32
	terms []alertTerm
	// buckets[id] lists the alerts anchored on term id, in no order.
	buckets []alertBucket
	// chats numbers the alerts' owners densely, so that matching keeps
	// each owner's best alert in a slice; chatIDs is its inverse. Numbers
	// are not reused either.
	chats   map[int64]int32
	chatIDs []int64
}

// alertMatch says that an article matched an alert of a chat.
type alertMatch struct {
	ChatID  int64
	AlertID uint64
	// Text is the alert's text, to tell the person why they got the article.
	Text string
}

// alertTerm is one word an article must contain: its canonical Term when
// exact (typed with diacritics), else its Folded form (vi.Token.AsTyped).
type alertTerm struct {
	key   string
	exact bool
}

// termOf returns the alertTerm of the alert word t.
func termOf(t vi.Token) alertTerm {
	key, exact := t.AsTyped()
	return alertTerm{key: key, exact: exact}
}

// alertRef is an alert's text and where its entry is.
type alertRef struct {
	alert  content.Alert
	anchor int32
	slot   int
}

// alertBucket lists the alerts filed under one anchor, by value, so that
// scanning a bucket reads memory in order.
type alertBucket struct{ entries []alertEntry }

// alertEntry is one indexed alert, its terms and phrases by number.
type alertEntry struct {
	id    uint64
	chat  int32
	terms []int32
	// phrases is nil for most alerts.
	phrases [][]int32
}

// newAlertIndex returns an empty index.
func newAlertIndex() *alertIndex {
	return &alertIndex{byID: map[uint64]alertRef{}, ids: map[alertTerm]int32{}, chats: map[int64]int32{}}
}

// Len returns how many alerts the index holds.
func (x *alertIndex) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.byID)
}

// Add indexes a (whose ID is not 0: the store numbers alerts from 1),
// replacing the alert with the same ID if there is one. It
// fails, changing nothing, when a's text does not parse (see content.ParseAlert).
func (x *alertIndex) Add(a content.Alert) error {
	q, err := content.ParseAlert(a.Text)
	if err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.remove(a.ID)
	anchor := x.id(anchorOf(q))
	e := alertEntry{id: a.ID, chat: x.chat(a.ChatID)}
	for _, t := range q.Terms() {
		if id := x.id(termOf(t)); id != anchor { // the anchor is there when the bucket is read
			e.terms = append(e.terms, id)
		}
	}
	for _, p := range q.Phrases() {
		ids := make([]int32, len(p))
		for i, t := range p {
			ids[i] = x.id(termOf(t))
		}
		e.phrases = append(e.phrases, ids)
	}
	b := &x.buckets[anchor]
	x.byID[a.ID] = alertRef{alert: a, anchor: anchor, slot: len(b.entries)}
	b.entries = append(b.entries, e)
	return nil
}

// id returns t's number, numbering it when new; the caller holds the write
// lock.
func (x *alertIndex) id(t alertTerm) int32 {
	if id, ok := x.ids[t]; ok {
		return id
	}
	id := int32(len(x.terms))
	x.ids[t] = id
	x.terms = append(x.terms, t)
	x.buckets = append(x.buckets, alertBucket{})
	return id
}

// chat returns the chat's number, numbering it when new; the caller holds
// the write lock.
func (x *alertIndex) chat(chatID int64) int32 {
	if n, ok := x.chats[chatID]; ok {
		return n
	}
	n := int32(len(x.chatIDs))
	x.chats[chatID] = n
	x.chatIDs = append(x.chatIDs, chatID)
	return n
}

// Remove takes the alert with this ID out of the index and reports whether
// it was there.
func (x *alertIndex) Remove(id uint64) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.remove(id)
}

func (x *alertIndex) remove(id uint64) bool {
	ref, ok := x.byID[id]
	if !ok {
		return false
	}
	delete(x.byID, id)
	b := &x.buckets[ref.anchor]
	last := len(b.entries) - 1
	if ref.slot != last {
		moved := b.entries[last]
		b.entries[ref.slot] = moved
		m := x.byID[moved.id]
		m.slot = ref.slot
		x.byID[moved.id] = m
	}
	b.entries[last] = alertEntry{}
	b.entries = b.entries[:last]
	return true
}

// Match returns, for each chat with at least one alert matching a, one
// alertMatch naming the chat's oldest matching alert (lowest ID), in chat
// ID order.
func (x *alertIndex) Match(a content.Article) []alertMatch {
	at := analyzeForAlerts(a)
	x.mu.RLock()
	defer x.mu.RUnlock()
	// pos[id] holds where term id occurs in the article; nil: nowhere.
	pos := make([][]int32, len(x.terms))
	var present []int32
	note := func(m map[string][]int32, exact bool) {
		for term, ps := range m {
			if id, ok := x.ids[alertTerm{key: term, exact: exact}]; ok {
				pos[id] = ps
				present = append(present, id)
			}
		}
	}
	note(at.exact, true)
	note(at.folded, false)
	// best[chat] is the ID of the chat's matching alert with the lowest ID
	// so far (0: none; alert IDs start at 1).
	best := make([]uint64, len(x.chatIDs))
	n := 0
	for _, id := range present {
		entries := x.buckets[id].entries
		for i := range entries {
			e := &entries[i]
			b := best[e.chat]
			if b != 0 && b < e.id || !e.matches(pos) {
				continue
			}
			if b == 0 {
				n++
			}
			best[e.chat] = e.id
		}
	}
	out := make([]alertMatch, 0, n)
	for chat, id := range best {
		if id != 0 {
			out = append(out, alertMatch{ChatID: x.chatIDs[chat], AlertID: id, Text: x.byID[id].alert.Text})
		}
	}
	slices.SortFunc(out, func(a, b alertMatch) int { return cmp.Compare(a.ChatID, b.ChatID) })
	return out
}

// matches reports whether the article whose term positions are pos has
// every term of e, and its phrases.
func (e *alertEntry) matches(pos [][]int32) bool {
	for _, t := range e.terms {
		if pos[t] == nil {
			return false
		}
	}
	for _, p := range e.phrases {
		if !phraseAt(pos, p) {
			return false
		}
	}
	return true
}

// phraseAt reports whether the terms p occur in order at consecutive
// positions.
func phraseAt(pos [][]int32, p []int32) bool {
next:
	for _, start := range pos[p[0]] {
		for i, t := range p[1:] {
			if _, ok := slices.BinarySearch(pos[t], start+int32(i)+1); !ok {
				continue next
			}
		}
		return true
	}
	return false
}

// anchorOf picks the term q is filed under: the one likeliest to be rare
// in articles, so that few articles bring the alert up as a candidate. A
// document number beats a word, an accented word beats an unaccented one
// (its exact spelling is rarer than its folded one), a long word beats a
// short one; common function words come last.
func anchorOf(q content.AlertQuery) alertTerm {
	terms := q.Terms()
	best, bestScore := termOf(terms[0]), -1
	for _, tok := range terms {
		t := termOf(tok)
		score := utf8.RuneCountInString(t.key)
		if t.exact {
			score += 4
		}
		if isCompoundKey(t.key) {
			score += 100
		}
		if commonSyllables[t.key] {
			score -= 50
		}
		if score > bestScore {
			best, bestScore = t, score
		}
	}
	return best
}

func isCompoundKey(k string) bool {
	for i := 0; i < len(k); i++ {
		if k[i] == '-' || k[i] == '/' {
			return true
		}
	}
	return false
}

// commonSyllables are among the most frequent syllables of Vietnamese news,
// in both spellings; they make poor anchors.
var commonSyllables = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"và", "của", "các", "là", "có", "được", "trong", "cho", "những",
		"với", "người", "một", "đã", "không", "này", "để", "năm", "đến", "tại", "về", "khi",
		"theo", "công", "tác", "xã", "huyện", "tỉnh", "đồng", "chí", "nhân", "dân", "thực",
		"hiện", "phát", "triển", "kinh", "tế", "hội", "nghị", "ngày", "tháng", "đảng", "bộ"} {
		m[w] = true
		m[vi.Fold(w)] = true
	}
	return m
}()

// articleTerms is an article analysed once for matching many alerts: the
// positions of each of its terms, by canonical and by folded spelling.
type articleTerms struct {
	exact  map[string][]int32
	folded map[string][]int32
}

// alertPartGap separates the title, the lead and each paragraph, so that a
// phrase does not match across two of them.
const alertPartGap = 2

// analyzeForAlerts tokenizes a's title, lead and body once, as the search
// index does, for alertIndex.Match.
func analyzeForAlerts(a content.Article) *articleTerms {
	at := &articleTerms{exact: map[string][]int32{}, folded: map[string][]int32{}}
	pos := 0
	add := func(s string) {
		toks := vi.Tokenize(s)
		for _, t := range toks {
			p := int32(pos + t.Pos)
			at.exact[t.Term] = appendPos(at.exact[t.Term], p)
			at.folded[t.Folded] = appendPos(at.folded[t.Folded], p)
		}
		if n := len(toks); n > 0 {
			pos += toks[n-1].Pos + 1 + alertPartGap
		}
	}
	add(a.Title)
	add(a.Lead)
	for _, p := range a.Body {
		add(p)
	}
	return at
}

// appendPos appends p unless it is already last (a compound token shares
// its first syllable's position).
func appendPos(ps []int32, p int32) []int32 {
	if n := len(ps); n > 0 && ps[n-1] == p {
		return ps
	}
	return append(ps, p)
}
