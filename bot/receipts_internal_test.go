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

// Ensure that recipients the notice was not sent to (still pending, or
// spared by a cancelled push) are marked "(chưa gửi)" and not counted as
// remindable, so no Nhắc button offers to send them what they never got.
func TestReceiptTextMarksThoseNotSentYet(t *testing.T) {
	b := &Bot{zone: content.VietnamZone()}
	d := content.ReceiptDetail{Entries: []content.ReceiptEntry{
		{ChatID: 1, Name: "An", NotSent: true},
		{ChatID: 2, Name: "Bình", NotSent: true},
	}}
	for _, tc := range []struct {
		lang Lang
		want string
	}{
		{Vietnamese, "• An (chưa gửi)\n• Bình (chưa gửi)"},
		{English, "• An (not sent yet)\n• Bình (not sent yet)"},
	} {
		text, remindable := b.receiptText(tc.lang, d)
		if remindable != 0 {
			t.Errorf("%v: remindable=%d, want 0", tc.lang, remindable)
		}
		if !strings.Contains(text, tc.want) {
			t.Errorf("%v: receipt lacks %q:\n%s", tc.lang, tc.want, text)
		}
	}
}
