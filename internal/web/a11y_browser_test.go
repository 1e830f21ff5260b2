package web_test

import (
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"

	"renda/internal/apptest"
	"renda/internal/browsertest"
	"renda/internal/store"
)

// TestBrowserAccessibility runs axe-core on the main pages of each role and
// fails on any serious or critical violation: contrast below 4.5:1,
// duplicate ids, missing labels, ARIA misuse (issue 9, point 23).
func TestBrowserAccessibility(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	// A path ending in "*" opens the first link on the previous page whose
	// path matches the pattern (an item of the list).
	roles := []struct {
		user  string
		phone bool
		paths []string
	}{
		{"", false, []string{"/", "/s", `/s/*`, "/track", "/login", "/news", "/supervision"}},
		{"staff", false, []string{"/", "/suggestions", `/suggestions/[0-9a-z]{20,}$*`, "/opinions", `/opinions/[0-9a-z]{20,}$*`, "/votes", "/screen", "/meetings", "/supervision", `/supervision/[0-9a-z]{20,}$*`, "/budget"}},
		{"deputy", true, []string{"/", "/votes", `/votes/[0-9a-z]{20,}$*`, "/duty_reports"}},
	}
	for _, r := range roles {
		b := browsertest.New(t)
		if r.phone {
			b.Phone()
		}
		if r.user != "" {
			b.Login(a.URL, r.user, a.Password())
		}
		for _, p := range r.paths {
			if p[len(p)-1] == '*' {
				pattern := regexp.MustCompile("^" + p[:len(p)-1])
				hrefs, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))`))
				if err != nil {
					t.Fatal(err)
				}
				p = ""
				for _, h := range hrefs {
					if pattern.MatchString(h) {
						p = h
						break
					}
				}
				if p == "" {
					t.Errorf("%s: no link matching %s on the list: %q", r.user, pattern, hrefs)
					continue
				}
			}
			b.Open(a.URL + p)
			for _, v := range b.Axe() {
				t.Errorf("%s %s: %s", r.user, p, v)
			}
		}
	}
}
