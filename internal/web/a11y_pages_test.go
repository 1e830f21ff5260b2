package web_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"renda/internal/apptest"
	"renda/internal/store"
)

var (
	hrefRE      = regexp.MustCompile(`href="(/[^"#]*)"`)
	h1RE        = regexp.MustCompile(`<h1[\s>]`)
	idRE        = regexp.MustCompile(`\sid="([^"]+)"`)
	spanLabelRE = regexp.MustCompile(`<span\b[^>]*\baria-label=`)
	spanRoleRE  = regexp.MustCompile(`<span\b[^>]*\brole=`)
)

// crawl visits the same-site pages reachable from "/" within two clicks (at
// most limit pages) and calls check on each HTML page answered 200.
func crawl(t *testing.T, b *apptest.Browser, limit int, check func(path string, body string)) {
	t.Helper()
	seen := map[string]bool{"/": true}
	queue := []string{"/"}
	depth := map[string]int{"/": 0}
	visited := 0
	for len(queue) > 0 && visited < limit {
		p := queue[0]
		queue = queue[1:]
		resp := b.Get(p)
		if resp.Status != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		visited++
		body := string(resp.Body)
		check(p, body)
		if depth[p] >= 2 {
			continue
		}
		for _, m := range hrefRE.FindAllStringSubmatch(body, -1) {
			u := html.UnescapeString(m[1])
			if seen[u] || strings.HasPrefix(u, "/static/") || strings.HasPrefix(u, "/large") || strings.HasPrefix(u, "/logout") ||
				strings.Contains(u, "lang=") || regexp.MustCompile(`\.[a-z]{2,4}$|/(export|download|print|qr)`).MatchString(strings.SplitN(u, "?", 2)[0]) {
				continue
			}
			seen[u] = true
			depth[u] = depth[p] + 1
			queue = append(queue, u)
		}
	}
}

// TestPagesHaveOneH1AndUniqueIDs: every page each role reaches has exactly
// one h1, no id twice, and no aria-label on a plain span (which screen
// readers ignore) (issue 9, point 23).
func TestPagesHaveOneH1AndUniqueIDs(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	for _, user := range []string{"", "staff", "deputy", "unit"} {
		b := a.Browser(user)
		n := 0
		crawl(t, b, 80, func(p, body string) {
			n++
			if c := len(h1RE.FindAllString(body, -1)); c != 1 {
				t.Errorf("%s %s: %d h1 elements, want 1", user, p, c)
			}
			ids := map[string]bool{}
			for _, m := range idRE.FindAllStringSubmatch(body, -1) {
				if ids[m[1]] {
					t.Errorf("%s %s: id %q twice", user, p, m[1])
				}
				ids[m[1]] = true
			}
			for _, s := range spanLabelRE.FindAllString(body, -1) {
				if !spanRoleRE.MatchString(s + ">") {
					t.Errorf("%s %s: aria-label on a plain span: %s", user, p, s)
				}
			}
		})
		t.Logf("%q: %d pages", user, n)
		if n < 5 {
			t.Errorf("%s: only %d pages reached", user, n)
		}
	}
}
