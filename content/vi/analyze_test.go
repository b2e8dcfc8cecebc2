package vi

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// terms returns the Terms of Tokenize(s).
func terms(s string) []string {
	var out []string
	for _, t := range Tokenize(s) {
		out = append(out, t.Term)
	}
	return out
}

// folded returns the Folded forms of Tokenize(s).
func folded(s string) []string {
	var out []string
	for _, t := range Tokenize(s) {
		out = append(out, t.Folded)
	}
	return out
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"upper case becomes lower case", "ĐẢNG BỘ Huyện", "đảng bộ huyện"},
		{"decomposed input is composed", norm.NFD.String("Hoằng Hoá"), "hoằng hoá"},
		{"old-style tones move to the new style", "Hòa thủy khỏe túy ủy họa", "hoà thuỷ khoẻ tuý uỷ hoạ"},
		{"i and y are left as written", "kì kỳ lí lý", "kì kỳ lí lý"},
		{"the soft hyphen inside a word is dropped", "thông\u00adtin", "thôngtin"},
		{"zero-width characters and the BOM are dropped", "\ufeffdân\u200b\u200c\u200dvận\u2060", "dânvận"},
		{"direction marks are dropped", "a\u200eb\u202ec", "abc"},
		{"every space variant becomes a space", "a\u00a0b\u202fc\u2003d\u3000e\u205ff", "a b c d e f"},
		{"tabs and newlines stay", "a\tb\nc", "a\tb\nc"},
		{"line separators become newlines", "a\u2028b\u2029c", "a\nb\nc"},
		{"every dash becomes a hyphen-minus", "a\u2010b\u2011c\u2012d\u2013e\u2014f\u2015g\u2212h", "a-b-c-d-e-f-g-h"},
		{"invalid UTF-8 is replaced", "a\xffb", "a\ufffdb"},
		{"punctuation stays", "“Dân vận khéo”, 2024!", "“dân vận khéo”, 2024!"},
		{"the empty string stays empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNFCAndNFDGiveTheSameTokens(t *testing.T) {
	for _, s := range []string{
		"Đảng bộ huyện Hoằng Hoá",
		"Hội nghị quán triệt Nghị quyết số 57-NQ/TW",
		"Thủy lợi, khỏe mạnh, kỳ họp, Mỹ",
		"người dân ở xã Hoằng Trường được hỗ trợ",
	} {
		t.Run("for "+s, func(t *testing.T) {
			nfc, nfd := Tokenize(norm.NFC.String(s)), Tokenize(norm.NFD.String(s))
			if !slices.Equal(nfc, nfd) {
				t.Errorf("NFC tokens %v, NFD tokens %v", nfc, nfd)
			}
			if Normalize(norm.NFC.String(s)) != Normalize(norm.NFD.String(s)) {
				t.Errorf("Normalize differs between NFC and NFD")
			}
		})
	}
}

func TestBothToneStylesGiveTheSameTerm(t *testing.T) {
	tests := []struct{ newStyle, oldStyle, want string }{
		{"hoá", "hóa", "hoá"},
		{"thuỷ", "thủy", "thuỷ"},
		{"Hoà", "Hòa", "hoà"},
		{"khoẻ", "khỏe", "khoẻ"},
		{"tuý", "túy", "tuý"},
		{"uỷ", "ủy", "uỷ"},
		{"hoạ", "họa", "hoạ"},
		{"loè", "lòe", "loè"},
		{"luỹ", "lũy", "luỹ"},
		{"xoã", "xõa", "xoã"},
	}
	for _, tt := range tests {
		t.Run(tt.oldStyle+" is the same word as "+tt.newStyle, func(t *testing.T) {
			for _, in := range []string{tt.newStyle, tt.oldStyle, norm.NFD.String(tt.oldStyle)} {
				if got := terms(in); len(got) != 1 || got[0] != tt.want {
					t.Errorf("terms(%q) = %q, want [%q]", in, got, tt.want)
				}
			}
		})
	}
}

func TestTypoTonePlacementIsRepaired(t *testing.T) {
	tests := []struct{ in, want string }{
		{"qúa", "quá"},
		{"gìa", "già"},
		{"khóai", "khoái"},
		{"ngòai", "ngoài"},
		{"tìên", "tiền"},
		{"ngừơi", "người"},
	}
	for _, tt := range tests {
		t.Run(tt.in+" becomes "+tt.want, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTonesThatNeverMove(t *testing.T) {
	for _, w := range []string{
		"hoàng", "thuyết", "khoảng", "quyển", "hoạch", "toán", "huỳnh", "huých",
		"quý", "quá", "quả", "quốc", "giá", "già", "giữa", "giường", "gì", "gìn",
		"người", "tiếng", "khuấy", "khuỷu", "mùa", "kìa", "mái", "cháo", "múa", "tuổi", "muốn",
		"ý", "yến", "ủng", "ạ",
	} {
		t.Run(w+" keeps its tone where it is", func(t *testing.T) {
			if got := Normalize(w); got != w {
				t.Errorf("Normalize(%q) = %q", w, got)
			}
		})
	}
}

func TestNonVietnameseWordsAreLeftAlone(t *testing.T) {
	for _, w := range []string{"café", "naïve", "résumé", "pokémon", "hóax", "fóa", "ýxy", "hoà\u0301"} {
		t.Run(w+" is not respelled", func(t *testing.T) {
			want := strings.ToLower(norm.NFC.String(w))
			if got := Normalize(w); got != want {
				t.Errorf("Normalize(%q) = %q, want %q", w, got, want)
			}
		})
	}
}

func TestHoaAndHoaWithAToneAreDifferentWordsThatFoldAlike(t *testing.T) {
	hoa, hoaAcute := Tokenize("hoa")[0], Tokenize("hoá")[0]
	if hoa.Term == hoaAcute.Term {
		t.Errorf("hoa and hoá have the same term %q", hoa.Term)
	}
	if hoa.Folded != "hoa" || hoaAcute.Folded != "hoa" {
		t.Errorf("folded forms %q and %q, want both \"hoa\"", hoa.Folded, hoaAcute.Folded)
	}
}

func TestIAndYSpellingsGiveTheSameTerm(t *testing.T) {
	tests := []struct{ a, b, want string }{
		{"kì", "kỳ", "kì"},
		{"lí", "lý", "lí"},
		{"Mĩ", "Mỹ", "mĩ"},
		{"quí", "quý", "quý"},
		{"qui", "quy", "quy"},
		{"hi", "hy", "hi"},
		{"kĩ", "kỹ", "kĩ"},
		{"tỉ", "tỷ", "tỉ"},
		{"Sĩ", "Sỹ", "sĩ"},
		{"vi", "vy", "vi"},
	}
	for _, tt := range tests {
		t.Run(tt.a+" is the same word as "+tt.b, func(t *testing.T) {
			for _, in := range []string{tt.a, tt.b} {
				if got := terms(in); len(got) != 1 || got[0] != tt.want {
					t.Errorf("terms(%q) = %q, want [%q]", in, got, tt.want)
				}
			}
		})
	}
	t.Run("hi sinh is the same phrase as hy sinh", func(t *testing.T) {
		if a, b := terms("hi sinh"), terms("hy sinh"); !slices.Equal(a, b) {
			t.Errorf("terms differ: %q, %q", a, b)
		}
	})
}

func TestIAndYOutsideTheLoneRhymeAreKept(t *testing.T) {
	for _, w := range []string{
		"y", "ý", "ai", "tay", "uy", "yên", "yêu", "tiêu", "tuy", "huy", "thuỷ", "chi",
		"nghỉ", "gì", "kịp", "lịch", "mình", "khuya", "quyết",
	} {
		t.Run(w+" keeps its spelling", func(t *testing.T) {
			if got := terms(w); len(got) != 1 || got[0] != w {
				t.Errorf("terms(%q) = %q", w, got)
			}
		})
	}
	t.Run("y tế keeps its y", func(t *testing.T) {
		if got := terms("Y tế"); !slices.Equal(got, []string{"y", "tế"}) {
			t.Errorf("terms = %q", got)
		}
	})
}

func TestFold(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"đ and Đ fold to d", "Đảng đoàn đội", "dang doan doi"},
		{"every vowel diacritic goes", "ăâêôơư áàảãạ ấầẩẫậ ắằẳẵặ ứừửữự ýỳỷỹỵ", "aaeoou aaaaa aaaaa aaaaa uuuuu yyyyy"},
		{"place names fold", "Hoằng Hoá, Thanh Hóa", "hoang hoa, thanh hoa"},
		{"decomposed input folds", norm.NFD.String("Nguyễn Thị Thuỷ"), "nguyen thi thuy"},
		{"other Latin diacritics go", "café naïve Ångström", "cafe naive angstrom"},
		{"other scripts stay", "中国 مرحبا", "中国 مرحبا"},
		{"separators stay normalised", "a\u00a0–\u00adb", "a -b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// tokenString renders tokens compactly: term@pos, with /folded when it
// differs.
func tokenString(toks []Token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Term)
		if t.Folded != t.Term {
			b.WriteString("/" + t.Folded)
		}
		fmt.Fprintf(&b, "@%d", t.Pos)
	}
	return b.String()
}

func TestTokenize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"syllables get consecutive positions", "Đảng bộ xã", "đảng/dang@0 bộ/bo@1 xã/xa@2"},
		{"punctuation separates and is dropped", "Hội nghị: “dân vận”, (2024)!", "hội/hoi@0 nghị/nghi@1 dân/dan@2 vận/van@3 2024@4"},
		{"a document number gives its parts and the joined number",
			"12-NQ/TU", "12-nq/tu@0 12@0 nq@1 tu@2"},
		{"a document number after số",
			"số 05/CT-UBND ngày", "số/so@0 05/ct-ubnd@1 05@1 ct@2 ubnd@3 ngày/ngay@4"},
		{"a resolution number stays findable",
			"Nghị quyết 57-NQ/TW", "nghị/nghi@0 quyết/quyet@1 57-nq/tw@2 57@2 nq@3 tw@4"},
		{"a decree number with đ folds", "100/2019/NĐ-CP",
			"100/2019/nđ-cp/100/2019/nd-cp@0 100@0 2019@1 nđ/nd@2 cp@3"},
		{"any dash joins a document number", "12\u2013NQ", "12-nq@0 12@0 nq@1"},
		{"an abbreviation without digits is not a number", "QĐ-UBND", "qđ/qd@0 ubnd@1"},
		{"a doubled connector breaks the number", "12--NQ", "12@0 nq@1"},
		{"a spaced connector breaks the number", "12 - NQ", "12@0 nq@1"},
		{"a trailing connector is dropped", "12/", "12@0"},
		{"two numbers in a row", "1/2 3-4", "1/2@0 1@0 2@1 3-4@2 3@2 4@3"},
		{"Han characters are a syllable each", "中华 人", "中@0 华@1 人@2"},
		{"Arabic words are syllables", "مرحبا بك", "مرحبا@0 بك@1"},
		{"emoji and symbols are skipped", "😀 tin ❤️ vui ★", "tin@0 vui@1"},
		{"a soft hyphen joins a word", "thông\u00adtin", "thôngtin/thongtin@0"},
		{"a non-breaking space separates", "dân\u00a0vận", "dân/dan@0 vận/van@1"},
		{"letters with foreign diacritics", "Café", "café/cafe@0"},
		{"invalid bytes separate", "a\xffb", "a@0 b@1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tokenString(Tokenize(tt.in)); got != tt.want {
				t.Errorf("Tokenize(%q) = %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokenizeWithoutSyllablesGivesNil(t *testing.T) {
	for _, s := range []string{"", "   ", "!!! ... ---", "\u200b\u00ad", "😀❤️", "\xff\xfe"} {
		if got := Tokenize(s); got != nil {
			t.Errorf("Tokenize(%q) = %v, want nil", s, got)
		}
	}
}

func TestLongConnectedChainsGiveNoCompound(t *testing.T) {
	toks := Tokenize("1-2-3-4-5-6-7-8-9")
	if len(toks) != 9 {
		t.Fatalf("Tokenize gave %s", tokenString(toks))
	}
	for _, tk := range toks {
		if tk.IsCompound() {
			t.Errorf("unexpected compound %q", tk.Term)
		}
	}
	if eight := Tokenize("1-2-3-4-5-6-7-8"); len(eight) != 9 || !eight[0].IsCompound() {
		t.Errorf("eight parts should give a compound: %s", tokenString(eight))
	}
}

// readLongText returns testdata/long-text.txt: 400 syllables of synthetic
// district news (contenttest.SyntheticArticle), kept as a file because
// content's own tests cannot import contenttest.
func readLongText(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "long-text.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestLongTextsAreTokenizedInPieces(t *testing.T) {
	s := readLongText(t) + "\nsố 12-NQ/TU, Nghị quyết 57-NQ/TW; " + norm.NFD.String("Thủy lợi\tkhỏe")
	whole := Tokenize(s)
	for _, chunk := range []int{64, 100, 1000, len(s) - 1} {
		t.Run(fmt.Sprintf("pieces of %d bytes give the same tokens", chunk), func(t *testing.T) {
			if got := tokenizeChunked(s, chunk); !slices.Equal(got, whole) {
				t.Errorf("tokenizeChunked = %s\nwant %s", tokenString(got), tokenString(whole))
			}
		})
	}
	t.Run("a text without white space is cut between characters", func(t *testing.T) {
		got := tokenizeChunked(strings.Repeat("đ", 20), 16)
		want := "đđđđđđđđ/dddddddd@0 đđđđđđđđ/dddddddd@1 đđđđ/dddd@2"
		if tokenString(got) != want {
			t.Errorf("tokenizeChunked = %s, want %s", tokenString(got), want)
		}
	})
}

func TestPairs(t *testing.T) {
	tests := []struct {
		name, in     string
		pairs, folds []string
	}{
		{"adjacent syllables pair up", "Dân vận khéo", []string{"dân vận", "vận khéo"}, []string{"dan van", "van kheo"}},
		{"compound tokens are skipped", "số 12-NQ/TU", []string{"số 12", "12 nq", "nq tu"}, []string{"so 12", "12 nq", "nq tu"}},
		{"one syllable has no pair", "Đảng", nil, nil},
		{"nothing has no pair", "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := Tokenize(tt.in)
			if got := Pairs(toks); !slices.Equal(got, tt.pairs) {
				t.Errorf("Pairs = %q, want %q", got, tt.pairs)
			}
			if got := FoldedPairs(toks); !slices.Equal(got, tt.folds) {
				t.Errorf("FoldedPairs = %q, want %q", got, tt.folds)
			}
		})
	}
	t.Run("syllables that are not adjacent do not pair", func(t *testing.T) {
		toks := Tokenize("dân chủ vận động")
		toks = slices.Delete(toks, 1, 2)
		if got := Pairs(toks); !slices.Equal(got, []string{"vận động"}) {
			t.Errorf("Pairs = %q", got)
		}
	})
}

// checkTokens reports violations of Tokenize's contract for input s.
func checkTokens(t *testing.T, s string, toks []Token) {
	t.Helper()
	for i, tk := range toks {
		if tk.Term == "" || tk.Folded == "" {
			t.Fatalf("Tokenize(%q): token %d is empty: %+v", s, i, tk)
		}
		if !utf8.ValidString(tk.Term) || !utf8.ValidString(tk.Folded) {
			t.Fatalf("Tokenize(%q): token %d is not valid UTF-8: %+v", s, i, tk)
		}
		if strings.ContainsFunc(tk.Term+tk.Folded, unicode.IsSpace) {
			t.Fatalf("Tokenize(%q): token %d has a space: %+v", s, i, tk)
		}
		if f := Fold(tk.Term); f != tk.Folded {
			t.Fatalf("Tokenize(%q): token %d: Fold(%q) = %q, but Folded is %q", s, i, tk.Term, f, tk.Folded)
		}
		if i > 0 && tk.Pos < toks[i-1].Pos {
			t.Fatalf("Tokenize(%q): positions decrease at %d: %s", s, i, tokenString(toks))
		}
		if tk.IsCompound() && (i+1 >= len(toks) || toks[i+1].Pos != tk.Pos || toks[i+1].IsCompound()) {
			t.Fatalf("Tokenize(%q): compound %d is not followed by its first part: %s", s, i, tokenString(toks))
		}
		if !tk.IsCompound() && i > 0 && !toks[i-1].IsCompound() && tk.Pos != toks[i-1].Pos+1 {
			t.Fatalf("Tokenize(%q): syllable positions are not consecutive at %d: %s", s, i, tokenString(toks))
		}
	}
	if len(toks) > 0 && toks[0].Pos != 0 {
		t.Fatalf("Tokenize(%q): first position is %d", s, toks[0].Pos)
	}
}

func TestTokensKeepTheirContract(t *testing.T) {
	for _, s := range []string{
		"Hội nghị quán triệt Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.",
		norm.NFD.String("Thủy lợi; khỏe; kỳ họp; QĐ-UBND; 05/CT-UBND"),
		"中华人民共和国 😀 مرحبا café\u00adthông\u200btin",
	} {
		checkTokens(t, s, Tokenize(s))
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"", "Đảng bộ huyện Hoằng Hoá", "số 05/CT-UBND", "12-NQ/TU", "hòa thủy khỏe kỳ quí",
		"a\u00ad\u0301", "=\u0338", "\xff\xfe", "中华 😀 مرحبا", "qúa gìa", "1-2-3-4-5-6-7-8-9",
		"Ⅻ ½ ² K Å", "\u1100\u1161\u11a8", "क़", "ǅ", "İ",
		"A\u0301\u0302", "a\u0302\u0323", "ạ\u0301", "Ǻ", "ß ﬀ ΐ \u0345", "HOÀ\u200dBÌNH", "ǿ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := Tokenize(s)
		checkTokens(t, s, toks)
		if again := Tokenize(Normalize(s)); !slices.Equal(toks, again) {
			t.Fatalf("Tokenize(%q) = %s\nTokenize(Normalize) = %s", s, tokenString(toks), tokenString(again))
		}
		if !utf8.ValidString(s) {
			return
		}
		nfc, nfd := Tokenize(norm.NFC.String(s)), Tokenize(norm.NFD.String(s))
		if !slices.Equal(nfc, nfd) {
			t.Fatalf("%q: NFC tokens %s, NFD tokens %s", s, tokenString(nfc), tokenString(nfd))
		}
	})
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"", "Hòa Bình", "a\u00a0b\u2013c", "\ufeffx", "a\u00ad\u0301", "=\u0338", "\xff", "ǅ", "İ",
		"ǿ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q is not valid UTF-8", s, n)
		}
		if !norm.NFC.IsNormalString(n) {
			t.Fatalf("Normalize(%q) = %q is not NFC", s, n)
		}
		if again := Normalize(n); again != n {
			t.Fatalf("Normalize is not idempotent: %q → %q → %q", s, n, again)
		}
		if strings.ContainsFunc(n, isInvisible) {
			t.Fatalf("Normalize(%q) = %q keeps an invisible character", s, n)
		}
		fo := Fold(s)
		if again := Fold(fo); again != fo {
			t.Fatalf("Fold is not idempotent: %q → %q → %q", s, fo, again)
		}
		if utf8.ValidString(s) && Normalize(norm.NFD.String(s)) != Normalize(norm.NFC.String(s)) {
			t.Fatalf("Normalize differs between NFC and NFD of %q", s)
		}
	})
}
