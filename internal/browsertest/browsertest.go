// Package browsertest drives a real headless Chromium against a renda test
// server, for the main journeys of each role. Tests skip where Chromium is
// missing, except under RENDA_CI, where a skip is a failure. A failing test
// leaves a screenshot in RENDA_SCREENSHOTS (default: a screenshots folder
// next to this package's tests).
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"renda/internal/storetest"
)

// Browser is one headless Chromium with one tab.
type Browser struct {
	Ctx context.Context
	t   testing.TB
}

// chromium finds the browser: RENDA_CHROMIUM, else chromium or chrome on PATH.
func chromium() string {
	if p := os.Getenv("RENDA_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts Chromium for the test (a desktop window of 1280×900).
func New(t testing.TB) *Browser {
	t.Helper()
	path := chromium()
	if path == "" {
		storetest.SkipOrFail(t, "Chromium is not installed (apt-get install -y chromium fonts-noto-cjk); browser tests skipped")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "zh-CN"),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	b := &Browser{Ctx: ctx, t: t}
	if err := chromedp.Do(ctx); err != nil { // start the browser now
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
		storetest.SkipOrFail(t, "Chromium at %s does not start: %v", path, err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			b.Screenshot("failure")
		}
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	return b
}

// Phone makes the tab a phone screen (390×844, touch, mobile).
func (b *Browser) Phone() *Browser {
	b.t.Helper()
	b.Do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))
	return b
}

// Do runs actions and fails the test (with a screenshot) on error.
func (b *Browser) Do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.Ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// Open navigates to url and waits for the body.
func (b *Browser) Open(url string) {
	b.t.Helper()
	b.Do(chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("body")))
}

// Text returns the text of the first element matching a CSS selector.
func (b *Browser) Text(css string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.Ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		b.t.Fatalf("browser: text of %s: %v", css, err)
	}
	return s
}

// Location returns the current URL.
func (b *Browser) Location() string {
	b.t.Helper()
	s, err := chromedp.Run(b.Ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	return s
}

// Fill sets form fields (by CSS selector) to values.
func (b *Browser) Fill(fields map[string]string) {
	b.t.Helper()
	for sel, v := range fields {
		b.Do(chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.SetValue(chromedp.CSS(sel), v))
	}
}

// Submit clicks a button and waits for the next page to be ready.
func (b *Browser) Submit(buttonCSS string) {
	b.t.Helper()
	b.Do(chromedp.Click(chromedp.CSS(buttonCSS)), chromedp.Sleep(150*time.Millisecond), chromedp.WaitReady(chromedp.CSS("body")))
}

// Login signs in through the login form.
func (b *Browser) Login(baseURL, username, password string) {
	b.t.Helper()
	b.Open(baseURL + "/login")
	b.Fill(map[string]string{"#f-username": username, "#f-password": password})
	b.Submit("form.form button[type=submit]")
	if strings.Contains(b.Location(), "/login") {
		b.t.Fatalf("sign-in as %s failed: %s", username, b.Text("main"))
	}
}

// Logout signs out with the header's button.
func (b *Browser) Logout() {
	b.t.Helper()
	b.Submit("form[action='/logout'] button")
}

var unsafeName = regexp.MustCompile(`[^a-zA-Z0-9_.-]+`)

// Screenshot saves a full-page PNG named after the test and returns its path.
func (b *Browser) Screenshot(name string) string {
	dir := os.Getenv("RENDA_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "renda-screenshots")
	}
	_ = os.MkdirAll(dir, 0o755)
	ctx, cancel := context.WithTimeout(b.Ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100: PNG, not JPEG
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	path := filepath.Join(dir, unsafeName.ReplaceAllString(b.t.Name()+"-"+name, "_")+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	b.t.Logf("screenshot saved: %s", path)
	return path
}
