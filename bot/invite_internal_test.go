package bot

import (
	"testing"

	"newsbot/content"
)

// Ensure that /invite's arguments take their defaults and bounds.
func TestParseInviteArgs(t *testing.T) {
	for _, tc := range []struct {
		args       string
		uses, days int
		ok         bool
	}{
		{"", content.DefaultInviteUses, content.DefaultInviteDays, true},
		{"5", 5, content.DefaultInviteDays, true},
		{" 5   3 ", 5, 3, true},
		{"1000 90", 1000, 90, true},
		{"1001", 0, 0, false},
		{"1 91", 0, 0, false},
		{"0", 0, 0, false},
		{"-1", 0, 0, false},
		{"x", 0, 0, false},
		{"1 2 3", 0, 0, false},
		{"99999999999999999999", 0, 0, false},
	} {
		uses, days, ok := parseInviteArgs(tc.args)
		if ok != tc.ok || (ok && (uses != tc.uses || days != tc.days)) {
			t.Errorf("parseInviteArgs(%q) = %d, %d, %v; want %d, %d, %v", tc.args, uses, days, ok, tc.uses, tc.days, tc.ok)
		}
	}
}

// FuzzParseInviteArgs checks that whatever an admin types, an accepted
// /invite stays within the bounds.
func FuzzParseInviteArgs(f *testing.F) {
	for _, s := range []string{"", "5 3", "1000 90", "0", "1 2 3", "٣", "+5 07"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, args string) {
		uses, days, ok := parseInviteArgs(args)
		if ok && (uses < 1 || uses > content.MaxInviteUses || days < 1 || days > content.MaxInviteDays) {
			t.Fatalf("%q accepted as %d uses, %d days", args, uses, days)
		}
	})
}
