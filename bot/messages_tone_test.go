package bot

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"newsbot/content/vi"
)

// toneSlips lists, as "lang/key: word", every word of the catalogue cat
// written in the new tone style (hoá, uỷ) rather than the portal's (hóa, ủy).
func toneSlips(cat map[Lang]map[msg]string) []string {
	var slips []string
	for _, l := range slices.Sorted(maps.Keys(cat)) {
		for _, key := range slices.Sorted(maps.Keys(cat[l])) {
			for _, w := range vi.NewStyleTones(cat[l][key]) {
				slips = append(slips, fmt.Sprintf("%s/%s: %s", l, key, w))
			}
		}
	}
	return slips
}

// Ensure that every text of the catalogue, in every language (English texts
// quote Vietnamese buttons and places), writes the portal's tone style —
// "Văn hóa", "ủy", "Hủy", "Xóa", "hỏa tốc" — and that one text in the other
// style fails the check.
func TestCatalogueToneStyle(t *testing.T) {
	if slips := toneSlips(catalogue); len(slips) > 0 {
		t.Errorf("texts in the new tone style (write hóa, thủy, ủy, Hủy, Xóa instead): %q", slips)
	}
	mixed := map[Lang]map[msg]string{Vietnamese: maps.Clone(catalogue[Vietnamese]), English: catalogue[English]}
	mixed[Vietnamese][msgBroadcastCancel] = "✖ Huỷ"
	if got, want := toneSlips(mixed), []string{"vi/broadcast_cancel: Huỷ"}; !slices.Equal(got, want) {
		t.Errorf("a mixed catalogue gives %q, want %q", got, want)
	}
}
