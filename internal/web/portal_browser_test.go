package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"renda/internal/apptest"
	"renda/internal/browsertest"
	"renda/internal/store"
)

// TestBrowserScreen: the leaders' screen renders at 1920×1080 and on a
// phone (390×844) without sideways scrolling, and every number on it, when
// followed, equals the count of the list it opens.
func TestBrowserScreen(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	b := browsertest.New(t)
	b.Login(a.URL, "leader", a.Password())
	type fig struct {
		Href  string `json:"href"`
		Value string `json:"value"`
	}
	for _, size := range []struct {
		name string
		set  func()
	}{
		{"1920×1080", func() { b.Do(chromedp.EmulateViewport(1920, 1080)) }},
		{"390×844", func() { b.Phone() }},
	} {
		size.set()
		b.Open(a.URL + "/screen?year=2024")
		overflow, err := chromedp.Run(b.Ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 2`))
		if err != nil {
			t.Fatal(err)
		}
		figs, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]fig](`[...document.querySelectorAll('a.stat')].map(a => ({href: a.getAttribute('href'), value: a.querySelector('.value').textContent.trim()}))`))
		if err != nil {
			t.Fatal(err)
		}
		if overflow {
			t.Errorf("%s: the screen scrolls sideways", size.name)
		}
		if len(figs) < 15 {
			t.Fatalf("%s: only %d figures", size.name, len(figs))
		}
		if size.name != "1920×1080" {
			continue
		}
		for _, f := range figs {
			b.Open(a.URL + f.Href)
			total, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`(document.querySelector('[data-total]') || {dataset: {total: 'none'}}).dataset.total`))
			if err != nil {
				t.Fatal(err)
			}
			if total != f.Value {
				t.Errorf("figure %s links to %s, which lists %s", f.Value, f.Href, total)
			}
		}
	}
}
