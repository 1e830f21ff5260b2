package web_test

import (
	"html"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"renda/internal/apptest"
)

// TestTownshipYearbook: /yearbook/{year}?township= gives one township's
// figures — its name in the heading, every figure linking to its list
// filtered by the township (or its own congress), and each figure equal to
// the count its list states, followed as a leader, as staff and as the
// township's own staff (who get their township's whatever they ask for);
// the API gives the same figures, the Word document is the township's, and
// a township's figures are not the county's.
func TestTownshipYearbook(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		baisha, yiyang := a.World.TownByName["白沙镇"], a.World.TownByName["宜阳街道"]
		figures := func(body string) map[string]int {
			out := map[string]int{}
			for _, m := range cellLink.FindAllStringSubmatch(body, -1) {
				n, _ := strconv.Atoi(m[2])
				out[html.UnescapeString(m[1])] = n
			}
			return out
		}
		followed := 0
		check := func(user, page string, townID string, least int) map[string]int {
			t.Helper()
			b := a.Browser(user)
			resp := b.Get(page)
			if resp.Status != 200 {
				t.Fatalf("%s %s: %d", user, page, resp.Status)
			}
			body := string(resp.Body)
			town := baisha
			if townID == yiyang.ID {
				town = yiyang
			}
			if !strings.Contains(body, "<h1>"+town.Name+" · ") {
				t.Errorf("%s %s: the heading does not name %s", user, page, town.Name)
			}
			figs := figures(body)
			if len(figs) < least {
				t.Errorf("%s %s: %d figures, want at least %d", user, page, len(figs), least)
			}
			congress := a.World.TownCongress[town.ID]
			for href, want := range figs {
				if !strings.Contains(href, town.ID) && (congress == nil || !strings.Contains(href, "congress="+congress.ID)) {
					t.Errorf("%s %s: figure %d links to %s, not filtered by the township", user, page, want, href)
				}
				list := b.Get(href)
				if list.Status != 200 {
					t.Errorf("%s %s: figure %d links to %s: %d", user, page, want, href, list.Status)
					continue
				}
				tm := listTotal.FindStringSubmatch(string(list.Body))
				if tm == nil {
					t.Errorf("%s %s: %s does not state how many it lists", user, page, href)
					continue
				}
				followed++
				if got, _ := strconv.Atoi(tm[1]); got != want {
					t.Errorf("%s %s: figure %d links to %s, which lists %d", user, page, want, href, got)
				}
			}
			if !strings.Contains(body, `href="/yearbook/2024/report.doc?township=`+town.ID+`"`) {
				t.Errorf("%s %s: the Word document is not the township's", user, page)
			}
			return figs
		}
		// 白沙镇 has a congress (projects and votes); 宜阳街道, a subdistrict, none.
		for _, user := range []string{"leader", "staff"} {
			bs := check(user, "/yearbook/2024?township="+baisha.ID, baisha.ID, 14)
			check(user, "/yearbook/2024?township="+yiyang.ID, yiyang.ID, 8)
			county := figures(string(a.Browser(user).Get("/yearbook/2024").Body))
			for href := range bs {
				if _, ok := county[href]; ok {
					t.Errorf("%s: the county's yearbook has the township's figure %s", user, href)
				}
			}
			var votes, activities bool
			for href := range bs {
				votes = votes || strings.HasPrefix(href, "/votes?")
				activities = activities || strings.HasPrefix(href, "/records/entries?")
			}
			if !votes || !activities {
				t.Errorf("%s: the township's yearbook lacks votes (%v) or deputies' activities (%v)", user, votes, activities)
			}
		}
		// 白沙镇's staff get their own township's, whatever is asked.
		own := check("staff-bs", "/yearbook/2024", baisha.ID, 14)
		if asked := check("staff-bs", "/yearbook/2024?township="+yiyang.ID, baisha.ID, 14); len(asked) != len(own) {
			t.Errorf("白沙镇's staff asking for 宜阳街道 get %d figures, their own %d", len(asked), len(own))
		}
		if followed < 40 {
			t.Errorf("only %d figures followed", followed)
		}

		// The API: the same figures.
		var api struct {
			Year     int    `json:"year"`
			Township string `json:"township"`
			Figures  []struct {
				Key   string `json:"key"`
				Value int    `json:"value"`
				Href  string `json:"href"`
			} `json:"figures"`
		}
		r := a.Call("GET", "/api/v1/yearbook/2024?township="+url.QueryEscape(baisha.ID), a.Token("staff"), nil)
		if r.Status != 200 {
			t.Fatalf("api: %d %s", r.Status, r.Body)
		}
		r.JSON(t, &api)
		page := figures(string(a.Browser("staff").Get("/yearbook/2024?township=" + baisha.ID).Body))
		if api.Year != 2024 || api.Township != baisha.ID || len(api.Figures) != len(page) {
			t.Fatalf("api: year %d, township %s, %d figures; the page %d", api.Year, api.Township, len(api.Figures), len(page))
		}
		for _, f := range api.Figures {
			if v, ok := page[f.Href]; !ok || v != f.Value {
				t.Errorf("api figure %s = %d (%s), the page %d", f.Key, f.Value, f.Href, v)
			}
		}
		if r := a.Call("GET", "/api/v1/yearbook/2024?township=nothing", a.Token("staff"), nil); r.Status != 404 {
			t.Errorf("an unknown township: %d", r.Status)
		}
		doc := a.Browser("staff").Get("/yearbook/2024/report.doc?township=" + baisha.ID)
		if doc.Status != 200 || !strings.Contains(string(doc.Body), "白沙镇2024年度履职数据") {
			t.Errorf("the township's Word document: %d", doc.Status)
		}
	})
}
