package vi

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

// Ensure that NFC gives what the normaliser gives, and that isStableNFC
// never calls a string NFC that the normaliser would change, for every
// rune it knows alone, after a letter, and before a combining mark.
func TestToNFCAgreesWithTheNormaliser(t *testing.T) {
	samples := []string{"", "abc", "Hội nghị tổng kết", "Ho\u0323i nghi\u0323", "Đăng lúc 08:00", "Ω Å ﬁ", "a\u0301", "\u0301a", "안녕"}
	for r := rune(0); r < nfcStableLimit+256; r++ {
		samples = append(samples, string(r), "a"+string(r), string(r)+"\u0301", "e"+string(r)+"\u0323")
	}
	for _, s := range samples {
		want := norm.NFC.String(s)
		if got := NFC(s); got != want {
			t.Fatalf("NFC(%+q) = %+q, want %+q", s, got, want)
		}
		if isStableNFC(s) && !norm.NFC.IsNormalString(s) {
			t.Fatalf("isStableNFC(%+q) but it is not in NFC", s)
		}
	}
	if !isStableNFC("Hội nghị tổng kết công tác năm 2026 – “Đảng bộ”") {
		t.Fatal("Vietnamese in NFC not recognised as such")
	}
}

func BenchmarkToNFC(b *testing.B) {
	s := "Hội nghị tổng kết công tác xây dựng Đảng năm 2026 của Huyện ủy, triển khai nhiệm vụ trọng tâm năm 2027"
	for b.Loop() {
		_ = NFC(s)
	}
}

func BenchmarkNormNFC(b *testing.B) {
	s := "Hội nghị tổng kết công tác xây dựng Đảng năm 2026 của Huyện ủy, triển khai nhiệm vụ trọng tâm năm 2027"
	for b.Loop() {
		_ = norm.NFC.String(s)
	}
}
