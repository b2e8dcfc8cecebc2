package bot

import (
	"testing"
	"time"
)

// Ensure that the previews remembered stay bounded: those older than
// draftTTL are forgotten, confirmed or not, and at most maxDrafts are kept,
// the oldest forgotten first; a forgotten preview cannot be confirmed.
func TestPreviewsBounded(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	var p previews
	p.put(1, 1, t0)
	if got := p.claim(1, 1, t0); got != previewClaimed {
		t.Fatalf("claim of a new preview: %v", got)
	}
	p.put(1, 2, t0)
	if got := p.claim(1, 2, t0.Add(draftTTL+time.Second)); got != previewUnknown {
		t.Fatalf("claim of a preview older than draftTTL: %v, want unknown", got)
	}
	later := t0.Add(draftTTL + time.Minute)
	p.put(1, 3, later)
	if len(p.m) != 1 {
		t.Fatalf("%d previews kept after draftTTL, want only the new one", len(p.m))
	}
	if got := p.claim(1, 1, later); got != previewUnknown {
		t.Fatalf("a confirmed preview past draftTTL: %v, want unknown", got)
	}

	for i := range 3 * maxDrafts {
		p.put(2, 100+i, later.Add(time.Duration(i)*time.Second))
	}
	if len(p.m) != maxDrafts {
		t.Fatalf("%d previews kept, want at most %d", len(p.m), maxDrafts)
	}
	now := later.Add(3 * maxDrafts * time.Second)
	if got := p.claim(2, 100, now); got != previewUnknown {
		t.Fatalf("the oldest preview, past the cap: %v, want unknown", got)
	}
	newest := 100 + 3*maxDrafts - 1
	if got := p.claim(2, newest, now); got != previewClaimed {
		t.Fatalf("the newest preview: %v, want claimed", got)
	}
	if got := p.claim(2, newest, now); got != previewTaken {
		t.Fatalf("a second claim: %v, want taken", got)
	}
	p.release(2, newest)
	if got := p.claim(2, newest, now); got != previewClaimed {
		t.Fatalf("a claim after release: %v, want claimed", got)
	}
}
