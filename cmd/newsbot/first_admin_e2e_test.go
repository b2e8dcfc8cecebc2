package main

import (
	"strings"
	"testing"
)

// Ensure that the operator of a new bot learns how to become its first
// admin by writing /start to it: while there is no admin, the log names the
// command with the person's ID; once there is one, it says nothing more.
func TestFirstStartLogsHowToBecomeAdmin(t *testing.T) {
	h := newHarness(t)
	const hint = "no admin yet"
	first := h.api.User(601, "vi")
	stop := h.start()
	h.api.SendText(first, h.api.PrivateChat(first), "/start")
	h.waitLogCount("newsbot admin add 601", 1)
	stop()
	if code := h.cli("admin", "add", "601"); code != 0 {
		t.Fatalf("admin add: exit %d\n%s", code, h.logs.String())
	}
	before := strings.Count(h.logs.String(), hint)

	second := h.api.User(602, "vi")
	stop = h.start()
	h.api.SendText(second, h.api.PrivateChat(second), "/start")
	h.waitText(h.api.PrivateChat(second).ID, "Xin chào", 1)
	stop()
	if got := strings.Count(h.logs.String(), hint); got != before {
		t.Errorf("the hint was logged again with an admin in place:\n%s", h.logs.String())
	}
}
