package search

// The posting block format (index format 2) and the impacts that let a
// search skip the documents that cannot reach its top results.
//
// A block holds the postings of one term for a run of docnums, in docnum
// order. Its key is the term key, 0x00 and its first docnum (u32 BE); its
// value:
//
//	uvarint(n)             number of postings, at least 1
//	uvarint(last - first)  docnum range
//	byte(flags)            blockBitmap, blockImpacts, blockExtras
//	uvarint(len(deltas))   only without blockBitmap
//	impacts                with blockImpacts: one byte per window (16
//	                       docnums, docnum>>4) from first's to last's: an
//	                       upper bound of the term's quantised BM25F
//	                       saturation in the window's documents (impactOf)
//	docs                   with blockBitmap: (last-first)/8+1 bytes, bit i
//	                       (least significant first) set for docnum first+i;
//	                       else n-1 uvarint docnum deltas
//	tfs                    n bytes, one per posting: text tf<<2 | title tf,
//	                       tfEscText (63) and tfEscTitle (3) standing for
//	                       larger values
//	extras                 with blockExtras: for each posting with escapes,
//	                       in order, uvarint(text tf) when escaped, then
//	                       uvarint(title tf) when escaped
//
// Windows are aligned on docnums, not blocks, so a search can add up the
// bounds of all its lists per window (planQuery). The impacts are
// computed with the reference average lengths stored under keyNormRef; the
// current averages differ a little, which a search allows for (impactScale).
// Blocks where the term is rarer than blockImpactMin postings per window
// carry no impacts: a search decodes them whole instead.

import (
	"encoding/binary"
	"math"
	"math/bits"
)

const (
	winShift = 4
	winDocs  = 1 << winShift

	blockBitmap  = 1
	blockImpacts = 2
	blockExtras  = 4

	tfEscText  = 63
	tfEscTitle = 3

	// blockImpactMin is the postings per window from which a block carries
	// impacts.
	blockImpactMin = 2
)

// keyNormRef holds the reference average field lengths of the impacts: two
// float64 bits, title then text.
var keyNormRef = []byte("normref")

// normRef is a pair of reference average lengths, in syllables.
type normRef struct{ title, text float64 }

func (r normRef) valid() bool { return r.title > 0 && r.text > 0 }

func (r normRef) encode() []byte {
	b := binary.BigEndian.AppendUint64(nil, math.Float64bits(r.title))
	return binary.BigEndian.AppendUint64(b, math.Float64bits(r.text))
}

func decodeNormRef(v []byte) normRef {
	if len(v) != 16 {
		return normRef{}
	}
	r := normRef{math.Float64frombits(binary.BigEndian.Uint64(v)), math.Float64frombits(binary.BigEndian.Uint64(v[8:]))}
	if !r.valid() || math.IsInf(r.title, 0) || math.IsInf(r.text, 0) {
		return normRef{}
	}
	return r
}

// impactOf returns the quantised saturation tf'/(tf'+k1) of a posting, with
// tf' its field-weighted, length-normalised frequency under the reference
// averages: a byte q with q/255 > the saturation (q = 255 means at most 1).
func impactOf(tfTitle, tfText, titleLen, textLen uint32, ref normRef) uint8 {
	tf := float64(tfText)/(1-bm25BText+bm25BText*float64(textLen)/ref.text) +
		float64(tfTitle)*weightTitle/(1-bm25BTitle+bm25BTitle*float64(titleLen)/ref.title)
	s := tf / (tf + bm25K1)
	q := math.Floor(s*255) + 1
	if !(q < 255) { // NaN too
		return 255
	}
	return uint8(max(q, 1))
}

// impactScale returns the table of upper bounds of the saturation under the
// current averages for each impact byte: the normalisation of a field grows
// at most by cur/ref when its average grows from ref to cur.
func impactScale(t *[256]float32, ref, cur normRef) {
	r := 1.0
	if ref.valid() {
		r = max(1, cur.title/ref.title, cur.text/ref.text)
	} else {
		r = math.Inf(1)
	}
	t[0] = 0
	for q := 1; q < 256; q++ {
		s := float64(q) / 255
		if q < 255 && !math.IsInf(r, 0) {
			tf := r * bm25K1 * s / (1 - s)
			s = tf / (tf + bm25K1)
		} else {
			s = 1
		}
		t[q] = float32(s * (1 + 1e-6))
	}
}

func uvarintLen(x uint64) int { return (bits.Len64(x|1) + 6) / 7 }

// blockSize estimates the encoded size of a block of n postings over
// docnums [first, last] whose deltas take deltaBytes.
func blockSize(n, deltaBytes int, first, last uint32) int {
	return 6 + n + min(int(last-first)/8+1, deltaBytes)
}

// cutBlocks calls fn with the bounds of each block of ps, which are in
// docnum order: a block ends at a window boundary once it reaches about
// postingBlockBytes.
func cutBlocks(ps []posting, fn func(from, to int) error) error {
	from, deltaBytes := 0, 0
	for i := 1; i < len(ps); i++ {
		if ps[i].doc>>winShift != ps[i-1].doc>>winShift &&
			blockSize(i-from, deltaBytes, ps[from].doc, ps[i-1].doc) >= postingBlockBytes {
			if err := fn(from, i); err != nil {
				return err
			}
			from, deltaBytes = i, 0
			continue
		}
		deltaBytes += uvarintLen(uint64(ps[i].doc - ps[i-1].doc))
	}
	if from < len(ps) {
		return fn(from, len(ps))
	}
	return nil
}

// encodeBlock appends the block of ps (in docnum order, at least one) to
// dst. imp, when not nil, holds each posting's impact; the block carries
// impacts when it has them and is dense enough.
func encodeBlock(dst []byte, ps []posting, imp []uint8) []byte {
	n := len(ps)
	first, last := ps[0].doc, ps[n-1].doc
	deltaBytes := 0
	extras := false
	for i, p := range ps {
		if i > 0 {
			deltaBytes += uvarintLen(uint64(p.doc - ps[i-1].doc))
		}
		if p.tfText >= tfEscText || p.tfTitle >= tfEscTitle {
			extras = true
		}
	}
	bitmapBytes := int(last-first)/8 + 1
	nWin := int(last>>winShift-first>>winShift) + 1
	var flags byte
	if bitmapBytes <= deltaBytes {
		flags |= blockBitmap
	}
	if imp != nil && n >= blockImpactMin*nWin {
		flags |= blockImpacts
	}
	if extras {
		flags |= blockExtras
	}
	dst = binary.AppendUvarint(dst, uint64(n))
	dst = binary.AppendUvarint(dst, uint64(last-first))
	dst = append(dst, flags)
	if flags&blockBitmap == 0 {
		dst = binary.AppendUvarint(dst, uint64(deltaBytes))
	}
	if flags&blockImpacts != 0 {
		w0 := first >> winShift
		at := len(dst)
		dst = append(dst, make([]byte, nWin)...)
		for i, p := range ps {
			j := at + int(p.doc>>winShift-w0)
			dst[j] = max(dst[j], imp[i])
		}
	}
	if flags&blockBitmap != 0 {
		at := len(dst)
		dst = append(dst, make([]byte, bitmapBytes)...)
		for _, p := range ps {
			o := p.doc - first
			dst[at+int(o>>3)] |= 1 << (o & 7)
		}
	} else {
		for i := 1; i < n; i++ {
			dst = binary.AppendUvarint(dst, uint64(ps[i].doc-ps[i-1].doc))
		}
	}
	for _, p := range ps {
		dst = append(dst, byte(min(p.tfText, tfEscText))<<2|byte(min(p.tfTitle, tfEscTitle)))
	}
	if extras {
		for _, p := range ps {
			if p.tfText >= tfEscText {
				dst = binary.AppendUvarint(dst, uint64(p.tfText))
			}
			if p.tfTitle >= tfEscTitle {
				dst = binary.AppendUvarint(dst, uint64(p.tfTitle))
			}
		}
	}
	return dst
}

// blockRef is a parsed posting block; its slices alias the stored value.
type blockRef struct {
	first, last uint32
	n           int
	flags       byte
	// imp holds the impacts (nil without), docs the bitmap or deltas, tfs
	// the tf bytes and extras the escaped values.
	imp, docs, tfs, extras []byte
}

// parseBlock parses the block whose first docnum is first.
func parseBlock(first uint32, v []byte) (blockRef, error) {
	var r blockRef
	n, k := binary.Uvarint(v)
	if k <= 0 || n == 0 || n > uint64(len(v)) {
		return r, errCorruptIndex
	}
	v = v[k:]
	rng, k := binary.Uvarint(v)
	if k <= 0 || rng >= 1<<32 || uint64(first)+rng >= 1<<32 || n > rng+1 || len(v) < k+1 {
		return r, errCorruptIndex
	}
	v = v[k:]
	r.first, r.last, r.n, r.flags = first, first+uint32(rng), int(n), v[0]
	v = v[1:]
	var docsLen uint64
	if r.flags&blockBitmap != 0 {
		docsLen = rng/8 + 1
	} else {
		docsLen, k = binary.Uvarint(v)
		if k <= 0 {
			return r, errCorruptIndex
		}
		v = v[k:]
	}
	if r.flags&blockImpacts != 0 {
		nWin := int(r.last>>winShift-first>>winShift) + 1
		if len(v) < nWin {
			return r, errCorruptIndex
		}
		r.imp, v = v[:nWin], v[nWin:]
	}
	if uint64(len(v)) < docsLen+n {
		return r, errCorruptIndex
	}
	r.docs, v = v[:docsLen], v[docsLen:]
	if r.flags&blockBitmap != 0 && r.docs[len(r.docs)-1]>>(rng&7+1) != 0 {
		return r, errCorruptIndex // a docnum past last
	}
	r.tfs, r.extras = v[:n], v[n:]
	if r.flags&blockExtras == 0 && len(r.extras) > 0 {
		return r, errCorruptIndex
	}
	return r, nil
}

// blockIter walks the postings of a block in docnum order: the one
// decoder of the block format. nextDoc reads docnums only, seek skips to
// a docnum (by counting bits, in a bitmap block), and tf reads a posting's
// frequencies, reading the escaped values of the postings before it on
// demand, so a walk that needs docnums only never touches them.
type blockIter struct {
	r   *blockRef
	i   int    // index of the next posting
	doc uint32 // docnum of the previous posting (r.first before the first)
	// pos is, for a bitmap, the bit where the next posting's search starts,
	// else the offset of the next delta.
	pos int
	// ext is the offset in r.extras of the escaped values of posting extI:
	// those of the postings before it are read.
	ext, extI int
}

// reset positions the iterator at the first posting of r.
func (it *blockIter) reset(r *blockRef) {
	*it = blockIter{r: r, doc: r.first}
}

// nextDoc returns the docnum of the next posting and its index in the
// block; ok is false at the end, err on a malformed block.
func (it *blockIter) nextDoc() (doc uint32, i int, ok bool, err error) {
	r := it.r
	i = it.i
	if i >= r.n {
		return 0, i, false, nil
	}
	switch {
	case r.flags&blockBitmap != 0:
		// Find the next set bit from pos.
		for {
			byteAt := it.pos >> 3
			if byteAt >= len(r.docs) {
				return 0, i, false, errCorruptIndex
			}
			rest := r.docs[byteAt] >> (it.pos & 7)
			if rest != 0 {
				it.pos += bits.TrailingZeros8(rest)
				break
			}
			it.pos = (byteAt + 1) << 3
		}
		doc = r.first + uint32(it.pos)
		it.pos++
	case i == 0:
		doc = r.first
	default:
		// delta, its one-byte case written out: the hottest path.
		var d uint64
		k := 1
		if v := r.docs[it.pos:]; len(v) > 0 && v[0]-1 < 0x7f && uint64(it.doc)+uint64(v[0]) <= uint64(r.last) {
			d = uint64(v[0])
		} else if d, k = it.longDelta(); k <= 0 {
			return 0, i, false, errCorruptIndex
		}
		it.pos += k
		doc = it.doc + uint32(d)
	}
	it.doc = doc
	it.i++
	return doc, i, true, nil
}

// delta returns the next docnum delta of a block without bitmap and its
// length in bytes, k <= 0 when it is malformed or leaves the block.
func (it *blockIter) delta() (d uint64, k int) {
	if v := it.r.docs[it.pos:]; len(v) > 0 && v[0]-1 < 0x7f && uint64(it.doc)+uint64(v[0]) <= uint64(it.r.last) {
		return uint64(v[0]), 1 // one byte, the usual case
	}
	return it.longDelta()
}

// longDelta is delta for any length.
func (it *blockIter) longDelta() (d uint64, k int) {
	d, k = binary.Uvarint(it.r.docs[it.pos:])
	if k <= 0 || d == 0 || uint64(it.doc)+d > uint64(it.r.last) {
		return 0, -1
	}
	return d, k
}

// seek skips the postings below doc, so that nextDoc returns the first
// posting at or above it (a walk never goes back).
func (it *blockIter) seek(doc uint32) error {
	r := it.r
	if doc <= r.first {
		return nil
	}
	if r.flags&blockBitmap != 0 {
		bp := min(doc, r.last+1) - r.first
		if int(bp) > it.pos {
			it.i += onesBetween(r.docs, uint32(it.pos), bp)
			it.pos = int(bp)
		}
		return nil
	}
	if it.i == 0 {
		it.i = 1 // the first posting is r.first, below doc
	}
	for it.i < r.n {
		d, k := it.delta()
		if k <= 0 {
			return errCorruptIndex
		}
		if it.doc+uint32(d) >= doc {
			return nil
		}
		it.pos += k
		it.doc += uint32(d)
		it.i++
	}
	return nil
}

// tf returns the frequencies of posting i, which nextDoc returned; i is
// above that of any earlier tf call.
func (it *blockIter) tf(i int) (tfTitle, tfText uint32, err error) {
	c := it.r.tfs[i]
	if c>>2 == tfEscText || c&3 == tfEscTitle {
		return it.escapedTF(i, c)
	}
	return uint32(c & 3), uint32(c >> 2), nil
}

// inTitle reports whether the title of posting i holds the term (an
// escaped title frequency is at least tfEscTitle).
func (it *blockIter) inTitle(i int) bool { return it.r.tfs[i]&3 != 0 }

// escapedTF is tf for a posting with escaped values, tf byte c.
func (it *blockIter) escapedTF(i int, c byte) (tfTitle, tfText uint32, err error) {
	if err := it.skipExtras(i); err != nil {
		return 0, 0, err
	}
	ext := it.r.extras[it.ext:]
	if tfText, tfTitle, ext, err = readExtras(c, ext); err != nil {
		return 0, 0, err
	}
	it.ext, it.extI = len(it.r.extras)-len(ext), i+1
	return tfTitle, tfText, nil
}

// skipExtras reads past the escaped values of the postings before i.
func (it *blockIter) skipExtras(i int) error {
	r := it.r
	if r.flags&blockExtras == 0 || it.extI >= i {
		return nil
	}
	ext := r.extras[it.ext:]
	for _, c := range r.tfs[it.extI:i] {
		if c>>2 == tfEscText || c&3 == tfEscTitle {
			var err error
			if _, _, ext, err = readExtras(c, ext); err != nil {
				return err
			}
		}
	}
	it.ext, it.extI = len(r.extras)-len(ext), i
	return nil
}

// next returns the next posting; ok is false at the end, err on a malformed
// block.
func (it *blockIter) next() (p posting, ok bool, err error) {
	doc, i, ok, err := it.nextDoc()
	if ok {
		p.doc = doc
		p.tfTitle, p.tfText, err = it.tf(i)
	}
	return p, ok && err == nil, err
}

// holds seeks to doc, at least the block's first docnum, and reports
// whether the block holds it, with its posting's index for tf; the
// posting stays the next one.
func (it *blockIter) holds(doc uint32) (i int, ok bool, err error) {
	r := it.r
	if err := it.seek(doc); err != nil || it.i >= r.n || doc > r.last {
		return it.i, false, err
	}
	if r.flags&blockBitmap != 0 {
		bp := doc - r.first
		return it.i, it.pos == int(bp) && r.docs[bp>>3]>>(bp&7)&1 != 0, nil
	}
	if it.i == 0 {
		return 0, doc == r.first, nil
	}
	d, k := it.delta()
	if k <= 0 {
		return it.i, false, errCorruptIndex
	}
	return it.i, it.doc+uint32(d) == doc, nil
}

// readExtras reads the escaped frequencies of tf byte c from ext.
func readExtras(c byte, ext []byte) (tfText, tfTitle uint32, rest []byte, err error) {
	tfText, tfTitle = uint32(c>>2), uint32(c&3)
	if tfText == tfEscText {
		x, k := binary.Uvarint(ext)
		if k <= 0 || x >= 1<<32 {
			return 0, 0, nil, errCorruptIndex
		}
		tfText, ext = uint32(x), ext[k:]
	}
	if tfTitle == tfEscTitle {
		x, k := binary.Uvarint(ext)
		if k <= 0 || x >= 1<<32 {
			return 0, 0, nil, errCorruptIndex
		}
		tfTitle, ext = uint32(x), ext[k:]
	}
	return tfText, tfTitle, ext, nil
}

// onesBetween counts the bits of the bitmap in positions [a, b).
func onesBetween(docs []byte, a, b uint32) int {
	if a >= b {
		return 0
	}
	ja, jb := int(a>>3), int(b>>3)
	if ja == jb {
		return bits.OnesCount8(docs[ja] >> (a & 7) & (1<<(b-a) - 1))
	}
	c := bits.OnesCount8(docs[ja] >> (a & 7))
	j := ja + 1
	for ; j+8 <= jb; j += 8 {
		c += bits.OnesCount64(binary.LittleEndian.Uint64(docs[j:]))
	}
	for ; j < jb; j++ {
		c += bits.OnesCount8(docs[j])
	}
	if b&7 != 0 {
		c += bits.OnesCount8(docs[jb] & (1<<(b&7) - 1))
	}
	return c
}

// decodeBlock appends the postings of the block whose first docnum is
// first, and returns its impacts (nil when it has none).
func decodeBlock(dst []posting, first uint32, v []byte) ([]posting, []byte, error) {
	r, err := parseBlock(first, v)
	if err != nil {
		return dst, nil, err
	}
	var it blockIter
	it.reset(&r)
	for {
		p, ok, err := it.next()
		if err != nil {
			return dst, nil, err
		}
		if !ok {
			break
		}
		dst = append(dst, p)
	}
	if err := it.skipExtras(r.n); err != nil {
		return dst, nil, err
	}
	if it.ext != len(r.extras) || it.doc != r.last {
		return dst, nil, errCorruptIndex
	}
	return dst, r.imp, nil
}
