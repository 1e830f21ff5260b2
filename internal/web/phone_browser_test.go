package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"renda/internal/apptest"
	"renda/internal/browsertest"
	"renda/internal/store"
)

// TestBrowserPagesFitAPhone: lists and wide tables fit a 390 px screen
// without the page scrolling sideways (tables scroll in their own box)
// (issue 9, point 20).
func TestBrowserPagesFitAPhone(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	pages := map[string][]string{
		"staff":  {"/", "/votes", "/notifications", "/opinions", "/suggestions", "/opinions/stats", "/suggestions/stats", "/projects", "/deputies"},
		"deputy": {"/", "/votes", "/notifications", "/opinions", "/suggestions"},
		"unit":   {"/", "/opinions", "/suggestions", "/notifications"},
	}
	for user, paths := range pages {
		b := browsertest.New(t).Phone()
		b.Login(a.URL, user, a.Password())
		for _, p := range paths {
			b.Open(a.URL + p)
			width, err := chromedp.Run(b.Ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
			if err != nil {
				t.Fatal(err)
			}
			if width > 392 {
				t.Errorf("%s %s: the page is %d px wide on a 390 px screen", user, p, width)
			}
		}
	}
}
