package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// updateScreenshot rewrites testdata/demo.png, the README's picture of the
// demo page, from the browser test.
var updateScreenshot = flag.Bool("update-screenshot", false, "write testdata/demo.png from TestDemoInBrowser")

// chromiumPath finds Debian's chromium. Without it the test fails in CI
// (CI=true) and otherwise too, unless run by hand with -short, which skips it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("chromium")
	if err == nil {
		return p
	}
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skip("chromium is not installed, so the demo's browser test is skipped (-short); install it with `apt-get install -y chromium`")
	}
	t.Fatalf("the demo's browser test needs chromium (apt-get install -y chromium): %v", err)
	return ""
}

// Ensure that `newsbot demo` serves a page on which a person, in a real
// browser, subscribes with /start, sees a published sample arrive as a push
// with its picture, reads it in full with 📖 Đọc toàn văn, finds it with an
// unaccented /search, and, as an admin, sends a broadcast whose progress
// message is edited to its end; and that the visit counter moves.
func TestDemoInBrowser(t *testing.T) {
	chromium := chromiumPath(t)
	began := time.Now()
	out := newSyncBuffer()
	logs := newSyncBuffer()
	app := &App{Env: func(string) string { return "" }, Stdin: strings.NewReader(""), Stdout: out, Stderr: logs, Keyring: &fakeKeyring{}}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- app.Main(ctx, []string{"demo", "--listen", "127.0.0.1:0"}) }()
	defer func() {
		stop()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("newsbot demo exited with %d:\n%s", code, logs.String())
			}
		case <-time.After(wait):
			t.Error("newsbot demo did not stop")
		}
	}()
	out.waitFor(t, "in a browser")
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(out.String())
	if url == "" {
		t.Fatalf("no URL in %q", out.String())
	}

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(412, 860),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	defer cancelBrowser()
	bctx, cancelTimeout := context.WithTimeout(bctx, 90*time.Second)
	defer cancelTimeout()

	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, steps...); err != nil {
			t.Fatalf("%s: %v\nbot logs:\n%s", what, err, logs.String())
		}
	}
	eval := func(what, js string) bool {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Evaluate[bool](js))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
	// waitFor polls the page, with a deadline, until the chat shows sub.
	waitFor := func(sub string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.getElementById("messages").innerText.includes(%q)`, sub),
			chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(wait))
	}
	say := func(text string) []chromedp.Action[chromedp.Void] {
		return []chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.ID("text"), text), chromedp.Click(chromedp.ID("send"))}
	}

	do("open the page", chromedp.Navigate(url), chromedp.WaitVisible(chromedp.ID("text")))
	startup := time.Since(began)
	do("/start", append(say("/start"), waitFor("Xin chào Lan"))...)
	do("publish a sample", chromedp.Click(chromedp.ID("publish")), waitFor("Khánh thành cầu Đồng Tiến"),
		chromedp.WaitVisible(chromedp.CSS(`#messages .msg.bot img[src="/media/cau-dong-tien.jpg"]`)))
	do("📖 Đọc toàn văn", chromedp.Click(chromedp.Search(`(//button[contains(., "Đọc toàn văn")])[last()]`)),
		waitFor("Cầu dài 126 m"))
	eval("scroll", `document.querySelector("#messages .msg.bot img").scrollIntoView(); true`)
	shot, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	do("/search without accents", append(say("/search khanh thanh cau dong tien"), waitFor("ết quả"))...)
	if !eval("read the search", `[...document.querySelectorAll("#messages .msg.bot")].pop().innerText.includes("Khánh thành cầu Đồng Tiến")`) {
		t.Error("an unaccented /search did not find the published sample")
	}
	if eval("visit counter", `["", "0"].includes(document.getElementById("visits").textContent)`) {
		t.Error("the visit counter did not move after three interactions")
	}

	do("switch to the admin", append([]chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.ID("role-admin"))},
		append(say("/broadcast Họp giao ban lúc 14:00 chiều nay tại hội trường UBND huyện"), waitFor("gửi đến"))...)...)
	do("confirm the broadcast", chromedp.Click(chromedp.Search(`(//button[normalize-space(.)="📤 Gửi"])[last()]`)),
		waitFor("còn khoảng"), waitFor("xong"))
	if !eval("progress edited", `[...document.querySelectorAll("#messages .msg.bot")].some(m =>
		m.innerText.includes("xong") && m.querySelector(".meta").textContent.startsWith("đã sửa"))`) {
		t.Error("the broadcast's report is not shown as an edit of its progress message")
	}
	t.Logf("demo start to first page: %v; whole browser test: %v", startup, time.Since(began))

	if _, err := png.Decode(bytes.NewReader(shot)); err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	if *updateScreenshot {
		if err := os.WriteFile(filepath.Join("testdata", "demo.png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
