package bot

import (
	"strings"
	"testing"

	"newsbot/content"
)

// Ensure that the receipt screen marks who can no longer be reminded, and
// counts only the others as remindable (the Nhắc button depends on it).
func TestReceiptTextMarksThoseWhoCannotBeReminded(t *testing.T) {
	b := &Bot{zone: content.VietnamZone()}
	d := content.ReceiptDetail{Entries: []content.ReceiptEntry{
		{ChatID: 1, Name: "An"},
		{ChatID: 2, Name: "Bình", Left: true},
		{ChatID: 3, Name: "Chi", Unreachable: true},
	}}
	text, remindable := b.receiptText(Vietnamese, d)
	if remindable != 1 {
		t.Errorf("remindable=%d, want 1 (only An)", remindable)
	}
	for _, want := range []string{"• An\n", "• Bình (đã ngừng nhận tin)", "• Chi (không gửi được)"} {
		if !strings.Contains(text+"\n", want) {
			t.Errorf("receipt lacks %q:\n%s", want, text)
		}
	}
}
