package web_test

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"renda/internal/apptest"
	"renda/internal/browsertest"
	"renda/internal/store"
	"renda/internal/web"
)

// TestBrowserManualScreenshots takes the manuals' screenshots on the demo
// county, each as its role sees the page (on a phone where the step says so).
// With RENDA_UPDATE_MANUAL=1 it writes them to static/manual/; otherwise it
// checks that each stored one is a picture of the same screen size, so a
// step whose page no longer opens fails here too.
func TestBrowserManualScreenshots(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	update := os.Getenv("RENDA_UPDATE_MANUAL") == "1"
	http := map[string]*apptest.Browser{}
	tabs := map[string]*browsertest.Browser{}
	for _, m := range web.Manuals {
		for _, sec := range m.Sections {
			for _, st := range sec.Steps {
				if st.Shot == "" {
					continue
				}
				hb, ok := http[st.User]
				if !ok {
					hb = a.Browser(st.User)
					http[st.User] = hb
				}
				path, _ := manualStepURL(t, hb, st)
				key := st.User
				if st.Phone {
					key += "/phone"
				}
				b, ok := tabs[key]
				if !ok {
					b = browsertest.New(t)
					w, h := int64(1280), int64(800)
					if st.Phone {
						w, h = 390, 844
					}
					b.Do(chromedp.EmulateViewport(w, h, chromedp.EmulateScale(1)))
					if st.User != "" {
						b.Login(a.URL, st.User, a.Password())
					}
					tabs[key] = b
				}
				b.Open(a.URL + path)
				shot, err := chromedp.Run(b.Ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatalf("%s: %v", st.Shot, err)
				}
				img, err := png.Decode(bytes.NewReader(shot))
				if err != nil {
					t.Fatalf("%s: %v", st.Shot, err)
				}
				file := filepath.Join("static", "manual", st.Shot+".jpg")
				if update {
					var buf bytes.Buffer
					if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 70}); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				f, err := os.Open(file)
				if err != nil {
					t.Errorf("%s: %v (RENDA_UPDATE_MANUAL=1 makes it)", st.Shot, err)
					continue
				}
				cfg, _, err := image.DecodeConfig(f)
				f.Close()
				if err != nil {
					t.Errorf("%s: %v", st.Shot, err)
					continue
				}
				if got := img.Bounds().Size(); cfg.Width != got.X || cfg.Height != got.Y {
					t.Errorf("%s: stored %d×%d, the page now %d×%d: RENDA_UPDATE_MANUAL=1 renews it", st.Shot, cfg.Width, cfg.Height, got.X, got.Y)
				}
			}
		}
	}
}
