package contenttest

import (
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"newsbot/content"
)

// Bounds of the synthetic articles, in syllables as CountSyllables counts them
// (compound tokens aside).
const (
	SyntheticTitleMin = 6
	SyntheticTitleMax = 15
	SyntheticBodyMin  = 300
	SyntheticBodyMax  = 1500
)

// SyntheticCorpus returns n synthetic district news articles for search
// benchmarks and load tests: SyntheticArticle(seed, i) for i in [0, n). The
// result depends only on n and seed, and a shorter corpus is a prefix of a
// longer one with the same seed. The articles are generated on all CPUs
// (GOMAXPROCS). It returns nil when n <= 0.
func SyntheticCorpus(n int, seed int64) []content.Article {
	if n <= 0 {
		return nil
	}
	out := make([]content.Article, n)
	workers := min(runtime.GOMAXPROCS(0), (n+255)/256)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				out[i] = SyntheticArticle(seed, i)
			}
		})
	}
	wg.Wait()
	return out
}

// SyntheticArticle returns article i of the synthetic corpus with the given
// seed, so that large corpora can be streamed or generated in parallel
// without holding them in memory. The article reads like the district
// portal's news, if not always sensibly: sentences follow a subject – verb –
// object pattern whose phrases, drawn with a Zipf-like distribution from a
// few hundred phrases of government news, name agencies, programmes,
// communes, numbers and document numbers ("số 112/KH-UBND"). A quarter of
// the articles use the old tone style and i for y (hòa, thủy, kì, lí), as
// some writers do. The title has SyntheticTitleMin–SyntheticTitleMax
// syllables, the body SyntheticBodyMin–SyntheticBodyMax syllables in
// paragraphs of 40–120; publication falls between 2018 and 2025 in Vietnam
// time; the source URL is https://portal.example/tin/<i+1> and the ID is
// content.Article.DeriveID's.
func SyntheticArticle(seed int64, i int) content.Article {
	v := synthVocabulary()
	g := synthGen{
		v: v,
		r: rand.New(rand.NewPCG(splitMix64(uint64(seed)), splitMix64(uint64(i)^0x5851f42d4c957f2d))),
	}
	g.alt = g.r.IntN(4) == 0
	a := content.Article{
		SourceURL: "https://portal.example/tin/" + strconv.Itoa(i+1),
		Title:     g.title(),
		Lead:      g.lead(),
		Body:      g.body(),
		Author:    v.authors[g.r.IntN(len(v.authors))],
		Category:  g.category(),
		Published: g.published(),
	}
	a.ID = a.DeriveID()
	return a
}

// splitMix64 scrambles x, so that neighbouring seeds and indexes start
// unrelated random streams.
func splitMix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// synthGen writes one synthetic article.
type synthGen struct {
	v *synthVocab
	r *rand.Rand
	// alt: this article uses the alternative spellings.
	alt bool
}

// synthWriter accumulates text and counts its syllables.
type synthWriter struct {
	buf       []byte
	syllables int
	// capital: the next word starts a sentence.
	capital bool
}

// space separates the next word from the previous one.
func (w *synthWriter) space() {
	if len(w.buf) > 0 && w.buf[len(w.buf)-1] != '\n' {
		w.buf = append(w.buf, ' ')
	}
}

// phrase appends p, capitalised at the start of a sentence.
func (w *synthWriter) phrase(text string, syllables int) {
	w.space()
	if w.capital {
		r, size := utf8.DecodeRuneInString(text)
		w.buf = utf8.AppendRune(w.buf, unicode.ToUpper(r))
		text = text[size:]
		w.capital = false
	}
	w.buf = append(w.buf, text...)
	w.syllables += syllables
}

// number appends the number n followed by suffix (a document number form
// such as "/KH-UBND", or ""), of the given syllables in all.
func (w *synthWriter) number(n int, suffix string, syllables int) {
	w.space()
	w.buf = strconv.AppendInt(w.buf, int64(n), 10)
	w.buf = append(w.buf, suffix...)
	w.syllables += syllables
	w.capital = false
}

// punct appends a punctuation mark right after the last word.
func (w *synthWriter) punct(p byte) {
	w.buf = append(w.buf, p)
	if p == '.' {
		w.capital = true
	}
}

// put appends a phrase of class c that fits in max syllables in all, or a
// one-syllable filler when four draws do not fit.
func (g *synthGen) put(w *synthWriter, c *synthClass, max int) {
	for range 4 {
		p := &c.phrases[c.zipf[g.r.Uint32()&(synthZipfSize-1)]]
		if w.syllables+p.syllables <= max {
			w.phrase(g.spell(p), p.syllables)
			return
		}
	}
	f := &g.v.fillers[g.r.IntN(len(g.v.fillers))]
	w.phrase(g.spell(f), 1)
}

// spell returns p as this article writes it.
func (g *synthGen) spell(p *synthPhrase) string {
	if g.alt {
		return p.alt
	}
	return p.text
}

// title returns a title of SyntheticTitleMin–SyntheticTitleMax syllables:
// verb, object and often a commune or complement.
func (g *synthGen) title() string {
	v := g.v
	target := SyntheticTitleMin + g.r.IntN(SyntheticTitleMax-SyntheticTitleMin+1)
	w := synthWriter{buf: make([]byte, 0, 128), capital: true}
	g.put(&w, &v.verbs, target)
	g.put(&w, &v.objects, target)
	commune := g.r.IntN(2) == 0
	for w.syllables < target {
		switch left := target - w.syllables; {
		case commune && left >= 3:
			g.commune(&w)
			commune = false
		case left >= 4 && g.r.IntN(2) == 0:
			g.put(&w, &v.links, target-2)
			g.put(&w, &v.objects, target)
		default:
			g.put(&w, &v.complements, target)
		}
	}
	return string(w.buf)
}

// commune appends "xã" and a commune name (3 syllables).
func (g *synthGen) commune(w *synthWriter) {
	c := &g.v.communes[g.r.IntN(len(g.v.communes))]
	w.phrase("xã", 1)
	w.phrase(g.spell(c), c.syllables)
}

// lead returns a one-sentence summary of 20–45 syllables.
func (g *synthGen) lead() string {
	w := synthWriter{buf: make([]byte, 0, 384), capital: true}
	g.sentence(&w, 20+g.r.IntN(26), math.MaxInt)
	return string(w.buf)
}

// body returns SyntheticBodyMin–SyntheticBodyMax syllables in paragraphs of
// 40–120 syllables. The paragraphs share one backing string.
func (g *synthGen) body() []string {
	target := SyntheticBodyMin + g.r.IntN(SyntheticBodyMax-SyntheticBodyMin+1)
	w := synthWriter{buf: make([]byte, 0, target*7), capital: true}
	var ends []int
	for w.syllables < target {
		para := min(40+g.r.IntN(81), target-w.syllables)
		if rest := target - w.syllables - para; rest > 0 && rest < 40 {
			// No paragraph shorter than 40 syllables at the end: merge the
			// rest, or halve the merged text when it is too long for one.
			if para += rest; para > 120 {
				para /= 2
			}
		}
		stop := w.syllables + para
		for w.syllables < stop {
			g.sentence(&w, min(12+g.r.IntN(21), stop-w.syllables), stop)
		}
		ends = append(ends, len(w.buf))
		w.buf = append(w.buf, '\n')
	}
	all := string(w.buf)
	paras := make([]string, len(ends))
	start := 0
	for i, end := range ends {
		paras[i] = all[start:end]
		start = end + 1
	}
	return paras
}

// sentence appends a sentence of about n syllables, never passing max in
// total: subject, verb, object, then linked objects, complements,
// communes, figures and document numbers, and a full stop.
func (g *synthGen) sentence(w *synthWriter, n, max int) {
	v := g.v
	stop := min(w.syllables+n, max)
	g.put(w, &v.subjects, stop)
	if w.syllables < stop {
		g.put(w, &v.verbs, stop)
	}
	if w.syllables < stop {
		g.put(w, &v.objects, stop)
	}
	for w.syllables < stop {
		left := stop - w.syllables
		switch x := g.r.IntN(20); {
		case x < 8 && left >= 3:
			g.put(w, &v.links, stop-2)
			g.put(w, &v.objects, stop)
		case x < 11:
			g.put(w, &v.complements, stop)
		case x < 13 && left >= 3:
			g.commune(w)
		case x < 14 && left >= 5:
			g.put(w, &v.documents, stop-4)
			w.phrase("số", 1)
			w.number(1+g.r.IntN(300), v.docForms[g.r.IntN(len(v.docForms))], 3)
		case x < 16 && left >= 2:
			w.number(2+g.r.IntN(498), "", 1)
			g.put(w, &v.units, stop)
		case x < 18 && left >= 3:
			w.punct(',')
			g.put(w, &v.verbs, stop)
			g.put(w, &v.objects, stop)
		default:
			g.put(w, &v.objects, stop)
		}
	}
	w.punct('.')
}

// category draws a category: mostly news, then conferences, directives and
// announcements.
func (g *synthGen) category() content.Category {
	switch x := g.r.IntN(20); {
	case x < 10:
		return content.CategoryNews
	case x < 14:
		return content.CategoryConference
	case x < 17:
		return content.CategoryDirective
	}
	return content.CategoryAnnouncement
}

// published draws a time in 2018–2025, in office hours, Vietnam time.
func (g *synthGen) published() time.Time {
	start := time.Date(2018, 1, 1, 0, 0, 0, 0, g.v.zone)
	day := g.r.IntN(8 * 365)
	minute := 6*60 + g.r.IntN(15*60)
	return start.AddDate(0, 0, day).Add(time.Duration(minute) * time.Minute)
}

// synthZipfSize is the size of a class's table mapping a random number to a
// phrase; a power of two.
const synthZipfSize = 1 << 12

// synthVocab is the immutable vocabulary of the synthetic corpus.
type synthVocab struct {
	subjects, verbs, objects, links, complements, units, documents synthClass
	communes, fillers                                              []synthPhrase
	docForms, authors                                              []string
	// zone is content.VietnamZone(), loaded once.
	zone *time.Location
}

// synthClass is a list of phrases, most frequent first, and the table that
// draws them with weights ∝ 1/(rank+2.7) (Zipf–Mandelbrot).
type synthClass struct {
	phrases []synthPhrase
	zipf    []uint16
}

// synthPhrase is a phrase in the standard spelling (new tone style, y in
// kỳ, lý, quý, Mỹ), in the alternative one (old tone style, i after
// consonants but qu) and its syllable count.
type synthPhrase struct {
	text, alt string
	syllables int
}

// synthVocabulary returns the vocabulary, built once.
var synthVocabulary = sync.OnceValue(buildSynthVocab)

// buildSynthVocab builds the vocabulary from the phrase lists below.
func buildSynthVocab() *synthVocab {
	v := &synthVocab{
		subjects:    newSynthClass(synthSubjects),
		verbs:       newSynthClass(synthVerbs),
		objects:     newSynthClass(synthObjects),
		links:       newSynthClass(synthLinks),
		complements: newSynthClass(synthComplements),
		units:       newSynthClass(synthUnits),
		documents:   newSynthClass(synthDocuments),
		communes:    synthPhrases(synthCommunes),
		zone:        content.VietnamZone(),
		docForms: []string{
			"/KH-UBND", "/QĐ-UBND", "/TB-UBND", "/CT-UBND", "/BC-UBND",
			"-NQ/HU", "-CT/HU", "-KL/HU", "-NQ/TU", "-NQ/TW", "-CT/TW", "-NQ/ĐU",
			"/KH-BCĐ", "/CV-UBND", "/NQ-HĐND",
		},
		authors: []string{
			"Minh Anh – Trung tâm VH-TT", "Lê Hà", "Thu Hằng", "Nguyễn Văn Tuấn",
			"Hoàng Thuý", "Trung tâm Văn hoá, Thông tin, Thể thao và Du lịch",
			"Lê Thị Hoà", "Đức Mạnh", "Văn phòng HĐND – UBND huyện",
		},
	}
	v.fillers = synthPhrases(synthFillers)
	return v
}

// newSynthClass builds a class from a "|"-separated list, most frequent
// first.
func newSynthClass(list string) synthClass {
	c := synthClass{phrases: synthPhrases(list)}
	weights := make([]float64, len(c.phrases))
	total := 0.0
	for k := range weights {
		weights[k] = 1 / (float64(k+1) + 2.7)
		total += weights[k]
	}
	c.zipf = make([]uint16, synthZipfSize)
	k, cum := 0, weights[0]/total
	for i := range c.zipf {
		for k < len(weights)-1 && (float64(i)+0.5)/synthZipfSize > cum {
			k++
			cum += weights[k] / total
		}
		c.zipf[i] = uint16(k)
	}
	return c
}

// synthPhrases splits a "|"-separated list into phrases.
func synthPhrases(list string) []synthPhrase {
	var out []synthPhrase
	for _, p := range strings.Split(list, "|") {
		p = strings.Join(strings.Fields(p), " ")
		if p == "" {
			continue
		}
		out = append(out, synthPhrase{text: p, alt: respellWords(p, altSpelling), syllables: CountSyllables(p)})
	}
	return out
}

// The phrase lists, most frequent first.
const (
	synthSubjects = `UBND huyện | Huyện uỷ | Ban Thường vụ Huyện uỷ | các xã, thị trấn |
cán bộ, đảng viên | nhân dân | Đảng bộ xã | Ban Chỉ đạo | hội nghị | đại hội |
đồng chí Chủ tịch UBND huyện | đồng chí Bí thư Huyện uỷ | HĐND huyện | các đơn vị |
Uỷ ban MTTQ huyện | Hội Nông dân huyện | Huyện Đoàn | Hội Liên hiệp Phụ nữ huyện |
Hội Cựu chiến binh huyện | Công an huyện | Ban Chỉ huy Quân sự huyện | Trung tâm Y tế huyện |
phòng Nông nghiệp và Phát triển nông thôn | phòng Giáo dục và Đào tạo | phòng Tài nguyên và Môi trường |
phòng Văn hoá và Thông tin | đoàn công tác | đoàn kiểm tra | các cấp uỷ, chính quyền |
các hội viên | chi bộ thôn | người dân | nông dân | các doanh nghiệp | hợp tác xã |
ngành giáo dục | ngành y tế | lực lượng vũ trang | đoàn viên thanh niên | các tổ chức đảng |
Ban Dân vận Huyện uỷ | Uỷ ban Kiểm tra Huyện uỷ | Văn phòng HĐND – UBND huyện | tổ công tác |
bà con | học sinh | giáo viên | các đại biểu | đại biểu HĐND tỉnh | cử tri | hộ gia đình`
	synthVerbs = `triển khai | tổ chức | thực hiện | chỉ đạo | tăng cường | đẩy mạnh | nâng cao |
tuyên truyền | kiểm tra | đánh giá | hoàn thành | xây dựng | quán triệt | sơ kết | tổng kết |
phát động | hỗ trợ | vận động | giám sát | rà soát | đề ra | thông qua | biểu dương |
trao tặng | khen thưởng | ban hành | phối hợp | huy động | bảo đảm | duy trì | nhân rộng |
khắc phục | tập trung | chủ động | hướng dẫn | tiếp nhận | giải quyết | đón nhận | khánh thành |
khởi công | tiếp xúc | thăm hỏi | tặng quà | ký kết | lấy ý kiến | công bố | trao quyết định |
phê duyệt | kiện toàn | xử lý | ngăn chặn | khảo sát | đôn đốc | học tập | làm theo`
	synthObjects = `công tác | kế hoạch | nhiệm vụ | nghị quyết | chương trình | phong trào thi đua |
nông thôn mới | cải cách hành chính | chuyển đổi số | phòng chống thiên tai | mô hình |
sản xuất nông nghiệp | an ninh trật tự | công tác dân vận | dân vận khéo | quy chế dân chủ |
xây dựng Đảng | hệ thống chính trị | phát triển kinh tế – xã hội | thu ngân sách | đầu tư công |
giải phóng mặt bằng | quản lý đất đai | bảo vệ môi trường | thu gom rác thải | an toàn thực phẩm |
vệ sinh môi trường | phòng cháy, chữa cháy | tuyển quân | nghĩa vụ quân sự | giáo dục quốc phòng |
chăm sóc sức khoẻ nhân dân | bảo hiểm y tế | bảo hiểm xã hội | tiêm chủng | phòng chống dịch bệnh |
giảm nghèo bền vững | an sinh xã hội | chính sách người có công | đền ơn đáp nghĩa | nhà Đại đoàn kết |
học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh | đại đoàn kết toàn dân tộc |
đời sống văn hoá | lễ hội truyền thống | di tích lịch sử | du lịch biển | thể dục thể thao |
khuyến học, khuyến tài | năm học mới | trường đạt chuẩn quốc gia | đội ngũ giáo viên |
kênh mương nội đồng | thuỷ lợi | đê điều | trồng cây xanh | vụ lúa xuân | vụ mùa | chăn nuôi |
nuôi trồng thuỷ sản | khai thác hải sản | tàu thuyền | cơ giới hoá | tích tụ ruộng đất |
liên kết sản xuất | sản phẩm OCOP | làng nghề | doanh nghiệp | khu công nghiệp | hạ tầng giao thông |
đường giao thông nông thôn | cầu dân sinh | điện chiếu sáng | nước sạch | định danh điện tử |
dịch vụ công trực tuyến | thủ tục hành chính | tiếp công dân | khiếu nại, tố cáo | đối thoại |
kiểm tra, giám sát | phòng chống tham nhũng | thực hành tiết kiệm | công tác cán bộ | đề án nhân sự |
bầu cử | kỳ họp | tiếp xúc cử tri | đại hội đảng bộ | kết nạp đảng viên | sinh hoạt chi bộ |
công tác khen thưởng | công tác thi đua | công tác tuyên truyền | công tác quốc phòng |
văn hoá công sở | kỷ luật, kỷ cương | quản lý nhà nước | quy hoạch sử dụng đất | đấu giá quyền sử dụng đất |
hoà giải ở cơ sở | phổ biến pháp luật | phòng chống ma tuý | an toàn giao thông | nồng độ cồn |
hiến máu tình nguyện | cứu trợ | hỗ trợ hộ nghèo | học bổng | quà Tết | người cao tuổi | trẻ em |
phụ nữ | thanh niên | cựu chiến binh | hội viên nông dân | thương binh, liệt sĩ | Mẹ Việt Nam anh hùng |
khoa học kỹ thuật | ứng dụng công nghệ | kỹ năng số | thanh toán không dùng tiền mặt |
sức khoẻ | văn hoá | thuỷ sản | quản lý | kỷ niệm | quý I | kỳ vọng | lý luận chính trị | Mỹ thuật`
	synthFillers = `lúa | tôm | cá | đường | cầu | chợ | điện | nước | đê | rừng | biển | Tết |
bão | lũ | quà | thuế | đất | nhà | trường | thôn | xã | huyện | tỉnh | Đảng | dân`
	synthLinks = `và | của | về | cho | với | gắn với | trong | trên | theo | để | đến | tại |
từ | cùng | các | những | đối với | nhằm | nhất là | bảo đảm | góp phần | cũng như`
	synthComplements = `trên địa bàn | trên địa bàn huyện | năm 2024 | năm 2023 | trong thời gian tới |
6 tháng đầu năm | theo kế hoạch | đúng quy định | đạt kết quả tốt | của huyện | toàn huyện |
cuối năm | đầu năm | trong năm | năm 2022 | năm 2025 | nhiệm kỳ 2020 – 2025 | nhiệm kỳ 2025 – 2030 |
giai đoạn 2021 – 2025 | so với cùng kỳ | vượt kế hoạch | kịp thời | hiệu quả | thiết thực |
sâu rộng | đồng bộ | quyết liệt | nghiêm túc | chặt chẽ | bền vững | tiêu biểu | ở cơ sở |
ở khu dân cư | tại hội trường UBND huyện | tại thị trấn Bút Sơn | ven biển | ven sông Mã |
dịp Tết Nguyên đán | mùa mưa bão | mùa hè | năm học 2024 – 2025 | năm 2021 | năm 2020 | năm 2019 |
năm 2018 | của tỉnh Thanh Hoá | huyện Hoằng Hoá | khu du lịch biển Hải Tiến | vùng chiêm trũng`
	synthUnits = `hộ | người | tỷ đồng | triệu đồng | ha | tấn | km | lượt | đảng viên | học sinh |
mô hình | công trình | hội viên | suất quà | cây | tàu | đơn vị | thôn | xã | ý kiến | hồ sơ`
	synthDocuments = `theo Kế hoạch | theo Quyết định | thực hiện Nghị quyết | theo Chỉ thị |
theo Thông báo | Công văn | Nghị quyết | Kế hoạch | Quyết định`
	synthCommunes = `Hoằng Tiến | Hoằng Thanh | Hoằng Hải | Hoằng Trường | Hoằng Phụ |
Hoằng Đông | Hoằng Yến | Hoằng Ngọc | Hoằng Châu | Hoằng Phong | Hoằng Lưu |
Hoằng Thắng | Hoằng Đức | Hoằng Đạo | Hoằng Hà | Hoằng Kim | Hoằng Trung |
Hoằng Xuân | Hoằng Quỳ | Hoằng Sơn | Hoằng Cát | Hoằng Quý | Hoằng Hợp |
Hoằng Minh | Hoằng Phú | Hoằng Trinh | Hoằng Xuyên | Hoằng Đồng | Hoằng Thịnh |
Hoằng Thái | Hoằng Lộc | Hoằng Thành | Hoằng Tân | Hoằng Phượng | Hoằng Giang |
Hoằng Đạt | Hoằng Trạch | Hoằng Lương | Hoằng Khánh | Hoằng Hoá`
)
