package web_test

import (
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"

	"renda/internal/apptest"
	"renda/internal/browsertest"
	"renda/internal/store"
)

// TestBudgetPagesAccessibility runs axe-core, as TestBrowserAccessibility
// does, on the budget pages added after it (issue 15): year on year, 三公经费,
// adjustments (预算调整) and one adjustment plan, the committee's reviews
// with one outside the supervision plan, and the lines a figure opens — as
// staff on a desktop and as a deputy on a phone; any serious or critical
// violation fails.
func TestBudgetPagesAccessibility(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	pages := []string{"/budget/2024", "/budget/compare?year=2024", "/budget/sangong?year=2024", `/budget/lines\?*`,
		"/budget/adjustments?year=2024", `/budget/adjustments/[0-9a-z]{20,}$*`, "/budget/projects?year=2024"}
	roles := []struct {
		user  string
		phone bool
		paths []string
	}{
		{"staff", false, append(pages, "/budget/reviews", outsidePlan, "/budget/warnings", "/budget/import")},
		{"deputy", true, append(pages, "/budget/questions")},
	}
	opened := 0
	for _, r := range roles {
		client := a.Browser(r.user)
		b := browsertest.New(t)
		if r.phone {
			b.Phone()
		}
		b.Login(a.URL, r.user, a.Password())
		for _, p := range r.paths {
			if p == outsidePlan {
				hrefs, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#budget-reviews tbody tr')]
					.filter(tr => tr.textContent.includes('计划外')).map(tr => tr.querySelector('a').getAttribute('href'))`))
				if err != nil || len(hrefs) == 0 {
					t.Errorf("%s: no review outside the plan on the list: %v", r.user, err)
					continue
				}
				p = hrefs[0]
			} else if p[len(p)-1] == '*' {
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
					t.Errorf("%s: no link matching %s on the page: %q", r.user, pattern, hrefs)
					continue
				}
			}
			if resp := client.Get(p); resp.Status != 200 {
				t.Errorf("%s %s: %d", r.user, p, resp.Status)
				continue
			}
			b.Open(a.URL + p)
			opened++
			for _, v := range b.Axe() {
				t.Errorf("%s %s: %s", r.user, p, v)
			}
		}
	}
	if opened != 19 {
		t.Errorf("axe ran on %d pages, want 19", opened)
	}
}

// outsidePlan stands for the first review on the reviews list that carries
// out no item of the supervision plan (计划外).
const outsidePlan = "outside-plan"
