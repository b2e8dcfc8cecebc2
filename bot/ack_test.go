package bot

import (
	"strconv"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Ensure that the "Đã nhận" button's data round-trips and that anything
// else is refused.
func TestParseAckData(t *testing.T) {
	for _, tc := range []struct {
		data string
		id   uint64
		ok   bool
	}{
		{"ack:j12", 12, true},
		{ackData(18446744073709551615), 18446744073709551615, true},
		{"ack:j0", 0, false},
		{"ack:j012", 0, false},
		{"ack:j", 0, false},
		{"ack:j+5", 0, false},
		{"ack:j-5", 0, false},
		{"ack:a12", 0, false},
		{"ack:j12x", 0, false},
		{"ack:j18446744073709551616", 0, false},
		{"ack:j" + "١٢", 0, false},
	} {
		t.Run(strconv.Quote(tc.data), func(t *testing.T) {
			id, ok := parseAckData(tc.data)
			if id != tc.id || ok != tc.ok {
				t.Fatalf("parseAckData(%q) = %d, %v; want %d, %v", tc.data, id, ok, tc.id, tc.ok)
			}
		})
	}
}

// FuzzParseAckData checks that any callback data either names a job whose
// button data is exactly that, or is refused; it never panics.
func FuzzParseAckData(f *testing.F) {
	for _, s := range []string{"ack:j1", "ack:j", "ack:j+1", "ack:j00012", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		id, ok := parseAckData(data)
		if ok && id == 0 {
			t.Fatalf("%q accepted as job 0", data)
		}
		if ok && ackData(id) != data {
			t.Fatalf("%q accepted as job %d", data, id)
		}
		if !ok && id != 0 {
			t.Fatalf("%q refused but returned job %d", data, id)
		}
	})
}

// Ensure that splitPost takes the first line as the title and keeps the
// rest as the body.
func TestSplitPost(t *testing.T) {
	for _, tc := range []struct{ in, title, body string }{
		{"Tiêu đề\nDòng 1\n\nDòng 2", "Tiêu đề", "Dòng 1\n\nDòng 2"},
		{"\n  Tiêu đề  \n", "Tiêu đề", ""},
		{"", "", ""},
	} {
		title, body := splitPost(tc.in)
		if title != tc.title || body != tc.body {
			t.Errorf("splitPost(%q) = %q, %q; want %q, %q", tc.in, title, body, tc.title, tc.body)
		}
	}
	if got := commandText("/post@newsbot_bot Tiêu đề\nThân"); got != "Tiêu đề\nThân" {
		t.Errorf("commandText = %q", got)
	}
	if got := commandText("/post\nTiêu đề"); got != "Tiêu đề" {
		t.Errorf("commandText = %q", got)
	}
	if got := largestPhoto([]tgbotapi.PhotoSize{{FileID: "a", Width: 10, Height: 10}, {FileID: "b", Width: 100, Height: 90}, {FileID: "c", Width: 50, Height: 50}}); got != "b" {
		t.Errorf("largestPhoto = %q, want b", got)
	}
}

// Ensure that the acknowledged keyboard relabels only the pressed button.
func TestAckedKeyboard(t *testing.T) {
	kb := withAck(Vietnamese, tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData("Đọc", "a:x"))), 7)
	got := ackedKeyboard(Vietnamese, kb, "ack:j7")
	if got.InlineKeyboard[0][0].Text != "Đọc" || got.InlineKeyboard[1][0].Text != Vietnamese.T(msgAckDoneButton) {
		t.Fatalf("keyboard %+v", got.InlineKeyboard)
	}
	if kb.InlineKeyboard[1][0].Text != Vietnamese.T(msgAckButton) {
		t.Fatal("the original keyboard was changed")
	}
}
