package web_test

import (
	"context"
	"html"
	"regexp"
	"renda/internal/store"
	"strconv"
	"strings"
	"testing"

	"renda/internal/apptest"
)

var (
	// a home page's figure: the whole card links to the list it counts
	statLink = regexp.MustCompile(`<a class="stat[^"]*" href="([^"]+)"><div class="value">(\d+)</div>`)
	// a figure in a statistics table
	cellLink  = regexp.MustCompile(`<td class="num"><a(?: class="[^"]*")? href="([^"]+)">(\d+)</a></td>`)
	listTotal = regexp.MustCompile(`data-total="(\d+)"`)
)

// TestEveryFigureEqualsItsList follows every figure on each role's home
// page and on the statistics pages to the list behind it and compares the
// figure with the list's count (issue 9, point 18).
func TestEveryFigureEqualsItsList(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		pages := map[string][]string{
			"admin":   {"/"},
			"staff":   {"/", "/opinions/stats"},
			"leader":  {"/", "/opinions/stats"},
			"deputy":  {"/"},
			"deputy2": {"/"},
			"unit":    {"/"},
			"unit2":   {"/"},
		}
		followed := 0
		for user, paths := range pages {
			b := a.Browser(user)
			for _, p := range paths {
				resp := b.Get(p)
				if resp.Status != 200 {
					t.Errorf("%s %s: %d", user, p, resp.Status)
					continue
				}
				body := string(resp.Body)
				links := append(statLink.FindAllStringSubmatch(body, -1), cellLink.FindAllStringSubmatch(body, -1)...)
				if len(links) == 0 {
					t.Errorf("%s %s: no figures found", user, p)
				}
				seen := map[string]bool{}
				for _, m := range links {
					href := html.UnescapeString(m[1])
					if seen[href+"="+m[2]] {
						continue
					}
					seen[href+"="+m[2]] = true
					want, _ := strconv.Atoi(m[2])
					list := b.Get(href)
					if list.Status != 200 {
						t.Errorf("%s %s: figure %d links to %s: %d", user, p, want, href, list.Status)
						continue
					}
					tm := listTotal.FindStringSubmatch(string(list.Body))
					if tm == nil {
						t.Errorf("%s %s: figure %d links to %s, which does not state how many it lists", user, p, want, href)
						continue
					}
					followed++
					if got, _ := strconv.Atoi(tm[1]); got != want {
						t.Errorf("%s %s: figure %d links to %s, which lists %d", user, p, want, href, got)
					}
				}
			}
		}
		if followed < 20 {
			t.Errorf("only %d figures followed", followed)
		}
	})
}

// TestOnTimeRateCountsOverdueItems: items past their deadline without a
// reply count against the on-time rate, so it is not 100% beside them.
func TestOnTimeRateCountsOverdueItems(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		st, err := a.DB.SuggestionStatistics(context.Background(), a.World.Staff, store.SuggestionStatsFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if st.Total.Overdue == 0 {
			t.Fatal("the demo has no overdue suggestion")
		}
		want := strconv.FormatFloat(float64(st.Total.OnTime)*100/float64(st.Total.Replied+st.Total.Overdue), 'f', 1, 64) + "%"
		for _, p := range []string{"/suggestions/summary?year=0", "/suggestions/stats?year=0"} {
			body := string(a.Browser("staff").Get(p).Body)
			if !strings.Contains(body, want) {
				t.Errorf("%s: the on-time rate is not %s (of %d replied and %d overdue)", p, want, st.Total.Replied, st.Total.Overdue)
			}
		}
	})
}
