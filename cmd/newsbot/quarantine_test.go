package main

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"newsbot/bot/telegramtest"
	"newsbot/store"
)

// Ensure that an update that kills the process whenever it is handled stops
// the bot for two starts only: restarted as systemd would, the third start
// skips it, tells the admin once, and handles every other update of its
// batch exactly once. It runs the real binary built with the crashtest tag,
// whose hook SIGKILLs the process on the update named in
// NEWSBOT_TEST_CRASH_UPDATE.
func TestPoisonUpdateIsQuarantinedOnTheThirdStart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the newsbot binary")
	}
	bin := buildNewsbot(t, "crashtest")
	api := telegramtest.New(t, canaryToken)
	dbPath := filepath.Join(t.TempDir(), "newsbot.db")
	admin, person := api.User(100, "vi"), api.User(501, "vi")
	api.PrivateChat(admin)
	chat := api.PrivateChat(person)
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddAdmin(context.Background(), admin.ID, 0); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// One batch of five /help from one chat; the third kills the process.
	var ids []int
	for range 5 {
		ids = append(ids, api.SendText(person, chat, "/help"))
	}
	poison := ids[2]
	env := []string{"NEWSBOT_TEST_CRASH_UPDATE=" + strconv.Itoa(poison)}
	args := []string{"--db", dbPath, "--poll-timeout", "1s", "--log-level", "debug"}
	for start := 1; start <= 2; start++ {
		p := startProcEnv(t, bin, api, env, args...)
		err := p.waitExit(crashWait)
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("start %d ended with %v, want killed on update %d:\n%s", start, err, poison, p.logs.String())
		}
	}
	if got := api.Confirmed(); got > poison {
		t.Fatalf("offset %d confirmed before the quarantine", got)
	}
	p := startProcEnv(t, bin, api, env, args...)
	ctx, cancel := context.WithTimeout(context.Background(), crashWait)
	defer cancel()
	if err := api.WaitOffset(ctx, ids[4]+1); err != nil {
		t.Fatalf("third start: %v\n%s", err, p.logs.String())
	}
	p.stop(crashWait)
	logs := p.logs.String()

	if got, want := helpReplies(api, chat.ID), len(ids)-1; got != want {
		t.Fatalf("%d replies to /help over three starts, want %d (each update but the poison once)", got, want)
	}
	told := 0
	for _, c := range api.Sent(admin.ID) {
		if c.Status == 200 && strings.Contains(c.Params["text"], "mã "+strconv.Itoa(poison)) {
			told++
		}
	}
	if told != 1 {
		t.Fatalf("the admin was told %d times, want once", told)
	}
	if !strings.Contains(logs, "update quarantined") || !strings.Contains(logs, "update_id="+strconv.Itoa(poison)) {
		t.Fatalf("the quarantine is not logged with the update's ID:\n%s", logs)
	}
	if strings.Contains(logs, "/help") {
		t.Fatalf("the log shows an update's text:\n%s", logs)
	}
	db, err = store.Open(dbPath, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if left, err := db.UpdatesInFlight(context.Background()); err != nil || len(left) != 0 {
		t.Fatalf("updates in flight after the commit: %v, %v; want none", left, err)
	}
}

// helpReplies counts the /help answers chat received.
func helpReplies(api *telegramtest.Server, chat int64) int {
	n := 0
	for _, c := range api.Sent(chat) {
		if c.Status == 200 && strings.Contains(c.Params["text"], "Hướng dẫn") {
			n++
		}
	}
	return n
}
