package vi

import (
	"slices"
	"testing"
)

// Ensure that NewStyleTones reports exactly the open oa, oe, uy syllables
// with the tone on the second vowel, in either case, and nothing the two
// styles agree on.
func TestNewStyleTones(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{name: "the old style is clean", text: "Trung tâm Văn hóa, Huyện ủy, thủy lợi, khỏe mạnh, Hủy, Xóa, hỏa tốc, Hòa Bình"},
		{name: "each new-style rhyme is found", text: "Văn hoá, huyện uỷ, thuỷ lợi, khoẻ, hoả tốc, Hoà Bình, hoạ",
			want: []string{"hoá", "uỷ", "thuỷ", "khoẻ", "hoả", "Hoà", "hoạ"}},
		{name: "capitals are found as written", text: "✖ Huỷ · 🗑 XOÁ", want: []string{"Huỷ", "XOÁ"}},
		{name: "closed syllables agree in both styles", text: "hoàng hoạch toán huỳnh khoẻn tuyết"},
		{name: "qu is an initial, so quý and quà are right", text: "quý quà quả quỹ"},
		{name: "gi is an initial", text: "giá già giỏ"},
		{name: "three vowels agree in both styles", text: "ngoài khoảng khuỷu"},
		{name: "other pairs keep the tone on the first vowel", text: "mùa kìa mái"},
		{name: "decomposed text is composed first", text: "Văn hoa\u0301", want: []string{"hoá"}},
		{name: "words glued to punctuation and digits are words", text: "«hoá»,2uỷ", want: []string{"hoá", "uỷ"}},
		{name: "a word that is not Vietnamese is left alone", text: "café Zoé"},
		{name: "empty text", text: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NewStyleTones(tt.text); !slices.Equal(got, tt.want) {
				t.Fatalf("NewStyleTones(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}
